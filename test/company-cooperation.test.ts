// The light company track of a programme without an accelerator, end to end on the time-skipping
// server through the doors its people use: the shipped housing cohort file started by the CLI as
// typed; a company's opening registered by its own API token and a resident placed by the CLI start
// the companies' cooperations; the follow-up check as received in the mail sink, its link opened and
// posted with a problem as a browser posts it; the employment actor's mail at once, its reminder and
// the steering contact's escalation after the programme's working days; a report by the CLI
// acknowledged by the CLI, so nothing follows it; bad input that changes nothing; and the report's
// companies target counted from the cooperations.
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import { companyCooperationWorkflowId, type CooperationSummary } from '../contracts/index.js';
import { addWeeks, addWorkingDays, nextWorkingDay, type LocalDate } from '../domain/calendar.js';
import { postForm } from './support/browser-form.js';
import { cliEnv, runCli, type CliRun } from './support/cli.js';
import { saveHistoryChain } from './support/histories.js';
import { startStackWithApi, type StackWithApi } from './support/stack-with-api.js';
import { TEST_CONFIG, type Harness } from './support/temporal.js';

const FILE = 'cohorts/boligjob-viborg-silkeborg-2021.yaml';
const COHORT = 'boligjob-viborg-silkeborg-2021';
const PROGRAMME = 'housing-job-match';
const VIBORG = `${COHORT}-791`;
const HAWA = `${COHORT}-beboer-silkeborg-1`;
const ERIK = { cvr: '91000008', email: 'erik@ejendomsservice-viborg.example.dk' };
const MAJA = { cvr: '91000016', email: 'maja@maler-viborg.example.dk' };
const GUSTAV = { cvr: '91000024', email: 'gustav@groen-pleje.example.dk' };
const VIBEKE = 'vibeke@jobcenter-viborg.example.dk';
const STEERING = 'styregruppe@viborg.example.dk';
const PROBLEM = 'Lærlingen er ikke mødt op i tre dage, og vi kan ikke få fat i ham';

