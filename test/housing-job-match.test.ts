// The housing job-match programme end to end on the time-skipping server, through the doors its people
// use: the shipped cohort file started by the CLI as typed, the job consultant registered by the CLI,
// the company's link mailed by the API's invitation and used as received (the form posted as a browser
// posts it), a proposal by the consultant's own API token, the company's yes by the link in the
// proposal mail, the hire recorded as the resident's outcome with its follow-ups, the ledger, and the
// cohort report against the programme's targets (60 jobs, 60 internships/apprenticeships, 60 companies).
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Principal } from '../client/api/auth.js';
import { jobOpeningWorkflowId, type JobOpeningSummary } from '../contracts/index.js';
import { addWorkingDays } from '../domain/calendar.js';
import { retentionFollowUps } from '../domain/participant-schedule.js';
import { postForm } from './support/browser-form.js';
import { saveHistoryChain } from './support/histories.js';
import { cliEnv, runCli, type CliRun } from './support/cli.js';
import { startStackWithApi, type StackWithApi } from './support/stack-with-api.js';
import { TEST_CONFIG, type Harness } from './support/temporal.js';

const FILE = 'cohorts/boligjob-viborg-silkeborg-2021.yaml';
const COHORT = 'boligjob-viborg-silkeborg-2021';
const PROGRAMME = 'housing-job-match';
const AMINA = `${COHORT}-beboer-viborg-1`;
const JONAS = `${COHORT}-beboer-viborg-2`;
const HAWA = `${COHORT}-beboer-silkeborg-1`;
const ERIK = { cvr: '91000008', email: 'erik@ejendomsservice-viborg.example.dk' };
const MAJA = { cvr: '91000016', email: 'maja@maler-viborg.example.dk' };
const GUSTAV = { cvr: '91000024', email: 'gustav@groen-pleje.example.dk' };
const CONSULTANT = 'kasper@jobcenter-viborg.example.dk';
const STEERING = 'styregruppe@viborg.example.dk';

