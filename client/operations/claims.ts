// Payment by Results with a payer check: each priced outcome is a claim that the paying
// municipality's caseworker approves or rejects with a reason (domain/claims.ts). Only the
// caseworker of the municipality charged decides (or the system: the CLI with the database's
// credentials); a decision is final, written once, and audited. The listing of claims (pending ones
// by default) is the payer's work queue.
import { claimStatusOf, claimTotals, decisionRefusal, CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';
import { dateOfUtcMidnight, type LocalDate } from '../../domain/calendar.js';
import { formatDkk } from '../../domain/money.js';
import { Prisma } from '../../prisma/client.js';
import { freeTexts, storeFreeText } from '../../store/free-text.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';
import { auditActor, FORBIDDEN, programmesOf } from './scope.js';

export { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';

export interface ClaimRow {
  outcomeId: string;
  status: ClaimStatus;
  cohortId: string;
  municipalityCode: string;
  participantTrackId: string | null;
  companyTrackId: string | null;
  kind: string;
  occurredOn: LocalDate;
  hoursPerWeek: number | null;
  retentionWeeks: number | null;
  /** Net of reversals. */
  amountDkk: string;
  rateCardLines: string[];
  ledgerEntryIds: string[];
  evidenceRef: string;
  recordedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** A rejection's reason. */
  reason: string | null;
}

export interface ClaimFilter {
  /** Default PENDING; ALL for every status. */
  status?: ClaimStatus | 'ALL';
  cohortId?: string;
  municipalityCode?: string;
}

const include = { ledgerEntries: { orderBy: { id: 'asc' as const } }, claimDecision: true } as const;
type OutcomeWithClaim = Prisma.OutcomeGetPayload<{ include: typeof include }>;

function rowOf(o: OutcomeWithClaim, reason: string | null): ClaimRow | undefined {
  const entries = o.ledgerEntries.map((e) => ({ id: e.id.toString(), kind: e.kind, reversesId: e.reversesId?.toString() ?? null }));
  const status = claimStatusOf(entries, o.claimDecision?.decision);
  const first = o.ledgerEntries[0];
  if (status === null || !first) return undefined;
  return {
    outcomeId: o.id,
    status,
    cohortId: first.cohortId,
    municipalityCode: first.municipalityCode,
    participantTrackId: o.participantTrackId,
    companyTrackId: o.companyTrackId,
    kind: o.kind,
    occurredOn: dateOfUtcMidnight(o.occurredOn),
    hoursPerWeek: o.hoursPerWeek === null ? null : Number(o.hoursPerWeek),
    retentionWeeks: o.retentionWeeks,
    amountDkk: formatDkk(o.ledgerEntries.reduce((sum, e) => sum + e.amountOre, 0n)),
    rateCardLines: [...new Set(o.ledgerEntries.filter((e) => e.kind === 'CHARGE').map((e) => e.rateCardLine))],
    ledgerEntryIds: o.ledgerEntries.map((e) => e.id.toString()),
    evidenceRef: o.evidenceRef,
    recordedAt: o.recordedAt.toISOString(),
    decidedBy: o.claimDecision?.decidedBy ?? null,
    decidedAt: o.claimDecision?.decidedAt.toISOString() ?? null,
    reason,
  };
}

/**
 * The claims in the actor's reach, oldest first: a caseworker's municipality only, a coordinator's
 * programmes only, everything for operators and the system. With the totals of what is listed.
 */
export async function listClaims(
  ctx: Pick<OperationContext, 'db' | 'actor'>,
  filter: ClaimFilter = {},
): Promise<{ claims: ClaimRow[]; totals: { approvedDkk: string; pendingDkk: string; rejectedDkk: string } }> {
  const status = filter.status ?? 'PENDING';
  if (status !== 'ALL' && !CLAIM_STATUSES.includes(status))
    throw new OperationError('invalid', 'INVALID_INPUT', `status: one of ${CLAIM_STATUSES.join(', ')} or ALL`, 'status');
  const actor = ctx.actor;
  let municipalityCode = filter.municipalityCode;
  if (actor?.role === 'caseworker') {
    if (municipalityCode && municipalityCode !== actor.scope.municipalityCode) {
      const message = `a caseworker of municipality ${actor.scope.municipalityCode ?? '(none)'} lists its own claims only`;
      await ctx.db.auditLog.create({
        data: {
          ...auditActor(actor),
          action: 'list claims',
          entity: 'Municipality',
          entityId: municipalityCode,
          allowed: false,
          details: { reason: message },
        },
      });
      throw new OperationError('forbidden', FORBIDDEN, message, 'municipality');
    }
    municipalityCode = actor.scope.municipalityCode ?? '-';
  }
  const programmes = actor && actor.role !== 'caseworker' && actor.role !== 'operator' ? programmesOf(actor) : undefined;
  const entryScope: Prisma.LedgerEntryWhereInput = {
    kind: 'CHARGE',
    ...(municipalityCode ? { municipalityCode } : {}),
    ...(filter.cohortId ? { cohortId: filter.cohortId } : {}),
    ...(programmes ? { cohort: { programmeId: { in: programmes } } } : {}),
  };
  const outcomes = await ctx.db.outcome.findMany({
    where: {
      ledgerEntries: { some: entryScope },
      ...(status === 'APPROVED' || status === 'REJECTED' ? { claimDecision: { decision: status } } : {}),
      ...(status === 'PENDING' || status === 'WITHDRAWN' ? { claimDecision: null } : {}),
    },
    include,
    orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }],
  });
  const reasonIds = outcomes.flatMap((o) => (o.claimDecision?.reasonId ? [o.claimDecision.reasonId] : []));
  const reasons = new Map(reasonIds.map((id, i) => [id, i]));
  const texts = await freeTexts(ctx.db, reasonIds);
  const claims = outcomes
    .map((o) => rowOf(o, o.claimDecision?.reasonId ? texts[reasons.get(o.claimDecision.reasonId)!]! : null))
    .filter((c): c is ClaimRow => c !== undefined && (status === 'ALL' || c.status === status));
  const totals = claimTotals(
    outcomes.flatMap((o) => {
      const c = claims.find((x) => x.outcomeId === o.id);
      return c ? o.ledgerEntries.map((e) => ({ amountOre: e.amountOre, claimStatus: c.status })) : [];
    }),
  );
  return {
    claims,
    totals: {
      approvedDkk: formatDkk(totals.approvedOre),
      pendingDkk: formatDkk(totals.pendingOre),
      rejectedDkk: formatDkk(totals.rejectedOre),
    },
  };
}

