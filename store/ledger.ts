// Outcomes and the append-only ledger. `recordOutcome` stores an outcome and prices it by the rate
// card into CHARGE entries in one transaction, exactly once per idempotency key; corrections are
// REVERSAL entries (`reverseLedgerEntry`), never edits. The track workflows call these; nothing else
// writes ledger rows.
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { addSpan, dateOfUtcMidnight, localDateAt, parseLocalDate, utcMidnightOf, type LocalDate } from '../domain/calendar.js';
import { oreToString, type Ore } from '../domain/money.js';
import { OUTCOME_KINDS, programmeSchema, type OutcomeKind, type Programme, type RateCard } from '../domain/programme.js';
import { parseStoredRateCard, priceOutcome, RateCardError, selectRateCard, type Pricing } from '../domain/rate-card.js';
import { Prisma, type Db } from '../prisma/client.js';
import { LEDGER_ERROR, OUTCOME_ERROR } from '../contracts/outcome-failures.js';
import { isWithdrawn } from '../domain/claims.js';
import { plannedAcceleratorEnd, projectedTrackEnd } from '../domain/track-end.js';
import { freeText } from './free-text.js';

export interface RecordOutcomeInput {
  /** Derived from the business event (e.g. `outcome:<trackId>:job`): the same key is recorded once. */
  idempotencyKey: string;
  participantTrackId?: string;
  companyTrackId?: string;
  kind: OutcomeKind;
  occurredOn: LocalDate;
  hoursPerWeek?: number;
  retentionWeeks?: number;
  /**
   * The track's real end (moved by its pauses), which the track knows: payment windows count from it.
   * Absent: the end the track last projected, else the planned end.
   */
  trackEndsOn?: LocalDate;
  detail?: string;
  /** The evidence reference's FreeText id (participant tracks); its text is what Outcome and LedgerEntry keep. */
  evidenceId?: string;
  /** The evidence reference as text: not personal (the company track's), or sent before FreeText. */
  evidenceRef?: string;
}

export interface RecordOutcomeResult {
  outcomeId: string;
  /** The CHARGE entries created for the outcome (none when nothing is payable). */
  ledgerEntryIds: string[];
  /** Sum of those charges in øre, as a decimal string. */
  amountOre: string;
}

export interface ReverseLedgerEntryInput {
  /** The id of the CHARGE entry to cancel. */
  entryId: string;
  reason: string;
  idempotencyKey: string;
  /** Date of the correction; today in Copenhagen when absent. */
  occurredOn?: LocalDate;
}

export interface ReverseLedgerEntryResult {
  entryId: string;
  reversesId: string;
  amountOre: string;
}

