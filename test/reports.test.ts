import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordOutcome, reverseLedgerEntry } from '../store/ledger.js';
import { cohortReport, type PbrReport } from '../client/operations/reports.js';
import { decideClaim } from '../client/operations/claims.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { pbrProgrammeTemplate, seedPbrCohort, type SeededCohort, writeTestBenefitRates } from './support/pbr-fixtures.js';
import { OperationError } from '../client/operations/operation-error.js';

// Benefit figures: see TEST_BENEFIT_RATES in test/support/pbr-fixtures.ts.

/** Records an outcome and approves its claim, as the municipality's caseworker would. */
async function approved(db: Parameters<typeof recordOutcome>[0], input: Parameters<typeof recordOutcome>[1]) {
  const r = await recordOutcome(db, input);
  await decideClaim({ db }, { outcomeId: r.outcomeId, decision: 'APPROVED' });
  return r;
}
const AS_OF = '2026-12-14';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('Payment-by-Results report (PostgreSQL)', () => {
  let t: TestDatabase;
  let s: SeededCohort;
  let ratesFile: string;
  let report: PbrReport;

  beforeAll(async () => {
    t = await createTestDatabase();
    ratesFile = writeTestBenefitRates();
    // Tracks start Monday 2026-01-05 (week 1).
    s = await seedPbrCohort(t.db, {
      municipalities: [
        { code: '621', name: 'Kolding', participants: 2, companies: 1 },
        { code: '575', name: 'Vejen', participants: 1 },
      ],
    });
    const [a, b] = s.municipalities['621']!.participantTrackIds as [string, string];
    const company = s.municipalities['621']!.companyTrackIds[0]!;
    const vejen = s.municipalities['575']!.participantTrackIds[0]!;
    // Each claim approved by the municipality's caseworker (the CLI's way, as the system), so all is owed.
    // A: job on Monday 14 Sep 2026 = 252 days = 36 weeks after the start → week 37. Charge 6 000 000.
    await approved(t.db, {
      idempotencyKey: `o:${a}:job`,
      participantTrackId: a,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-09-14',
      evidenceRef: 'kontrakt-a',
    });
    // B: a job recorded in error on 21 Sep (week 38), reversed on 25 Sep (week 38): +6 000 000 − 6 000 000.
    const wrong = await approved(t.db, {
      idempotencyKey: `o:${b}:job`,
      participantTrackId: b,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-09-21',
      evidenceRef: 'kontrakt-b',
    });
    await reverseLedgerEntry(t.db, {
      entryId: wrong.ledgerEntryIds[0]!,
      reason: 'job offer withdrawn',
      idempotencyKey: `r:${b}:job`,
      occurredOn: '2026-09-25',
    });
    // B: partial job of 18.5 of 37 hours on Thursday 1 Oct (week 39): 4 000 000 × 18.5 / 37 = 2 000 000.
    await approved(t.db, {
      idempotencyKey: `o:${b}:flex`,
      participantTrackId: b,
      kind: 'PARTIAL_JOB',
      hoursPerWeek: 18.5,
      occurredOn: '2026-10-01',
      evidenceRef: 'fleksjob-b',
    });
    // The company's anchoring on 14 Dec (week 50): 2 000 000.
    await approved(t.db, {
      idempotencyKey: `o:${company}:anchoring`,
      companyTrackId: company,
      kind: 'ANCHORING',
      occurredOn: '2026-12-14',
      evidenceRef: 'opfølgning',
    });
    // Vejen's job belongs to Vejen's report only.
    await approved(t.db, {
      idempotencyKey: `o:${vejen}:job`,
      participantTrackId: vejen,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-09-14',
      evidenceRef: 'kontrakt-v',
    });
    // Made on Monday 14 Dec 2026 (week 50): 50 of the 104 weeks are realised, the rest projected.
    report = (
      await cohortReport(
        { db: t.db },
        { cohortId: s.cohortId, municipality: 'kolding', weeks: 104, benefitRatesFile: ratesFile, asOf: AS_OF },
      )
    ).report;
  });
  afterAll(() => t?.drop());

  it("totals the municipality's ledger to the øre", async () => {
    const sum = await t.db.ledgerEntry.aggregate({
      _sum: { amountOre: true },
      _count: true,
      where: { cohortId: s.cohortId, municipalityCode: '621' },
    });
    // 6 000 000 + 6 000 000 − 6 000 000 + 2 000 000 + 2 000 000 = 10 000 000 øre.
    expect(sum._sum.amountOre).toBe(10_000_000n);
    expect(report.totals.paymentsOre).toBe(sum._sum.amountOre!.toString());
    expect(report.totals).toMatchObject({
      paymentsDkk: '100000.00',
      chargesDkk: '160000.00',
      reversalsDkk: '-60000.00',
      ledgerEntries: sum._count,
    });
    // Every entry appears in exactly one week, so the weeks trace back to the ledger.
    const weekIds = report.weeks.flatMap((w) => w.ledgerEntryIds).sort();
    expect(weekIds).toEqual(report.ledger.map((e) => e.id).sort());
    const weekSum = report.weeks.reduce((sum, w) => sum + BigInt(w.paymentsDkk.replace('.', '')), 0n);
    expect(weekSum).toBe(10_000_000n);
  });

  it('values the savings by hand and finds the break-even week', () => {
    // A: weeks 37-104 = 68 weeks × 240 000 = 16 320 000.
    // B: the withdrawn job saves nothing; the partial job from week 39: 66 weeks × 240 000 × 1/2 = 7 920 000.
    // Savings 24 240 000; net 24 240 000 − 10 000 000 = 14 240 000 øre.
    expect(report.citizens.map((c) => c.savingsDkk)).toEqual(['163200.00', '79200.00']);
    expect(report.totals).toMatchObject({ savingsOre: '24240000', netOre: '14240000' });
    // Cumulative from week 50: savings 840 000 + 360 000 × (w − 39) against payments 10 000 000:
    // week 64 has 9 840 000 (short), week 65 has 10 200 000 → break-even in week 65, Monday 2027-03-29.
    expect(report.totals).toMatchObject({ breakEvenWeek: 65, breakEvenOn: '2027-03-29' });
    expect(report.paidOff).toBe(true);
    expect(report.headline).toContain('break-even expected in week 65 (2027-03-29)');
  });

  it("separates what is realised by the report's day from the projection to the end of the period", () => {
    // By week 50 every payment is made (10 000 000) but only A's weeks 37-50 (14 × 240 000) and B's
    // partial weeks 39-50 (12 × 120 000) are saved: 4 800 000 øre. Not paid off yet.
    expect(report.toDate).toEqual({
      asOf: AS_OF,
      weeks: 50,
      paymentsDkk: '100000.00',
      savingsDkk: '48000.00',
      netDkk: '-52000.00',
      paidOff: false,
    });
    expect(report.weeks.filter((w) => w.realised)).toHaveLength(50);
    expect(report.weeks[50]).toMatchObject({ week: 51, realised: false });
    expect(report.headline).toMatch(
      /^Kolding, Klynge [0-9a-f]+, to date \(2026-12-14, week 50 of 104\): NOT YET — outcome payments of 100\.000,00 kr\. exceed benefit savings of 48\.000,00 kr\. by 52\.000,00 kr\. \(payments = approved claims, ledger entries #/,
    );
    expect(report.headline).toContain(
      'Projected to week 104 (2028-01-02), if everyone in work stays in work and nothing more is paid: YES — benefit savings of 242.400,00 kr. would exceed outcome payments of 100.000,00 kr. by 142.400,00 kr.; break-even expected in week 65 (2027-03-29).',
    );
    // The first answer is the realised one: no YES before the projection is named.
    expect(report.headline.slice(0, report.headline.indexOf('Projected'))).not.toContain('YES');
    expect(report.outcomes.filter((o) => !o.counted).map((o) => o.kind)).toEqual(['ORDINARY_JOB']);
    expect(report.totals.nominalPriceDkk).toBe('125000.00');
  });

  it("uses the weeks on benefit recorded at the participant's referral, unless the report is given them per track", async () => {
    const [a] = s.municipalities['621']!.participantTrackIds as [string];
    const { participantId } = await t.db.participantTrack.findUniqueOrThrow({ where: { id: a } });
    await t.db.participant.update({
      where: { id: participantId },
      data: { benefitWeeksBefore: 0, benefitCategory: 'over-30-no-children' },
    });
    try {
      // A was on benefit from the start of the track, so track week w is benefit week w. The job saves
      // 300 000 a week before the refund: weeks 37-52 with the state's 30 % (municipality 70 %):
      // 16 × 210 000 = 3 360 000; weeks 53-104 with 20 % (80 %): 52 × 240 000 = 12 480 000.
      // A saves 15 840 000 instead of 16 320 000; B unchanged at 7 920 000.
      const recorded = (
        await cohortReport({ db: t.db }, { cohortId: s.cohortId, municipality: '621', weeks: 104, benefitRatesFile: ratesFile })
      ).report;
      expect(recorded.citizens.map((c) => c.savingsDkk)).toEqual(['158400.00', '79200.00']);
      expect(recorded.totals.savingsOre).toBe('23760000');
      expect(recorded.assumptions.perTrack).toEqual({ [a]: { category: 'over-30-no-children', benefitWeeksBefore: 0 } });
      // Given per track, the report's figure wins over the referral's.
      const given = (
        await cohortReport(
          { db: t.db },
          {
            cohortId: s.cohortId,
            municipality: '621',
            weeks: 104,
            benefitRatesFile: ratesFile,
            assumptions: { perTrack: { [a]: { benefitWeeksBefore: 52 } } },
          },
        )
      ).report;
      expect(given.totals.savingsOre).toBe('24240000');
    } finally {
      await t.db.participant.update({ where: { id: participantId }, data: { benefitWeeksBefore: null, benefitCategory: null } });
    }
  });

  it('takes an assumed deadweight off the savings', async () => {
    // 10 % deadweight: 24 240 000 × 90 % = 21 816 000 øre (every weekly figure divides exactly).
    const r = (
      await cohortReport(
        { db: t.db },
        { cohortId: s.cohortId, municipality: '621', weeks: 104, benefitRatesFile: ratesFile, assumptions: { deadweightPercent: 10 } },
      )
    ).report;
    expect(r.totals.savingsOre).toBe('21816000');
    expect(r.assumptions.deadweightPercent).toBe(10);
    await expect(
      cohortReport({ db: t.db }, { cohortId: s.cohortId, municipality: '621', assumptions: { deadweightPercent: 120 } }),
    ).rejects.toMatchObject({ field: 'assumptions.deadweightPercent' });
  });

  it('says not yet when the savings have not caught up', async () => {
    // 52 weeks: A 16 × 240 000 = 3 840 000, B 14 × 120 000 = 1 680 000 → 5 520 000 < 10 000 000.
    const short = (
      await cohortReport(
        { db: t.db },
        { cohortId: s.cohortId, municipality: '621', weeks: 52, benefitRatesFile: ratesFile, asOf: '2027-06-01' },
      )
    ).report;
    expect(short.totals).toMatchObject({ savingsOre: '5520000', netOre: '-4480000', breakEvenWeek: null });
    // The whole period is over: nothing is projected.
    expect(short.headline).toContain(
      'to date (2027-06-01, week 52 of 52): NOT YET — outcome payments of 100.000,00 kr. exceed benefit savings of 55.200,00 kr.',
    );
    expect(short.headline).not.toContain('Projected');
  });

  it('reports the targets: participants once, withdrawn outcomes left out', () => {
    expect(report.targets).toEqual([
      expect.objectContaining({ id: 'self-support', target: 1, achieved: 2, met: true }),
      // Kolding's one company is its contribution to the cohort's 2, not a "not met" of its own.
      expect.objectContaining({ id: 'companies', target: 2, achieved: 1, met: null, contribution: true }),
    ]);
  });

  it("writes CSV for a Danish spreadsheet: UTF-8 with BOM, ; between cells, decimal commas (read back with Python's csv module)", async () => {
    const { body } = await cohortReport(
      { db: t.db },
      { cohortId: s.cohortId, municipality: 'Kolding', weeks: 104, benefitRatesFile: ratesFile, format: 'csv', asOf: AS_OF },
    );
    const bytes = Buffer.from(body, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const script = [
      'import csv, json, sys',
      'text = sys.stdin.buffer.read().decode("utf-8-sig")',
      'lines = text.splitlines()',
      'rows = list(csv.reader([l for l in lines if not l.startswith("#")], delimiter=";"))',
      'print(json.dumps({"comment": lines[0], "rows": rows}))',
    ].join('\n');
    const res = spawnSync(inject('icalPythonPath'), ['-c', script], { input: bytes });
    expect(res.status, String(res.stderr)).toBe(0);
    const { comment, rows } = JSON.parse(String(res.stdout)) as { comment: string; rows: string[][] };
    expect(comment).toMatch(/^# Kolding, Klynge [0-9a-f]+, to date \(2026-12-14, week 50 of 104\): NOT YET/);
    const [header, ...data] = rows as [string[], ...string[][]];
    expect(header).toEqual([
      'week',
      'starts_on',
      'realised',
      'payments_dkk',
      'savings_dkk',
      'cumulative_payments_dkk',
      'cumulative_savings_dkk',
      'net_dkk',
      'benefit_weeks_avoided',
      'outcomes',
      'ledger_entry_ids',
    ]);
    expect(data.every((r) => r.length === header.length)).toBe(true);
    expect(data).toHaveLength(104 + 2 + 3);
    expect(data[36]!.slice(0, 5)).toEqual(['37', '2026-09-14', 'yes', '60000,00', '2400,00']);
    expect(data[50]!.slice(0, 3)).toEqual(['51', '2026-12-21', 'no (projected)']);
    expect(data.at(-5)!.slice(0, 8)).toEqual(['to date', AS_OF, 'yes', '100000,00', '48000,00', '100000,00', '48000,00', '-52000,00']);
    // Every claim was approved: all of it is owed, nothing awaits the caseworker.
    expect(data.slice(-3).map((r) => r.slice(0, 4))).toEqual([
      ['claims_approved', AS_OF, '', '100000,00'],
      ['claims_pending', AS_OF, '', '0,00'],
      ['claims_rejected', AS_OF, '', '0,00'],
    ]);
    expect(data.at(-4)!.slice(0, 8)).toEqual([
      'total',
      '2026-01-05',
      'no (projected)',
      '100000,00',
      '242400,00',
      '100000,00',
      '242400,00',
      '142400,00',
    ]);
    // Every amount is a number with a decimal comma, and the weeks add up to the total.
    const num = (v: string) => Number(v.replace(',', '.'));
    expect(data.slice(0, 104).every((r) => /^-?\d+,\d{2}$/.test(r[3]!) && /^-?\d+,\d{2}$/.test(r[4]!))).toBe(true);
    expect(Math.round(data.slice(0, 104).reduce((sum, r) => sum + num(r[3]!), 0) * 100)).toBe(10_000_000);
  });

  it('renders a self-contained HTML page and the INDIGO export', async () => {
    const html = await cohortReport(
      { db: t.db },
      { cohortId: s.cohortId, municipality: 'Kolding', weeks: 104, benefitRatesFile: ratesFile, format: 'html', asOf: AS_OF },
    );
    expect(html.contentType).toContain('text/html');
    expect(html.body).toContain('<p class="answer" id="answer">Kolding, Klynge');
    expect(html.body.match(/<svg /g)).toHaveLength(2);
    expect(html.body).not.toMatch(/<script|<link|src=/);
    expect(html.body).toContain('reversed by #');

    const indigo = JSON.parse(
      (
        await cohortReport(
          { db: t.db },
          { cohortId: s.cohortId, municipality: 'Kolding', weeks: 104, benefitRatesFile: ratesFile, format: 'indigo' },
        )
      ).body,
    );
    expect(indigo.transactions).toHaveLength(5);
    expect(indigo.overall_project_finance.total_outcome_payments_made.amount.value).toBe(100000);
  });

  it('reports the whole cohort with a line per municipality that adds up', async () => {
    const all = (await cohortReport({ db: t.db }, { cohortId: s.cohortId, weeks: 104, benefitRatesFile: ratesFile })).report;
    // Kolding 10 000 000 + Vejen's job 6 000 000 = 16 000 000 øre of payments.
    expect(all.totals.paymentsOre).toBe('16000000');
    expect(all.generatedFor.municipalityCode).toBeNull();
    expect(all.byMunicipality!.map((m) => [m.name, m.paymentsDkk])).toEqual([
      ['Kolding', '100000.00'],
      ['Vejen', '60000.00'],
    ]);
    const sum = (key: 'savingsDkk' | 'netDkk') => all.byMunicipality!.reduce((n, m) => n + BigInt(m[key].replace('.', '')), 0n);
    expect(sum('savingsDkk').toString()).toBe(all.totals.savingsOre);
    expect(sum('netDkk').toString()).toBe(all.totals.netOre);
    // The companies target is judged for the cohort as a whole; each municipality shows its part.
    expect(all.targets.find((x) => x.id === 'companies')).toMatchObject({ target: 2, met: false, contribution: false });
    expect(all.byMunicipality!.map((m) => [m.name, m.targets.find((x) => x.id === 'companies')])).toEqual([
      ['Kolding', expect.objectContaining({ achieved: 1, met: null, contribution: true })],
      ['Vejen', expect.objectContaining({ achieved: 0, met: null, contribution: true })],
    ]);
    expect(all.headline).toMatch(
      /, all municipalities, to date .* By municipality \(to date \/ projected\): Kolding (yes|not yet) \/ yes, Vejen (yes|not yet) \/ (yes|no)\.$/,
    );
    expect(new Set(all.indigo.transactions.map((x) => x.sending_organisation_id.value))).toEqual(
      new Set(['DK-KOMMUNE-621', 'DK-KOMMUNE-575']),
    );
  });

  it('refuses unknown cohorts and municipalities with the field', async () => {
    await expect(cohortReport({ db: t.db }, { cohortId: 'nope', municipality: 'Kolding' })).rejects.toMatchObject({
      code: 'COHORT_NOT_FOUND',
      field: 'cohortId',
    });
    await expect(cohortReport({ db: t.db }, { cohortId: s.cohortId, municipality: 'Aalborg' })).rejects.toBeInstanceOf(OperationError);
    await expect(cohortReport({ db: t.db }, { cohortId: s.cohortId, municipality: 'Kolding', weeks: 0 })).rejects.toMatchObject({
      field: 'weeks',
    });
  });

  it('stops the savings when a retention follow-up finds the participant out of work', async () => {
    const other = await seedPbrCohort(t.db, { municipalities: [{ code: '621', name: 'Kolding', participants: 1 }] });
    const track = other.municipalities['621']!.participantTrackIds[0]!;
    await recordOutcome(t.db, {
      idempotencyKey: `o:${track}:job`,
      participantTrackId: track,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-09-14',
      evidenceRef: 'kontrakt',
    });
    // The 13-week follow-up on Monday 14 Dec 2026 (343 days = 49 weeks after the start → week 50) says: not employed.
    await t.db.participantTrack.update({
      where: { id: track },
      data: {
        summary: {
          retention: [
            { weeks: 4, on: '2026-10-12', answer: 'EMPLOYED' },
            { weeks: 13, on: '2026-12-14', answer: 'NOT_EMPLOYED' },
          ],
        },
      },
    });
    const r = (await cohortReport({ db: t.db }, { cohortId: other.cohortId, municipality: '621', benefitRatesFile: ratesFile })).report;
    // Weeks 37-49 = 13 weeks × 240 000 = 3 120 000 øre saved.
    expect(r.totals.savingsOre).toBe('3120000');
    expect(r.citizens[0]!.outcomeIds).toContain(`follow-up:${track}:13`);
  });

  it('shows the SIB investors repaid from the outcome payments', async () => {
    const sib = await seedPbrCohort(t.db, {
      programme: { ...pbrProgrammeTemplate, kind: 'SIB' },
      municipalities: [{ code: '621', name: 'Kolding', participants: 2 }],
    });
    const [a, b] = sib.municipalities['621']!.participantTrackIds as [string, string];
    await approved(t.db, {
      idempotencyKey: `o:${a}:job`,
      participantTrackId: a,
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-09-14',
      evidenceRef: 'k',
    });
    await approved(t.db, {
      idempotencyKey: `o:${b}:edu`,
      participantTrackId: b,
      kind: 'EDUCATION',
      occurredOn: '2026-10-05',
      evidenceRef: 'u',
    });
    // Default capital: the nominal price, 50 000.00 × 2 participants = 100 000.00, no return.
    // Payments 60 000.00 + 30 000.00 = 90 000.00 repaid; the investors lose 10 000.00.
    const r = (await cohortReport({ db: t.db }, { cohortId: sib.cohortId, municipality: 'Kolding', benefitRatesFile: ratesFile })).report;
    expect(r.sib).toEqual({
      termsFrom: 'default',
      investedDkk: '100000.00',
      maxReturnPercent: 0,
      maxRepaymentDkk: '100000.00',
      repaidDkk: '90000.00',
      returnDkk: '-10000.00',
      principalRepaidWeek: null,
    });
    // With 10 % maximum return on 80 000.00: cap 88 000.00, reached when the education is paid (week 40).
    const capped = (
      await cohortReport(
        { db: t.db },
        {
          cohortId: sib.cohortId,
          municipality: 'Kolding',
          benefitRatesFile: ratesFile,
          sib: { investedDkk: '80000', maxReturnPercent: 10 },
        },
      )
    ).report;
    expect(capped.sib).toMatchObject({ repaidDkk: '88000.00', returnDkk: '8000.00', principalRepaidWeek: 40 });
  });

  it('runs on the shipped benefit tables too', async () => {
    const shipped = (await cohortReport({ db: t.db }, { cohortId: s.cohortId, municipality: 'Kolding' })).report;
    expect(shipped.totals.paymentsOre).toBe('10000000');
    expect(shipped.assumptions.ratesUsed[0]).toMatchObject({ category: 'over-30-no-children', validFrom: '2025-07-01' });
  });

  it('cites public sources only: every file a rendered report names is in the repository', async () => {
    for (const format of ['json', 'csv', 'html'] as const) {
      const { body } = await cohortReport({ db: t.db }, { cohortId: s.cohortId, municipality: 'Kolding', format, asOf: AS_OF });
      const named = [...body.matchAll(/(?<![\w/.:-])[\w-]+(?:\/[\w.-]+)*\.(?:md|ya?ml|ts|csv)\b/g)].map((m) => m[0]);
      for (const file of new Set(named)) expect(existsSync(`${ROOT}${file}`), `${format} names ${file}`).toBe(true);
    }
  });

  it('draws charts whose axis labels are distinct, integral for counts and not cut off (measured in Chromium)', async () => {
    const { body } = await cohortReport(
      { db: t.db },
      { cohortId: s.cohortId, municipality: 'Kolding', weeks: 104, benefitRatesFile: ratesFile, format: 'html', asOf: AS_OF },
    );
    const browser = await chromium.launch({
      executablePath: inject('chromiumPath'),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.setContent(body);
      const charts = await page.$$eval('svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const texts = [...svg.querySelectorAll('text')].map((t) => {
            const r = t.getBoundingClientRect();
            return {
              text: t.textContent ?? '',
              anchor: t.getAttribute('text-anchor') ?? 'start',
              x: Number(t.getAttribute('x')),
              left: r.left - box.left,
              right: box.right - r.right,
              top: r.top - box.top,
              bottom: box.bottom - r.bottom,
            };
          });
          return { label: svg.getAttribute('aria-label') ?? '', texts };
        }),
      );
      expect(charts).toHaveLength(2);
      for (const chart of charts) {
        for (const t of chart.texts) {
          // Inside the drawing: nothing cut off at any edge.
          expect(Math.min(t.left, t.right, t.top, t.bottom), `${chart.label}: "${t.text}"`).toBeGreaterThanOrEqual(0);
        }
        const yLabels = chart.texts
          .filter((t) => t.anchor === 'end' && !t.text.startsWith('week') && !t.text.startsWith('today'))
          .map((t) => t.text);
        expect(new Set(yLabels).size, `${chart.label}: ${yLabels.join(', ')}`).toBe(yLabels.length);
        const weeks = chart.texts.filter((t) => /^week \d+$/.test(t.text)).map((t) => t.text);
        expect(weeks[0]).toBe('week 1');
        expect(weeks.at(-1)).toBe('week 104');
        expect(new Set(weeks).size).toBe(weeks.length);
        expect(chart.texts.map((t) => t.text)).toContain('today: week 50');
      }
      // The outcome counts (at most 2 of a kind here) are labelled with whole numbers only.
      const counts = charts[1]!.texts.filter((t) => t.anchor === 'end' && /^-?[\d.,]+$/.test(t.text)).map((t) => t.text);
      expect(counts.length).toBeGreaterThanOrEqual(2);
      expect(counts.every((c) => /^\d+$/.test(c))).toBe(true);
      expect(counts).toEqual([...new Set(counts)]);
    } finally {
      await browser.close();
    }
  });
});
