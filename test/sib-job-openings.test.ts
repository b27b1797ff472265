// IPS job development through job openings in the SIB cohort, end to end on the time-skipping server
// through the doors its people use: the shipped cohort file started by the CLI as typed, the job
// consultant and the openings registered by the CLI, citizens proposed by the CLI (the proposal is the
// track's first employer contact), a proposal the employer leaves unanswered reminded with the same
// links and then told to the consultant, another answered after its reminder (no escalation), both
// accepted by the links as received, the hires as outcomes with their follow-ups, and the report.
import type { FastifyInstance } from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { jobOpeningWorkflowId } from '../contracts/index.js';
import { addWeeks, addWorkingDays, nextWorkingDay } from '../domain/calendar.js';
import { retentionFollowUps } from '../domain/participant-schedule.js';
import { postForm } from './support/browser-form.js';
import { cliEnv, runCli, type CliRun } from './support/cli.js';
import { saveHistoryChain } from './support/histories.js';
import { startStackWithApi, type StackWithApi } from './support/stack-with-api.js';
import { TEST_CONFIG, type Harness } from './support/temporal.js';

const FILE = 'cohorts/sib-viborg-herning-2020.yaml';
const COHORT = 'sib-viborg-herning-2020';
const AMAL = `${COHORT}-sib-viborg-1`;
const BASHIR = `${COHORT}-sib-viborg-2`;
const LAGER = { cvr: '91010003', email: 'lars@lager-viborg.example.dk' };
const RENGOERING = { cvr: '91010011', email: 'rikke@rengoering-midt.example.dk' };
const CONSULTANT = 'jonas@integration-viborg.example.dk';

