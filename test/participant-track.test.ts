import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addWeeks, instantAt, isWorkingDay, localDateAt, mondayOf, type LocalDate } from '../domain/calendar.js';
import {
  answerDueOn,
  attendanceReminderOn,
  firstEmployerContactDueOn,
  mentorReminderOn,
  pausedDays,
  phaseDates,
  placementCheckIns,
  retentionFollowUps,
  shiftByPause,
  trainingWeeks,
} from '../domain/participant-schedule.js';
import {
  answerRetention,
  assignMentor,
  dropOutParticipant,
  participantSummary,
  pauseParticipant,
  placeParticipant,
  recordAttendance,
  recordEmployerContact,
  recordParticipantOutcome,
  resumeParticipant,
  tickTrainingTopic,
  transferParticipant,
} from '../client/operations/participants.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import type { OperationContext } from '../client/operations/context.js';
import { participantTrackWorkflow } from '../workflows/index.js';
import { pauseTrackSignal, resumeTrackSignal } from '../contracts/index.js';
import { ADDRESSES, operationContext, seedWorld, testProgramme, type World } from './support/participant-world.js';
import { saveHistoryChain } from './support/histories.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMailTransport } from '../activities/mail/transport.js';
import { createWorker } from '../worker/create-worker.js';
import { MailSink } from '../scripts/mail-sink.js';
import { COHORT, MUNICIPALITY, PHASE, TRACK_KIND } from '../contracts/search-attributes.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TEST_CONFIG, createHarness, startDevServer, uniqueId, type Harness } from './support/temporal.js';
import { OperationError } from '../client/operations/operation-error.js';

const plan = testProgramme().participant;