describe('housing job-match: openings, proposals and hires through the doors', () => {
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
  /** A form posted as a browser posts it. */
  const form = (url: string, fields: Record<string, string>) => postForm(app, url, fields);
  /** The link in a received mail's text, as a path on the API. */
  const linkIn = async (to: string, subject: RegExp, label: RegExp): Promise<string> => {
    await h.mail.waitFor(() => h.mail.to(to).some((m) => subject.test(m.parsed.subject ?? '')), 60_000);
    const mail = await simpleParser(h.mail.to(to).find((m) => subject.test(m.parsed.subject ?? ''))!.raw);
    const url = label.exec(mail.text ?? '')?.[1];
    expect(url, mail.text).toMatch(/^http:\/\/127\.0\.0\.1:3000\/rsvp\//);
    const u = new URL(url!);
    return u.pathname + u.search;
  };
  const opening = (id: string) => h.db.jobOpening.findUniqueOrThrow({ where: { id }, include: { matches: true } });

  beforeAll(async () => {
    stack = await startStackWithApi();
    ({ h, app } = stack);
    env = cliEnv(h);
  });
  afterAll(() => stack?.close());

  it('runs from the cohort file to the report: openings by link and by a housing association, reminders, escalation, a decline, two hires and their follow-ups', async () => {
    // ── the cohort file, with its housing partners, started as typed ────────────────────────────
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const started = await cli('--json', 'cohort', 'start', FILE, '--year', String(year));
    expect(started.code, started.stderr).toBe(0);
    const associations = await h.db.housingAssociation.findMany({
      include: { companies: { include: { company: true } } },
      orderBy: { id: 'asc' },
    });
    expect(associations.map((a) => [a.id, a.areas, a.companies.map((c) => c.company.cvr).sort()])).toEqual([
      ['boligforening-viborg', ['Eksempelparken', 'Eksempelhøj'], [ERIK.cvr, MAJA.cvr]],
      ['boligselskab-silkeborg', ['Eksempelgården'], [GUSTAV.cvr]],
    ]);
    expect(await h.db.partnership.findUniqueOrThrow({ where: { id: `${COHORT}-791` } })).toMatchObject({ steeringEmail: STEERING });
    expect((await h.db.participant.findUniqueOrThrow({ where: { id: AMINA } })).housingArea).toBe('Eksempelparken');

    const consultant = await cli(
      '--json',
      'staff',
      'add',
      '--cohort',
      COHORT,
      '--municipality',
      '791',
      '--name',
      'Kasper Konsulent',
      '--email',
      CONSULTANT,
      '--role',
      'job-consultant',
    );
    expect(consultant.code, consultant.stderr).toBe(0);
    const consultantId = json<{ id: string; role: string }>(consultant).id;
    expect(json(consultant)).toMatchObject({ role: 'JOB_CONSULTANT', employmentActorId: 'jobcenter-viborg' });

    // The residents' tracks begin on the cohort's start; the openings come after it.
    const startsOn = (await h.db.participantTrack.findUniqueOrThrow({ where: { id: AMINA } })).startedOn.toISOString().slice(0, 10);
    await h.sleepUntilDate(addWorkingDays(startsOn, 2));

    // ── the company's link, mailed once, used as received ───────────────────────────────────────
    const invited = await call('POST', `/api/cohorts/${COHORT}/job-opening-invitations`, coordinator(), {});
    expect(invited.statusCode, invited.body).toBe(200);
    expect(invited.json()).toEqual({ invited: [ERIK.cvr, MAJA.cvr, GUSTAV.cvr], already: [] });
    expect((await call('POST', `/api/cohorts/${COHORT}/job-opening-invitations`, coordinator(), { cvr: ERIK.cvr })).json()).toEqual({
      invited: [],
      already: [ERIK.cvr],
    });
    const register = await linkIn(ERIK.email, /meld jeres jobåbninger/, /Meld en jobåbning her: (\S+)/);
    const page = await app.inject({ method: 'GET', url: register });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="APPRENTICESHIP">Lære- eller elevplads</option>');
    expect(await h.db.jobOpening.count()).toBe(0);
    // A tampered link registers nothing.
    expect(
      (
        await form(
          register.replace(/.(?=$)/, (c) => (c === 'A' ? 'B' : 'A')),
          { kind: 'APPRENTICESHIP', title: 'x' },
        )
      ).statusCode,
    ).toBe(403);
    const posted = await form(register, { kind: 'APPRENTICESHIP', title: 'Elev, ejendomsservice', hoursPerWeek: '' });
    expect(posted.statusCode, posted.body).toBe(201);
    const apprenticeship = await h.db.jobOpening.findFirstOrThrow({ where: { company: { cvr: ERIK.cvr } } });
    expect(apprenticeship).toMatchObject({ kind: 'APPRENTICESHIP', registeredBy: `link:${ERIK.cvr}`, partnershipId: `${COHORT}-791` });

    // ── a housing association registers for a company that serves it, by the CLI ────────────────
    const noHours = await cli(
      '--json',
      'opening',
      'add',
      '--cohort',
      COHORT,
      '--cvr',
      MAJA.cvr,
      '--kind',
      'FLEX_JOB',
      '--title',
      'Malerhjælper',
    );
    expect(noHours.code).toBe(3);
    expect(json(noHours)).toMatchObject({ error: { field: 'hoursPerWeek' } });
    const notServed = await cli(
      '--json',
      'opening',
      'add',
      '--cohort',
      COHORT,
      '--cvr',
      MAJA.cvr,
      '--kind',
      'FLEX_JOB',
      '--title',
      'Malerhjælper',
      '--hours',
      '15',
      '--association',
      'boligselskab-silkeborg',
    );
    expect(notServed.code).toBe(3);
    expect(json(notServed)).toMatchObject({ error: { field: 'housingAssociationId' } });
    expect(await h.db.jobOpening.count()).toBe(1);
    const flex = await cli(
      '--json',
      'opening',
      'add',
      '--cohort',
      COHORT,
      '--cvr',
      MAJA.cvr,
      '--kind',
      'FLEX_JOB',
      '--title',
      'Malerhjælper',
      '--hours',
      '15',
      '--association',
      'boligforening-viborg',
    );
    expect(flex.code, flex.stderr).toBe(0);
    const flexId = json<{ id: string }>(flex).id;
    expect(json(flex)).toMatchObject({ registeredBy: 'association:boligforening-viborg', status: 'OPEN', hoursPerWeek: 15 });
    const openedOn = await h.today();

    // ── no proposal in time: the consultant is reminded, then the city's steering is told ─────────
    const remindOn = addWorkingDays(openedOn, 10);
    await h.sleepUntilDate(addWorkingDays(remindOn, -1));
    expect(h.mail.to(CONSULTANT).filter((m) => /Ingen kandidat/.test(m.parsed.subject ?? ''))).toHaveLength(0);
    await h.sleepUntilDate(remindOn);
    await h.mail.waitFor(() => h.mail.to(CONSULTANT).filter((m) => /Ingen kandidat/.test(m.parsed.subject ?? '')).length === 2, 60_000);
    await expect.poll(async () => (await opening(flexId)).nextDeadlineWhat, { timeout: 20_000 }).toMatch(/overdue/);
    await h.sleepUntilDate(addWorkingDays(remindOn, 10));
    // Both openings waited (the apprenticeship too): one escalation each to the city's steering.
    await h.mail.waitFor(() => h.mail.to(STEERING).filter((m) => /Eskaleret/.test(m.parsed.subject ?? '')).length === 2, 60_000);
    const escalations = await Promise.all(h.mail.to(STEERING).map((m) => simpleParser(m.raw)));
    expect(escalations.map((m) => m.subject).sort()).toEqual([
      'Eskaleret: jobåbning uden kandidat hos Eksempel Ejendomsservice Viborg ApS',
      'Eskaleret: jobåbning uden kandidat hos Eksempel Malerfirma Viborg',
    ]);
    expect(escalations.find((m) => /Malerfirma/.test(m.subject ?? ''))!.text).toContain(
      `Eksempel Malerfirma Viborg (CVR 91000016) i Viborg meldte ${openedOn} en jobåbning, "Malerhjælper" (Fleksjob)`,
    );
    await expect
      .poll(async () => (await opening(flexId)).nextDeadlineWhat, { timeout: 20_000 })
      .toMatch(/steering coordinator has been told/);

    // ── the consultant proposes by its own token; the company answers by the link as received ─────
    const kasper = token('staff', { staffMemberId: consultantId }, CONSULTANT);
    const silkeborgStaff = await call('POST', `/api/job-openings/${apprenticeship.id}/proposals`, kasper, { trackId: HAWA });
    expect(silkeborgStaff.statusCode).toBe(400);
    expect(silkeborgStaff.json()).toMatchObject({ field: expect.stringContaining('trackId') });
    const proposed = await call('POST', `/api/job-openings/${apprenticeship.id}/proposals`, kasper, { trackId: JONAS });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const answer = await linkIn(ERIK.email, /Forslag til jeres jobåbning/, /Ja, vi ansætter: (\S+)/);
    const proposalMail = await simpleParser(h.mail.to(ERIK.email).find((m) => /Forslag/.test(m.parsed.subject ?? ''))!.raw);
    expect(proposalMail.text).toContain('Jobcentret foreslår Jonas Prøve fra Eksempelhøj');
    expect(proposalMail.replyTo?.text).toContain('vibeke@jobcenter-viborg.example.dk');
    // Opening the link records nothing (mail scanners open links); the form's yes does.
    const confirm = await app.inject({ method: 'GET', url: answer });
    expect(confirm.body).toContain('Bekræft jeres ja');
    expect((await opening(apprenticeship.id)).status).toBe('OPEN');
    const yes = await form(answer.split('?')[0]!, { svar: 'ja' });
    expect(yes.statusCode, yes.body).toBe(200);
    expect((await form(answer.split('?')[0]!, { svar: 'nej' })).statusCode).toBe(409);
    await expect.poll(async () => (await opening(apprenticeship.id)).status, { timeout: 20_000 }).toBe('FILLED');
    const jonas = await h.db.outcome.findFirstOrThrow({ where: { participantTrackId: JONAS }, include: { ledgerEntries: true } });
    expect(jonas).toMatchObject({ kind: 'INTERNSHIP' });
    expect(jonas.ledgerEntries.map((e) => [e.rateCardLine, e.amountOre])).toEqual([['internship', 1_200_000n]]);

    // ── the flex job: proposed by the CLI, accepted by the company's own API token ────────────────
    const proposeFlex = await cli('--json', 'opening', 'propose', flexId, '--track', AMINA);
    expect(proposeFlex.code, proposeFlex.stderr).toBe(0);
    const matchId = json<{ matchId: string }>(proposeFlex).matchId;
    const otherCompany = await call('POST', `/api/job-matches/${matchId}/answer`, token('company', { cvr: ERIK.cvr }), {
      answer: 'ACCEPT',
    });
    expect(otherCompany.statusCode).toBe(403);
    const accepted = await call('POST', `/api/job-matches/${matchId}/answer`, token('company', { cvr: MAJA.cvr }), { answer: 'ACCEPT' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<{ opening: JobOpeningSummary }>().opening).toMatchObject({ phase: 'FILLED', filledByTrackId: AMINA });
    const hiredOn = await h.today();
    const amina = await h.db.outcome.findFirstOrThrow({ where: { participantTrackId: AMINA }, include: { ledgerEntries: true } });
    // 25 000 DKK pro rata 15 of 37 hours = 10 135.135… → 10 135.14 DKK (halves away from zero).
    expect(amina).toMatchObject({ kind: 'PARTIAL_JOB' });
    expect(Number(amina.hoursPerWeek)).toBe(15);
    expect(amina.ledgerEntries.map((e) => e.amountOre)).toEqual([1_013_514n]);
    await h.mail.waitFor(() => h.mail.to(CONSULTANT).some((m) => /Besat: Malerhjælper/.test(m.parsed.subject ?? '')), 60_000);

    // The hire's follow-ups at 4, 13 and 26 weeks, answered through the CLI.
    for (const f of retentionFollowUps(hiredOn, [4, 13, 26])) {
      await h.sleepUntilDate(f.on);
      const r = await cli(
        '--json',
        'answer',
        'retention',
        AMINA,
        '--weeks',
        String(f.weeks),
        '--employed',
        '--evidence',
        `lønseddel-${f.weeks}`,
      );
      expect(r.code, r.stderr).toBe(0);
    }
    expect(await h.db.outcome.count({ where: { participantTrackId: AMINA, kind: 'RETENTION' } })).toBe(3);

    // ── Silkeborg: the company declines by its link; a new wait starts; it withdraws ───────────────
    const ordinary = await call('POST', `/api/cohorts/${COHORT}/job-openings`, token('company', { cvr: GUSTAV.cvr }), {
      cvr: GUSTAV.cvr,
      kind: 'ORDINARY_JOB',
      title: 'Gartner',
    });
    expect(ordinary.statusCode, ordinary.body).toBe(201);
    const ordinaryId = ordinary.json<{ id: string }>().id;
    const hawa = await call('POST', `/api/job-openings/${ordinaryId}/proposals`, coordinator(), { trackId: HAWA });
    expect(hawa.statusCode, hawa.body).toBe(201);
    const decline = await linkIn(GUSTAV.email, /Forslag til jeres jobåbning/, /Nej tak: (\S+)/);
    expect((await form(decline.split('?')[0]!, { svar: 'nej' })).statusCode).toBe(200);
    const declinedOn = await h.today();
    const state = (await call('GET', `/api/job-openings/${ordinaryId}`, coordinator())).json<{ state: JobOpeningSummary }>().state;
    expect(state).toMatchObject({ phase: 'AWAITING_PROPOSAL', waitingSince: declinedOn, proposalDueOn: addWorkingDays(declinedOn, 10) });
    expect(await h.db.outcome.count({ where: { participantTrackId: HAWA } })).toBe(0);
    const withdrawn = await call('POST', `/api/job-openings/${ordinaryId}/withdraw`, token('company', { cvr: GUSTAV.cvr }));
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    await expect.poll(async () => (await opening(ordinaryId)).status, { timeout: 20_000 }).toBe('WITHDRAWN');
    const list = await cli('--json', 'opening', 'list', '--cohort', COHORT);
    expect(
      json<Array<{ kind: string; status: string }>>(list)
        .map((o) => [o.kind, o.status])
        .sort(),
    ).toEqual([
      ['APPRENTICESHIP', 'FILLED'],
      ['FLEX_JOB', 'FILLED'],
      ['ORDINARY_JOB', 'WITHDRAWN'],
    ]);

    // ── the claims: owed once Viborg's caseworker approves them (pending until then) ─────────────────
    const reportNow = async () => {
      const read = await cli('--json', 'report', '--cohort', COHORT, '--format', 'json');
      expect(read.code, read.stderr).toBe(0);
      return json<{ totals: { paymentsDkk: string; claims: { approvedDkk: string; pendingDkk: string } } }>(read).totals;
    };
    expect(await reportNow()).toMatchObject({ paymentsDkk: '0.00', claims: { approvedDkk: '0.00', pendingDkk: '22135.14' } });
    const caseworker = token('caseworker', { municipalityCode: '791' }, 'sagsbehandler@viborg.example.dk');
    const queue = await call('GET', `/api/claims?cohort=${COHORT}`, caseworker);
    expect(queue.statusCode, queue.body).toBe(200);
    const claims = queue.json<{ claims: Array<{ outcomeId: string; participantTrackId: string; amountDkk: string }> }>().claims;
    expect(claims.map((c) => [c.participantTrackId, c.amountDkk]).sort()).toEqual(
      [
        [JONAS, '12000.00'],
        [AMINA, '10135.14'],
      ].sort(),
    );
    for (const c of claims) {
      const approved = await call('POST', `/api/claims/${c.outcomeId}/approve`, caseworker);
      expect(approved.statusCode, approved.body).toBe(200);
    }
    expect(await reportNow()).toMatchObject({ paymentsDkk: '22135.14', claims: { approvedDkk: '22135.14', pendingDkk: '0.00' } });

    // ── the report against the programme's targets ───────────────────────────────────────────────
    const report = await cli('--json', 'report', '--cohort', COHORT, '--format', 'json');
    expect(report.code, report.stderr).toBe(0);
    const r = json<{
      targets: Array<{ id: string; achieved: number; target: number }>;
      totals: { paymentsDkk: string; companies: number };
      jobOpenings: {
        total: { registered: number; filled: number; withdrawn: number; proposals: number; accepted: number; declined: number };
        byTarget: Array<{ targetId: string; registered: number; filled: number; target: number }>;
      };
    }>(report);
    expect(Object.fromEntries(r.targets.map((t) => [t.id, [t.achieved, t.target]]))).toEqual({
      jobs: [1, 60],
      internships: [1, 60],
      companies: [3, 60],
    });
    expect(r.jobOpenings.total).toMatchObject({ registered: 3, filled: 2, withdrawn: 1, proposals: 3, accepted: 2, declined: 1 });
    expect(r.jobOpenings.byTarget).toEqual([
      expect.objectContaining({ targetId: 'jobs', registered: 2, filled: 1, target: 60 }),
      expect.objectContaining({ targetId: 'internships', registered: 1, filled: 1, target: 60 }),
    ]);
    // The ledger: 12 000.00 + 10 135.14 (the card has no retention lines).
    expect(r.totals.paymentsDkk).toBe('22135.14');

    // ── no personal data in the openings' histories (recorded for the replay test with RECORD_HISTORIES=1) ──
    const recorded = { 'filled-by-link': apprenticeship.id, 'escalated-then-filled': flexId, 'declined-then-withdrawn': ordinaryId };
    for (const [name, id] of Object.entries(recorded)) {
      const handle = h.env.client.workflow.getHandle(jobOpeningWorkflowId(id));
      await saveHistoryChain(h.env.client, handle.workflowId, (await handle.describe()).runId, name, 'job-opening');
    }
    for (const id of [apprenticeship.id, flexId, ordinaryId]) {
      const history = JSON.stringify(await h.env.client.workflow.getHandle(jobOpeningWorkflowId(id)).fetchHistory());
      for (const personal of ['Jonas', 'Amina', 'Hawa', 'Eksempelparken', 'Malerhjælper', 'example.dk'])
        expect(history).not.toContain(personal);
    }
  }, 600_000);
});
