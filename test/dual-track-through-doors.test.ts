// The dual-track cohort end to end through the doors alone: the shipped cohort file started by the CLI
// as typed, the support person it names for its Aalborg partnership, attendance recorded with her
// token, a placement, a three-month lock-down of the whole cohort, an internship followed by a job,
// the retention follow-ups mailed to her and answered by the link in the e-mail, the municipality's
// caseworker approving one claim and rejecting another, and the report (JSON and CSV) checked against
// the ledger to the øre.
// Everything is written through the CLI or the HTTP API and read back through the API; the test
// touches the database only through the harness that owns it.
import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import type { TrackSummary } from '../contracts/index.js';
import { addDays, addMonths, localDateAt, mondayOf, type LocalDate } from '../domain/calendar.js';
import { testApiConfig } from './support/api.js';
import { cliEnv, runCli, type CliRun } from './support/cli.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

const COHORT = 'klynge-1-2019';
const PROGRAMME = 'growth-partnership-2019';
/** The example file's Aalborg participant, Anna, of the partnership of ea-aalborg (municipality 851). */
const ANNA = `${COHORT}-deltager-aalborg-1`;
const AALBORG = '851';
const CAFE = '90000004';
/** The support person the cohort file names for Aalborg. */
const SOFIE = 'signe@beskaeftigelse-aalborg.example.dk';

interface Claim {
  outcomeId: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';
  kind: string;
  retentionWeeks: number | null;
  amountDkk: string;
  ledgerEntryIds: string[];
}
interface LedgerRow {
  id: string;
  amountDkk: string;
  outcomeId: string | null;
}

/** "40000.00" → 4 000 000 øre, by hand (not the library that wrote it). */
function ore(dkk: string): bigint {
  const m = /^(-?)(\d+)[.,](\d{2})$/.exec(dkk);
  if (!m) throw new Error(`not an amount in DKK: ${dkk}`);
  const value = BigInt(m[2]!) * 100n + BigInt(m[3]!);
  return m[1] ? -value : value;
}