describe('participant track on the time-skipping server', () => {
  let h: Harness;
  let ctx: OperationContext;
  let world: World;
  const today = async (): Promise<LocalDate> => localDateAt(Number(await h.env.currentTimeMs()));
  /** Skips workflow time to 10:00 Copenhagen on the given date (after the day's 09:00 reminders). */
  const sleepUntil = async (date: LocalDate) => {
    const target = Date.parse(`${date}T12:00:00Z`) - 2 * 3600_000;
    const now = Number(await h.env.currentTimeMs());
    if (target > now) await h.env.sleep(target - now);
  };
  const subjects = (address: string) => h.mail.to(address).map((m) => m.parsed.subject ?? '');
  const result = (trackId: string) => h.env.client.workflow.getHandle<typeof participantTrackWorkflow>(`participant-${trackId}`).result();

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    ctx = operationContext(h.env.client, h.db, h.taskQueue, () => h.env.currentTimeMs());
    world = await seedWorld(h.db);
  });
  afterAll(() => h?.close());

  it('runs twelve months of training and six months of retention follow-ups into the ledger and the projection', async () => {
    const participantId = await world.participant();
    const startsOn = await today();
    const expected = phaseDates(startsOn, plan);
    const { trackId, workflowId, runId } = await enrolParticipant(ctx, {
      participantId,
      cohortId: world.cohortId,
      partnershipId: world.partnershipId,
      startsOn,
    });
    expect(workflowId).toBe(`participant-${trackId}`);

    let s = await assignMentor(ctx, trackId, world.staff.mentor);
    expect(s.mentorStaffId).toBe(world.staff.mentor);
    s = await tickTrainingTopic(ctx, trackId, 'Transporttræning');
    expect(s.trainingTopics).toEqual([
      { topic: 'Mødepligt og ansvarlighed', done: false },
      { topic: 'Transporttræning', done: true },
    ]);
    s = await recordEmployerContact(ctx, trackId, startsOn);
    expect(s.phase).toBe('WORK_READINESS');
    expect(s.jobTrainingStartsOn).toBe(expected.jobTrainingStartsOn);
    expect(s.jobTrainingEndsOn).toBe(expected.jobTrainingEndsOn);
    expect(s.pendingTasks.map((t) => t.id)).not.toContain('mentor');

    // Every week of work-readiness and of job training is recorded, at the plan's 10 hours, before its reminder is due.
    for (let week = mondayOf(expected.workReadinessStartsOn); week < expected.jobTrainingEndsOn; week = addWeeks(week, 1)) {
      await sleepUntil(week < startsOn ? startsOn : week);
      s = await recordAttendance(ctx, trackId, { weekStart: week, hours: 10, recordedBy: world.staff.staff });
      if (week === addWeeks(mondayOf(startsOn), 16)) {
        s = await placeParticipant(ctx, trackId, { companyId: world.companies.accelerator, supportPersonId: world.staff.support });
        expect(s.placement).toMatchObject({
          companyId: world.companies.accelerator,
          role: 'ACCELERATOR',
          startsOn: expected.jobTrainingStartsOn,
        });
      }
    }
    await h.mail.waitFor(() => h.mail.to(ADDRESSES.accelerator).length >= 1);
    const welcome = h.mail.to(ADDRESSES.accelerator)[0]!.parsed;
    expect(welcome.subject).toContain(`starter ${expected.jobTrainingStartsOn}`);
    expect(welcome.text).toContain('Søren Støtte (stoette@jobvejen.dk)');

    await sleepUntil(expected.jobTrainingStartsOn);
    s = await participantSummary(ctx, trackId);
    expect(s.phase).toBe('JOB_TRAINING');
    expect(s.phaseStartedOn).toBe(expected.jobTrainingStartsOn);
    expect(s.lastAttendance).toMatchObject({ hours: 10, present: true });

    await sleepUntil(expected.jobTrainingEndsOn);
    await h.mail.waitFor(() => h.mail.to(ADDRESSES.coordinator).some((m) => m.parsed.subject?.startsWith('Resultat mangler')));
    s = await participantSummary(ctx, trackId);
    expect(s.overdue.map((t) => t.id)).toEqual(['outcome']);
    expect(s.attendancePlan).toMatchObject({ hoursPerWeek: 10, weeksBelowPlanInRow: 0, flagged: false });
    expect(s.attendancePlan?.lastCheckedWeek).toMatchObject({ hours: 10, status: 'AS_PLANNED' });
    expect(subjects(ADDRESSES.support).filter((x) => x.includes('opfølgning')).length).toBe(2);
    expect(subjects(ADDRESSES.accelerator).filter((x) => x.includes('opfølgning')).length).toBe(2);

    const hiredOn = await today();
    s = await recordParticipantOutcome(ctx, trackId, {
      kind: 'ORDINARY_JOB',
      occurredOn: hiredOn,
      hoursPerWeek: 37,
      evidenceRef: 'eIndkomst 2027-05',
    });
    expect(s.phase).toBe('RETENTION');
    const followUps = retentionFollowUps(hiredOn, [4, 13, 26]);
    expect(s.retention.map((r) => r.on)).toEqual(followUps.map((f) => f.on));
    for (const f of followUps) {
      await sleepUntil(f.on);
      await h.mail.waitFor(() => subjects(ADDRESSES.support).some((x) => x.startsWith(`Opfølgning efter ${f.weeks} uger`)));
      s = await answerRetention(ctx, trackId, { weeks: f.weeks, stillEmployed: true, evidenceRef: `lønseddel uge ${f.weeks}` });
    }
    const final = await result(trackId);
    expect(final.phase).toBe('COMPLETED');
    expect(final.outcomes.map((o) => [o.kind, o.retentionWeeks ?? null, o.amountOre])).toEqual([
      ['ORDINARY_JOB', null, '4000000'],
      ['RETENTION', 4, '0'],
      ['RETENTION', 13, '1000000'],
      ['RETENTION', 26, '1500000'],
    ]);

    const ledger = await h.db.ledgerEntry.findMany({ where: { outcome: { participantTrackId: trackId } }, orderBy: { id: 'asc' } });
    expect(ledger.map((e) => [e.rateCardLine, e.amountOre, e.municipalityCode])).toEqual([
      ['ordinary-job', 4_000_000n, '621'],
      ['retention-13', 1_000_000n, '621'],
      ['retention-26', 1_500_000n, '621'],
    ]);
    const row = await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } });
    expect(row).toMatchObject({ phase: 'COMPLETED', overdueCount: 0, paused: false, placementCompanyId: world.companies.accelerator });
    expect(row.startedOn.toISOString().slice(0, 10)).toBe(expected.workReadinessStartsOn);
    // Both phases' weeks were recorded.
    expect(await h.db.attendance.count({ where: { participantTrackId: trackId } })).toBe(
      trainingWeeks(expected.workReadinessStartsOn, expected.jobTrainingEndsOn).length,
    );
    // All weeks were recorded in time, the mentor and the employer contact came early: no reminders.
    expect(subjects(ADDRESSES.mentor).filter((x) => x.startsWith('Fremmøde'))).toEqual([]);
    expect(subjects(ADDRESSES.coordinator).filter((x) => !x.startsWith('Resultat mangler'))).toEqual([]);
    await saveHistoryChain(h.env.client, workflowId, runId, 'full-track');
  });

  /** The e-mails of one track: their Message-IDs carry the track's idempotency keys. */
  const mailsOf = (trackId: string, to?: string) =>
    h.mail.messages.filter((m) => (m.parsed.messageId ?? '').includes(`participant_${trackId}_`) && (!to || m.envelopeTo.includes(to)));
  const enrol = async (startsOn?: LocalDate) => {
    const participantId = await world.participant();
    const start = startsOn ?? (await today());
    const enrolled = await enrolParticipant(ctx, {
      participantId,
      cohortId: world.cohortId,
      partnershipId: world.partnershipId,
      startsOn: start,
    });
    return { ...enrolled, participantId, dates: phaseDates(start, plan) };
  };
  const rejection = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(OperationError);
    return e as OperationError;
  };

  it('reminds staff of a missing week, escalates repeated absence and reminds the coordinator of a missing mentor and employer contact', async () => {
    const { trackId, dates, workflowId, runId } = await enrol();
    const w1 = mondayOf(dates.workReadinessStartsOn);
    const w2 = addWeeks(w1, 1);
    // Attendance is recorded once its week has begun (enrolled on a weekend, the training starts on Monday).
    await h.sleepUntilDate(w1);
    await recordAttendance(ctx, trackId, { weekStart: w1, hours: 0, recordedBy: world.staff.staff });
    await sleepUntil(attendanceReminderOn(w2, plan.attendance.graceDays));
    await h.mail.waitFor(() => mailsOf(trackId, ADDRESSES.coordinator).length >= 1);
    // Week 1 was recorded (absent): no reminder; week 2 was not: a reminder to the staff member.
    expect(mailsOf(trackId, ADDRESSES.staff).map((m) => m.parsed.subject)).toEqual([expect.stringContaining(`uge med start ${w2}`)]);
    const escalation = mailsOf(trackId, ADDRESSES.coordinator).map((m) => m.parsed.subject);
    expect(escalation).toContainEqual(expect.stringContaining('Gentaget fravær'));
    expect(escalation.find((x) => x?.includes('Gentaget'))).toContain('(2 uger i træk)');

    const mentorDue = mentorReminderOn(dates.workReadinessStartsOn, plan.mentor.remindAfterDays);
    const contactDue = firstEmployerContactDueOn(dates.workReadinessStartsOn, plan.ips!.firstEmployerContactDays);
    await sleepUntil(contactDue);
    await h.mail.waitFor(() =>
      mailsOf(trackId, ADDRESSES.coordinator).some((m) => m.parsed.subject?.startsWith('Første arbejdsgiverkontakt')),
    );
    const coordinator = mailsOf(trackId, ADDRESSES.coordinator).map((m) => m.parsed.subject ?? '');
    expect(coordinator.filter((x) => x.startsWith('Mentor mangler'))).toHaveLength(1);
    let s = await participantSummary(ctx, trackId);
    expect(s.overdue.map((t) => t.id)).toEqual(expect.arrayContaining(['mentor', 'employer-contact', `attendance:${w2}`]));
    expect(s.overdue.find((t) => t.id === 'mentor')?.dueOn).toBe(mentorDue);
    const row = await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } });
    expect(row.overdueCount).toBe(s.overdue.length);
    expect(row.nextDeadlineOn?.toISOString().slice(0, 10)).toBe(s.nextDeadline?.on);
    // The work queue's rows of the open tasks, written with the row: the overdue ones marked.
    const tasks = await h.db.participantTrackTask.findMany({ where: { participantTrackId: trackId } });
    expect(tasks.map((t) => t.taskId).sort()).toEqual([...new Set([...s.overdue, ...s.pendingTasks].map((t) => t.id))].sort());
    expect(tasks.filter((t) => t.overdue).map((t) => t.taskId)).toEqual(expect.arrayContaining(s.overdue.map((t) => t.id)));

    // A late record and the mentor clear their overdue items.
    s = await recordAttendance(ctx, trackId, { weekStart: w2, hours: 8, recordedBy: world.staff.staff });
    s = await assignMentor(ctx, trackId, world.staff.mentor);
    expect(s.overdue.map((t) => t.id)).not.toContain(`attendance:${w2}`);
    expect(s.overdue.map((t) => t.id)).not.toContain('mentor');
    // Later missing weeks go to the mentor now.
    const later = mondayOf(await today());
    await sleepUntil(addDays(attendanceReminderOn(later, plan.attendance.graceDays), 1));
    await h.mail.waitFor(() => mailsOf(trackId, ADDRESSES.mentor).length >= 1);
    s = await dropOutParticipant(ctx, trackId, 'test over');
    await saveHistoryChain(h.env.client, workflowId, runId, 'missing-attendance');
  });

  it('an early hire in work-readiness ends training and starts the retention follow-ups; a "no" ends them', async () => {
    const { trackId, dates } = await enrol();
    await sleepUntil(addDays(dates.workReadinessStartsOn, 20));
    const hiredOn = await today();
    const sentBeforeHire = mailsOf(trackId).length;
    let s = await recordParticipantOutcome(ctx, trackId, {
      kind: 'PARTIAL_JOB',
      occurredOn: hiredOn,
      hoursPerWeek: 15,
      evidenceRef: 'ansættelseskontrakt',
    });
    expect(s.phase).toBe('RETENTION');
    expect(s.pendingTasks.map((t) => t.kind)).toEqual(['RETENTION_ASK', 'RETENTION_ASK', 'RETENTION_ASK']);
    const ledger = await h.db.ledgerEntry.findMany({ where: { outcome: { participantTrackId: trackId } } });
    expect(ledger.map((e) => [e.rateCardLine, e.amountOre])).toEqual([['partial-job', 1_621_622n]]); // 40 000 × 15/37
    // Outcomes follow one another, but the same one is not recorded twice (nor one dated before it).
    expect(
      (
        await rejection(
          recordParticipantOutcome(ctx, trackId, { kind: 'PARTIAL_JOB', occurredOn: hiredOn, hoursPerWeek: 15, evidenceRef: 'x' }),
        )
      ).field,
    ).toBe('kind');

    const [four] = retentionFollowUps(hiredOn, plan.retentionFollowUpWeeks);
    await sleepUntil(four!.on);
    await h.mail.waitFor(() => mailsOf(trackId).length > sentBeforeHire);
    // No attendance reminders after the hire; the follow-up goes to the responsible staff (no support person).
    expect(
      mailsOf(trackId)
        .slice(sentBeforeHire)
        .map((m) => [m.envelopeTo, m.parsed.subject]),
    ).toEqual([[[ADDRESSES.staff], expect.stringContaining('Opfølgning efter 4 uger')]]);
    // Not answered within five working days: the coordinator is told and the answer is overdue.
    await sleepUntil(addDays(answerDueOn(four!.on), 1));
    await h.mail.waitFor(() => mailsOf(trackId, ADDRESSES.coordinator).some((m) => m.parsed.subject?.startsWith('Opfølgning ubesvaret')));
    expect((await participantSummary(ctx, trackId)).overdue.map((t) => t.id)).toEqual(['retention-answer:4']);
    // The 13-week follow-up cannot be answered before it is asked.
    expect((await rejection(answerRetention(ctx, trackId, { weeks: 13, stillEmployed: true, evidenceRef: 'x' }))).field).toBe('weeks');
    s = await answerRetention(ctx, trackId, { weeks: 4, stillEmployed: false, evidenceRef: 'opringning' });
    expect(s.phase).toBe('COMPLETED');
    expect(s.endReason).toContain('no longer employed');
    const final = await result(trackId);
    expect(final.retention.map((r) => r.answer ?? null)).toEqual(['NOT_EMPLOYED', null, null]);
    expect(await h.db.outcome.count({ where: { participantTrackId: trackId } })).toBe(1);
  });

  it('job training without a placement is overdue; a placement then starts today and schedules its check-ins on working days', async () => {
    const { trackId, dates, workflowId, runId } = await enrol();
    await sleepUntil(dates.jobTrainingStartsOn);
    await h.mail.waitFor(() =>
      mailsOf(trackId, ADDRESSES.coordinator).some((m) => m.parsed.subject?.startsWith('Virksomhedsforløb mangler')),
    );
    let s = await participantSummary(ctx, trackId);
    expect(s.phase).toBe('JOB_TRAINING');
    expect(s.overdue.map((t) => t.id)).toContain('placement');

    const tenDaysIn = addDays(dates.jobTrainingStartsOn, 10);
    await sleepUntil(tenDaysIn);
    // Attendance was never recorded: a reminder for every week of work-readiness, the last one's
    // after the phase ended, and (attendance being judged against the plan) for the weeks of job
    // training reminded so far.
    const reminders = mailsOf(trackId, ADDRESSES.staff).filter((m) => m.parsed.subject?.startsWith('Fremmøde mangler'));
    const remindedSoFar = trainingWeeks(dates.workReadinessStartsOn, dates.jobTrainingEndsOn).filter(
      (w) => attendanceReminderOn(w, plan.attendance.graceDays) < tenDaysIn,
    );
    expect(reminders).toHaveLength(remindedSoFar.length);
    const placedOn = await today();
    s = await placeParticipant(ctx, trackId, { companyId: world.companies.own });
    expect(s.placement).toMatchObject({ startsOn: placedOn, endsOn: dates.jobTrainingEndsOn });
    expect(s.overdue.map((t) => t.id)).not.toContain('placement');
    const checkIns = s.pendingTasks.filter((t) => t.kind === 'CHECK_IN');
    expect(checkIns.map((t) => t.dueOn)).toEqual(placementCheckIns(placedOn, dates.jobTrainingEndsOn, ['midway', 'end']).map((c) => c.on));
    for (const t of s.pendingTasks) expect(isWorkingDay(t.dueOn), `${t.id} on ${t.dueOn}`).toBe(true);
    await dropOutParticipant(ctx, trackId, 'test over');
    await saveHistoryChain(h.env.client, workflowId, runId, 'placement-missing');
  });

  it('a track enrolled ahead of its start waits in ENROLLED and begins work-readiness on its first day', async () => {
    const startsOn = addDays(await today(), 14);
    const { trackId, dates } = await enrol(startsOn);
    let s = await participantSummary(ctx, trackId);
    expect(s).toMatchObject({ phase: 'ENROLLED', startedOn: dates.workReadinessStartsOn, phaseEndsOn: dates.workReadinessStartsOn });
    expect((await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } })).phase).toBe('ENROLLED');
    await sleepUntil(dates.workReadinessStartsOn);
    await expect.poll(async () => (await participantSummary(ctx, trackId)).phase, { timeout: 10_000 }).toBe('WORK_READINESS');
    s = await participantSummary(ctx, trackId);
    expect(s.phaseStartedOn).toBe(dates.workReadinessStartsOn);
    expect(mailsOf(trackId)).toEqual([]);
    await expect
      .poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } })).phase, { timeout: 10_000 })
      .toBe('WORK_READINESS');
    await dropOutParticipant(ctx, trackId, 'test over');
  });

  it('a track enrolled with its start months ago sends the coordinator one digest of what fell due, not a reminder each', async () => {
    const now = Number(await h.env.currentTimeMs());
    const startsOn = addDays(localDateAt(now), -120);
    const { trackId, dates, workflowId, runId } = await enrol(startsOn);
    // Every week up to now is unrecorded and overdue, the mentor and the first employer contact too.
    const weeks = trainingWeeks(dates.workReadinessStartsOn, localDateAt(now)).filter(
      (w) => instantAt(attendanceReminderOn(w, plan.attendance.graceDays), '09:00') < now,
    );
    const overdueWeeks = async () =>
      (await participantSummary(ctx, trackId)).overdue.filter((t) => t.kind === 'ATTENDANCE').map((t) => t.id);
    await expect.poll(overdueWeeks, { timeout: 30_000 }).toEqual(weeks.map((w) => `attendance:${w}`));
    await h.mail.waitFor(() => mailsOf(trackId).length > 0, 30_000);
    const s = await participantSummary(ctx, trackId);
    expect(s.overdue.map((t) => t.id)).toEqual(expect.arrayContaining(['mentor', 'employer-contact']));
    await new Promise((r) => setTimeout(r, 2000));
    const mails = mailsOf(trackId);
    expect(mails.map((m) => [m.envelopeTo, m.parsed.subject])).toEqual([
      [[ADDRESSES.coordinator], expect.stringMatching(/^Forfaldent ved forløbets start: Amina Hansen/)],
    ]);
    expect(mails[0]!.parsed.text).toContain(`Fremmøde ikke registreret for ${weeks.length} uger: ${weeks.join(', ')}`);
    expect(mails[0]!.parsed.text).toContain('Ingen mentor tildelt');
    // What falls due from now on is sent as usual: next week's attendance reminder goes to the staff member.
    const next = s.pendingTasks.find((t) => t.kind === 'ATTENDANCE')!;
    await sleepUntil(next.dueOn);
    await h.mail.waitFor(() => mailsOf(trackId, ADDRESSES.staff).some((m) => m.parsed.subject?.startsWith('Fremmøde mangler')), 30_000);
    await dropOutParticipant(ctx, trackId, 'test over');
    await saveHistoryChain(h.env.client, workflowId, runId, 'started-in-the-past');
  });

  it('drop-out ends the track with its reason, and nothing is sent afterwards', async () => {
    const { trackId } = await enrol();
    const s = await dropOutParticipant(ctx, trackId, 'flyttet til anden kommune');
    expect(s.phase).toBe('DROPPED_OUT');
    expect(s.endReason).toBe('flyttet til anden kommune');
    // The workflow keeps the reason's FreeText id, not the words.
    const final = await result(trackId);
    expect(final).toMatchObject({ phase: 'DROPPED_OUT', pendingTasks: [], overdue: [] });
    expect(final.endReason).not.toContain('flyttet');
    expect(await h.db.freeText.findUniqueOrThrow({ where: { id: final.endReason! } })).toMatchObject({
      kind: 'drop-out-reason',
      entity: 'ParticipantTrack',
      entityId: trackId,
      text: 'flyttet til anden kommune',
    });
    const row = await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } });
    expect(row).toMatchObject({ phase: 'DROPPED_OUT', endReason: 'flyttet til anden kommune', nextDeadlineOn: null, overdueCount: 0 });
    await h.env.sleep('30 days');
    expect(mailsOf(trackId)).toEqual([]);
  });

  it('a pause of eight weeks moves every deadline by the paused time and holds the reminders', async () => {
    const { trackId, dates, workflowId, runId } = await enrol();
    const w1 = mondayOf(dates.workReadinessStartsOn);
    // Attendance is recorded once its week has begun.
    await h.sleepUntilDate(w1);
    await recordAttendance(ctx, trackId, { weekStart: w1, hours: 10, recordedBy: world.staff.staff });
    const before = await participantSummary(ctx, trackId);
    let s = await pauseParticipant(ctx, trackId, 'sygdom');
    expect(s.paused).toBe(true);
    const pausedOn = await today();
    expect((await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } })).paused).toBe(true);
    await h.env.sleep('56 days');
    // Without the pause there would have been attendance reminders, a mentor and an employer-contact reminder by now.
    expect(mailsOf(trackId)).toEqual([]);
    s = await resumeParticipant(ctx, trackId);
    const days = pausedDays(pausedOn, await today());
    expect(days).toBe(56);
    expect(s.paused).toBe(false);
    expect(s.pausedDaysTotal).toBe(56);
    expect(s.jobTrainingStartsOn).toBe(shiftByPause(dates.jobTrainingStartsOn, 56));
    expect(s.jobTrainingEndsOn).toBe(shiftByPause(dates.jobTrainingEndsOn, 56));
    expect(s.pendingTasks.find((t) => t.id === 'mentor')?.dueOn).toBe(
      shiftByPause(before.pendingTasks.find((t) => t.id === 'mentor')!.dueOn, 56),
    );
    expect((await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } })).paused).toBe(false);
    // Reminders run again after the resume: the mentor reminder comes on its moved date.
    await sleepUntil(s.pendingTasks.find((t) => t.id === 'mentor')!.dueOn);
    await h.mail.waitFor(() => mailsOf(trackId, ADDRESSES.coordinator).some((m) => m.parsed.subject?.startsWith('Mentor mangler')));
    await dropOutParticipant(ctx, trackId, 'test over');
    await saveHistoryChain(h.env.client, workflowId, runId, 'pause-resume');
  });

  it('a pause during job training keeps the dates already reached and moves the end dates', async () => {
    const { trackId, dates, workflowId, runId } = await enrol();
    await sleepUntil(addDays(dates.jobTrainingStartsOn, 7));
    await placeParticipant(ctx, trackId, { companyId: world.companies.own });
    const before = await participantSummary(ctx, trackId);
    expect(before).toMatchObject({
      phase: 'JOB_TRAINING',
      phaseStartedOn: dates.jobTrainingStartsOn,
      jobTrainingStartsOn: dates.jobTrainingStartsOn,
    });
    await pauseParticipant(ctx, trackId, 'sygdom');
    await h.env.sleep('56 days');
    const s = await resumeParticipant(ctx, trackId);
    expect(s.pausedDaysTotal).toBe(56);
    // Job training had begun: its start stays (it used to move by the whole pause), and so do the
    // phase's and the placement's starts; what lies ahead moves.
    expect(s).toMatchObject({
      phase: 'JOB_TRAINING',
      phaseStartedOn: dates.jobTrainingStartsOn,
      jobTrainingStartsOn: dates.jobTrainingStartsOn,
    });
    expect(s.placement?.startsOn).toBe(before.placement!.startsOn);
    expect(s.jobTrainingEndsOn).toBe(shiftByPause(dates.jobTrainingEndsOn, 56));
    expect(s.placement?.endsOn).toBe(shiftByPause(before.placement!.endsOn, 56));
    expect(s.phaseEndsOn).toBe(s.jobTrainingEndsOn);
    await dropOutParticipant(ctx, trackId, 'test over');
    await saveHistoryChain(h.env.client, workflowId, runId, 'pause-in-job-training');
  });

  it('a whole-cohort pause by signal is a hold of its own: resuming the cohort keeps a track paused for its own reason', async () => {
    const { trackId, workflowId } = await enrol();
    const handle = h.env.client.workflow.getHandle(workflowId);
    await pauseParticipant(ctx, trackId, 'sygdom');
    await handle.signal(pauseTrackSignal, { reason: 'COVID-19: praktikker lukket', source: `cohort:${world.cohortId}` });
    let s = await participantSummary(ctx, trackId);
    expect(s.pauseReasons.sort()).toEqual(['COVID-19: praktikker lukket', 'sygdom']);
    await handle.signal(resumeTrackSignal, { source: `cohort:${world.cohortId}` });
    s = await participantSummary(ctx, trackId);
    expect(s).toMatchObject({ paused: true, pauseReasons: ['sygdom'] });
    s = await resumeParticipant(ctx, trackId);
    expect(s.paused).toBe(false);
    await dropOutParticipant(ctx, trackId, 'test over');
  });

  it('placement is validated: partnership, support person and capacity', async () => {
    const a = await enrol();
    const b = await enrol();
    let e = await rejection(placeParticipant(ctx, a.trackId, { companyId: world.companies.outside, supportPersonId: world.staff.support }));
    expect(e).toMatchObject({ code: 'REJECTED', field: 'companyId' });
    expect(e.message).toContain('does not belong to partnership');
    e = await rejection(placeParticipant(ctx, a.trackId, { companyId: world.companies.accelerator }));
    expect(e).toMatchObject({ code: 'REJECTED', field: 'supportPersonId' });
    e = await rejection(placeParticipant(ctx, a.trackId, { companyId: world.companies.accelerator, supportPersonId: world.staff.mentor }));
    expect(e).toMatchObject({ code: 'REJECTED', field: 'supportPersonId' });
    expect((await participantSummary(ctx, a.trackId)).placement).toBeUndefined();

    const s = await placeParticipant(ctx, a.trackId, { companyId: world.companies.accelerator, supportPersonId: world.staff.support });
    expect(s.placement?.companyId).toBe(world.companies.accelerator);
    e = await rejection(placeParticipant(ctx, b.trackId, { companyId: world.companies.accelerator, supportPersonId: world.staff.support }));
    expect(e).toMatchObject({ code: 'REJECTED', field: 'companyId' });
    expect(e.message).toContain('no free place');
    // The employment actor's own company needs no named support person: its contact is the single point of contact.
    await placeParticipant(ctx, b.trackId, { companyId: world.companies.own });
    await h.mail.waitFor(() => mailsOf(b.trackId, ADDRESSES.own).length === 1);
    expect(mailsOf(b.trackId, ADDRESSES.own)[0]!.parsed.text).toContain(`(${ADDRESSES.actorContact})`);
    await dropOutParticipant(ctx, a.trackId, 'test over');
    await dropOutParticipant(ctx, b.trackId, 'test over');
  });

  it('rejects invalid attendance, topics and a duplicate enrolment with the field concerned', async () => {
    const { trackId, participantId, dates } = await enrol();
    const monday = mondayOf(dates.workReadinessStartsOn);
    expect((await rejection(recordAttendance(ctx, trackId, { weekStart: addDays(monday, 1), hours: 5, recordedBy: 'x' }))).field).toBe(
      'weekStart',
    );
    expect((await rejection(recordAttendance(ctx, trackId, { weekStart: addWeeks(monday, -1), hours: 5, recordedBy: 'x' }))).field).toBe(
      'weekStart',
    );
    expect((await rejection(recordAttendance(ctx, trackId, { weekStart: monday, hours: -2, recordedBy: 'x' }))).field).toBe('hours');
    expect((await rejection(tickTrainingTopic(ctx, trackId, 'Svømning'))).field).toBe('topic');
    expect((await rejection(assignMentor(ctx, trackId, world.staff.otherActorMentor))).field).toBe('staffMemberId');
    // A correction of a week replaces the row: one row per track and week.
    await recordAttendance(ctx, trackId, { weekStart: monday, hours: 4, recordedBy: 'x' });
    await recordAttendance(ctx, trackId, { weekStart: monday, hours: 9, recordedBy: 'x' });
    const rows = await h.db.attendance.findMany({ where: { participantTrackId: trackId } });
    expect(rows.map((r) => Number(r.hours))).toEqual([9]);

    const e = await rejection(enrolParticipant(ctx, { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId }));
    expect(e).toMatchObject({ code: 'DUPLICATE_ENROLMENT', field: 'enrolmentId' });
    expect(await h.db.participantTrack.count({ where: { participantId } })).toBe(1);
    await dropOutParticipant(ctx, trackId, 'test over');
  });

  it('transfer to another partnership ends the old track and continues the progress in a new one', async () => {
    const { trackId, dates, participantId } = await enrol();
    await recordAttendance(ctx, trackId, { weekStart: mondayOf(dates.workReadinessStartsOn), hours: 10, recordedBy: 'x' });
    await tickTrainingTopic(ctx, trackId, 'Mødepligt og ansvarlighed');
    await assignMentor(ctx, trackId, world.staff.mentor);
    const moved = await transferParticipant(ctx, trackId, { toPartnershipId: world.otherPartnershipId, reason: 'flytning til Vejen' });
    expect(moved.from).toMatchObject({ phase: 'TRANSFERRED', transferredToTrackId: moved.to.trackId });
    expect((await result(trackId)).phase).toBe('TRANSFERRED');
    const s = await participantSummary(ctx, moved.to.trackId);
    expect(s).toMatchObject({
      phase: 'WORK_READINESS',
      startedOn: dates.workReadinessStartsOn,
      jobTrainingStartsOn: dates.jobTrainingStartsOn,
    });
    expect(s.mentorStaffId).toBeUndefined(); // the mentor belongs to the old partnership's employment actor
    expect(s.trainingTopics.find((t) => t.done)?.topic).toBe('Mødepligt og ansvarlighed');
    expect(s.lastAttendance?.hours).toBe(10);
    const [oldRow, newRow] = await Promise.all([
      h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } }),
      h.db.participantTrack.findUniqueOrThrow({ where: { id: moved.to.trackId } }),
    ]);
    expect(oldRow).toMatchObject({ phase: 'TRANSFERRED', transferredToId: moved.to.trackId });
    expect(newRow).toMatchObject({ participantId, partnershipId: world.otherPartnershipId, phase: 'WORK_READINESS' });
    await dropOutParticipant(ctx, moved.to.trackId, 'test over');
  });

  it('a retried activity sends no second e-mail and writes no second ledger entry', async () => {
    // A worker whose activities do their work and then lose the result on the first attempt, as if
    // the worker crashed before reporting: Temporal runs them again.
    const lost = new Map<string, number>();
    const taskQueue = uniqueId('tq-retry');
    const mailer = createMailTransport(h.mail.smtpUrl);
    const worker = await createWorker({
      connection: h.env.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db: h.db, mailer, config: TEST_CONFIG },
      extra: {
        interceptors: {
          activity: [
            (c) => ({
              inbound: {
                async execute(input, next) {
                  const out = await next(input);
                  const type = c.info.activityType;
                  if ((type === 'recordOutcome' || type === 'sendParticipantMail') && c.info.attempt === 1) {
                    lost.set(type, (lost.get(type) ?? 0) + 1);
                    throw new Error(`the result of ${type} was lost`);
                  }
                  return out;
                },
              },
            }),
          ],
        },
      },
    });
    const running = worker.run();
    try {
      const rctx = operationContext(h.env.client, h.db, taskQueue, () => h.env.currentTimeMs());
      const participantId = await world.participant();
      const { trackId } = await enrolParticipant(rctx, {
        participantId,
        cohortId: world.cohortId,
        partnershipId: world.partnershipId,
        startsOn: await today(),
      });
      const hiredOn = await today();
      const s = await recordParticipantOutcome(rctx, trackId, { kind: 'ORDINARY_JOB', occurredOn: hiredOn, evidenceRef: 'kontrakt' });
      expect(s.outcomes.map((o) => o.amountOre)).toEqual(['4000000']);
      expect(lost.get('recordOutcome')).toBe(1);
      expect(await h.db.outcome.count({ where: { participantTrackId: trackId } })).toBe(1);
      expect(await h.db.ledgerEntry.count({ where: { outcome: { participantTrackId: trackId } } })).toBe(1);

      const [four] = retentionFollowUps(hiredOn, plan.retentionFollowUpWeeks);
      await sleepUntil(addDays(four!.on, 1));
      await h.mail.waitFor(() => mailsOf(trackId).length >= 1);
      expect(lost.get('sendParticipantMail')).toBe(1);
      expect(mailsOf(trackId).map((m) => m.parsed.subject)).toEqual([expect.stringContaining('Opfølgning efter 4 uger')]);
      const outbox = await h.db.emailOutbox.findMany({ where: { workflowId: `participant-${trackId}` } });
      expect(outbox.map((o) => o.status)).toEqual(['SENT']);
      await dropOutParticipant(rctx, trackId, 'test over');
    } finally {
      worker.shutdown();
      await running;
      mailer.close();
    }
  });
});

