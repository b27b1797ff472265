// The coordinator CLI as a real subprocess (`node bin/dobbeltspor.js …`, as `npx dobbeltspor` runs it)
// against the real stack: this file's time-skipping Temporal server, its PostgreSQL database and a
// worker with the real activities, all reached through the environment (TEMPORAL_ADDRESS, DATABASE_URL).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addWeeks, holidaysOf, localDateAt, mondayOf } from '../domain/calendar.js';
import { readFileSync } from 'node:fs';
import { TRACK_OUTCOME_KINDS as CLI_OUTCOME_KINDS } from '../client/cli/commands/participant.js';
import { REPORT_FORMATS as CLI_REPORT_FORMATS } from '../client/cli/commands/report.js';
import { REPORT_FORMATS } from '../client/operations/reports.js';
import { TRACK_OUTCOME_KINDS } from '../contracts/index.js';
import { createHarness, type Harness } from './support/temporal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/dobbeltspor.js');
const COHORT = 'klynge-1-2019';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('coordinator CLI against the real stack', () => {
  let h: Harness;
  let dir: string;
  let year: number;
  let env: NodeJS.ProcessEnv;
  /** The participant the CLI registers, enrols, places and hires. */
  let cliParticipant = '';

  const cli = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  const json = <T = Record<string, unknown>>(r: Run): T => JSON.parse(r.stdout) as T;

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    dir = await mkdtemp(join(tmpdir(), 'dobbeltspor-cli-'));
    year = Number(localDateAt(Number(await h.env.currentTimeMs())).slice(0, 4)) + 1;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: h.env.address,
      TEMPORAL_NAMESPACE: 'default',
      TASK_QUEUE: h.taskQueue,
      DATABASE_URL: h.database.url,
      NO_COLOR: '1',
    };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await h?.close();
  });

  it("the choices the CLI offers without loading the operations are the operations' own", () => {
    expect([...CLI_OUTCOME_KINDS]).toEqual([...TRACK_OUTCOME_KINDS]);
    expect([...CLI_REPORT_FORMATS]).toEqual([...REPORT_FORMATS]);
  });

  it('--help on the program and on every command', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const c of ['programme', 'cohort', 'enrol', 'place', 'record', 'select', 'camp', 'pause', 'resume', 'report'])
      expect(top.stdout).toContain(c);
    expect(top.stdout).toContain('Exit codes');
    const sub = await cli('record', 'outcome', '--help');
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--evidence <ref>');
    expect(sub.stdout).toContain('"ORDINARY_JOB"');
  });

  it('programme validate: a template and a cohort file are valid (exit 0)', async () => {
    const p = await cli('programme', 'validate', 'programmes/business-training.yaml');
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('business-training is a valid programme template (BUSINESS_TRAINING, version 1)');
    const c = await cli('--json', 'programme', 'validate', 'cohorts/klynge-2-2020.yaml');
    expect(c.code).toBe(0);
    expect(json(c)).toMatchObject({ valid: true, kind: 'cohort', id: 'klynge-2-2020', programme: 'growth-partnership-2019', slots: 9 });
  });

  it('programme validate: an invalid file lists every problem with line:column and path (exit 3), also as JSON', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      `id: bad-cohort
name: Bad
programme: growth-partnership-2019
year: 2019
municipalities:
  - { code: "621", name: Kolding, slots: 1 }
partnerships:
  - municipality: "621"
    employmentActor: { id: ea-x, name: X, contact: { name: X, email: x@x.example.dk } }
    companies:
      - cvr: "12345678"
        name: Wrong ApS
        contact: { name: Y, email: y@y.example.dk }
`,
    );
    const human = await cli('programme', 'validate', file);
    expect(human.code).toBe(3);
    expect(human.stderr).toContain(`${file}:11:14  partnerships[0].companies[0].cvr: not a valid CVR number (the modulus-11 check fails)`);
    const machine = await cli('--json', 'programme', 'validate', file);
    expect(machine.code).toBe(3);
    expect(json(machine)).toMatchObject({
      exitCode: 3,
      error: {
        code: 'INVALID_FILE',
        field: 'partnerships[0].companies[0].cvr',
        issues: [{ path: 'partnerships[0].companies[0].cvr', line: 11, column: 14 }],
      },
    });
  });

  it('cohort start writes the cohort and starts its workflow; a second start is refused (exit 5)', async () => {
    const first = await cli('--json', 'cohort', 'start', 'cohorts/klynge-1-2019.yaml', '--year', String(year));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(json(first)).toMatchObject({
      cohortId: COHORT,
      workflowId: `cohort-${COHORT}`,
      municipalities: 6,
      companies: 10,
      participantsImported: 2,
      companyTracks: 10,
      participantTracks: 2,
    });
    expect(await h.db.partnership.count({ where: { cohortId: COHORT } })).toBe(6);

    const again = await cli('cohort', 'start', 'cohorts/klynge-1-2019.yaml', '--year', String(year));
    expect(again.code).toBe(5);
    expect(again.stderr).toContain(`cohort ${COHORT} has already been started`);
  });

  it('cohort start shows its progress to people', async () => {
    const r = await cli('cohort', 'start', 'cohorts/klynge-2-2020.yaml', '--year', String(year), '--no-wait');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('… validating cohorts/klynge-2-2020.yaml');
    expect(r.stderr).toContain('… starting the cohort workflow cohort-klynge-2-2020');
    expect(r.stdout).toContain('✔ cohort klynge-2-2020 started (workflow cohort-klynge-2-2020)');
  });

  it('cohort status, as a table and as JSON', async () => {
    const human = await cli('cohort', 'status', COHORT);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Klynge 1-2019 \(klynge-1-2019\)\s+RUNNING/);
    expect(human.stdout).toContain('Ikast-Brande');
    const machine = json<{ status: string; municipalities: unknown[]; summary: { companyTracks: string[] } }>(
      await cli('--json', 'cohort', 'status', COHORT),
    );
    expect(machine.status).toBe('RUNNING');
    expect(machine.municipalities).toHaveLength(6);
    expect(machine.summary.companyTracks).toHaveLength(10);
    const missing = await cli('cohort', 'status', 'no-such-cohort');
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('no cohort with id no-such-cohort');
  });

  it('enrol participant, place participant and record outcome, with refusals named by field', async () => {
    const registered = await cli(
      '--json',
      'participant',
      'register',
      '--programme',
      'growth-partnership-2019',
      '--given-name',
      'Dorte',
      '--family-name',
      'Testesen',
      '--municipality',
      '740',
      '--referred-on',
      `${year}-01-05`,
    );
    expect(registered.code, registered.stderr).toBe(0);
    cliParticipant = json<{ id: string }>(registered).id;
    const addedStaff = await cli(
      '--json',
      'staff',
      'add',
      '--actor',
      'ea-silkeborg',
      '--name',
      'Susi Støtte',
      '--email',
      'susi@socialokonomi-silkeborg.example.dk',
      '--role',
      'support-person',
    );
    expect(addedStaff.code, addedStaff.stderr).toBe(0);
    const supportPerson = json<{ id: string }>(addedStaff);

    const enrolled = await cli(
      '--json',
      'enrol',
      'participant',
      '--cohort',
      COHORT,
      '--participant',
      cliParticipant,
      '--municipality',
      '740',
    );
    expect(enrolled.code).toBe(0);
    const { trackId } = json<{ trackId: string }>(enrolled);
    expect(trackId).toBe(`${COHORT}-${cliParticipant}`);
    const twice = await cli('enrol', 'participant', '--cohort', COHORT, '--participant', cliParticipant, '--municipality', '740');
    expect(twice.code).toBe(5);

    const noSupport = await cli('--json', 'place', 'participant', trackId, '--company', '90003704');
    expect(noSupport.code).toBe(5);
    expect(json(noSupport)).toMatchObject({ error: { field: 'supportPersonId' } });
    const placed = await cli('place', 'participant', trackId, '--company', '90003704', '--support-person', supportPerson.id);
    expect(placed.code).toBe(0);
    expect(placed.stdout).toContain(`placed ${trackId} at 90003704`);
    const company = await h.db.company.findUniqueOrThrow({ where: { cvr: '90003704' } });
    expect((await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } })).placementCompanyId).toBe(company.id);

    const today = localDateAt(Number(await h.env.currentTimeMs()));
    // Attendance: --absent needs no --hours; a day other than Monday names the Monday; a week ahead is refused.
    const monday = mondayOf(today);
    const absent = await cli('record', 'attendance', trackId, '--week', monday, '--absent');
    expect(absent.code, absent.stderr).toBe(0);
    expect(absent.stdout).toContain(`attendance for the week of ${monday} recorded on ${trackId} (absent)`);
    expect(await h.db.attendance.findFirst({ where: { participantTrackId: trackId } })).toMatchObject({ present: false });
    expect(Number((await h.db.attendance.findFirstOrThrow({ where: { participantTrackId: trackId } })).hours)).toBe(0);
    const wednesday = addDays(monday, 2);
    const notMonday = await cli('record', 'attendance', trackId, '--week', wednesday, '--hours', '10');
    expect(notMonday.code).toBe(2);
    expect(notMonday.stderr).toContain(`${wednesday} is a Wednesday; the week starts Monday ${monday}`);
    const yearAhead = await cli('--json', 'record', 'attendance', trackId, '--week', addWeeks(monday, 52), '--hours', '10');
    expect(yearAhead.code).toBe(3);
    expect(json(yearAhead)).toMatchObject({
      error: { field: 'weekStart', message: expect.stringContaining(`the week of ${addWeeks(monday, 52)} has not started yet`) },
    });
    const neither = await cli('record', 'attendance', trackId, '--week', monday);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('give --hours <n>, or --absent');
    expect(await h.db.attendance.count({ where: { participantTrackId: trackId } })).toBe(1);

    // The kind in any case, with - or _.
    const outcome = await cli(
      '--json',
      'record',
      'outcome',
      trackId,
      '--kind',
      'ordinary_job',
      '--on',
      today,
      '--evidence',
      'kontrakt-2027-001',
    );
    expect(outcome.code, outcome.stderr).toBe(0);
    const summary = json<{ outcomes: Array<{ kind: string; amountOre: string }> }>(outcome);
    expect(summary.outcomes).toEqual([expect.objectContaining({ kind: 'ORDINARY_JOB', amountOre: '4000000' })]);
    expect(await h.db.outcome.count({ where: { participantTrackId: trackId } })).toBe(1);
    expect((await h.db.ledgerEntry.aggregate({ where: { cohortId: COHORT }, _sum: { amountOre: true } }))._sum.amountOre).toBe(4_000_000n);

    // Outcomes follow one another, but the same one twice is refused naming the field (a retried command charges nothing twice).
    const second = await cli('record', 'outcome', trackId, '--kind', 'Ordinary-Job', '--on', today, '--evidence', 'kontrakt-igen');
    expect(second.code).toBe(5);
    expect(second.stderr).toContain(`ORDINARY_JOB on ${today} is recorded already`);
    expect(await h.db.outcome.count({ where: { participantTrackId: trackId } })).toBe(1);

    // The payer's check: the claim awaits the municipality; approved once, a second decision is refused.
    const pending = await cli('--json', 'claims', 'list');
    expect(pending.code, pending.stderr).toBe(0);
    const claim = json<{ claims: Array<{ outcomeId: string; participantTrackId: string; status: string; amountDkk: string }> }>(
      pending,
    ).claims.find((c) => c.participantTrackId === trackId)!;
    expect(claim).toMatchObject({ status: 'PENDING', amountDkk: '40000.00' });
    expect((await cli('claims', 'reject', claim.outcomeId)).code).toBe(2);
    const approve = await cli('claims', 'approve', claim.outcomeId);
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain(`claim ${claim.outcomeId} approved: 40000.00 DKK`);
    const again = await cli('claims', 'reject', claim.outcomeId, '--reason', 'for sent');
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('approved already');
    expect(await h.db.claimDecision.count({ where: { outcomeId: claim.outcomeId, decision: 'APPROVED' } })).toBe(1);
    // Each command is a process of its own (as typed): on a loaded machine a run of them takes minutes.
  }, 300_000);

  it("--version, and the lists a coordinator looks ids up in: cohorts, a cohort's companies by CVR, tracks", async () => {
    const version = await cli('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);

    const cohorts = await cli('cohort', 'list');
    expect(cohorts.code, cohorts.stderr).toBe(0);
    expect(cohorts.stdout).toMatch(new RegExp(`${COHORT}\\s+Klynge 1-2019\\s+${year}\\s+RUNNING`));
    expect(json<Array<{ id: string }>>(await cli('--json', 'cohort', 'list')).map((c) => c.id)).toEqual(
      expect.arrayContaining([COHORT, 'klynge-2-2020']),
    );

    const companies = await cli('--json', 'company', 'list', '--cohort', COHORT);
    expect(companies.code, companies.stderr).toBe(0);
    const rows = json<Array<{ cvr: string; municipalityName: string }>>(companies);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.cvr)).toContain('90003704');
    expect((await cli('company', 'list', '--cohort', COHORT)).stdout).toMatch(/90003704\s+\S/);
    const noCohort = await cli('company', 'list', '--cohort', 'no-such-cohort');
    expect(noCohort.code).toBe(4);
    expect(noCohort.stderr).toContain('no cohort with id no-such-cohort');

    const tracks = json<Array<{ id: string; kind: string }>>(await cli('--json', 'track', 'list', '--cohort', COHORT));
    expect(tracks.map((t) => t.id)).toContain(`${COHORT}-${cliParticipant}`);
    const companyTracks = json<Array<{ kind: string }>>(await cli('--json', 'track', 'list', '--cohort', COHORT, '--kind', 'Company'));
    expect(companyTracks).toHaveLength(10);
    expect((await cli('track', 'list', '--cohort', COHORT)).stdout).toContain(`${COHORT}-${cliParticipant}`);

    // The report without --municipality covers the whole cohort, a line per municipality.
    const whole = await cli('--json', 'report', '--cohort', COHORT);
    expect(whole.code, whole.stderr).toBe(0);
    expect(json<{ generatedFor: { municipalityCode: string | null }; byMunicipality: unknown[] }>(whole)).toMatchObject({
      generatedFor: { municipalityCode: null },
      byMunicipality: expect.any(Array),
    });
    expect(json<{ byMunicipality: unknown[] }>(whole).byMunicipality).toHaveLength(6);
    // The cluster's 9 companies are judged for the cohort; each municipality shows its contribution.
    type Target = { id: string; target: number; met: boolean | null; contribution: boolean };
    const wholeReport = json<{ targets: Target[]; byMunicipality: { targets: Target[] }[] }>(whole);
    expect(wholeReport.targets.find((t) => t.id === 'companies')).toMatchObject({
      target: 9,
      contribution: false,
      met: expect.any(Boolean),
    });
    expect(wholeReport.byMunicipality.map((m) => m.targets.find((t) => t.id === 'companies')?.met)).toEqual(Array(6).fill(null));
    // Each command is a process of its own (as typed): on a loaded machine a run of them takes minutes.
  }, 300_000);

  it('select companies, camp move and cancel, pause and resume the cohort, report', async () => {
    await h.mail.waitFor(() => h.mail.to('carl@cafe-limfjorden.example.dk').length > 0, 60_000);
    // All or nothing (before, the CLI made the decisions it could and listed the refused one): Aalborg's two slots refuse three.
    const tooMany = await cli('--json', 'select', 'companies', COHORT, '90000004', '90000373', '90000748', '--not', '90001116');
    expect(tooMany.code).toBe(5);
    expect(json(tooMany)).toMatchObject({
      error: { code: 'SLOTS_EXCEEDED', field: 'selected', message: expect.stringContaining('municipality 851 has 2 accelerator slot(s)') },
    });
    expect(await h.db.companyTrack.count({ where: { cohortId: COHORT, phase: { in: ['ACCELERATOR', 'NOT_SELECTED'] } } })).toBe(0);
    const selected = await cli('select', 'companies', COHORT, '90000004', '90000373', '--not', '90001116');
    expect(selected.code).toBe(0);
    expect(selected.stdout).toMatch(/90000004\s+selected\s+ACCELERATOR/);
    expect(selected.stdout).toMatch(/90001116\s+not selected\s+NOT_SELECTED/);
    expect(selected.stdout).toContain('municipality 851: 2 of 2 accelerator slot(s) taken');

    const status = json<{ camps: Array<{ id: string; kind: string; startsOn: string }> }>(await cli('--json', 'cohort', 'status', COHORT));
    const camp = status.camps.find((c) => c.kind === 'CAMP')!;
    const moved = await cli('camp', 'move', camp.id, `${year + 1}-03-02`);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(`camp ${camp.id} moved to ${year + 1}-03-02 (sequence 1)`);
    // A holiday is refused by name, before anything is sent to the cohort.
    const ascension = [...holidaysOf(year + 1)].find(([, name]) => name === 'Kristi Himmelfartsdag')![0];
    const holiday = await cli('--json', 'camp', 'move', camp.id, ascension);
    expect(holiday.code).toBe(3);
    expect(json(holiday)).toMatchObject({
      error: { field: 'toDate', message: expect.stringContaining(`${ascension} is Kristi Himmelfartsdag`) },
    });
    const cancelled = await cli('--json', 'camp', 'cancel', camp.id);
    expect(cancelled.code).toBe(0);
    expect(json(cancelled)).toMatchObject({ id: camp.id, status: 'CANCELLED', sequence: 2 });
    expect((await cli('camp', 'cancel', 'no-such-camp')).code).toBe(4);

    const paused = await cli('pause', 'cohort', COHORT, '--reason', 'nedlukning');
    expect(paused.code).toBe(0);
    expect((await h.db.cohort.findUniqueOrThrow({ where: { id: COHORT } })).status).toBe('PAUSED');
    expect((await cli('resume', 'cohort', COHORT)).code).toBe(0);
    expect((await h.db.cohort.findUniqueOrThrow({ where: { id: COHORT } })).status).toBe('RUNNING');

    // One company alone: its own pause, refused a second resume; an unknown CVR is not found.
    const companyPaused = await cli('pause', 'company', COHORT, '90000004', '--reason', 'ejerskifte');
    expect(companyPaused.code, companyPaused.stderr).toBe(0);
    expect(companyPaused.stdout).toContain(`company 90000004 paused in ${COHORT}: ACCELERATOR (paused)`);
    const companyResumed = await cli('--json', 'resume', 'company', COHORT, '90000004');
    expect(companyResumed.code).toBe(0);
    expect(json(companyResumed)).toMatchObject({ phase: 'ACCELERATOR', paused: false, pauseReasons: [] });
    const notPaused = await cli('--json', 'resume', 'company', COHORT, '90000004');
    expect(notPaused.code).toBe(5);
    expect(json(notPaused)).toMatchObject({ error: { code: 'INVALID_STATE', field: 'trackId', message: 'the track is not paused' } });
    expect((await cli('pause', 'company', COHORT, '99999999', '--reason', 'ukendt')).code).toBe(4);

    const report = await cli('report', '--cohort', COHORT, '--municipality', '740', '--format', 'csv');
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^\uFEFF# Silkeborg, Klynge 1-2019, to date/);
    expect(report.stdout).toContain('week;starts_on;realised;payments_dkk');
    expect(report.stdout).toContain('ORDINARY_JOB:1');
    // Each command is a process of its own (as typed): on a loaded machine a run of them takes minutes.
  }, 300_000);

  it('usage errors exit 2, unknown tracks exit 4, unreachable Temporal exits 6', async () => {
    const unknownCommand = await cli('frobnicate');
    expect(unknownCommand.code).toBe(2);
    const badDate = await cli('record', 'outcome', 'x', '--kind', 'ORDINARY_JOB', '--on', '2027-02-30', '--evidence', 'e');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('"2027-02-30" is not a calendar date');
    const badKind = await cli('record', 'outcome', 'x', '--kind', 'LOTTERY', '--on', '2027-02-03', '--evidence', 'e');
    expect(badKind.code).toBe(2);
    const noTrack = await cli('--json', 'record', 'attendance', 'no-such-track', '--week', '2026-02-02', '--hours', '10');
    expect(noTrack.code).toBe(4);
    expect(json(noTrack)).toMatchObject({ error: { code: 'NOT_FOUND', field: 'trackId' } });
    const saved = env;
    env = { ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' };
    try {
      const down = await cli('cohort', 'status', COHORT);
      expect(down.code).toBe(6);
      expect(down.stderr).toContain('cannot reach Temporal at 127.0.0.1:1');
    } finally {
      env = saved;
    }
  });
});