export class OutcomeError extends Error {
  override name = OUTCOME_ERROR;
  constructor(
    readonly code: 'INVALID_OUTCOME' | 'TRACK_NOT_FOUND' | 'NO_MUNICIPALITY' | 'INVALID_PROGRAMME',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class LedgerError extends Error {
  override name = LEDGER_ERROR;
  constructor(
    readonly code: 'INVALID_INPUT' | 'ENTRY_NOT_FOUND' | 'NOT_A_CHARGE' | 'ALREADY_REVERSED',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const localDate = z.string().refine((s) => {
  try {
    parseLocalDate(s);
    return true;
  } catch {
    return false;
  }
}, 'a date of the form YYYY-MM-DD');

const recordOutcomeInput = z
  .object({
    idempotencyKey: z.string().min(1).max(300),
    participantTrackId: z.string().min(1).optional(),
    companyTrackId: z.string().min(1).optional(),
    kind: z.enum(OUTCOME_KINDS),
    occurredOn: localDate,
    hoursPerWeek: z.number().min(0).max(168).optional(),
    retentionWeeks: z.number().int().positive().optional(),
    trackEndsOn: localDate.optional(),
    detail: z.string().optional(),
    evidenceId: z.string().min(1).optional(),
    evidenceRef: z.string().min(1).optional(),
  })
  .refine((i) => i.evidenceId !== undefined || i.evidenceRef !== undefined, {
    message: 'an evidence reference is required',
    path: ['evidenceRef'],
  })
  .refine((i) => (i.participantTrackId === undefined) !== (i.companyTrackId === undefined), {
    message: 'give exactly one of participantTrackId or companyTrackId',
    path: ['participantTrackId'],
  });

function validate(input: RecordOutcomeInput): RecordOutcomeInput {
  const result = recordOutcomeInput.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new OutcomeError('INVALID_OUTCOME', `invalid outcome: ${issue.path.join('.')}: ${issue.message}`, issue.path.join('.'));
  }
  return result.data as RecordOutcomeInput;
}

type Tx = Prisma.TransactionClient;

async function resultOf(db: Db | Tx, idempotencyKey: string): Promise<RecordOutcomeResult | undefined> {
  const outcome = await db.outcome.findUnique({
    where: { idempotencyKey },
    include: { ledgerEntries: { where: { kind: 'CHARGE' }, orderBy: { id: 'asc' } } },
  });
  if (!outcome) return undefined;
  const total = outcome.ledgerEntries.reduce((sum, e) => sum + e.amountOre, 0n);
  return { outcomeId: outcome.id, ledgerEntryIds: outcome.ledgerEntries.map((e) => e.id.toString()), amountOre: oreToString(total) };
}

function parseProgramme(config: unknown, programmeId: string): Programme {
  const result = programmeSchema.safeParse(config);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new OutcomeError(
      'INVALID_PROGRAMME',
      `programme "${programmeId}" has an invalid configuration at ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  return result.data;
}

/** What pricing needs to know about the track the outcome belongs to. */
interface TrackContext {
  cohortId: string;
  municipalityCode: string;
  programme: Programme;
  programmeId: string;
  trackEndsOn: LocalDate;
  /** For the cap: the participant whose earlier charges count (absent for company outcomes). */
  participantId?: string;
}

/** The card in force: the municipality's RateCard row, else the programme's default row, else its configuration. */
export async function rateCardFor(
  db: Db | Tx,
  programmeId: string,
  programme: Programme,
  municipalityCode: string,
  on: LocalDate,
): Promise<{ source: string; card: RateCard }> {
  const rows = await db.rateCard.findMany({
    where: { programmeId, OR: [{ municipalityCode }, { municipalityCode: null }], validFrom: { lte: utcMidnightOf(on) } },
  });
  const candidates = rows.map((r) => ({
    source: `rate-card:${r.id}`,
    municipalityCode: r.municipalityCode,
    validFrom: dateOfUtcMidnight(r.validFrom),
    card: parseStoredRateCard(r.lines),
  }));
  return selectRateCard(candidates, municipalityCode, on, { source: `programme:${programmeId}`, card: programme.rateCard });
}

async function participantContext(tx: Tx, trackId: string): Promise<TrackContext> {
  // Lock the participant: charges for one participant are priced one after the other, so two
  // outcomes recorded at once cannot both slip under the cap.
  const locked = await tx.$queryRaw<{ participantId: string }[]>`
    SELECT "participantId" FROM "ParticipantTrack" WHERE id = ${trackId}`;
  if (locked.length === 0) throw new OutcomeError('TRACK_NOT_FOUND', `no participant track "${trackId}"`, 'participantTrackId');
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${locked[0]!.participantId} FOR UPDATE`;
  const track = await tx.participantTrack.findUniqueOrThrow({
    where: { id: trackId },
    include: { partnership: true, cohort: { include: { programme: true } } },
  });
  const programme = parseProgramme(track.cohort.programme.config, track.cohort.programmeId);
  const plan = programme.participant;
  return {
    cohortId: track.cohortId,
    municipalityCode: track.partnership.municipalityCode,
    programme,
    programmeId: track.cohort.programmeId,
    // The end the track last projected (moved by its pauses), else the planned end: work-readiness then job training from the start.
    trackEndsOn:
      projectedTrackEnd(track.summary) ??
      addSpan(addSpan(dateOfUtcMidnight(track.startedOn), plan.workReadiness.length), plan.jobTraining.length),
    participantId: track.participantId,
  };
}

async function companyContext(tx: Tx, trackId: string): Promise<TrackContext> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "CompanyTrack" WHERE id = ${trackId} FOR UPDATE`;
  if (locked.length === 0) throw new OutcomeError('TRACK_NOT_FOUND', `no company track "${trackId}"`, 'companyTrackId');
  const track = await tx.companyTrack.findUniqueOrThrow({
    where: { id: trackId },
    include: { partnership: true, cohort: { include: { programme: true } } },
  });
  if (!track.partnership)
    throw new OutcomeError(
      'NO_MUNICIPALITY',
      `company track "${trackId}" belongs to no partnership, so no municipality pays for it`,
      'companyTrackId',
    );
  const programme = parseProgramme(track.cohort.programme.config, track.cohort.programmeId);
  const accelerator = programme.company?.accelerator.length ?? { months: 12 };
  return {
    cohortId: track.cohortId,
    municipalityCode: track.partnership.municipalityCode,
    programme,
    programmeId: track.cohort.programmeId,
    // The accelerator's end the cohort planned; a cohort without a calendar counts from the track's creation.
    trackEndsOn: plannedAcceleratorEnd(track.cohort.plan) ?? addSpan(localDateAt(track.createdAt.getTime()), accelerator),
  };
}

/** Outcomes whose claim the municipality did not reject: a rejected claim is not paid, so it neither fills the cap nor starts a transition. */
const NOT_REJECTED = { OR: [{ claimDecision: null }, { claimDecision: { decision: 'APPROVED' as const } }] };

async function chargedSoFar(tx: Tx, ctx: TrackContext): Promise<Ore> {
  if (!ctx.participantId) return 0n;
  const sum = await tx.ledgerEntry.aggregate({
    _sum: { amountOre: true },
    where: {
      outcome: { participantTrack: { participantId: ctx.participantId, cohort: { programmeId: ctx.programmeId } }, ...NOT_REJECTED },
    },
  });
  return sum._sum.amountOre ?? 0n;
}

/**
 * The track's outcomes so far, oldest first, with what each was charged net: the transition a new
 * outcome makes is priced from them. Withdrawn outcomes (every charge reversed) and claims the
 * municipality rejected are not part of the sequence.
 */
async function earlierOutcomes(tx: Tx, trackId: string): Promise<{ kind: OutcomeKind; chargedOre: Ore }[]> {
  const rows = await tx.outcome.findMany({
    where: { participantTrackId: trackId, kind: { notIn: ['RETENTION', 'ANCHORING'] }, ...NOT_REJECTED },
    include: { ledgerEntries: true },
    orderBy: [{ occurredOn: 'asc' }, { recordedAt: 'asc' }],
  });
  return rows
    .filter(
      (o) =>
        !isWithdrawn(o.ledgerEntries.map((e) => ({ id: e.id.toString(), kind: e.kind, reversesId: e.reversesId?.toString() ?? null }))),
    )
    .map((o) => ({ kind: o.kind, chargedOre: o.ledgerEntries.reduce((sum, e) => sum + e.amountOre, 0n) }));
}

/** Outcomes of one participant wait for each other's row lock; give them room beyond Prisma's 5 s default. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}

/**
 * Records an outcome and charges it by the rate card in force for the track's municipality on the
 * outcome's date. The Outcome row and its LedgerEntry rows are written in one transaction; recording
 * the same idempotency key again returns the first result and charges nothing more.
 */
export async function recordOutcome(db: Db, input: RecordOutcomeInput): Promise<RecordOutcomeResult> {
  const valid = validate(input);
  const earlier = await resultOf(db, valid.idempotencyKey);
  if (earlier) return earlier;
  const evidenceRef = valid.evidenceId ? await freeText(db, valid.evidenceId) : valid.evidenceRef!;
  try {
    return await db.$transaction(async (tx) => {
      const ctx = valid.participantTrackId
        ? await participantContext(tx, valid.participantTrackId)
        : await companyContext(tx, valid.companyTrackId!);
      // A concurrent call with the same key may have committed while this one waited for the lock.
      const raced = await resultOf(tx, valid.idempotencyKey);
      if (raced) return raced;
      const { card } = await rateCardFor(tx, ctx.programmeId, ctx.programme, ctx.municipalityCode, valid.occurredOn);
      const pricing: Pricing = priceOutcome(
        card,
        {
          kind: valid.kind,
          occurredOn: valid.occurredOn,
          hoursPerWeek: valid.hoursPerWeek,
          retentionWeeks: valid.retentionWeeks,
          trackEndsOn: valid.trackEndsOn ?? ctx.trackEndsOn,
          earlier: valid.participantTrackId ? await earlierOutcomes(tx, valid.participantTrackId) : [],
        },
        { alreadyChargedOre: await chargedSoFar(tx, ctx) },
      );
      const outcome = await tx.outcome.create({
        data: {
          idempotencyKey: valid.idempotencyKey,
          participantTrackId: valid.participantTrackId ?? null,
          companyTrackId: valid.companyTrackId ?? null,
          kind: valid.kind,
          occurredOn: utcMidnightOf(valid.occurredOn),
          hoursPerWeek: valid.hoursPerWeek === undefined ? null : new Prisma.Decimal(valid.hoursPerWeek),
          retentionWeeks: valid.retentionWeeks ?? null,
          detail: valid.detail ?? null,
          evidenceRef,
        },
      });
      const ids: string[] = [];
      for (const line of pricing.lines) {
        if (line.amountOre === 0n) continue;
        const entry = await tx.ledgerEntry.create({
          data: {
            idempotencyKey: `${valid.idempotencyKey}:${line.lineId}`,
            kind: 'CHARGE',
            outcomeId: outcome.id,
            cohortId: ctx.cohortId,
            municipalityCode: ctx.municipalityCode,
            rateCardLine: line.lineId,
            amountOre: line.amountOre,
            occurredOn: utcMidnightOf(valid.occurredOn),
            evidenceRef,
          },
        });
        ids.push(entry.id.toString());
      }
      return { outcomeId: outcome.id, ledgerEntryIds: ids, amountOre: oreToString(pricing.totalOre) };
    }, TRANSACTION_OPTIONS);
  } catch (e) {
    if (isUniqueViolation(e)) {
      const first = await resultOf(db, valid.idempotencyKey);
      if (first) return first;
    }
    throw e;
  }
}

/**
 * Cancels a CHARGE with a REVERSAL entry of the negative amount that points at it. The original is
 * never edited; an entry is reversed at most once, and the same idempotency key returns the same
 * reversal.
 */
export async function reverseLedgerEntry(db: Db, input: ReverseLedgerEntryInput): Promise<ReverseLedgerEntryResult> {
  if (!/^\d+$/.test(input.entryId)) throw new LedgerError('INVALID_INPUT', `"${input.entryId}" is not a ledger entry id`, 'entryId');
  if (!input.reason.trim()) throw new LedgerError('INVALID_INPUT', 'give the reason for the correction', 'reason');
  if (!input.idempotencyKey) throw new LedgerError('INVALID_INPUT', 'give an idempotency key', 'idempotencyKey');
  if (input.occurredOn !== undefined && !localDate.safeParse(input.occurredOn).success) {
    throw new LedgerError('INVALID_INPUT', `"${input.occurredOn}" is not a date of the form YYYY-MM-DD`, 'occurredOn');
  }
  const asResult = (e: { id: bigint; reversesId: bigint | null; amountOre: bigint }): ReverseLedgerEntryResult => ({
    entryId: e.id.toString(),
    reversesId: (e.reversesId ?? 0n).toString(),
    amountOre: oreToString(e.amountOre),
  });
  const same = await db.ledgerEntry.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (same) return asResult(same);
  const original = await db.ledgerEntry.findUnique({ where: { id: BigInt(input.entryId) }, include: { reversedBy: true } });
  if (!original) throw new LedgerError('ENTRY_NOT_FOUND', `no ledger entry ${input.entryId}`, 'entryId');
  if (original.kind !== 'CHARGE')
    throw new LedgerError('NOT_A_CHARGE', `ledger entry ${input.entryId} is a ${original.kind}, only charges can be reversed`, 'entryId');
  if (original.reversedBy)
    throw new LedgerError(
      'ALREADY_REVERSED',
      `ledger entry ${input.entryId} was already reversed by entry ${original.reversedBy.id}`,
      'entryId',
    );
  try {
    const reversal = await db.ledgerEntry.create({
      data: {
        idempotencyKey: input.idempotencyKey,
        kind: 'REVERSAL',
        outcomeId: original.outcomeId,
        cohortId: original.cohortId,
        municipalityCode: original.municipalityCode,
        rateCardLine: original.rateCardLine,
        amountOre: -original.amountOre,
        occurredOn: utcMidnightOf(input.occurredOn ?? localDateAt(Date.now())),
        // The reason is the evidence for a correction.
        evidenceRef: input.reason,
        reversesId: original.id,
      },
    });
    return asResult(reversal);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const again = await db.ledgerEntry.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
    if (again) return asResult(again);
    throw new LedgerError('ALREADY_REVERSED', `ledger entry ${input.entryId} was already reversed`, 'entryId');
  }
}

/** Domain errors are permanent: the activity reports them as non-retryable failures of their own type. */
export async function permanentOnDomainError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof OutcomeError || e instanceof LedgerError || e instanceof RateCardError) {
      throw ApplicationFailure.create({
        message: e.message,
        type: e.name,
        nonRetryable: true,
        details: [{ code: e.code, field: e.field }],
      });
    }
    throw e;
  }
}
