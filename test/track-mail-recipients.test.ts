// Who a participant track's e-mail reaches and the names it carries, as the activity reads them from
// PostgreSQL: the mentor before other staff, the next in line once a mentor is deactivated, the
// support person or else the responsible staff, the placement company's contact. Sent through the
// outbox to a real SMTP sink; the message read back with mailparser.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport } from '../activities/mail/transport.js';
import { sendParticipantMail, type TrackRecipient } from '../activities/participant/mail.js';
import { MailSink } from '../scripts/mail-sink.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { ADDRESSES, seedWorld, type World } from './support/participant-world.js';

describe('a track e-mail: its recipient and names, read from the database', () => {
  let t: TestDatabase;
  let world: World;
  const sink = new MailSink();
  let transport: ReturnType<typeof createMailTransport>;
  let trackId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await sink.start(0);
    transport = createMailTransport(sink.smtpUrl);
    world = await seedWorld(t.db);
    trackId = `pt-${randomBytes(4).toString('hex')}`;
    await t.db.participantTrack.create({
      data: {
        id: trackId,
        participantId: await world.participant(),
        cohortId: world.cohortId,
        partnershipId: world.partnershipId,
        workflowId: `participant-${trackId}`,
        startedOn: new Date('2027-01-04T00:00:00Z'),
      },
    });
  });
  afterAll(async () => {
    transport.close();
    await sink.stop();
    await t.drop();
  });

  let n = 0;
  /** Sends the placement welcome to `to` and returns the message as it arrived. */
  async function send(to: TrackRecipient) {
    const before = sink.messages.length;
    await sendParticipantMail(
      { db: t.db, mail: { db: t.db, transport, from: 'Dobbeltspor <no-reply@dobbeltspor.local>' } },
      {
        trackId,
        workflowId: `participant-${trackId}`,
        idempotencyKey: `participant:${trackId}:recipients:${n++}`,
        template: 'participant-placement-welcome',
        to,
        data: { startsOn: '2027-07-05', endsOn: '2027-12-31', hoursPerWeek: 10, checkIns: ['2027-09-01'] },
      },
    );
    expect(sink.messages.length).toBe(before + 1);
    return sink.messages[before]!;
  }

  it('without assignments: staff, coordinator, and the staff for the support person; no company to write to', async () => {
    expect((await send('responsibleStaff')).envelopeTo).toEqual([ADDRESSES.staff]);
    expect((await send('coordinator')).envelopeTo).toEqual([ADDRESSES.coordinator]);
    const support = await send('supportPerson');
    expect(support.envelopeTo).toEqual([ADDRESSES.staff]);
    // Without a support person the employment actor's contact is named as the one to call.
    expect(support.parsed.text).toContain(`Kim Kontakt (${ADDRESSES.actorContact}) fra Job Vejen`);
    expect(support.parsed.text).toContain('Amina Hansen 1');
    await expect(send('companyContact')).rejects.toThrow(/has no placement company/);
  });

  it('the assigned mentor and support person, the placement company; a deactivated mentor is passed over', async () => {
    await t.db.assignment.create({ data: { participantTrackId: trackId, staffMemberId: world.staff.mentor, role: 'MENTOR' } });
    await t.db.assignment.create({ data: { participantTrackId: trackId, staffMemberId: world.staff.support, role: 'SUPPORT_PERSON' } });
    await t.db.participantTrack.update({ where: { id: trackId }, data: { placementCompanyId: world.companies.accelerator } });
    expect((await send('responsibleStaff')).envelopeTo).toEqual([ADDRESSES.mentor]);
    expect((await send('supportPerson')).envelopeTo).toEqual([ADDRESSES.support]);
    const company = await send('companyContact');
    expect(company.envelopeTo).toEqual([ADDRESSES.accelerator]);
    expect(company.parsed.text).toContain('Kære Grønne Hjem ApS HR');
    expect(company.parsed.text).toContain('Tak fordi Grønne Hjem ApS tager imod Amina Hansen 1');
    expect(company.parsed.text).toContain(`Søren Støtte (${ADDRESSES.support}) fra Job Vejen`);
    expect(company.parsed.subject).toContain('Amina Hansen 1 starter 2027-07-05');

    await t.db.staffMember.update({ where: { id: world.staff.mentor }, data: { deactivatedAt: new Date() } });
    expect((await send('responsibleStaff')).envelopeTo).toEqual([ADDRESSES.staff]);
    // An ended support assignment no longer counts: the responsible staff stands in.
    await t.db.assignment.updateMany({ where: { participantTrackId: trackId, role: 'SUPPORT_PERSON' }, data: { endedAt: new Date() } });
    expect((await send('supportPerson')).envelopeTo).toEqual([ADDRESSES.staff]);
  });
});
