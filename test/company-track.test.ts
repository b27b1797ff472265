import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { ensureCohortCamps } from '../activities/company/camps.js';
import { companyTimeline } from '../client/api/timeline.js';
import { addWorkingDays, instantAt, localDateAt } from '../domain/calendar.js';
import { anchoringCheckDates, invitationDate, milestoneDates, nudgeDate, reminderDates, SEND_AT } from '../domain/camp-plan.js';
import {
  acknowledgeProblem,
  answerAnchoringCheck,
  answerCampRsvp,
  recordCampAttendance,
  recordMilestone,
  reportProblem,
  selectCompanies,
  withdrawCompany,
} from '../client/operations/companies.js';
import { cancelCohortCamp, moveCohortCamp } from '../client/operations/cohorts.js';
import { companyTrackWorkflow } from '../workflows/index.js';
import {
  campInvitationWorkflowId,
  companyTrackSummaryQuery,
  companyTrackWorkflowId,
  decideSelectionUpdate,
  type CompanyTrackSummary,
} from '../contracts/index.js';
import { COMPANY_PLAN, companyTrackInput, seedCohort, type CompanyFixture } from './support/company-fixtures.js';
import { calendarOf } from './support/ics.js';
import { saveHistoryChain } from './support/histories.js';
import { startRunningCohort } from './support/running-cohort.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