/**
 * Approves or rejects a pending claim. Only the caseworker of the municipality the outcome was
 * charged to (or the system) decides; a rejection's reason goes to FreeText and the decision row
 * keeps its id. Refusals: NOT_FOUND, FORBIDDEN (audited), NOT_A_CLAIM, ALREADY_DECIDED, WITHDRAWN,
 * REASON_REQUIRED.
 */
export async function decideClaim(
  ctx: Pick<OperationContext, 'db' | 'actor'>,
  input: { outcomeId: string; decision: 'APPROVED' | 'REJECTED'; reason?: string },
): Promise<ClaimRow> {
  const { db, actor } = ctx;
  const action = input.decision === 'APPROVED' ? 'approve claim' : 'reject claim';
  const outcome = await db.outcome.findUnique({ where: { id: input.outcomeId }, include });
  if (!outcome) throw new OperationError('not-found', 'OUTCOME_NOT_FOUND', `no outcome "${input.outcomeId}"`, 'outcomeId');
  const municipalityCode = outcome.ledgerEntries[0]?.municipalityCode;
  if (actor && !(actor.role === 'caseworker' && municipalityCode !== undefined && actor.scope.municipalityCode === municipalityCode)) {
    const message =
      actor.role === 'caseworker'
        ? `a caseworker of municipality ${actor.scope.municipalityCode ?? '(none)'} decides its own municipality's claims only; this one is charged to ${municipalityCode ?? 'no municipality'}`
        : `only the paying municipality's caseworker decides a claim, not a ${actor.role}`;
    await db.auditLog.create({
      data: { ...auditActor(actor), action, entity: 'Outcome', entityId: outcome.id, allowed: false, details: { reason: message } },
    });
    throw new OperationError('forbidden', FORBIDDEN, message, 'outcomeId');
  }
  const entries = outcome.ledgerEntries.map((e) => ({ id: e.id.toString(), kind: e.kind, reversesId: e.reversesId?.toString() ?? null }));
  const refusal = decisionRefusal(claimStatusOf(entries, outcome.claimDecision?.decision), input.decision, input.reason);
  if (refusal)
    throw new OperationError(refusal.code === 'REASON_REQUIRED' ? 'invalid' : 'conflict', refusal.code, refusal.message, refusal.field);
  try {
    await db.$transaction(async (tx) => {
      const reasonId =
        input.decision === 'REJECTED'
          ? await storeFreeText(tx, { kind: 'claim-rejection-reason', entity: 'Outcome', entityId: outcome.id, text: input.reason!.trim() })
          : null;
      await tx.claimDecision.create({
        data: { outcomeId: outcome.id, decision: input.decision, decidedBy: auditActor(actor).actor, reasonId },
      });
    });
  } catch (e) {
    // Two decisions at once: the first one stands.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw new OperationError('conflict', 'ALREADY_DECIDED', 'the claim was decided already; a decision is final', 'outcomeId');
    throw e;
  }
  const decided = await db.outcome.findUniqueOrThrow({ where: { id: outcome.id }, include });
  return rowOf(decided, input.decision === 'REJECTED' ? input.reason!.trim() : null)!;
}