describe('company cooperation without an accelerator: follow-up checks and problems answered fast, through the doors', () => {
  let stack: StackWithApi | undefined;
  let h: Harness;
  let app: FastifyInstance;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(env, args);
  const json = <T = Record<string, unknown>>(r: CliRun): T => JSON.parse(r.stdout) as T;
  const token = (role: Principal['role'], scope: Principal['scope'], sub = `${role}@example.dk`) =>
    issueToken(TEST_CONFIG.LINK_SECRET, { sub, role, scope }, 3600);
  const coordinator = () => token('coordinator', { programmeIds: [PROGRAMME] }, 'koordinator@boligjob.example.dk');
  const call = (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
  const form = (url: string, fields: Record<string, string>) => postForm(app, url, fields);
  const mailTo = async (to: string, subject: RegExp) => {
    await h.mail.waitFor(() => h.mail.to(to).some((m) => subject.test(m.parsed.subject ?? '')), 60_000);
    return simpleParser(h.mail.to(to).find((m) => subject.test(m.parsed.subject ?? ''))!.raw);
  };
  const count = (to: string, subject: RegExp) => h.mail.to(to).filter((m) => subject.test(m.parsed.subject ?? '')).length;
  const cooperation = async (cvr: string, until: (s: CooperationSummary) => boolean = () => true) => {
    let found: CooperationSummary | undefined;
    await expect
      .poll(
        async () => {
          const row = await h.db.companyCooperation.findFirst({ where: { cohortId: COHORT, company: { cvr } } });
          found = (row?.summary ?? undefined) as CooperationSummary | undefined;
          return found !== undefined && until(found);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    return found!;
  };
  /** The problem reports in a person's work queue, as `<trackKind> <CVR> <reportId>`. */
  const reportsInQueue = async (bearer: string) => {
    const res = await call('GET', `/api/work-queue?cohort=${COHORT}&limit=1000`, bearer);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { kind: string; trackKind: string; cvr: string; reportId: string; cohortId: string }[] };
    return page.items.filter((i) => i.kind === 'PROBLEM_REPORT').map((i) => `${i.trackKind} ${i.cvr} ${i.reportId} ${i.cohortId}`);
  };
  const nothingStored = async () => ({
    cooperations: await h.db.companyCooperation.count(),
    reports: await h.db.auditLog.count({ where: { action: 'company.problem-report' } }),
    texts: await h.db.freeText.count(),
  });

  beforeAll(async () => {
    stack = await startStackWithApi();
    ({ h, app } = stack);
    env = cliEnv(h);
  });
  afterAll(() => stack?.close());

  it('starts cooperations from an opening and a placement, asks the follow-up, takes a problem by its link, reminds, escalates, stops on acknowledgement and counts the companies', async () => {
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const started = await cli('--json', 'cohort', 'start', FILE, '--year', String(year));
    expect(started.code, started.stderr).toBe(0);
    const startsOn = (await h.db.participantTrack.findUniqueOrThrow({ where: { id: HAWA } })).startedOn.toISOString().slice(0, 10);
    await h.sleepUntilDate(addWorkingDays(startsOn, 2));

    // ── bad input changes nothing ────────────────────────────────────────────────────────────────
    const before = await nothingStored();
    const unknown = await cli('--json', 'company', 'report-problem', COHORT, '99999999', '--description', 'Noget gik galt');
    expect(unknown.code).toBe(4);
    expect(json(unknown)).toMatchObject({ error: { field: 'cvr' } });
    const blank = await call('POST', `/api/companies/${ERIK.cvr}/problems`, token('company', { cvr: ERIK.cvr }), {
      cohortId: COHORT,
      description: '    ',
    });
    expect(blank.statusCode, blank.body).toBe(400);
    expect(blank.json()).toMatchObject({ error: 'INVALID_INPUT', field: 'description' });
    const elsewhere = await cli('--json', 'company', 'cooperate', 'klynge-1-2019', ERIK.cvr);
    expect(elsewhere.code).toBe(4);
    expect(await nothingStored()).toEqual(before);

    // ── an opening registered by the company's own token starts its cooperation ──────────────────
    const registered = await call('POST', `/api/cohorts/${COHORT}/job-openings`, token('company', { cvr: ERIK.cvr }), {
      cvr: ERIK.cvr,
      kind: 'APPRENTICESHIP',
      title: 'Elev, ejendomsservice',
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const openedOn = await h.today();
    const erik = await cooperation(ERIK.cvr, (s) => s.openings === 1);
    expect(erik).toMatchObject({ status: 'ACTIVE', cause: 'JOB_OPENING', startedOn: openedOn, openProblems: 0 });
    const erikRow = await h.db.companyCooperation.findFirstOrThrow({ where: { company: { cvr: ERIK.cvr } } });
    expect(erikRow).toMatchObject({ partnershipId: VIBORG, workflowId: companyCooperationWorkflowId(VIBORG, ERIK.cvr) });
    // Starting it by hand again answers the running one.
    const again = await cli('--json', 'company', 'cooperate', COHORT, ERIK.cvr);
    expect(again.code, again.stderr).toBe(0);
    expect(json(again)).toMatchObject({ id: erikRow.id, cause: 'JOB_OPENING', status: 'ACTIVE' });

    // ── a resident placed by the CLI starts Gustav's ─────────────────────────────────────────────
    const support = await cli(
      '--json',
      'staff',
      'add',
      '--cohort',
      COHORT,
      '--municipality',
      '740',
      '--name',
      'Sara Støtte',
      '--email',
      'sara@jobcenter-silkeborg.example.dk',
      '--role',
      'support-person',
    );
    expect(support.code, support.stderr).toBe(0);
    const supportId = json<{ id: string }>(support).id;
    const placed = await cli('--json', 'place', 'participant', HAWA, '--company', GUSTAV.cvr, '--support-person', supportId);
    expect(placed.code, placed.stderr).toBe(0);
    expect(await cooperation(GUSTAV.cvr, (s) => s.placements === 1)).toMatchObject({ cause: 'PLACEMENT' });

    // ── the follow-up check, as received, answered with a problem by its link ─────────────────────
    const checkOn: LocalDate = nextWorkingDay(addWeeks(openedOn, 3));
    expect(erik.checks[0]).toMatchObject({ checkNo: 1, reason: 'START', dueOn: checkOn });
    await h.sleepUntilDate(checkOn);
    const check = await mailTo(ERIK.email, /hvordan går samarbejdet/);
    const url = /Svar her: (\S+)/.exec(check.text ?? '')?.[1];
    expect(url, check.text).toMatch(/^http:\/\/127\.0\.0\.1:3000\/rsvp\/samarbejde\/[^/?]+$/);
    expect(check.replyTo?.text).toContain(VIBEKE);
    const link = new URL(url!).pathname;
    const opened = await app.inject({ method: 'GET', url: link });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Der er et problem');
    // Opening it records nothing; a tampered link and a problem without words record nothing either.
    const tampered = await form(
      link.replace(/.(?=$)/, (c) => (c === 'A' ? 'B' : 'A')),
      { answer: 'PROBLEM', description: PROBLEM },
    );
    expect(tampered.statusCode).toBe(403);
    const wordless = await form(link, { answer: 'PROBLEM', description: '' });
    expect(wordless.statusCode).toBe(400);
    expect(wordless.body).toContain('Beskriv problemet');
    // A form the answer refuses gets a Danish page in the browser, never the API's JSON, and records nothing.
    for (const refused of [{ answer: 'MÅSKE' }, { answer: 'PROBLEM', description: 'x'.repeat(4001) }] as Record<string, string>[]) {
      const page = await form(link, refused);
      expect(page.statusCode).toBe(400);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('<html lang="da">');
      expect(page.body).toContain('Intet er gemt');
    }
    expect(await h.db.auditLog.count({ where: { action: 'company.problem-report' } })).toBe(0);
    expect((await app.inject({ method: 'GET', url: link })).body).toContain('Der er et problem');
    const answered = await form(link, { answer: 'PROBLEM', description: PROBLEM });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.body).toContain('har fået beskeden nu');
    expect((await app.inject({ method: 'GET', url: link })).body).toContain('Allerede besvaret');
    expect((await form(link, { answer: 'WELL' })).statusCode).toBe(409);

    // ── the employment actor hears at once; unacknowledged, it is reminded, then the steering contact is told ──
    const report = await mailTo(VIBEKE, /Problem meldt af Eksempel Ejendomsservice/);
    expect(report.text).toContain(PROBLEM);
    const reported = await cooperation(ERIK.cvr, (s) => s.problems.length === 1);
    const problem = reported.problems[0]!;
    // Unacknowledged, it is in the work queue of the programme's coordinator and of the operators, with
    // what the acknowledgement needs (the company's CVR, the report, the cohort); not in other programmes'.
    const inQueue = [`cooperation ${ERIK.cvr} ${problem.reportId} ${COHORT}`];
    expect(await reportsInQueue(coordinator())).toEqual(inQueue);
    expect(await reportsInQueue(token('operator', {}))).toEqual(inQueue);
    expect(await reportsInQueue(token('coordinator', { programmeIds: ['growth-partnership-2019'] }))).toEqual([]);
    expect(problem).toMatchObject({
      reportedOn: checkOn,
      checkNo: 1,
      answerBy: addWorkingDays(checkOn, 1),
      escalateOn: addWorkingDays(checkOn, 2),
    });
    expect(reported.checks[0]).toMatchObject({ answer: 'PROBLEM' });
    expect(count(VIBEKE, /Påmindelse/)).toBe(0);
    await h.sleepUntilDate(problem.answerBy);
    expect((await mailTo(VIBEKE, /Påmindelse: problem meldt af Eksempel Ejendomsservice/)).text).toContain(PROBLEM);
    expect(count(STEERING, /Ikke bekræftet/)).toBe(0);
    await h.sleepUntilDate(problem.escalateOn);
    const escalation = await mailTo(STEERING, /Ikke bekræftet: problem meldt af Eksempel Ejendomsservice/);
    expect(escalation.text).toContain(PROBLEM);
    // The coordinator acknowledges it through the API; a second acknowledgement is refused.
    const ack = await call('POST', `/api/companies/${ERIK.cvr}/problems/${problem.reportId}/acknowledge`, coordinator(), {
      cohortId: COHORT,
    });
    expect(ack.statusCode, ack.body).toBe(200);
    const ackAgain = await call('POST', `/api/companies/${ERIK.cvr}/problems/${problem.reportId}/acknowledge`, coordinator(), {
      cohortId: COHORT,
    });
    expect(ackAgain.statusCode).toBe(409);
    expect(await cooperation(ERIK.cvr, (s) => s.openProblems === 0)).toMatchObject({ openProblems: 0 });
    // Acknowledged, it leaves the queue.
    expect(await reportsInQueue(coordinator())).toEqual([]);
    expect(await reportsInQueue(token('operator', {}))).toEqual([]);

    // ── a problem reported by the CLI for a company not cooperating yet, acknowledged by the CLI: nothing follows ──
    const byCli = await cli('--json', 'company', 'report-problem', COHORT, MAJA.cvr, '--description', 'Svendens nøgler er væk');
    expect(byCli.code, byCli.stderr).toBe(0);
    const { reportId } = json<{ reportId: string }>(byCli);
    await mailTo(VIBEKE, /Problem meldt af Eksempel Malerfirma/);
    const maja = await cooperation(MAJA.cvr, (s) => s.problems.length === 1);
    expect(maja).toMatchObject({ cause: 'PROBLEM_REPORT' });
    const acknowledged = await cli('--json', 'company', 'acknowledge-problem', COHORT, MAJA.cvr, reportId);
    expect(acknowledged.code, acknowledged.stderr).toBe(0);
    expect((await cli('--json', 'company', 'acknowledge-problem', COHORT, MAJA.cvr, reportId)).code).toBe(5);
    expect((await cli('--json', 'company', 'acknowledge-problem', COHORT, MAJA.cvr, '424242')).code).toBe(4);
    await h.sleepUntilDate(addWorkingDays(maja.problems[0]!.escalateOn, 1));
    expect(count(VIBEKE, /Påmindelse: problem meldt af Eksempel Malerfirma/)).toBe(0);
    expect(count(STEERING, /Ikke bekræftet: problem meldt af Eksempel Malerfirma/)).toBe(0);

    // ── Gustav's cooperation ends by the CLI; the list shows all three ─────────────────────────────
    const ended = await cli('--json', 'company', 'end-cooperation', COHORT, GUSTAV.cvr);
    expect(ended.code, ended.stderr).toBe(0);
    expect(json(ended)).toMatchObject({ status: 'ENDED' });
    const listed = await call('GET', `/api/cohorts/${COHORT}/cooperations`, coordinator());
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as Array<{ cvr: string; cause: string; status: string }>).map((c) => [c.cvr, c.cause, c.status])).toEqual([
      [ERIK.cvr, 'JOB_OPENING', 'ACTIVE'],
      [MAJA.cvr, 'PROBLEM_REPORT', 'ACTIVE'],
      [GUSTAV.cvr, 'PLACEMENT', 'ENDED'],
    ]);

    // A problem Gustav reports later begins its ended cooperation again: a new run, projected above the last.
    const later = await call('POST', `/api/companies/${GUSTAV.cvr}/problems`, token('company', { cvr: GUSTAV.cvr }), {
      cohortId: COHORT,
      description: 'Græsslåmaskinen er gået i stykker under oplæringen',
    });
    expect(later.statusCode, later.body).toBe(201);
    await mailTo('sune@jobcenter-silkeborg.example.dk', /Problem meldt af Eksempel Grøn Pleje/);
    expect(await cooperation(GUSTAV.cvr, (s) => s.status === 'ACTIVE' && s.problems.length === 1)).toMatchObject({ openProblems: 1 });

    // ── the report counts the companies cooperated with ──────────────────────────────────────────
    const read = await cli('--json', 'report', '--cohort', COHORT, '--format', 'json');
    expect(read.code, read.stderr).toBe(0);
    const r = json<{ targets: Array<{ id: string; achieved: number; target: number }>; totals: { companies: number } }>(read);
    expect(r.targets.find((t) => t.id === 'companies')).toMatchObject({ achieved: 3, target: 60 });
    const viborg = json<{ targets: Array<{ id: string; achieved: number }> }>(
      await cli('--json', 'report', '--cohort', COHORT, '--municipality', '791', '--format', 'json'),
    );
    expect(viborg.targets.find((t) => t.id === 'companies')).toMatchObject({ achieved: 2 });

    // ── no personal data in the history (recorded for the replay test with RECORD_HISTORIES=1) ─────
    const handle = h.env.client.workflow.getHandle(companyCooperationWorkflowId(VIBORG, ERIK.cvr));
    const history = JSON.stringify(await handle.fetchHistory());
    for (const personal of [PROBLEM.slice(0, 20), 'Eksempel Ejendomsservice', 'example.dk']) expect(history).not.toContain(personal);
    await saveHistoryChain(h.env.client, handle.workflowId, (await handle.describe()).runId, 'problem-escalated', 'company-cooperation');
  }, 600_000);
});
