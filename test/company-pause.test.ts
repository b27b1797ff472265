import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCohortCamps } from '../activities/company/camps.js';
import { addDays, addWorkingDays, instantAt, nextWorkingDay } from '../domain/calendar.js';
import { anchoringCheckDates, milestoneDates, SEND_AT } from '../domain/camp-plan.js';
import { shiftByPause } from '../domain/pause.js';
import {
  pauseCompanyTrack,
  recordCampAttendance,
  recordMilestone,
  reportProblem,
  resumeCompanyTrack,
  selectCompanies,
  withdrawCompany,
} from '../client/operations/companies.js';
import { companyTrackWorkflow } from '../workflows/index.js';
import {
  companyTrackSummaryQuery,
  companyTrackWorkflowId,
  pauseTrackSignal,
  resumeTrackSignal,
  type CompanyTrackSummary,
} from '../contracts/index.js';
import { COMPANY_PLAN, companyTrackInput, seedCohort } from './support/company-fixtures.js';
import { saveHistoryChain } from './support/histories.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

// Pausing a company track (test/company-track.test.ts runs its whole path; the cohort-wide pause
// reaching company tracks is in test/cohort.test.ts).
describe('company track: pause and resume', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
  });
  afterAll(() => h?.close());

  const ctx = () => ({ client: h.env.client, db: h.db, taskQueue: h.taskQueue, linkSecret: TEST_CONFIG.LINK_SECRET });
  const sleepUntil = (ms: number) => h.sleepUntil(ms);
  const resultOf = (workflowId: string) => h.resultOf<CompanyTrackSummary>(workflowId);
  const subjects = (email: string) => h.mail.to(email).map((m) => m.parsed.subject ?? '');
  const hour = 3_600_000;

  it('a paused company gets no milestone reminder, anchoring check or problem escalation while paused, and its own dates move by the time paused', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'pause-2027', year: 2027, perMunicipality: 1, cvrPrefix: '5700' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const c = cohort.companies.find((x) => x.municipalityCode === '851')!;
    const eaEmail = 'eva@beskaeftigelse-aalborg.example.dk';
    const handle = await h.env.client.workflow.start(companyTrackWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: companyTrackWorkflowId(cohort.cohortId, c.cvr),
      args: [companyTrackInput(cohort, camps, c)],
    });
    const summary = () => handle.query(companyTrackSummaryQuery);
    const row = () => h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: handle.workflowId } });
    /** Noon in Copenhagen, well away from the 08:00 reminders and from midnight. */
    const noon = (date: string) => instantAt(date, '12:00');
    await h.mail.waitFor(() => h.mail.to(c.email).length === 1, 30_000);
    const bootCamp = await h.db.camp.findUniqueOrThrow({ where: { id: camps.bootCampId } });
    await sleepUntil(bootCamp.endsAt.getTime() + hour);
    await recordCampAttendance(ctx(), { campId: camps.bootCampId, attendance: [{ cvr: c.cvr, attended: true }] });
    await expect.poll(async () => (await summary()).phase, { timeout: 30_000 }).toBe('SELECTION');
    await selectCompanies(ctx(), { cohortId: cohort.cohortId, municipalityCode: '851', selected: [c.cvr] });
    await expect.poll(async () => (await summary()).milestones.length, { timeout: 30_000 }).toBe(2);
    const [m1, m2] = milestoneDates(camps.acceleratorStartsOn, COMPANY_PLAN.milestones) as [
      ReturnType<typeof milestoneDates>[number],
      ReturnType<typeof milestoneDates>[number],
    ];
    const reminders = (title: string) => subjects(c.email).filter((x) => x.includes(title));
    const overdueNotices = () => subjects(cohort.coordinatorEmail).filter((x) => x.startsWith(`Milepæl overskredet: ${c.name}`));

    // Paused a week before the first milestone's reminder, for six weeks: its reminder and due date fall inside the pause.
    const weeks = 6;
    const pauseOn = addDays(m1.remindOn, -7);
    const resumeOn = addDays(pauseOn, weeks * 7);
    expect(addWorkingDays(m1.dueOn, 1) < resumeOn).toBe(true);
    await sleepUntil(noon(pauseOn));
    await handle.signal(pauseTrackSignal, { reason: 'Ejerskifte' });
    await expect.poll(async () => (await row()).paused, { timeout: 30_000 }).toBe(true);
    expect(await summary()).toMatchObject({ paused: true, pauseReasons: ['Ejerskifte'] });
    // The cohort's pause is a hold of its own: resuming the cohort leaves the company's own pause.
    await handle.signal(pauseTrackSignal, { reason: 'Nedlukning', source: `cohort:${cohort.cohortId}` });
    await expect.poll(async () => (await summary()).pauseReasons.sort(), { timeout: 30_000 }).toEqual(['Ejerskifte', 'Nedlukning']);
    await handle.signal(resumeTrackSignal, { source: `cohort:${cohort.cohortId}` });
    await expect.poll(async () => (await summary()).pauseReasons, { timeout: 30_000 }).toEqual(['Ejerskifte']);
    expect((await summary()).paused).toBe(true);

    await sleepUntil(noon(resumeOn));
    expect(reminders(m1.title)).toEqual([]);
    expect(overdueNotices()).toEqual([]);
    expect((await summary()).milestones.find((m) => m.id === m1.id)).toMatchObject({ dueOn: m1.dueOn });
    expect((await summary()).milestones.find((m) => m.id === m1.id)?.overdue).toBeUndefined();
    await handle.signal(resumeTrackSignal, {});
    await expect.poll(async () => (await summary()).paused, { timeout: 30_000 }).toBe(false);
    const days = weeks * 7;
    let s = await summary();
    expect(s).toMatchObject({
      paused: false,
      pauseReasons: [],
      pausedDaysTotal: days,
      nextDeadlineOn: shiftByPause(m1.dueOn, days),
      nextDeadlineWhat: `milestone:${m1.id}`,
    });
    expect(s.milestones.map((m) => [m.id, m.dueOn])).toEqual([
      [m1.id, shiftByPause(m1.dueOn, days)],
      [m2.id, shiftByPause(m2.dueOn, days)],
    ]);
    await expect
      .poll(
        async () => {
          const r = await row();
          return [r.paused, r.nextDeadlineOn?.toISOString().slice(0, 10)];
        },
        { timeout: 30_000 },
      )
      .toEqual([false, shiftByPause(m1.dueOn, days)]);

    // The reminder comes on its moved date (not before), naming the moved due date; nothing was sent for the old one.
    const movedRemindOn = shiftByPause(m1.remindOn, days);
    await sleepUntil(instantAt(movedRemindOn, SEND_AT) - hour);
    expect(reminders(m1.title)).toEqual([]);
    await sleepUntil(instantAt(movedRemindOn, SEND_AT) + hour);
    await h.mail.waitFor(() => reminders(m1.title).length > 0, 30_000);
    expect(reminders(m1.title)).toEqual([`Vækstpartnerskaber: ${m1.title} senest ${shiftByPause(m1.dueOn, days)}`]);
    expect(overdueNotices()).toEqual([]);
    for (const m of [m1, m2])
      await recordMilestone(ctx(), { cohortId: cohort.cohortId, cvr: c.cvr, milestoneId: m.id, doneOn: movedRemindOn });

    // The company's accelerator ends the paused time later, and its anchoring checks count from there.
    const endsOn = shiftByPause(camps.acceleratorEndsOn, days);
    await expect
      .poll(
        async () => {
          const x = await summary();
          return [x.nextDeadlineWhat, x.nextDeadlineOn];
        },
        { timeout: 30_000 },
      )
      .toEqual(['accelerator-end', endsOn]);
    const checks = anchoringCheckDates(endsOn, COMPANY_PLAN.anchoring.checksAtMonths);
    await sleepUntil(instantAt(endsOn, '17:00') + hour);
    await expect.poll(async () => (await summary()).anchoringChecks.map((x) => x.on), { timeout: 30_000 }).toEqual(checks.map((x) => x.on));
    expect((await summary()).phase).toBe('ANCHORING');

    // Paused again over the first anchoring check, with a problem reported meanwhile.
    const anchoringWeeks = 4;
    const pause2On = addDays(checks[0]!.on, -5);
    await sleepUntil(noon(pause2On));
    await handle.signal(pauseTrackSignal, { reason: 'Ejerskifte igen' });
    await expect.poll(async () => (await summary()).paused, { timeout: 30_000 }).toBe(true);
    const problem = await reportProblem(ctx(), {
      cohortId: cohort.cohortId,
      cvr: c.cvr,
      description: 'Vores buddy er sygemeldt.',
      reportedBy: c.email,
    });
    // The employment actor is told at once, pause or not.
    await h.mail.waitFor(() => subjects(eaEmail).some((x) => x.startsWith(`Problem meldt af ${c.name}`)), 30_000);
    const escalations = () => subjects(cohort.coordinatorEmail).filter((x) => x.startsWith(`Ikke bekræftet: problem meldt af ${c.name}`));
    const anchoringMails = () => [...subjects(c.email), ...subjects(eaEmail)].filter((x) => x.includes(`forankringstjek 1 for ${c.name}`));
    const resume2On = addDays(pause2On, anchoringWeeks * 7);
    await sleepUntil(noon(resume2On));
    expect(anchoringMails()).toEqual([]);
    expect(escalations()).toEqual([]);
    s = await summary();
    expect(s.anchoringChecks.map((x) => [x.on, x.asked])).toEqual(checks.map((x) => [x.on, false]));
    expect(s.problemReports.find((r) => r.reportId === problem.reportId)).toMatchObject({ escalated: false, acknowledged: false });
    await handle.signal(resumeTrackSignal, { source: 'track' });
    await expect.poll(async () => (await summary()).paused, { timeout: 30_000 }).toBe(false);
    const days2 = anchoringWeeks * 7;
    s = await summary();
    expect(s.pausedDaysTotal).toBe(days + days2);
    expect(s.anchoringChecks.map((x) => x.on)).toEqual(checks.map((x) => shiftByPause(x.on, days2)));
    expect(s).toMatchObject({ nextDeadlineWhat: 'anchoring-check:1', nextDeadlineOn: shiftByPause(checks[0]!.on, days2) });

    // The escalation comes a working day after the report plus the paused time, the first check on its moved date.
    const escalationOn = shiftByPause(addWorkingDays(pause2On, COMPANY_PLAN.problemReportEscalationWorkingDays), days2);
    await sleepUntil(noon(escalationOn) + 3 * hour);
    await h.mail.waitFor(() => escalations().length === 1, 30_000);
    const movedCheckOn = shiftByPause(checks[0]!.on, days2);
    expect(movedCheckOn > escalationOn).toBe(true);
    expect(anchoringMails()).toEqual([]);
    await sleepUntil(instantAt(movedCheckOn, SEND_AT) + hour);
    await h.mail.waitFor(() => anchoringMails().length === 2, 30_000);
    expect((await summary()).anchoringChecks[0]).toMatchObject({ asked: true, on: movedCheckOn });
    expect(escalations()).toHaveLength(1);

    await withdrawCompany(ctx(), { cohortId: cohort.cohortId, cvr: c.cvr, reason: 'test over', withdrawnBy: cohort.coordinatorEmail });
    expect((await resultOf(handle.workflowId)).phase).toBe('WITHDRAWN');
    // Two pauses, a cohort hold and a withdrawal: recorded for test/replay.test.ts.
    await saveHistoryChain(h.env.client, handle.workflowId, handle.firstExecutionRunId, 'agenda-paused-twice', 'company');
  });

  it('a problem reported in a pause escalates by the days paused after it; a company withdrawn while paused with a report open ends', async () => {
    // After the first test the server's clock is past 2027: this cohort is next year's.
    const year = Number((await h.today()).slice(0, 4)) + 1;
    const cohort = await seedCohort(h.db, { cohortId: `pause-report-${year}`, year, perMunicipality: 1, cvrPrefix: '5800' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const c = cohort.companies.find((x) => x.municipalityCode === '851')!;
    const handle = await h.env.client.workflow.start(companyTrackWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: companyTrackWorkflowId(cohort.cohortId, c.cvr),
      args: [companyTrackInput(cohort, camps, c)],
    });
    await h.mail.waitFor(() => h.mail.to(c.email).length === 1, 30_000);
    const { id: trackId } = await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: handle.workflowId } });
    const noon = (date: string) => instantAt(date, '12:00');
    const escalations = () => subjects(cohort.coordinatorEmail).filter((x) => x.startsWith(`Ikke bekræftet: problem meldt af ${c.name}`));

    // Paused by update (answered with the summary), then a problem reported three days into the pause.
    const pauseOn = nextWorkingDay(addDays(await h.today(), 1));
    await sleepUntil(noon(pauseOn));
    expect(await pauseCompanyTrack(ctx(), trackId, 'Ejerskifte')).toMatchObject({ paused: true, pauseReasons: ['Ejerskifte'] });
    const reportOn = nextWorkingDay(addDays(pauseOn, 3));
    await sleepUntil(noon(reportOn));
    await reportProblem(ctx(), { cohortId: cohort.cohortId, cvr: c.cvr, description: 'Praktikanten er ikke mødt', reportedBy: c.email });
    const resumeOn = addDays(reportOn, 4);
    await sleepUntil(noon(resumeOn) - hour);
    expect(await resumeCompanyTrack(ctx(), trackId)).toMatchObject({ paused: false });
    // The escalation moves by the 4 days paused after the report, not by the whole pause.
    const dueOn = shiftByPause(addWorkingDays(reportOn, COMPANY_PLAN.problemReportEscalationWorkingDays), 4);
    await sleepUntil(noon(dueOn) - 3 * hour);
    expect(escalations()).toEqual([]);
    await sleepUntil(noon(dueOn) + 3 * hour);
    await h.mail.waitFor(() => escalations().length === 1, 30_000);

    // Paused again with a new report open, then withdrawn: the track ends rather than wait for the resume.
    await pauseCompanyTrack(ctx(), trackId, 'Konkursbegæring');
    await reportProblem(ctx(), { cohortId: cohort.cohortId, cvr: c.cvr, description: 'Ingen svarer', reportedBy: c.email });
    await withdrawCompany(ctx(), { cohortId: cohort.cohortId, cvr: c.cvr, reason: 'konkurs', withdrawnBy: cohort.coordinatorEmail });
    expect((await resultOf(handle.workflowId)).phase).toBe('WITHDRAWN');
    expect(escalations()).toHaveLength(1);
    await expect(resumeCompanyTrack(ctx(), trackId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});
