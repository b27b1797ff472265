import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureCohortCamps } from '../activities/company/camps.js';
import { rsvpToken } from '../links/rsvp-token.js';
import { addWorkingDays, instantAt } from '../domain/calendar.js';
import { nudgeDate, reminderDates, SEND_AT } from '../domain/camp-plan.js';
import { cancelCohortCamp, moveCohortCamp } from '../client/operations/cohorts.js';
import { answerCampRsvp, recordCampAttendance } from '../client/operations/companies.js';
import { campInvitationWorkflow } from '../workflows/index.js';
import {
  campInvitationStateQuery,
  campInvitationWorkflowId,
  type CampInvitationInput,
  type CampInvitationResult,
} from '../contracts/index.js';
import { COMPANY_PLAN, seedCohort, type CohortFixture } from './support/company-fixtures.js';
import { calendarOf } from './support/ics.js';
import { findParts, outline, parseMime } from './support/mime-tree.js';
import { readWithIcalJs, readWithPython } from './support/strict-ics.js';
import { createMailTransport } from '../activities/mail/transport.js';
import { createWorker } from '../worker/create-worker.js';
import { saveHistoryChain } from './support/histories.js';
import { startRunningCohort } from './support/running-cohort.js';
import { createHarness, TEST_CONFIG, type Harness, type RunningWorker } from './support/temporal.js';