describe('company track: boot camp → selection → accelerator camps → anchoring', () => {
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

  it("a company's whole path, with the municipality's slots enforced at selection", async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'track-2027', year: 2027, perMunicipality: 2, cvrPrefix: '5500' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const [a, b] = cohort.companies.filter((c) => c.municipalityCode === '621') as [CompanyFixture, CompanyFixture];
    const ha = await h.env.client.workflow.start(companyTrackWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: companyTrackWorkflowId(cohort.cohortId, a.cvr),
      args: [companyTrackInput(cohort, camps, a)],
    });
    const hb = await h.env.client.workflow.start(companyTrackWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: companyTrackWorkflowId(cohort.cohortId, b.cvr),
      args: [companyTrackInput(cohort, camps, b)],
    });

    // Boot camp invitation with its calendar event (both days in November).
    await h.mail.waitFor(() => h.mail.to(a.email).length === 1 && h.mail.to(b.email).length === 1, 30_000);
    const boot = calendarOf(h.mail.to(a.email)[0]!);
    expect(boot.event.uid).toBe(`${camps.bootCampId}@dobbeltspor`);
    expect(boot.attendees).toEqual([a.email]);
    expect(boot.days.map((d) => d.start)).toEqual(['2027-11-15T08:00:00.000Z', '2027-11-16T08:00:00.000Z']);
    expect((await ha.query(companyTrackSummaryQuery)).phase).toBe('BOOT_CAMP');
    const rowA = await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: ha.workflowId } });
    expect(rowA.phase).toBe('BOOT_CAMP');

    const tokenOf = async (campId: string, companyId: string) =>
      (await h.db.campInvitation.findUniqueOrThrow({ where: { campId_companyId: { campId, companyId } } })).token;
    await answerCampRsvp(ctx(), { token: await tokenOf(camps.bootCampId, a.id), answer: 'YES' });
    // b never answers: reminders (it has not declined), a nudge, and it is on the coordinator's list.
    await sleepUntil(instantAt(nudgeDate('2027-11-15'), SEND_AT) + hour);
    await h.mail.waitFor(() => subjects(b.email).some((x) => x.startsWith('Vi mangler jeres svar')), 30_000);
    expect(subjects(a.email).filter((x) => x.startsWith('Vi mangler'))).toEqual([]);
    expect(subjects(a.email).filter((x) => x.startsWith('Påmindelse'))).toHaveLength(1);

    // After the boot camp: attendance, then the selection.
    await sleepUntil(instantAt('2027-11-16', '18:00'));
    await recordCampAttendance(ctx(), {
      campId: camps.bootCampId,
      attendance: [
        { cvr: a.cvr, attended: true },
        { cvr: b.cvr, attended: true },
      ],
    });
    await expect.poll(async () => (await ha.query(companyTrackSummaryQuery)).phase, { timeout: 30_000 }).toBe('SELECTION');
    await expect
      .poll(async () => (await h.db.companyTrack.findMany({ where: { cohortId: cohort.cohortId } })).map((t) => t.phase), {
        timeout: 30_000,
      })
      .toEqual(['SELECTION', 'SELECTION']);

    // Kolding has one slot: selecting both is refused and nothing changes.
    const before = await h.db.companyTrack.findMany({ where: { cohortId: cohort.cohortId }, orderBy: { id: 'asc' } });
    await expect(
      selectCompanies(ctx(), { cohortId: cohort.cohortId, municipalityCode: '621', selected: [a.cvr, b.cvr] }),
    ).rejects.toMatchObject({
      name: 'OperationError',
      kind: 'conflict',
      code: 'SLOTS_EXCEEDED',
      field: 'selected',
      message: expect.stringContaining('1 accelerator slot'),
    });
    const after = await h.db.companyTrack.findMany({ where: { cohortId: cohort.cohortId }, orderBy: { id: 'asc' } });
    expect(after.map((t) => [t.id, t.phase, t.updatedAt.getTime()])).toEqual(before.map((t) => [t.id, t.phase, t.updatedAt.getTime()]));
    for (const x of [ha, hb]) expect((await x.query(companyTrackSummaryQuery)).selected).toBeNull();
    expect(await h.db.emailOutbox.count({ where: { template: { in: ['company-selected', 'company-not-selected'] } } })).toBe(0);

    const chosen = await selectCompanies(ctx(), { cohortId: cohort.cohortId, municipalityCode: '621', selected: [a.cvr] });
    expect(chosen).toMatchObject({ slots: 1, taken: 1 });
    // The track itself refuses a second company past the slots, even when asked directly.
    const direct = hb.executeUpdate(decideSelectionUpdate, { args: [{ selected: true }] });
    await expect(direct).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(direct).rejects.toMatchObject({ cause: { type: 'SlotsExceeded' } });
    expect((await hb.query(companyTrackSummaryQuery)).selected).toBeNull();
    expect((await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: hb.workflowId } })).phase).toBe('SELECTION');

    await selectCompanies(ctx(), { cohortId: cohort.cohortId, municipalityCode: '621', selected: [], notSelected: [b.cvr] });
    const bResult = await resultOf(hb.workflowId);
    expect(bResult.phase).toBe('NOT_SELECTED');
    expect(subjects(b.email).at(-1)).toBe('Vækstpartnerskaber: tak for jeres interesse');
    expect(h.mail.to(b.email).at(-1)!.parsed.text).toContain('Eksempel Beskæftigelse Kolding');

    // The accelerator: selected now, its camps are announced each the plan's six weeks ahead, not all at once.
    await h.mail.waitFor(() => subjects(a.email).includes(`Vækstpartnerskaber: ${a.name} er optaget i acceleratoren`), 30_000);
    const campInvitations = () => h.mail.to(a.email).filter((m) => m.parsed.subject?.startsWith('Vækstpartnerskaber: Camp '));
    expect(campInvitations()).toEqual([]);
    // Milestones: the first is reached in time (recorded ahead).
    const [m1, m2] = milestoneDates(camps.acceleratorStartsOn, COMPANY_PLAN.milestones);
    await expect.poll(async () => (await ha.query(companyTrackSummaryQuery)).milestones.length, { timeout: 30_000 }).toBe(2);
    await recordMilestone(ctx(), { cohortId: cohort.cohortId, cvr: a.cvr, milestoneId: m1!.id, doneOn: '2028-02-01' });
    const invitedAt = async (campId: string) => {
      const camp = await h.db.camp.findUniqueOrThrow({ where: { id: campId } });
      return instantAt(invitationDate(localDateAt(camp.startsAt.getTime()), COMPANY_PLAN.invitationLeadWeeks)!, SEND_AT);
    };

    // A moved camp: an updated event, same UID, higher SEQUENCE. A cancelled camp: METHOD:CANCEL.
    const [moveId, cancelId] = [camps.campIds[2]!, camps.campIds[3]!];
    await sleepUntil((await invitedAt(moveId)) + hour);
    await h.mail.waitFor(() => campInvitations().length === 3, 30_000);
    const uids = campInvitations().map((m) => calendarOf(m).event.uid);
    expect(uids.sort()).toEqual(
      camps.campIds
        .slice(0, 3)
        .map((id) => `${id}@dobbeltspor`)
        .sort(),
    );
    const movedTo = addWorkingDays((await h.db.camp.findUniqueOrThrow({ where: { id: moveId } })).startsAt.toISOString().slice(0, 10), 2);
    // Through the coordinator's operation and the cohort workflow, which tells every company's invitation.
    await startRunningCohort(h, h.db, cohort, camps);
    await moveCohortCamp(ctx(), cohort.cohortId, { campId: moveId, toDate: movedTo });
    await sleepUntil((await invitedAt(cancelId)) + hour);
    await h.mail.waitFor(() => campInvitations().some((m) => calendarOf(m).event.uid === `${cancelId}@dobbeltspor`), 30_000);
    await cancelCohortCamp(ctx(), cohort.cohortId, { campId: cancelId });
    await h.mail.waitFor(
      () => subjects(a.email).some((x) => x.startsWith('Ændret: ')) && subjects(a.email).some((x) => x.startsWith('Aflyst: ')),
      30_000,
    );
    const update = calendarOf(h.mail.to(a.email).find((m) => m.parsed.subject?.startsWith('Ændret: '))!);
    expect(update.event.uid).toBe(`${moveId}@dobbeltspor`);
    expect(Number(update.event.sequence)).toBe(1);
    expect(update.method).toBe('REQUEST');
    const cancel = calendarOf(h.mail.to(a.email).find((m) => m.parsed.subject?.startsWith('Aflyst: '))!);
    expect(cancel.event.uid).toBe(`${cancelId}@dobbeltspor`);
    expect(cancel.method).toBe('CANCEL');
    expect(Number(cancel.event.sequence)).toBe(1);

    // The second milestone is reminded, then overdue to the coordinator.
    await sleepUntil(instantAt(addWorkingDays(m2!.dueOn, 1), SEND_AT) + hour);
    await h.mail.waitFor(() => subjects(cohort.coordinatorEmail).some((x) => x.startsWith('Milepæl overskredet')), 30_000);
    expect(subjects(a.email).filter((x) => x.includes(m2!.title))).toHaveLength(1);
    expect(subjects(a.email).filter((x) => x.includes(m1!.title))).toHaveLength(0);
    expect((await ha.query(companyTrackSummaryQuery)).overdueCount).toBe(1);

    // A problem report reaches the employment actor at once; unacknowledged, the coordinator a working day later.
    const eaEmail = 'kim@indslusning-kolding.example.dk';
    const first = await reportProblem(ctx(), {
      cohortId: cohort.cohortId,
      cvr: a.cvr,
      description: 'Borgeren er ikke mødt i tre dage.',
      reportedBy: a.email,
    });
    await h.mail.waitFor(() => subjects(eaEmail).some((x) => x.startsWith(`Problem meldt af ${a.name}`)), 30_000);
    expect(h.mail.to(eaEmail).find((m) => m.parsed.subject?.startsWith('Problem meldt'))!.parsed.text).toContain(
      'Borgeren er ikke mødt i tre dage.',
    );
    const second = await reportProblem(ctx(), {
      cohortId: cohort.cohortId,
      cvr: a.cvr,
      description: 'Spørgsmål om arbejdstider.',
      reportedBy: a.email,
    });
    await h.mail.waitFor(() => subjects(eaEmail).filter((x) => x.startsWith('Problem meldt')).length === 2, 30_000);
    await acknowledgeProblem(ctx(), { cohortId: cohort.cohortId, cvr: a.cvr, reportId: second.reportId, acknowledgedBy: eaEmail });
    await h.env.sleep('4 days');
    await h.mail.waitFor(() => subjects(cohort.coordinatorEmail).some((x) => x.startsWith('Ikke bekræftet')), 30_000);
    expect(subjects(cohort.coordinatorEmail).filter((x) => x.startsWith('Ikke bekræftet'))).toHaveLength(1);
    const reports = (await ha.query(companyTrackSummaryQuery)).problemReports;
    expect(reports.find((r) => r.reportId === first.reportId)).toMatchObject({ escalated: true, acknowledged: false });
    expect(reports.find((r) => r.reportId === second.reportId)).toMatchObject({ escalated: false, acknowledged: true });

    // Anchoring checks after the accelerator: both asked, the silent one reminded.
    const checks = anchoringCheckDates(camps.acceleratorEndsOn, COMPANY_PLAN.anchoring.checksAtMonths);
    await sleepUntil(instantAt(checks[0]!.on, SEND_AT) + hour);
    await h.mail.waitFor(
      () =>
        subjects(a.email).some((x) => x.includes('forankringstjek 1')) && subjects(eaEmail).some((x) => x.includes('forankringstjek 1')),
      30_000,
    );
    expect((await ha.query(companyTrackSummaryQuery)).phase).toBe('ANCHORING');
    const note = 'Jens Jensen er stoppet som buddy efter en sygemelding';
    await answerAnchoringCheck(ctx(), {
      cohortId: cohort.cohortId,
      cvr: a.cvr,
      checkNo: 1,
      respondent: 'COMPANY',
      socialModelInUse: 'PARTLY',
      buddiesActive: true,
      note,
      answeredBy: a.email,
    });
    await expect(
      answerAnchoringCheck(ctx(), {
        cohortId: cohort.cohortId,
        cvr: a.cvr,
        checkNo: 2,
        respondent: 'COMPANY',
        socialModelInUse: 'YES',
        note: 'afvist svar',
        answeredBy: a.email,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // The note may be about people: FreeText holds it, the audit row only its id, and the company's
    // timeline shows it; the refused answer stored no note.
    const answered = await h.db.auditLog.findFirstOrThrow({ where: { action: 'company.anchoring-answer', entityId: rowA.id } });
    expect(JSON.stringify(answered.details)).not.toContain('Jens Jensen');
    expect(JSON.stringify(answered.details)).not.toContain(a.email);
    const { noteId } = answered.details as { noteId: string };
    expect(await h.db.freeText.findMany({ where: { kind: 'anchoring-note', entityId: rowA.id } })).toEqual([
      expect.objectContaining({ id: noteId, entity: 'CompanyTrack', text: note }),
    ]);
    const answerEvent = (await companyTimeline(h.db, { ...rowA, cvr: a.cvr })).find((e) => e.title === 'company.anchoring-answer');
    expect(answerEvent?.detail).toBe(`${a.email} (COMPANY): note: ${note}`);
    await sleepUntil(instantAt(checks[0]!.remindOn, SEND_AT) + hour);
    await h.mail.waitFor(() => subjects(eaEmail).some((x) => x.startsWith('Påmindelse: ') && x.includes('forankringstjek 1')), 30_000);
    expect(subjects(a.email).filter((x) => x.startsWith('Påmindelse: ') && x.includes('forankringstjek'))).toEqual([]);

    // The last check answered by both: the follow-up closes as anchored.
    await sleepUntil(instantAt(checks[2]!.on, SEND_AT) + hour);
    await h.mail.waitFor(() => subjects(a.email).some((x) => x.includes('forankringstjek 3')), 30_000);
    await answerAnchoringCheck(ctx(), {
      cohortId: cohort.cohortId,
      cvr: a.cvr,
      checkNo: 3,
      respondent: 'COMPANY',
      socialModelInUse: 'YES',
      participantsOnboarded: 2,
      answeredBy: a.email,
    });
    await answerAnchoringCheck(ctx(), {
      cohortId: cohort.cohortId,
      cvr: a.cvr,
      checkNo: 3,
      respondent: 'EMPLOYMENT_ACTOR',
      socialModelInUse: 'YES',
      answeredBy: eaEmail,
    });
    const result = await resultOf(ha.workflowId);
    expect(result.phase).toBe('COMPLETED');
    expect(result.anchoringStatus).toBe('ANCHORED');
    expect(result.camps).toHaveLength(camps.campIds.length);
    expect(result.camps.find((c) => c.campId === cancelId)!.status).toBe('CANCELLED');
    expect(result.camps.filter((c) => c.status === 'HELD')).toHaveLength(camps.campIds.length - 1);
    const row = await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: ha.workflowId } });
    expect(row).toMatchObject({ phase: 'COMPLETED', anchoringStatus: 'ANCHORED', overdueCount: 1, nextDeadlineOn: null });
    await h.mail.waitFor(() => subjects(cohort.coordinatorEmail).includes(`Forankring afsluttet: ${a.name}: ANCHORED`), 30_000);
    // Reminders before the camps never went to anyone twice (the outbox keys are unique per step).
    const keys = await h.db.emailOutbox.findMany({ where: { toAddress: a.email }, select: { idempotencyKey: true } });
    expect(new Set(keys.map((k) => k.idempotencyKey)).size).toBe(h.mail.to(a.email).length);
    expect(reminderDates('2027-11-15', [14, 2])).toHaveLength(2);

    // The whole year's history replays deterministically, and carries no names or addresses.
    const history = await ha.fetchHistory();
    await saveHistoryChain(h.env.client, ha.workflowId, ha.firstExecutionRunId, 'agenda-whole-path-integration', 'company');
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: 'company-track' }, history, ha.workflowId);
    const payloads = JSON.stringify(history);
    const decoded = [...payloads.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)]
      .map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'))
      .join('\n');
    expect(decoded).toContain(a.cvr);
    for (const personal of [a.email, a.name, 'Borgeren er ikke mødt', eaEmail]) expect(decoded).not.toContain(personal);
  });

  it('a company that withdraws during the accelerator gets every upcoming camp taken out of its calendar, and nothing more', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'withdraw-2030', year: 2030, perMunicipality: 1, cvrPrefix: '5600' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const c = cohort.companies.find((x) => x.municipalityCode === '851')!;
    const handle = await h.env.client.workflow.start(companyTrackWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: companyTrackWorkflowId(cohort.cohortId, c.cvr),
      args: [companyTrackInput(cohort, camps, c)],
    });
    await h.mail.waitFor(() => h.mail.to(c.email).length === 1, 30_000);
    const bootCamp = await h.db.camp.findUniqueOrThrow({ where: { id: camps.bootCampId } });
    await sleepUntil(bootCamp.endsAt.getTime() + hour);
    await recordCampAttendance(ctx(), { campId: camps.bootCampId, attendance: [{ cvr: c.cvr, attended: true }] });
    await expect.poll(async () => (await handle.query(companyTrackSummaryQuery)).phase, { timeout: 30_000 }).toBe('SELECTION');
    await selectCompanies(ctx(), { cohortId: cohort.cohortId, municipalityCode: '851', selected: [c.cvr] });
    const invitations = () => h.mail.to(c.email).filter((m) => m.parsed.subject?.startsWith('Vækstpartnerskaber: Camp '));
    // The first camp is announced six weeks ahead; the others are still to be announced.
    const firstCamp = await h.db.camp.findUniqueOrThrow({ where: { id: camps.campIds[0]! } });
    await sleepUntil(
      instantAt(invitationDate(localDateAt(firstCamp.startsAt.getTime()), COMPANY_PLAN.invitationLeadWeeks)!, SEND_AT) + hour,
    );
    await h.mail.waitFor(() => invitations().length === 1, 30_000);

    await withdrawCompany(ctx(), {
      cohortId: cohort.cohortId,
      cvr: c.cvr,
      reason: 'Virksomheden er lukket',
      withdrawnBy: cohort.coordinatorEmail,
    });
    const withdrawals = () => h.mail.to(c.email).filter((m) => m.parsed.subject?.startsWith('Fjernet fra kalenderen: '));
    // Only the camp in its calendar is taken out: the camps not yet announced need no e-mail.
    await h.mail.waitFor(() => withdrawals().length === 1, 30_000);
    for (const mail of withdrawals()) {
      const event = calendarOf(mail);
      expect(event.method).toBe('CANCEL');
      expect(Number(event.event.sequence)).toBe(1);
      expect(event.event.uid).toBe(`${firstCamp.id}@dobbeltspor`);
    }
    const result = await resultOf(handle.workflowId);
    expect(result.phase).toBe('WITHDRAWN');
    expect((await h.db.companyTrack.findUniqueOrThrow({ where: { workflowId: handle.workflowId } })).phase).toBe('WITHDRAWN');
    await expect(withdrawCompany(ctx(), { cohortId: cohort.cohortId, cvr: c.cvr, reason: 'igen', withdrawnBy: 'x' })).rejects.toMatchObject(
      { code: 'INVALID_STATE' },
    );

    // Every camp's workflow has ended WITHDRAWN: no reminder, nudge or follow-up can follow.
    const plain = new Client({ connection: h.env.connection, namespace: h.env.namespace ?? 'default' });
    for (const id of camps.campIds) {
      expect((await plain.workflow.getHandle(campInvitationWorkflowId(id, c.cvr)).result()).status).toBe('WITHDRAWN');
    }
    expect(await h.db.auditLog.count({ where: { action: 'company.withdrawn', entityId: handle.workflowId } })).toBe(1);
  });
});