describe('the dual-track cohort through the doors alone', () => {
  let h: Harness;
  let app: FastifyInstance;
  let env: NodeJS.ProcessEnv;
  let baseUrl: string;

  const cli = (...args: string[]) => runCli(env, args, 120_000);
  const json = <T = Record<string, unknown>>(r: CliRun): T => JSON.parse(r.stdout) as T;
  const token = (role: Principal['role'], scope: Principal['scope'], sub = `${role}@example.dk`) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub, role, scope }, 3600);
  const coordinator = () => token('coordinator', { programmeIds: [PROGRAMME] }, 'koordinator@dobbeltspor.example.dk');
  const caseworker = () => token('caseworker', { municipalityCode: AALBORG }, 'sagsbehandler@aalborg.example.dk');
  const call = (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
  const today = async (): Promise<LocalDate> => localDateAt(Number(await h.env.currentTimeMs()));
  const track = async () => {
    const r = await call('GET', `/api/tracks/participant/${ANNA}`, coordinator());
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      phase: string;
      paused: boolean;
      startedOn: LocalDate;
      summary: TrackSummary;
      events: { kind: string; title: string; detail?: string; status?: string }[];
    };
  };

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    // The API judges "today" by the test server's clock, as the workflows do.
    app = await createApi({
      client: h.env.client,
      db: h.db,
      config: testApiConfig(h),
      now: async () => Number(await h.env.currentTimeMs()),
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    env = cliEnv(h);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('runs a participant from the cohort file to approved, pending and rejected claims; the report matches the ledger to the øre', async () => {
    // The cohort from its shipped file, by the CLI as typed.
    const year = Number((await today()).slice(0, 4)) + 1;
    const started = await cli('--json', 'cohort', 'start', 'cohorts/klynge-1-2019.yaml', '--year', String(year));
    expect(started.code, started.stderr).toBe(0);

    // The cohort file names the support person of its Aalborg partnership: registered on start, found by the CLI.
    const listed = await cli('--json', 'staff', 'list', '--actor', 'ea-aalborg');
    expect(listed.code, listed.stderr).toBe(0);
    const registered = json<Array<{ id: string; name: string; email: string; role: string; active: boolean }>>(listed).filter(
      (m) => m.email === SOFIE,
    );
    expect(registered).toEqual([expect.objectContaining({ name: 'Signe Støtte', role: 'SUPPORT_PERSON', active: true })]);
    const sofieId = registered[0]!.id;
    const sofie = token('staff', { staffMemberId: sofieId }, SOFIE);

    // Placed at the café (an accelerator company) with her as the support person.
    const placed = await cli('--json', 'place', 'participant', ANNA, '--company', CAFE, '--support-person', sofieId);
    expect(placed.code, placed.stderr).toBe(0);
    expect(json<TrackSummary>(placed).placement).toMatchObject({ role: 'ACCELERATOR', supportPersonId: sofieId });

    // The track begins on the cohort's start; the support person records the first week's attendance.
    const startsOn = (await track()).startedOn;
    await h.sleepUntilDate(startsOn);
    await expect.poll(async () => (await track()).phase, { timeout: 30_000 }).toBe('WORK_READINESS');
    const attendance = await call('POST', `/api/tracks/participant/${ANNA}/attendance`, sofie, {
      weekStart: mondayOf(startsOn),
      hours: 12,
    });
    expect(attendance.statusCode, attendance.body).toBe(200);

    // The next whole week falls short of the plan (10 hours a week in work-readiness): judged so on the timeline.
    await h.sleepUntilDate(addDays(startsOn, 14));
    const shortWeek = mondayOf(addDays(startsOn, 7));
    const short = await call('POST', `/api/tracks/participant/${ANNA}/attendance`, sofie, { weekStart: shortWeek, hours: 5 });
    expect(short.statusCode, short.body).toBe(200);
    const weeks = (await track()).events.filter((e) => e.kind === 'attendance');
    expect(weeks.map((e) => e.title)).toContainEqual(expect.stringMatching(new RegExp(`^Week of ${mondayOf(startsOn)}: 12 h`)));
    expect(weeks.find((e) => e.title.startsWith(`Week of ${shortWeek}:`))).toMatchObject({
      title: `Week of ${shortWeek}: 5 h of 10 h planned`,
      status: 'UNDER_ACTIVATED',
      detail: `recorded by ${SOFIE}`,
    });

    // A three-month lock-down of the whole cohort, by the CLI: the track's own deadlines move with it.
    const plannedEnd = (await track()).summary.jobTrainingEndsOn;
    const paused = await cli('--json', 'pause', 'cohort', COHORT, '--reason', 'Nedlukning under epidemien');
    expect(paused.code, paused.stderr).toBe(0);
    await expect.poll(async () => (await track()).paused, { timeout: 30_000 }).toBe(true);
    await h.sleepUntilDate(addMonths(addDays(startsOn, 14), 3));
    const resumed = await cli('--json', 'resume', 'cohort', COHORT);
    expect(resumed.code, resumed.stderr).toBe(0);
    await expect.poll(async () => (await track()).paused, { timeout: 30_000 }).toBe(false);
    await expect.poll(async () => (await track()).summary.jobTrainingEndsOn > addDays(plannedEnd, 85), { timeout: 30_000 }).toBe(true);

    // An internship through the API, a month later an ordinary job by the CLI.
    await h.sleepUntilDate(addMonths(await today(), 1));
    const internship = await call('POST', `/api/tracks/participant/${ANNA}/outcome`, coordinator(), {
      kind: 'INTERNSHIP',
      occurredOn: await today(),
      evidenceRef: 'praktikaftale café',
    });
    expect(internship.statusCode, internship.body).toBe(200);
    expect(internship.json().phase).not.toBe('RETENTION');
    await h.sleepUntilDate(addMonths(await today(), 1));
    const hiredOn = await today();
    const hired = await cli(
      '--json',
      'record',
      'outcome',
      ANNA,
      '--kind',
      'ordinary-job',
      '--on',
      hiredOn,
      '--evidence',
      'ansættelseskontrakt',
    );
    expect(hired.code, hired.stderr).toBe(0);
    const followUps = json<TrackSummary>(hired).retention;
    expect(followUps.map((r) => r.weeks)).toEqual([4, 13, 26]);
    await expect.poll(async () => (await track()).phase, { timeout: 30_000 }).toBe('RETENTION');

    // Each follow-up reaches the support person by e-mail; she answers it by the link in it, opened as
    // received (the worker writes links under PUBLIC_BASE_URL; this test's API listens on a port of its own).
    for (const f of followUps) {
      await h.sleepUntilDate(f.on);
      const subject = `Opfølgning efter ${f.weeks} uger: er Anna Eksempelsen stadig i job?`;
      await h.mail.waitFor(() => h.mail.to(SOFIE).some((m) => m.parsed.subject === subject), 30_000);
      const received = await simpleParser(h.mail.to(SOFIE).find((m) => m.parsed.subject === subject)!.raw);
      const link = /Svar her: (\S+)/.exec(received.text ?? '')?.[1];
      expect(link, received.text).toMatch(/\/rsvp\/fastholdelse\/[^/?]+$/);
      const opened = await fetch(link!.replace(TEST_CONFIG.PUBLIC_BASE_URL, baseUrl));
      expect(opened.status).toBe(200);
      const form = await opened.text();
      expect(form).toContain('Anna Eksempelsen');
      const action = /<form method="post" action="([^"]+)"/.exec(form)?.[1];
      const answered = await fetch(new URL(action!, baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ stillEmployed: 'true' }).toString(),
      });
      expect(answered.status, await answered.clone().text()).toBe(200);
      // The track has the answer at once.
      expect((await track()).summary.retention.find((r) => r.weeks === f.weeks)?.answer).toBe('EMPLOYED');
    }
    expect(h.mail.to(SOFIE).filter((m) => m.parsed.subject?.startsWith('Opfølgning efter'))).toHaveLength(3);

    // Aalborg's caseworker finds the claims in her work queue: approves the job, rejects the internship.
    const queue = await call('GET', `/api/claims?cohort=${COHORT}`, caseworker());
    expect(queue.statusCode, queue.body).toBe(200);
    const pending = queue.json().claims as Claim[];
    expect(pending.map((c) => [c.kind, c.retentionWeeks, c.amountDkk])).toEqual([
      ['INTERNSHIP', null, '10000.00'],
      ['ORDINARY_JOB', null, '40000.00'],
      ['RETENTION', 13, '15000.00'],
      ['RETENTION', 26, '20000.00'],
    ]);
    const claimOf = (kind: string) => pending.find((c) => c.kind === kind)!;
    const approved = await call('POST', `/api/claims/${claimOf('ORDINARY_JOB').outcomeId}/approve`, caseworker());
    expect(approved.statusCode, approved.body).toBe(200);
    const rejected = await call('POST', `/api/claims/${claimOf('INTERNSHIP').outcomeId}/reject`, caseworker(), {
      reason: 'praktikken blev aldrig påbegyndt',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'REJECTED', reason: 'praktikken blev aldrig påbegyndt' });

    // The ledger and every claim's status, read through the API.
    const ledgerRead = await call('GET', `/api/cohorts/${COHORT}/ledger?municipality=${AALBORG}`, coordinator());
    expect(ledgerRead.statusCode, ledgerRead.body).toBe(200);
    const ledger = ledgerRead.json().entries as LedgerRow[];
    const allClaims = await call('GET', `/api/claims?cohort=${COHORT}&status=ALL`, caseworker());
    expect(allClaims.statusCode, allClaims.body).toBe(200);
    const statusOf = new Map((allClaims.json().claims as Claim[]).map((c) => [c.outcomeId, c.status]));
    const sumOf = (status: Claim['status']) =>
      ledger.filter((e) => e.outcomeId !== null && statusOf.get(e.outcomeId) === status).reduce((sum, e) => sum + ore(e.amountDkk), 0n);
    const idsOf = (status: Claim['status']) =>
      ledger.filter((e) => e.outcomeId !== null && statusOf.get(e.outcomeId) === status).map((e) => e.id);
    // By hand (growth-partnership-2019's card): job 40 000, internship 10 000, retention 13 and 26 weeks 15 000 + 20 000.
    expect([sumOf('APPROVED'), sumOf('PENDING'), sumOf('REJECTED')]).toEqual([4_000_000n, 3_500_000n, 1_000_000n]);
    expect(ledger.reduce((sum, e) => sum + ore(e.amountDkk), 0n)).toBe(ore(ledgerRead.json().totalDkk as string));
    expect(ore(ledgerRead.json().totalDkk as string)).toBe(8_500_000n);

    // The report as the caseworker reads it, in JSON: its claim totals are the ledger's sums per status.
    const reportRead = await call('GET', `/api/cohorts/${COHORT}/report?municipality=${AALBORG}`, caseworker());
    expect(reportRead.statusCode, reportRead.body).toBe(200);
    const report = reportRead.json() as {
      totals: { paymentsOre: string; claims: { approvedDkk: string; pendingDkk: string; rejectedDkk: string } };
      ledger: { id: string; claimStatus: string | null }[];
    };
    expect(BigInt(report.totals.paymentsOre)).toBe(sumOf('APPROVED'));
    expect([report.totals.claims.approvedDkk, report.totals.claims.pendingDkk, report.totals.claims.rejectedDkk].map(ore)).toEqual([
      sumOf('APPROVED'),
      sumOf('PENDING'),
      sumOf('REJECTED'),
    ]);
    expect(report.ledger.map((e) => e.id).sort()).toEqual(ledger.map((e) => e.id).sort());

    // And in CSV, read back with Python's csv module: the claim rows carry the same amounts and entries.
    const csvRead = await call('GET', `/api/cohorts/${COHORT}/report?municipality=${AALBORG}&format=csv`, caseworker());
    expect(csvRead.statusCode, csvRead.body).toBe(200);
    const parsed = spawnSync(
      'python3',
      [
        '-c',
        [
          'import csv, json, sys',
          'lines = sys.stdin.read().lstrip("\\ufeff").splitlines()',
          'rows = list(csv.DictReader([l for l in lines if not l.startswith("#")], delimiter=";"))',
          'print(json.dumps({r["week"]: [r["payments_dkk"], r["ledger_entry_ids"]] for r in rows if r["week"].startswith("claims_") or r["week"] == "total"}))',
        ].join('\n'),
      ],
      { input: csvRead.body, encoding: 'utf8' },
    );
    expect(parsed.status, parsed.stderr).toBe(0);
    const csvRows = JSON.parse(parsed.stdout) as Record<string, [string, string]>;
    const sorted = (ids: string) => ids.split(' ').filter(Boolean).sort();
    for (const [row, status] of [
      ['claims_approved', 'APPROVED'],
      ['claims_pending', 'PENDING'],
      ['claims_rejected', 'REJECTED'],
    ] as const) {
      expect(ore(csvRows[row]![0]), row).toBe(sumOf(status));
      expect(sorted(csvRows[row]![1]), row).toEqual(idsOf(status).sort());
    }
    expect(ore(csvRows.total![0])).toBe(sumOf('APPROVED'));

    // And in the INDIGO export: the outcome payments made are the approved entries; every entry is a transaction.
    const indigoRead = await call('GET', `/api/cohorts/${COHORT}/report?municipality=${AALBORG}&format=indigo`, caseworker());
    expect(indigoRead.statusCode, indigoRead.body).toBe(200);
    const indigo = JSON.parse(indigoRead.body) as {
      overall_project_finance: { total_outcome_payments_made: { amount: { value: number } } };
      outcome_payments: { money: { amount: { value: number } } }[];
      transactions: { transaction_type: { value: string }; money: { amount: { value: number } } }[];
    };
    const toOre = (dkk: number) => BigInt(Math.round(dkk * 100));
    expect(toOre(indigo.overall_project_finance.total_outcome_payments_made.amount.value)).toBe(sumOf('APPROVED'));
    expect(indigo.outcome_payments.reduce((sum, p) => sum + toOre(p.money.amount.value), 0n)).toBe(sumOf('APPROVED'));
    expect(indigo.transactions).toHaveLength(ledger.length);
    expect(
      indigo.transactions
        .filter((t) => t.transaction_type.value === 'Outcome Payment')
        .reduce((sum, t) => sum + toOre(t.money.amount.value), 0n),
    ).toBe(sumOf('APPROVED'));
  }, 600_000);
});