describe('participant track on the dev server', () => {
  let dev: TestWorkflowEnvironment;
  let database: TestDatabase;
  let mail: MailSink;
  let stop: () => Promise<void>;
  let ctx: OperationContext;
  let world: World;
  beforeAll(async () => {
    mail = new MailSink();
    [dev, database] = await Promise.all([startDevServer(), createTestDatabase(), mail.start()]);
    const mailer = createMailTransport(mail.smtpUrl);
    const taskQueue = uniqueId('tq-dev');
    const worker = await createWorker({
      connection: dev.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { db: database.db, mailer, config: TEST_CONFIG },
    });
    const running = worker.run();
    stop = async () => {
      worker.shutdown();
      await running;
      mailer.close();
    };
    ctx = operationContext(dev.client, database.db, taskQueue);
    world = await seedWorld(database.db);
  });
  afterAll(async () => {
    await stop?.();
    await dev?.teardown();
    await mail?.stop();
    await database?.drop();
  });

  it('keeps the PHASE search attribute current across phase changes and continue-as-new', async () => {
    const participantId = await world.participant();
    const { workflowId } = await enrolParticipant(ctx, { participantId, cohortId: world.cohortId, partnershipId: world.partnershipId });
    const trackId = workflowId.slice('participant-'.length);
    const latest = () => dev.client.workflow.getHandle(workflowId).describe();
    let described = await latest();
    expect(described.typedSearchAttributes.get(PHASE)).toBe('WORK_READINESS');
    expect(described.typedSearchAttributes.get(COHORT)).toBe(world.cohortId);
    expect(described.typedSearchAttributes.get(MUNICIPALITY)).toBe('621');
    expect(described.typedSearchAttributes.get(TRACK_KIND)).toBe('PARTICIPANT');

    await recordParticipantOutcome(ctx, trackId, { kind: 'ORDINARY_JOB', occurredOn: localDateAt(Date.now()), evidenceRef: 'kontrakt' });
    // The phase change continues as new: wait for the new run, which carries the attributes.
    await expect.poll(async () => (await latest()).runId, { timeout: 10_000 }).not.toBe(described.runId);
    described = await latest();
    expect(described.typedSearchAttributes.get(PHASE)).toBe('RETENTION');
    const query = `DobbeltsporCohort = "${world.cohortId}" AND DobbeltsporPhase = "RETENTION"`;
    await expect
      .poll(
        async () => {
          const ids: string[] = [];
          for await (const w of dev.client.workflow.list({ query })) ids.push(w.workflowId);
          return ids;
        },
        { timeout: 15_000, interval: 300 },
      )
      .toContain(workflowId);

    await dropOutParticipant(ctx, trackId, 'test over');
    await expect.poll(async () => (await latest()).typedSearchAttributes.get(PHASE), { timeout: 10_000 }).toBe('DROPPED_OUT');
  });
});