describe('camp invitation (one company, one camp)', () => {
  let h: Harness;
  let worker: RunningWorker;
  beforeAll(async () => {
    h = await createHarness();
    worker = await h.startWorker();
  });
  afterAll(() => h?.close());

  const ctx = () => ({ client: h.env.client, db: h.db, taskQueue: h.taskQueue, linkSecret: TEST_CONFIG.LINK_SECRET });
  const resultOf = (workflowId: string) => h.resultOf<CampInvitationResult>(workflowId);

  const sleepUntil = (ms: number) => h.sleepUntil(ms);

  async function startInvitations(cohort: CohortFixture, campId: string) {
    return Promise.all(
      cohort.companies.map((c) =>
        h.env.client.workflow.start(campInvitationWorkflow, {
          taskQueue: h.taskQueue,
          workflowId: campInvitationWorkflowId(campId, c.cvr),
          args: [
            {
              campId,
              companyId: c.id,
              cvr: c.cvr,
              reminderWorkingDays: COMPANY_PLAN.campReminderWorkingDays,
            } satisfies CampInvitationInput,
          ],
        }),
      ),
    );
  }

  // First in the file: no other workflow's e-mail can take the one refused delivery.
  it('a temporary SMTP failure is retried with backoff and the company still gets exactly one invitation', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'retry-2027', year: 2027, perMunicipality: 1, cvrPrefix: '6600' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const c = cohort.companies[0]!;
    const key = `camp:${camps.bootCampId}:${c.cvr}:0:invitation:0`;
    h.mail.failNext = 1;
    await h.env.client.workflow.start(campInvitationWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: campInvitationWorkflowId(camps.bootCampId, c.cvr),
      args: [{ campId: camps.bootCampId, companyId: c.id, cvr: c.cvr, reminderWorkingDays: COMPANY_PLAN.campReminderWorkingDays }],
    });
    await expect
      .poll(async () => (await h.db.emailOutbox.findUnique({ where: { idempotencyKey: key } }))?.lastError ?? null, { timeout: 30_000 })
      .toMatch(/451|try again/);
    expect((await h.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: key } })).status).toBe('PENDING');
    await h.env.sleep('1 minute'); // past the first backoff interval
    await h.mail.waitFor(() => h.mail.to(c.email).length === 1, 30_000);
    const row = await h.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: key } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    expect(h.mail.to(c.email)).toHaveLength(1);
  });

  it('a permanent SMTP refusal is not retried: the outbox row stays FAILED for operators and the invitation goes on', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'bounce-2027', year: 2027, perMunicipality: 1, cvrPrefix: '2200' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const [refused, fine] = cohort.companies as [(typeof cohort.companies)[0], (typeof cohort.companies)[0]];
    h.mail.rejectRecipients.add(refused.email);
    try {
      const handles = await startInvitations(cohort, camps.bootCampId);
      await h.mail.waitFor(() => h.mail.to(fine.email).length === 1, 30_000);
      const key = `camp:${camps.bootCampId}:${refused.cvr}:0:invitation:0`;
      await expect
        .poll(async () => (await h.db.emailOutbox.findUnique({ where: { idempotencyKey: key } }))?.status, { timeout: 30_000 })
        .toBe('FAILED');
      const row = await h.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: key } });
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/550|mailbox unavailable/);
      const state = await handles[0]!.query(campInvitationStateQuery);
      expect(state.phase).toBe('INVITED');
      expect(state.sent).toContain('0:invitation');
      expect(h.mail.to(refused.email)).toHaveLength(0);
    } finally {
      h.mail.rejectRecipients.delete(refused.email);
    }
  });

  it('a cancelled camp sends METHOD:CANCEL with the same UID and a higher SEQUENCE to everyone invited', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'cancel-2027', year: 2027, perMunicipality: 1, cvrPrefix: '3300' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const campId = camps.campIds[0]!;
    const handles = await startInvitations(cohort, campId);
    await startRunningCohort(h, h.db, cohort, camps);
    await h.mail.waitFor(() => cohort.companies.every((c) => h.mail.to(c.email).length === 1), 30_000);
    // The coordinator's operation, through the cohort workflow, which tells every company's invitation.
    const summary = await cancelCohortCamp(ctx(), cohort.cohortId, { campId });
    expect(summary.camps.find((c) => c.id === campId)).toMatchObject({ status: 'CANCELLED', sequence: 1 });
    for (const handle of handles) expect((await resultOf(handle.workflowId)).status).toBe('CANCELLED');
    for (const c of cohort.companies) {
      const [invite, cancel] = h.mail.to(c.email);
      expect(h.mail.to(c.email)).toHaveLength(2);
      const before = calendarOf(invite!);
      const after = calendarOf(cancel!);
      expect(before.method).toBe('REQUEST');
      expect(after.method).toBe('CANCEL');
      expect(after.event.uid).toBe(before.event.uid);
      expect(Number(after.event.sequence)).toBe(Number(before.event.sequence) + 1);
      expect(after.event.status).toBe('CANCELLED');
      expect(cancel!.parsed.subject).toMatch(/^Aflyst: /);
    }
    expect((await h.db.camp.findUniqueOrThrow({ where: { id: campId } })).sequence).toBe(1);
  });

  it('the invitation as received: a meeting request in multipart/alternative plus invite.ics, Reply-To the named contact person', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'mime-2027', year: 2027, perMunicipality: 1, cvrPrefix: '5500' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const kolding = cohort.companies.find((c) => c.municipalityCode === '621')!;
    await startInvitations(cohort, camps.bootCampId);
    await startRunningCohort(h, h.db, cohort, camps);
    await h.mail.waitFor(() => cohort.companies.every((c) => h.mail.to(c.email).length === 1), 30_000);
    const received = h.mail.to(kolding.email)[0]!;

    // The tree walked by hand from the bytes the SMTP server received.
    const tree = parseMime(received.raw);
    expect(outline(tree)).toEqual([
      'multipart/mixed',
      '  multipart/alternative',
      '    text/plain',
      '    text/html',
      '    text/calendar; method=REQUEST',
      '  application/ics; attachment invite.ics',
    ]);
    // The partnership's employment actor is the contact person: Reply-To, named in the text, and the organiser.
    expect(tree.headers['reply-to']).toBe('Kontakt Kolding <kim@indslusning-kolding.example.dk>');
    const text = findParts(tree, (n) => n.type === 'text/plain')[0]!.body!.toString('utf8');
    expect(text).toContain('Jeres kontaktperson er Kontakt Kolding, Eksempel Beskæftigelse Kolding (kim@indslusning-kolding.example.dk)');
    expect(text).toContain('kun svar via disse links registreres');
    expect(text).toContain('Et svar i kalenderprogrammet (Accepter/Afvis) registrerer ikke jeres svar');

    // Both calendar parts carry the same event, valid for both strict readers, both days 09–16 Copenhagen time.
    const [alternative] = findParts(tree, (n) => n.type === 'text/calendar');
    const [attachment] = findParts(tree, (n) => n.type === 'application/ics');
    expect(attachment!.body!.toString('utf8')).toBe(alternative!.body!.toString('utf8'));
    const ics = alternative!.body!.toString('utf8');
    const days = [
      { start: '2027-11-15T09:00:00+01:00', end: '2027-11-15T16:00:00+01:00', zone: 'Europe/Copenhagen' },
      { start: '2027-11-16T09:00:00+01:00', end: '2027-11-16T16:00:00+01:00', zone: 'Europe/Copenhagen' },
    ];
    const strict = readWithPython(inject('icalPythonPath'), ics);
    expect(strict).toMatchObject({ errors: [], method: 'REQUEST', occurrences: days });
    const read = readWithIcalJs(ics);
    expect(read.occurrences).toEqual(days);
    expect(read.organizer).toBe('mailto:kim@indslusning-kolding.example.dk');
    expect(read.attendees).toEqual([{ address: `MAILTO:${kolding.email}`, rsvp: 'TRUE' }]);
    expect(read.description).toContain('Kontaktperson: Kontakt Kolding');

    await cancelCohortCamp(ctx(), cohort.cohortId, { campId: camps.bootCampId });
  });

  it("boot camp: invitation with .ics, reminders only to non-decliners, a nudge and the coordinator's list, a move, attendance and follow-ups", async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'path-2027', year: 2027, perMunicipality: 2, cvrPrefix: '4400' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const [yes, no, silent, late] = cohort.companies as [
      (typeof cohort.companies)[0],
      (typeof cohort.companies)[0],
      (typeof cohort.companies)[0],
      (typeof cohort.companies)[0],
    ];
    const campId = camps.bootCampId;
    const handles = await startInvitations(cohort, campId);
    await startRunningCohort(h, h.db, cohort, camps);

    // The invitation: both days of the boot camp, UID, attendee, organiser.
    await h.mail.waitFor(() => cohort.companies.every((c) => h.mail.to(c.email).length === 1), 30_000);
    const invite = h.mail.to(yes.email)[0]!;
    expect(invite.parsed.subject).toBe('Vækstpartnerskaber: Bootcamp mandag den 15. november 2027 og tirsdag den 16. november 2027');
    expect(invite.parsed.text).toContain(
      `${TEST_CONFIG.PUBLIC_BASE_URL}/rsvp/${rsvpToken(TEST_CONFIG.LINK_SECRET, campId, yes.id)}?answer=yes`,
    );
    const ics = calendarOf(invite);
    expect(ics.method).toBe('REQUEST');
    expect(ics.event.uid).toBe(`${campId}@dobbeltspor`);
    expect(Number(ics.event.sequence)).toBe(0);
    expect(ics.attendees).toEqual([yes.email]);
    expect(ics.days).toEqual([
      { start: '2027-11-15T08:00:00.000Z', end: '2027-11-15T15:00:00.000Z' },
      { start: '2027-11-16T08:00:00.000Z', end: '2027-11-16T15:00:00.000Z' },
    ]);
    expect(ics.event.location).toBe('Kolding, Eksempel Konferencecenter');

    // Answers through the personal links.
    const token = async (companyId: string) =>
      (await h.db.campInvitation.findUniqueOrThrow({ where: { campId_companyId: { campId, companyId } } })).token;
    await answerCampRsvp(ctx(), { token: await token(yes.id), answer: 'YES' });
    await answerCampRsvp(ctx(), { token: await token(no.id), answer: 'NO' });
    await expect(answerCampRsvp(ctx(), { token: `${(await token(no.id)).slice(0, -2)}xx`, answer: 'YES' })).rejects.toMatchObject({
      code: 'INVALID_TOKEN',
      field: 'token',
    });

    // Reminder 14 working days before: everyone but the decliner.
    const [r14, r2] = reminderDates('2027-11-15', COMPANY_PLAN.campReminderWorkingDays);
    await sleepUntil(instantAt(r14!.on, SEND_AT) + 3_600_000);
    await h.mail.waitFor(() => [yes, silent, late].every((c) => h.mail.to(c.email).length === 2), 30_000);
    for (const c of [yes, silent, late]) expect(h.mail.to(c.email)[1]!.parsed.subject).toMatch(/^Påmindelse: /);
    expect(h.mail.to(no.email).map((m) => m.parsed.subject)).toEqual([invite.parsed.subject]);

    // `late` answers before the nudge; `silent` never does.
    await answerCampRsvp(ctx(), { token: await token(late.id), answer: 'YES' });
    await sleepUntil(instantAt(nudgeDate('2027-11-15'), SEND_AT) + 3_600_000);
    const listFor = () =>
      h.mail
        .to(cohort.coordinatorEmail)
        .filter((m) => m.parsed.subject?.includes('har ikke svaret') && m.parsed.text?.includes(silent.name));
    await h.mail.waitFor(() => h.mail.to(silent.email).length === 3 && listFor().length === 1, 30_000);
    expect(h.mail.to(silent.email)[2]!.parsed.subject).toMatch(/^Vi mangler jeres svar/);
    const list = listFor()[0]!;
    expect(list.parsed.subject).toMatch(/^1 virksomheder har ikke svaret/);
    expect(list.parsed.text).toContain(silent.name);
    expect(list.parsed.text).not.toContain(yes.name);
    expect(h.mail.to(late.email)).toHaveLength(2);

    // The coordinator moves the boot camp a week: everyone invited gets the updated event.
    const moved = await moveCohortCamp(ctx(), cohort.cohortId, { campId, toDate: '2027-11-22' });
    expect(moved.camps.find((c) => c.id === campId)).toMatchObject({ status: 'MOVED', days: ['2027-11-22', '2027-11-23'], sequence: 1 });
    await h.mail.waitFor(
      () => cohort.companies.every((c) => h.mail.to(c.email).some((m) => m.parsed.subject?.startsWith('Ændret: '))),
      30_000,
    );
    for (const c of cohort.companies) {
      const update = h.mail.to(c.email).find((m) => m.parsed.subject?.startsWith('Ændret: '))!;
      const event = calendarOf(update);
      expect(event.event.uid).toBe(`${campId}@dobbeltspor`);
      expect(Number(event.event.sequence)).toBe(1);
      expect(event.method).toBe('REQUEST');
      expect(event.days.map((d) => d.start)).toEqual(['2027-11-22T08:00:00.000Z', '2027-11-23T08:00:00.000Z']);
    }

    // After the camp: attendance recorded, follow-up to who came, a no-show to the coordinator.
    await sleepUntil(instantAt('2027-11-23', '17:00'));
    await recordCampAttendance(ctx(), {
      campId,
      attendance: [
        { cvr: yes.cvr, attended: true },
        { cvr: late.cvr, attended: false },
      ],
    });
    await expect(recordCampAttendance(ctx(), { campId, attendance: [{ cvr: '99999999', attended: true }] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'attendance[0].cvr',
    });
    const [hYes, hNo, hSilent, hLate] = handles as [(typeof handles)[0], (typeof handles)[0], (typeof handles)[0], (typeof handles)[0]];
    const rYes = await resultOf(hYes.workflowId);
    const rNo = await resultOf(hNo.workflowId);
    const rLate = await resultOf(hLate.workflowId);
    // `silent` has no attendance yet: its workflow is still waiting.
    expect((await hSilent.query(campInvitationStateQuery)).phase).toBe('WAITING_FOR_ATTENDANCE');
    expect(rYes).toMatchObject({ status: 'HELD', rsvp: 'YES', attended: true });
    expect(rNo).toMatchObject({ status: 'HELD', rsvp: 'NO', attended: null });
    expect(rLate).toMatchObject({ status: 'HELD', rsvp: 'YES', attended: false });
    expect(h.mail.to(yes.email).at(-1)!.parsed.subject).toBe('Tak for i dag: Bootcamp');
    await h.mail.waitFor(
      () => h.mail.to(cohort.coordinatorEmail).some((m) => m.parsed.subject === `Udeblevet: ${late.name} fra Bootcamp`),
      30_000,
    );

    // Attendance never recorded for `silent`: the coordinator is asked two working days after.
    await sleepUntil(instantAt(addWorkingDays('2027-11-23', 2), SEND_AT) + 3_600_000);
    const dueFor = () =>
      h.mail
        .to(cohort.coordinatorEmail)
        .find((m) => m.parsed.subject?.startsWith('Fremmøde mangler') && m.parsed.text?.includes(silent.name));
    await h.mail.waitFor(() => dueFor() !== undefined, 30_000);
    const due = dueFor()!;
    expect(due.parsed.text).toContain(silent.name);
    expect(due.parsed.text).not.toContain(yes.name);
    expect((await h.db.camp.findUniqueOrThrow({ where: { id: campId } })).status).toBe('HELD');
    // Reminder 2 working days before the new date went to the non-decliners, never to the decliner.
    expect(h.mail.to(no.email).map((m) => m.parsed.subject?.split(':')[0])).toEqual(['Vækstpartnerskaber', 'Ændret']);
    expect(r2).toBeDefined();
    // Completed paths of a company that said yes and attended, and one that said no (replayed in test/replay.test.ts).
    await saveHistoryChain(h.env.client, hYes.workflowId, hYes.firstExecutionRunId, 'boot-camp-attended', 'camp');
    await saveHistoryChain(h.env.client, hNo.workflowId, hNo.firstExecutionRunId, 'boot-camp-declined', 'camp');
  });

  it('a camp whose naive date is a public holiday is held, and invited, on the next working day', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'holiday-2027', year: 2027, perMunicipality: 1, cvrPrefix: '7700' });
    // Seven weeks after 6 April 2028 is Ascension Day, Thursday 25 May 2028.
    const camps = await ensureCohortCamps(h.db, {
      cohortId: cohort.cohortId,
      year: cohort.year,
      plan: COMPANY_PLAN,
      acceleratorStartsOn: '2028-04-06',
    });
    const campId = camps.campIds[0]!;
    const row = await h.db.camp.findUniqueOrThrow({ where: { id: campId } });
    expect(row.startsAt.toISOString()).toBe('2028-05-26T07:00:00.000Z'); // Friday 09:00 summer time
    const c = cohort.companies[0]!;
    await h.env.client.workflow.start(campInvitationWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: campInvitationWorkflowId(campId, c.cvr),
      args: [{ campId, companyId: c.id, cvr: c.cvr, reminderWorkingDays: COMPANY_PLAN.campReminderWorkingDays }],
    });
    await h.mail.waitFor(() => h.mail.to(c.email).length === 1, 30_000);
    const mail = h.mail.to(c.email)[0]!;
    expect(mail.parsed.subject).toBe('Vækstpartnerskaber: Camp 1 fredag den 26. maj 2028');
    expect(calendarOf(mail).days).toEqual([{ start: '2028-05-26T07:00:00.000Z', end: '2028-05-26T13:00:00.000Z' }]);
  });

  it('a camp already over when the company is invited (selected late) sends nothing', async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'past-2026', year: 2026, perMunicipality: 1, cvrPrefix: '8800' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const c = cohort.companies[0]!;
    const [handle] = await startInvitations({ ...cohort, companies: [c] }, camps.bootCampId);
    expect(await resultOf(handle!.workflowId)).toMatchObject({ status: 'PAST', rsvp: 'PENDING' });
    expect(h.mail.to(c.email)).toHaveLength(0);
    expect(await h.db.emailOutbox.count({ where: { idempotencyKey: { startsWith: `camp:${camps.bootCampId}:` } } })).toBe(0);
  });

  // Last in the file: it replaces the harness's worker.
  it("a worker stopped in the middle of sending a camp's invitations: each company receives exactly one", async () => {
    const cohort = await seedCohort(h.db, { cohortId: 'restart-2028', year: 2028, perMunicipality: 4, cvrPrefix: '1100' });
    const camps = await ensureCohortCamps(h.db, { cohortId: cohort.cohortId, year: cohort.year, plan: COMPANY_PLAN });
    const received = () => cohort.companies.filter((c) => h.mail.to(c.email).length > 0).length;
    // A worker that sends two e-mails at a time and is cut off 10 ms into its shutdown: activities
    // in flight lose their completion, the rest are not started. No workflow cache, so the new
    // worker takes over every workflow at once.
    await worker.stop();
    const mailer = createMailTransport(h.mail.smtpUrl);
    const first = await createWorker({
      connection: h.env.nativeConnection,
      namespace: h.env.namespace ?? 'default',
      taskQueue: h.taskQueue,
      deps: { db: h.db, mailer, config: TEST_CONFIG },
      maxConcurrentActivityTaskExecutions: 2,
      extra: { shutdownGraceTime: '10 ms', maxCachedWorkflows: 0 },
    });
    const running = first.run();
    await startInvitations(cohort, camps.bootCampId);
    await h.mail.waitFor(() => received() > 0, 30_000);
    first.shutdown();
    await running;
    mailer.close();
    const atStop = received();
    expect(atStop).toBeLessThan(cohort.companies.length);

    worker = await h.startWorker();
    // Attempts cut off with the first worker time out (start-to-close) and are retried by the new one.
    await h.env.sleep('5 minutes');
    await h.mail.waitFor(() => received() === cohort.companies.length, 60_000);
    const key = { idempotencyKey: { startsWith: `camp:${camps.bootCampId}:`, endsWith: ':0:invitation:0' } };
    await expect
      .poll(async () => h.db.emailOutbox.count({ where: { ...key, status: 'SENT' } }), { timeout: 30_000 })
      .toBe(cohort.companies.length);
    await h.env.sleep('5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const c of cohort.companies) {
      expect(h.mail.to(c.email)).toHaveLength(1);
      expect(calendarOf(h.mail.to(c.email)[0]!).event.uid).toBe(`${camps.bootCampId}@dobbeltspor`);
    }
    expect(await h.db.emailOutbox.count({ where: key })).toBe(cohort.companies.length);
  });
});
