import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerError, OutcomeError, permanentOnDomainError, recordOutcome, reverseLedgerEntry } from '../store/ledger.js';
import { OUTCOME_ERROR } from '../contracts/outcome-failures.js';
import { ledgerEntries, reverseCharge } from '../client/operations/ledger.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { pbrProgrammeTemplate, seedPbrCohort, type SeededCohort } from './support/pbr-fixtures.js';
import { addMonths, localDateAt } from '../domain/calendar.js';

// The fixture's card: job 60 000.00, partial 40 000.00 pro rata to 37 h, education 30 000.00,
// retention-13 10 000.00 within 6 months of the track's end, anchoring 20 000.00; cap 100 000.00.
describe('recordOutcome and the ledger (PostgreSQL)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  const seed = (participants = 1) =>
    seedPbrCohort(t.db, { municipalities: [{ code: '621', name: 'Kolding', participants, companies: 1 }] });
  const firstTrack = (s: SeededCohort) => s.municipalities['621']!.participantTrackIds[0]!;
  const netCharged = async (trackId: string) =>
    (await t.db.ledgerEntry.aggregate({ _sum: { amountOre: true }, where: { outcome: { participantTrackId: trackId } } }))._sum.amountOre ??
    0n;

  it('stores the outcome and one charge carrying municipality, cohort, evidence, date and line', async () => {
    const s = await seed();
    const track = firstTrack(s);
    const result = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${track}:job`,
      participantTrackId: track,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-09-14',
      evidenceRef: 'ansættelseskontrakt-17',
    });
    // 60 000.00 DKK = 6 000 000 øre.
    expect(result.amountOre).toBe('6000000');
    expect(result.ledgerEntryIds).toHaveLength(1);
    const entry = await t.db.ledgerEntry.findUniqueOrThrow({ where: { id: BigInt(result.ledgerEntryIds[0]!) } });
    expect(entry).toMatchObject({
      kind: 'CHARGE',
      outcomeId: result.outcomeId,
      cohortId: s.cohortId,
      municipalityCode: '621',
      rateCardLine: 'job',
      amountOre: 6_000_000n,
      evidenceRef: 'ansættelseskontrakt-17',
      reversesId: null,
    });
    expect(entry.occurredOn.toISOString().slice(0, 10)).toBe('2026-09-14');
    const outcome = await t.db.outcome.findUniqueOrThrow({ where: { id: result.outcomeId } });
    expect(outcome).toMatchObject({ kind: 'ORDINARY_JOB', participantTrackId: track, evidenceRef: 'ansættelseskontrakt-17' });
  });

  it('charges an outcome once when it is recorded twice, one after the other or at the same time', async () => {
    const s = await seed();
    const track = firstTrack(s);
    const input = {
      idempotencyKey: `outcome:${track}:education`,
      participantTrackId: track,
      kind: 'EDUCATION' as const,
      occurredOn: '2026-10-01',
      evidenceRef: 'optagelsesbrev',
    };
    const first = await recordOutcome(t.db, input);
    const second = await recordOutcome(t.db, { ...input, evidenceRef: 'a later copy' });
    expect(second).toEqual(first);
    const parallel = await Promise.all(
      Array.from({ length: 5 }, () => recordOutcome(t.db, { ...input, idempotencyKey: `${input.idempotencyKey}:again` })),
    );
    for (const r of parallel) expect(r).toEqual(parallel[0]);
    expect(await t.db.outcome.count({ where: { participantTrackId: track } })).toBe(2);
    // 30 000.00 + 30 000.00 (two distinct keys) = 6 000 000 øre; not 7 × 3 000 000.
    expect(await netCharged(track)).toBe(6_000_000n);
  });

  it('corrects by a reversal pointing at the charge, never by an edit', async () => {
    const s = await seed();
    const track = firstTrack(s);
    const charged = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${track}:job`,
      participantTrackId: track,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-09-14',
      evidenceRef: 'kontrakt',
    });
    const entryId = charged.ledgerEntryIds[0]!;
    const reversal = await reverseLedgerEntry(t.db, {
      entryId,
      reason: 'the contract was withdrawn before the start',
      idempotencyKey: `reverse:${entryId}`,
      occurredOn: '2026-09-20',
    });
    expect(reversal).toMatchObject({ reversesId: entryId, amountOre: '-6000000' });
    const row = await t.db.ledgerEntry.findUniqueOrThrow({ where: { id: BigInt(reversal.entryId) } });
    expect(row).toMatchObject({
      kind: 'REVERSAL',
      amountOre: -6_000_000n,
      municipalityCode: '621',
      cohortId: s.cohortId,
      rateCardLine: 'job',
      outcomeId: charged.outcomeId,
    });
    expect(row.evidenceRef).toBe('the contract was withdrawn before the start');
    // The original is untouched.
    expect((await t.db.ledgerEntry.findUniqueOrThrow({ where: { id: BigInt(entryId) } })).amountOre).toBe(6_000_000n);
    // 6 000 000 − 6 000 000 = 0 net.
    expect(await netCharged(track)).toBe(0n);

    expect(await reverseLedgerEntry(t.db, { entryId, reason: 'again', idempotencyKey: `reverse:${entryId}` })).toEqual(reversal);
    await expect(reverseLedgerEntry(t.db, { entryId, reason: 'twice', idempotencyKey: 'another-key' })).rejects.toMatchObject({
      code: 'ALREADY_REVERSED',
    });
    await expect(reverseLedgerEntry(t.db, { entryId: reversal.entryId, reason: 'x', idempotencyKey: 'k2' })).rejects.toMatchObject({
      code: 'NOT_A_CHARGE',
    });
    await expect(reverseLedgerEntry(t.db, { entryId: '999999999', reason: 'x', idempotencyKey: 'k3' })).rejects.toBeInstanceOf(LedgerError);

    // The reversal made room under the cap again: a new job is charged in full.
    const again = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${track}:job-2`,
      participantTrackId: track,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-10-05',
      evidenceRef: 'kontrakt-2',
    });
    expect(again.amountOre).toBe('6000000');
  });

  it('lets a coordinator list the ledger and reverse a charge once, by the entry id', async () => {
    const s = await seed();
    const track = firstTrack(s);
    const charged = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${track}:edu`,
      participantTrackId: track,
      kind: 'EDUCATION',
      occurredOn: '2026-10-01',
      evidenceRef: 'optagelse',
    });
    const entryId = charged.ledgerEntryIds[0]!;
    const first = await reverseCharge({ db: t.db }, { entryId, reason: 'optagelse annulleret', occurredOn: '2026-10-20' });
    expect(await reverseCharge({ db: t.db }, { entryId, reason: 'igen' })).toEqual(first);
    const listed = await ledgerEntries({ db: t.db }, { cohortId: s.cohortId, municipalityCode: '621' });
    // 30 000.00 − 30 000.00 = 0.00 DKK.
    expect(listed.totalDkk).toBe('0.00');
    expect(listed.entries.map((e) => [e.kind, e.amountDkk, e.reversesId])).toEqual([
      ['CHARGE', '30000.00', null],
      ['REVERSAL', '-30000.00', entryId],
    ]);
  });

  it('stops charging at the cap per participant', async () => {
    const s = await seed();
    const track = firstTrack(s);
    const rec = (name: string, kind: 'ORDINARY_JOB' | 'EDUCATION' | 'PARTIAL_JOB' | 'RETENTION', extra: object = {}) =>
      recordOutcome(t.db, {
        idempotencyKey: `outcome:${track}:${name}`,
        participantTrackId: track,
        kind,
        occurredOn: '2026-11-02',
        evidenceRef: name,
        ...extra,
      });
    // 6 000 000 (job) → charged 6 000 000 of the 10 000 000 cap.
    expect((await rec('job', 'ORDINARY_JOB')).amountOre).toBe('6000000');
    // + 3 000 000 (education) → 9 000 000.
    expect((await rec('education', 'EDUCATION')).amountOre).toBe('3000000');
    // Partial job 37 h = 4 000 000, only 10 000 000 − 9 000 000 = 1 000 000 left.
    expect((await rec('partial', 'PARTIAL_JOB', { hoursPerWeek: 37 })).amountOre).toBe('1000000');
    // Nothing left: the outcome is stored, no ledger entry is written.
    const none = await rec('retention', 'RETENTION', { retentionWeeks: 13 });
    expect(none).toMatchObject({ amountOre: '0', ledgerEntryIds: [] });
    expect(await t.db.outcome.findUnique({ where: { id: none.outcomeId } })).not.toBeNull();
    expect(await netCharged(track)).toBe(10_000_000n);
  });

  it('keeps to the cap when outcomes of one participant are recorded at the same time', async () => {
    const s = await seed();
    const track = firstTrack(s);
    const kinds = ['ORDINARY_JOB', 'EDUCATION', 'PARTIAL_JOB', 'ORDINARY_JOB'] as const;
    await Promise.all(
      kinds.map((kind, i) =>
        recordOutcome(t.db, {
          idempotencyKey: `outcome:${track}:p${i}`,
          participantTrackId: track,
          kind,
          occurredOn: '2026-11-02',
          hoursPerWeek: 20,
          evidenceRef: `e${i}`,
        }),
      ),
    );
    // 6 000 000 + 3 000 000 + 2 162 162 + 6 000 000 asked for; the cap lets exactly 10 000 000 through.
    expect(await netCharged(track)).toBe(10_000_000n);
  });

  it('pays a partial job pro rata to its hours', async () => {
    const s = await seed();
    const track = firstTrack(s);
    const r = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${track}:flex`,
      participantTrackId: track,
      kind: 'PARTIAL_JOB',
      occurredOn: '2026-11-02',
      hoursPerWeek: 15,
      evidenceRef: 'fleksjob',
    });
    // 4 000 000 × 15 / 37 = 1 621 621.62… → 1 621 622 øre.
    expect(r.amountOre).toBe('1621622');
    const outcome = await t.db.outcome.findUniqueOrThrow({ where: { id: r.outcomeId } });
    expect(outcome.hoursPerWeek?.toString()).toBe('15');
  });

  it('counts retention only within six months of the end of the track', async () => {
    const s = await seed(2);
    const [a, b] = s.municipalities['621']!.participantTrackIds as [string, string];
    // Started 2026-01-05; 6 + 6 months → ends 2027-01-05; + 6 months → last day 2027-07-05.
    const onTime = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${a}:r13`,
      participantTrackId: a,
      kind: 'RETENTION',
      retentionWeeks: 13,
      occurredOn: '2027-07-05',
      evidenceRef: 'lønseddel',
    });
    expect(onTime.amountOre).toBe('1000000');
    const late = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${b}:r13`,
      participantTrackId: b,
      kind: 'RETENTION',
      retentionWeeks: 13,
      occurredOn: '2027-07-06',
      evidenceRef: 'lønseddel',
    });
    expect(late).toMatchObject({ amountOre: '0', ledgerEntryIds: [] });
  });

  it("uses the municipality's own rate card from its validFrom date", async () => {
    const s = await seed(2);
    const [a, b] = s.municipalities['621']!.participantTrackIds as [string, string];
    await t.db.rateCard.create({
      data: {
        programmeId: s.programmeId,
        municipalityCode: '621',
        validFrom: new Date('2026-07-01T00:00:00Z'),
        lines: [{ id: 'job-kolding', outcome: 'ORDINARY_JOB', description: 'Kolding', amount: '70000.00' }],
      },
    });
    const before = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${a}:job`,
      participantTrackId: a,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-06-30',
      evidenceRef: 'e',
    });
    const after = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${b}:job`,
      participantTrackId: b,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-07-01',
      evidenceRef: 'e',
    });
    expect(before.amountOre).toBe('6000000');
    expect(after.amountOre).toBe('7000000');
    expect((await t.db.ledgerEntry.findUniqueOrThrow({ where: { id: BigInt(after.ledgerEntryIds[0]!) } })).rateCardLine).toBe(
      'job-kolding',
    );
  });

  it("charges a company's anchoring to its partnership's municipality", async () => {
    const s = await seed();
    const companyTrackId = s.municipalities['621']!.companyTrackIds[0]!;
    const r = await recordOutcome(t.db, {
      idempotencyKey: `outcome:${companyTrackId}:anchoring`,
      companyTrackId,
      kind: 'ANCHORING',
      detail: 'ANCHORED',
      occurredOn: '2027-06-01',
      evidenceRef: 'opfølgning-6',
    });
    expect(r.amountOre).toBe('2000000');
    const entry = await t.db.ledgerEntry.findUniqueOrThrow({ where: { id: BigInt(r.ledgerEntryIds[0]!) } });
    expect(entry).toMatchObject({ municipalityCode: '621', cohortId: s.cohortId, rateCardLine: 'anchoring' });
  });

  it("counts a time limit from the track's real end: the one the track gives, else the one it projected after its pauses, else the planned end", async () => {
    // Started 2026-01-05: planned end 2027-01-05, retention-13 counts until 2027-07-05.
    const s = await seed(3);
    const [given, projected, planned] = s.municipalities['621']!.participantTrackIds as [string, string, string];
    const retention = (track: string, extra: { trackEndsOn?: string } = {}) =>
      recordOutcome(t.db, {
        idempotencyKey: `retention:${track}:13`,
        participantTrackId: track,
        kind: 'RETENTION',
        retentionWeeks: 13,
        occurredOn: '2027-08-02',
        evidenceRef: 'lønseddel',
        ...extra,
      });
    // A three-month pause moved the end to 2027-04-06: the window closes 2027-10-06.
    expect((await retention(given, { trackEndsOn: '2027-04-06' })).amountOre).toBe('1000000');
    await t.db.participantTrack.update({ where: { id: projected }, data: { summary: { jobTrainingEndsOn: '2027-04-06', version: 3 } } });
    expect((await retention(projected)).amountOre).toBe('1000000');
    expect((await retention(planned)).amountOre).toBe('0');
    await expect(retention(planned, { trackEndsOn: '2027-04-31' })).rejects.toMatchObject({ field: 'trackEndsOn' });
  });

  it("counts a company's time limit from the accelerator's end the cohort planned, not from the track's creation", async () => {
    const programme = {
      ...pbrProgrammeTemplate,
      rateCard: {
        lines: [{ id: 'anchoring', outcome: 'ANCHORING', description: 'Anchored', amount: '20000.00', withinMonthsOfTrackEnd: 6 }],
      },
    };
    const s = await seedPbrCohort(t.db, { programme, municipalities: [{ code: '621', name: 'Kolding', participants: 0, companies: 1 }] });
    const companyTrackId = s.municipalities['621']!.companyTrackIds[0]!;
    const created = localDateAt((await t.db.companyTrack.findUniqueOrThrow({ where: { id: companyTrackId } })).createdAt.getTime());
    // Recruited now, the accelerator runs the whole of next year; a pause-free track ends on its last working day.
    const acceleratorEndsOn = `${Number(created.slice(0, 4)) + 1}-12-30`;
    await t.db.cohort.update({ where: { id: s.cohortId }, data: { plan: { calendar: { acceleratorEndsOn } } } });
    // The last day of the six months after the accelerator's end: past six months after creation + 12 months.
    const occurredOn = addMonths(acceleratorEndsOn, 6);
    expect(occurredOn > addMonths(addMonths(created, 12), 6)).toBe(true);
    const r = await recordOutcome(t.db, {
      idempotencyKey: `anchoring:${companyTrackId}`,
      companyTrackId,
      kind: 'ANCHORING',
      occurredOn,
      evidenceRef: `anchoring-checks:${companyTrackId}`,
    });
    expect(r.amountOre).toBe('2000000');
  });

  it('refuses invalid input with the field path, as a permanent failure of its own type', async () => {
    const s = await seed();
    const track = firstTrack(s);
    const base = {
      idempotencyKey: 'k',
      participantTrackId: track,
      kind: 'ORDINARY_JOB' as const,
      occurredOn: '2026-09-14',
      evidenceRef: 'e',
    };
    await expect(recordOutcome(t.db, { ...base, evidenceRef: '' })).rejects.toMatchObject({
      code: 'INVALID_OUTCOME',
      field: 'evidenceRef',
    });
    await expect(recordOutcome(t.db, { ...base, occurredOn: '2026-02-30' })).rejects.toMatchObject({ field: 'occurredOn' });
    await expect(recordOutcome(t.db, { ...base, companyTrackId: 'x' })).rejects.toMatchObject({ field: 'participantTrackId' });
    await expect(recordOutcome(t.db, { ...base, participantTrackId: 'missing' })).rejects.toMatchObject({ code: 'TRACK_NOT_FOUND' });
    await expect(recordOutcome(t.db, { ...base, kind: 'PARTIAL_JOB' })).rejects.toMatchObject({
      code: 'MISSING_HOURS',
      field: 'hoursPerWeek',
    });
    expect(await t.db.outcome.count({ where: { idempotencyKey: 'k' } })).toBe(0);

    const failure = await permanentOnDomainError(() => recordOutcome(t.db, { ...base, evidenceRef: '' })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: OUTCOME_ERROR, nonRetryable: true });
    expect(new OutcomeError('INVALID_OUTCOME', 'm', 'f').name).toBe(OUTCOME_ERROR);
  });
});