describe('SIB with IPS: job openings, proposals, reminders of unanswered proposals and hires through the doors', () => {
  let stack: StackWithApi | undefined;
  let h: Harness;
  let app: FastifyInstance;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]): Promise<CliRun> => {
    const r = await runCli(env, ['--json', ...args]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
    return r;
  };
  const json = <T = Record<string, unknown>>(r: CliRun): T => JSON.parse(r.stdout) as T;
  const mailsTo = (to: string, subject: RegExp) => h.mail.to(to).filter((m) => subject.test(m.parsed.subject ?? ''));
  /** The one mail of this subject to this address, once it has come, parsed from its raw MIME. */
  const received = async (to: string, subject: RegExp): Promise<ParsedMail> => {
    await h.mail.waitFor(() => mailsTo(to, subject).length > 0, 60_000);
    expect(mailsTo(to, subject)).toHaveLength(1);
    return simpleParser(mailsTo(to, subject)[0]!.raw);
  };
  /** The link after the label in a mail's text, as a path on the API. */
  const linkIn = (mail: ParsedMail, label: RegExp): string => {
    const url = label.exec(mail.text ?? '')?.[1];
    expect(url, mail.text).toMatch(/^http:\/\/127\.0\.0\.1:3000\/rsvp\/jobmatch\//);
    const u = new URL(url!);
    return u.pathname + u.search;
  };
  /** The answer form posted as a browser posts it. */
  const answer = (path: string, svar: 'ja' | 'nej') => postForm(app, path.split('?')[0]!, { svar });
  const opening = (id: string) => h.db.jobOpening.findUniqueOrThrow({ where: { id } });
  const bearer = (role: string, scope: object) =>
    `Bearer ${issueToken(TEST_CONFIG.LINK_SECRET, { sub: `${role}@example.dk`, role, scope } as never, 3600)}`;
  /** The proposals in a person's work queue, as `<company CVR> <matchId>`. */
  const proposalsInQueue = async (authorization: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/work-queue?cohort=${COHORT}&limit=1000`, headers: { authorization } });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { kind: string; cvr: string; matchId: string; trackId: string; overdue: boolean }[] };
    return page.items
      .filter((i) => i.kind === 'PROPOSAL_ANSWER')
      .map((i) => `${i.cvr} ${i.matchId}`)
      .sort();
  };
  const trackSummary = async (id: string) =>
    (await h.db.participantTrack.findUniqueOrThrow({ where: { id } })).summary as { employerContactOn?: string; phase: string };

  beforeAll(async () => {
    stack = await startStackWithApi();
    ({ h, app } = stack);
    env = cliEnv(h);
  });
  afterAll(() => stack?.close());

  it('registers openings by the CLI, reminds the employer of an unanswered proposal, tells the consultant, and counts the hires', async () => {
    const year = Number((await h.today()).slice(0, 4)) + 1;
    await cli('cohort', 'start', FILE, '--year', String(year));
    const consultant = await cli(
      'staff',
      'add',
      '--cohort',
      COHORT,
      '--municipality',
      '791',
      '--name',
      'Jonas Jobkonsulent',
      '--email',
      CONSULTANT,
      '--role',
      'job-consultant',
    );
    expect(json(consultant)).toMatchObject({ role: 'JOB_CONSULTANT', employmentActorId: 'ea-sib-viborg' });
    const coordinator = bearer('coordinator', { programmeIds: ['sib-business-training-ips'] });
    const staff = bearer('staff', { staffMemberId: json<{ id: string }>(consultant).id });
    const otherProgramme = bearer('coordinator', { programmeIds: ['growth-partnership-2019'] });

    // Week 2 of the rapid search: the consultant finds two openings with Viborg employers.
    const startsOn = (await h.db.participantTrack.findUniqueOrThrow({ where: { id: AMAL } })).startedOn.toISOString().slice(0, 10);
    await h.sleepUntilDate(nextWorkingDay(addWeeks(startsOn, 1)));
    // No housing association in a SIB cohort; a kind outside the programme's is refused, naming the field.
    const flex = await runCli(env, [
      '--json',
      'opening',
      'add',
      '--cohort',
      COHORT,
      '--cvr',
      LAGER.cvr,
      '--kind',
      'FLEX_JOB',
      '--title',
      'x',
      '--hours',
      '10',
    ]);
    expect([flex.code, json(flex)]).toEqual([3, expect.objectContaining({ error: expect.objectContaining({ field: 'kind' }) })]);
    const lager = json<{ id: string; status: string }>(
      await cli('opening', 'add', '--cohort', COHORT, '--cvr', LAGER.cvr, '--kind', 'ORDINARY_JOB', '--title', 'Lagermedarbejder'),
    );
    const rengoering = json<{ id: string }>(
      await cli(
        'opening',
        'add',
        '--cohort',
        COHORT,
        '--cvr',
        RENGOERING.cvr,
        '--kind',
        'FEW_HOURS_JOB',
        '--title',
        'Rengøringsassistent',
        '--hours',
        '18.5',
      ),
    );
    expect(lager.status).toBe('OPEN');
    expect(await h.db.jobOpening.count({ where: { cohortId: COHORT } })).toBe(2);

    // The proposals: each the citizen's first employer contact (IPS), so no rapid-search reminder follows for them.
    const proposedOn = await h.today();
    const toLager = json<{ matchId: string; firstEmployerContactOn?: string }>(await cli('opening', 'propose', lager.id, '--track', AMAL));
    expect(toLager.firstEmployerContactOn).toBe(proposedOn);
    const toRengoering = json<{ matchId: string }>(await cli('opening', 'propose', rengoering.id, '--track', BASHIR));
    await expect.poll(async () => (await trackSummary(AMAL)).employerContactOn, { timeout: 20_000 }).toBe(proposedOn);
    await expect.poll(async () => (await trackSummary(BASHIR)).employerContactOn, { timeout: 20_000 }).toBe(proposedOn);
    const proposal = await received(LAGER.email, /^Forslag til jeres jobåbning/);
    expect(proposal.text).toContain('Amal Eksempel');
    await expect.poll(async () => (await opening(lager.id)).nextDeadlineWhat, { timeout: 20_000 }).toBe('the company answers the proposal');
    const answerDueOn = addWorkingDays(proposedOn, 5);
    expect((await opening(lager.id)).nextDeadlineOn?.toISOString().slice(0, 10)).toBe(answerDueOn);

    // Five working days without an answer: each employer is reminded once, with the proposal's own links.
    await h.sleepUntilDate(addWorkingDays(answerDueOn, -1));
    expect(mailsTo(LAGER.email, /^Påmindelse/)).toHaveLength(0);
    // Not yet the day of the answer: no proposal in anyone's work queue.
    expect(await proposalsInQueue(coordinator)).toEqual([]);
    await h.sleepUntilDate(answerDueOn);
    const reminder = await received(LAGER.email, /^Påmindelse: svar på forslaget til Lagermedarbejder$/);
    expect(reminder.text).toContain(
      `Den ${proposedOn} foreslog Eksempel Integration Viborg Amal Eksempel til jeres jobåbning "Lagermedarbejder" (Fuldtidsjob)`,
    );
    expect(reminder.replyTo?.text).toContain('vibeke@integration-viborg.example.dk');
    expect(linkIn(reminder, /Ja, vi ansætter: (\S+)/)).toBe(linkIn(proposal, /Ja, vi ansætter: (\S+)/));
    expect(linkIn(reminder, /Nej tak: (\S+)/)).toBe(linkIn(proposal, /Nej tak: (\S+)/));
    const rengoeringReminder = await received(RENGOERING.email, /^Påmindelse/);
    await expect
      .poll(async () => (await opening(lager.id)).nextDeadlineWhat, { timeout: 20_000 })
      .toMatch(/answer is overdue; the company was reminded/);
    // The day has come without an answer: both proposals are in the work queue of the programme's
    // coordinator and of the partnership's job consultant, in no other programme's.
    const waiting = [`${LAGER.cvr} ${toLager.matchId}`, `${RENGOERING.cvr} ${toRengoering.matchId}`].sort();
    expect(await proposalsInQueue(coordinator)).toEqual(waiting);
    expect(await proposalsInQueue(staff)).toEqual(waiting);
    expect(await proposalsInQueue(otherProgramme)).toEqual([]);

    // The cleaning company answers after its reminder, by the link as received: no escalation for it.
    const confirm = await app.inject({ method: 'GET', url: linkIn(rengoeringReminder, /Ja, vi ansætter: (\S+)/) });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Bekræft jeres ja');
    const yes = await answer(linkIn(rengoeringReminder, /Ja, vi ansætter: (\S+)/), 'ja');
    expect(yes.statusCode, yes.body).toBe(200);
    const bashirHiredOn = await h.today();
    await expect.poll(async () => (await opening(rengoering.id)).status, { timeout: 20_000 }).toBe('FILLED');
    // Answered, it leaves the queue; the warehouse's stays.
    expect(await proposalsInQueue(coordinator)).toEqual([`${LAGER.cvr} ${toLager.matchId}`]);

    // Five working days more: the consultant hears of the warehouse's silence, once; of the cleaning company, nothing.
    await h.sleepUntilDate(addWorkingDays(answerDueOn, 5));
    const escalation = await received(CONSULTANT, /^Intet svar fra/);
    expect(escalation.subject).toBe('Intet svar fra Eksempel Lager og Logistik Viborg ApS på forslaget til Lagermedarbejder');
    expect(escalation.text).toContain(`Forslaget blev sendt ${proposedOn}, og virksomheden blev mindet om det ${answerDueOn}`);
    await h.sleepUntilDate(addWorkingDays(answerDueOn, 8));
    expect(mailsTo(CONSULTANT, /^Intet svar fra/).map((m) => m.parsed.subject)).toEqual([escalation.subject]);
    expect(mailsTo(LAGER.email, /^Påmindelse/)).toHaveLength(1);
    expect(mailsTo(RENGOERING.email, /^Påmindelse/)).toHaveLength(1);
    await expect.poll(async () => (await opening(lager.id)).nextDeadlineWhat, { timeout: 20_000 }).toMatch(/job consultant has been told/);

    // The consultant calls; the warehouse says yes by the link in the reminder.
    expect((await answer(linkIn(reminder, /Ja, vi ansætter: (\S+)/), 'ja')).statusCode).toBe(200);
    const amalHiredOn = await h.today();
    await expect.poll(async () => (await opening(lager.id)).status, { timeout: 20_000 }).toBe('FILLED');
    expect(await proposalsInQueue(coordinator)).toEqual([]);
    expect(await proposalsInQueue(staff)).toEqual([]);
    const outcomes = await h.db.outcome.findMany({
      where: { participantTrackId: { in: [AMAL, BASHIR] } },
      include: { ledgerEntries: true },
      orderBy: { participantTrackId: 'asc' },
    });
    // Full self-support 88 817; partial 88 817 × 18.5/37 = 44 408.50.
    expect(outcomes.map((o) => [o.participantTrackId, o.kind, o.ledgerEntries.map((e) => e.amountOre)])).toEqual([
      [AMAL, 'ORDINARY_JOB', [8_881_700n]],
      [BASHIR, 'PARTIAL_JOB', [4_440_850n]],
    ]);

    // The hires' follow-ups: the first, four weeks on, asked and answered through the CLI.
    for (const [track, hiredOn] of [
      [BASHIR, bashirHiredOn],
      [AMAL, amalHiredOn],
    ] as const) {
      const [first] = retentionFollowUps(hiredOn, [4, 13, 26]);
      await h.sleepUntilDate(first!.on);
      await cli('answer', 'retention', track, '--weeks', '4', '--employed', '--evidence', `lønseddel-4-${track.slice(-1)}`);
    }
    expect(await h.db.outcome.count({ where: { participantTrackId: { in: [AMAL, BASHIR] }, kind: 'RETENTION' } })).toBe(2);

    // The report: both hires toward the self-support target, both openings filled.
    const report = json<{
      targets: Array<{ id: string; achieved: number }>;
      jobOpenings: { total: { registered: number; filled: number; proposals: number; accepted: number } };
    }>(await cli('report', '--cohort', COHORT, '--format', 'json'));
    expect(report.targets.find((t) => t.id === 'self-support')?.achieved).toBe(2);
    expect(report.jobOpenings.total).toMatchObject({ registered: 2, filled: 2, proposals: 2, accepted: 2 });

    // Recorded for the replay test with RECORD_HISTORIES=1; no personal data in the openings' histories.
    for (const [name, id] of Object.entries({
      'answer-reminded-escalated-then-filled': lager.id,
      'answer-reminded-then-filled': rengoering.id,
    })) {
      const handle = h.env.client.workflow.getHandle(jobOpeningWorkflowId(id));
      await saveHistoryChain(h.env.client, handle.workflowId, (await handle.describe()).runId, name, 'job-opening');
      const history = JSON.stringify(await handle.fetchHistory());
      for (const personal of ['Amal', 'Bashir', 'Lagermedarbejder', 'example.dk']) expect(history).not.toContain(personal);
    }
  }, 600_000);
});
