import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolParticipant } from '../client/operations/enrolment.js';
import { localDateAt } from '../domain/calendar.js';
import { mentorReminderOn } from '../domain/participant-schedule.js';
import { ADDRESSES, operationContext, seedWorld, testProgramme } from './support/participant-world.js';
import { createHarness, type Harness } from './support/temporal.js';

// The smallest product step that crosses every layer: an enrolment, a durable timer that runs in
// skipped time, the projection in PostgreSQL and one e-mail through the outbox to a real SMTP sink.
describe('vertical slice: enrolment → durable timer → PostgreSQL → SMTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('a participant without a mentor: fourteen days of workflow time later the coordinator gets exactly one reminder', async () => {
    const world = await seedWorld(h.db);
    const ctx = operationContext(h.env.client, h.db, h.taskQueue, () => h.env.currentTimeMs());
    const startedAt = Number(await h.env.currentTimeMs());
    const startsOn = localDateAt(startedAt);
    const { trackId } = await enrolParticipant(ctx, {
      participantId: await world.participant(),
      cohortId: world.cohortId,
      partnershipId: world.partnershipId,
      startsOn,
    });
    const dueOn = mentorReminderOn(startsOn, testProgramme().participant.mentor.remindAfterDays);

    const mentorMails = () => h.mail.to(ADDRESSES.coordinator).filter((m) => m.parsed.subject?.startsWith('Mentor mangler'));
    await expect
      .poll(async () => (await h.db.participantTrack.findUnique({ where: { id: trackId } }))?.phase, { timeout: 10_000 })
      .toBe('WORK_READINESS');
    expect(mentorMails()).toEqual([]);
    // The durable timer runs in skipped time: to 10:00 Copenhagen on the due date, after its 09:00 reminders.
    await h.env.sleep(Date.parse(`${dueOn}T12:00:00Z`) - 2 * 3600_000 - startedAt);
    await h.mail.waitFor(() => mentorMails().length >= 1, 30_000);

    const [reminder] = mentorMails();
    expect(mentorMails()).toHaveLength(1);
    expect(reminder!.parsed.subject).toBe('Mentor mangler: Amina Hansen 1');
    expect(reminder!.parsed.text).toContain(`(fristen var ${dueOn})`);
    const outbox = await h.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: `participant:${trackId}:mentor-missing` } });
    expect(outbox).toMatchObject({ status: 'SENT', attempts: 1, template: 'participant-mentor-missing' });
    expect(reminder!.parsed.messageId).toBe(outbox.messageId);

    await expect
      .poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } })).overdueCount, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
  });
});
