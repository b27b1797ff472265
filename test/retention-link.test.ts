// A support person answers a retention follow-up by the personal link in the e-mail, as received over
// SMTP and opened with fetch: the page (GET records nothing), the answer by the form's POST moving the
// track at once (the same update as the API's), and the refusals (a replayed answer, a forged link, a
// link of an ended track), each audited, none with a name or the token.
import type { FastifyInstance } from 'fastify';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRetention, assignMentor, participantSummary, recordParticipantOutcome } from '../client/operations/participants.js';
import { enrolParticipant } from '../client/operations/enrolment.js';
import type { OperationContext } from '../client/operations/context.js';
import { localDateAt, type LocalDate } from '../domain/calendar.js';
import { anchoringToken } from '../links/anchoring-token.js';
import { retentionToken, verifyRetentionToken } from '../links/retention-token.js';
import { createTestApi } from './support/api.js';
import { ADDRESSES, operationContext, seedWorld, testProgramme, type World } from './support/participant-world.js';
import { createHarness, TEST_CONFIG, type Harness } from './support/temporal.js';

describe('retention tokens', () => {
  const secret = TEST_CONFIG.LINK_SECRET;
  it('name the track and the week, and are refused when altered, signed with another secret or made for an anchoring check', () => {
    const token = retentionToken(secret, 'ckv3r0x9a0000qz3l8h2m4n5p', 13);
    expect(verifyRetentionToken(secret, token)).toEqual({ trackId: 'ckv3r0x9a0000qz3l8h2m4n5p', weeks: 13 });
    expect(retentionToken(secret, 'ckv3r0x9a0000qz3l8h2m4n5p', 13)).toBe(token);
    const [, signature] = token.split('.');
    const otherWeek = `${Buffer.from(JSON.stringify(['ckv3r0x9a0000qz3l8h2m4n5p', 26])).toString('base64url')}.${signature}`;
    for (const bad of [
      otherWeek,
      retentionToken('another-secret-of-at-least-32-chars!!', 'ckv3r0x9a0000qz3l8h2m4n5p', 13),
      anchoringToken(secret, 'ckv3r0x9a0000qz3l8h2m4n5p', 13),
      'no-dot-here',
      `${token}x`,
    ]) {
      expect(() => verifyRetentionToken(secret, bad), bad).toThrow(expect.objectContaining({ name: 'InvalidTokenError', field: 'token' }));
    }
  });
});

describe('retention follow-up answered by the personal link in the e-mail', () => {
  let h: Harness;
  let app: FastifyInstance;
  let baseUrl: string;
  let ctx: OperationContext;
  let world: World;
  const today = async (): Promise<LocalDate> => localDateAt(Number(await h.env.currentTimeMs()));

  beforeAll(async () => {
    h = await createHarness();
    await h.startWorker();
    ctx = operationContext(h.env.client, h.db, h.taskQueue, () => h.env.currentTimeMs());
    world = await seedWorld(h.db, testProgramme({ retentionFollowUpWeeks: [4, 13, 26] }));
    app = await createTestApi(h);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  /** The link as the recipient's mail client shows it, opened on this test's API (the worker writes PUBLIC_BASE_URL). */
  const local = (link: string) => link.replace(TEST_CONFIG.PUBLIC_BASE_URL, baseUrl);
  const post = (link: string, form: Record<string, string>) =>
    fetch(local(link), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const followUpMail = async (weeks: number) => {
    const isFollowUp = (m: { parsed: { subject?: string } }) => (m.parsed.subject ?? '').startsWith(`Opfølgning efter ${weeks} uger`);
    await h.mail.waitFor(() => h.mail.to(ADDRESSES.mentor).some(isFollowUp), 30_000);
    return simpleParser(h.mail.to(ADDRESSES.mentor).find(isFollowUp)!.raw);
  };

  it('the mentor opens the link, answers yes, the track has the answer at once; replay, forgery and an ended track are refused', async () => {
    const participantId = await world.participant();
    const { trackId } = await enrolParticipant(ctx, {
      participantId,
      cohortId: world.cohortId,
      partnershipId: world.partnershipId,
      startsOn: await today(),
    });
    const participant = await h.db.participant.findUniqueOrThrow({ where: { id: participantId } });
    const name = `${participant.givenName} ${participant.familyName}`;
    // The mentor is the responsible staff: the follow-ups go to her.
    await assignMentor(ctx, trackId, world.staff.mentor);
    const hired = await recordParticipantOutcome(ctx, trackId, {
      kind: 'ORDINARY_JOB',
      occurredOn: await today(),
      evidenceRef: 'kontrakt',
    });
    const [four, thirteen] = hired.retention;

    // The 4-week follow-up, parsed from the bytes the SMTP server received.
    await h.sleepUntilDate(four!.on);
    const received = await followUpMail(4);
    const textLink = /Svar her: (\S+)/.exec(received.text ?? '')?.[1];
    expect(textLink).toMatch(new RegExp(`^${TEST_CONFIG.PUBLIC_BASE_URL.replace(/\./g, '\\.')}/rsvp/fastholdelse/[^/?]+$`));
    expect(/href="([^"]+)"/.exec(String(received.html))?.[1]).toBe(textLink);
    const token = decodeURIComponent(new URL(textLink!).pathname.split('/').pop()!);
    expect(verifyRetentionToken(TEST_CONFIG.LINK_SECRET, token)).toEqual({ trackId, weeks: 4 });
    // The link carries ids only: no name in it.
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString()).not.toContain(participant.givenName);

    // GET shows the page with the name and the week from the database, and records nothing.
    const opened = await fetch(local(textLink!));
    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html).toContain('<h1>Opfølgning efter 4 uger</h1>');
    expect(html).toContain(name);
    expect(html).toContain(four!.on);
    expect((await participantSummary(ctx, trackId)).retention[0]!.answer).toBeUndefined();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBe(new URL(textLink!).pathname);
    expect([...html.matchAll(/name="stillEmployed" value="(\w+)"/g)].map((m) => m[1])).toEqual(['true', 'false']);

    // A form the answer refuses gets a Danish page with the status kept, not the API's JSON, and changes nothing.
    const refused = await post(textLink!, { stillEmployed: 'måske' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('<html lang="da">');
    expect(refusedPage).toContain('Intet er gemt');
    expect((await participantSummary(ctx, trackId)).retention[0]!.answer).toBeUndefined();

    // POST the form: the track has the answer at once, and the retention outcome is in the ledger.
    const answered = await fetch(new URL(action!, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ stillEmployed: 'true' }).toString(),
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain(`${name} er stadig i job`);
    const after = await participantSummary(ctx, trackId);
    expect(after.retention.map((r) => [r.weeks, r.answer ?? null])).toEqual([
      [4, 'EMPLOYED'],
      [13, null],
      [26, null],
    ]);
    expect(after.outcomes.filter((o) => o.kind === 'RETENTION').map((o) => o.retentionWeeks)).toEqual([4]);
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: 'POST /rsvp/fastholdelse/:token', allowed: true } });
    expect(audit).toMatchObject({ entity: 'ParticipantTrack', entityId: trackId, details: { weeks: 4, stillEmployed: true, via: 'link' } });
    const written = JSON.stringify({ ...audit, id: String(audit.id) });
    expect(written).not.toContain(token);
    expect(written).not.toContain(participant.givenName);

    // The form sent again changes nothing (409), whether or not the projection has caught up.
    const replay = await post(textLink!, { stillEmployed: 'false' });
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('allerede besvaret');
    await expect
      .poll(
        async () =>
          ((await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } })).summary as { retention: { answer?: string }[] })
            .retention[0]!.answer,
        { timeout: 30_000 },
      )
      .toBe('EMPLOYED');
    expect((await fetch(local(textLink!))).status).toBe(200);
    const replayed = await post(textLink!, { stillEmployed: 'false' });
    expect(replayed.status).toBe(409);
    const s = await participantSummary(ctx, trackId);
    expect(s.phase).toBe('RETENTION');
    expect(s.outcomes.filter((o) => o.kind === 'RETENTION')).toHaveLength(1);
    // The API's door sees the same answer: answered already.
    await expect(answerRetention(ctx, trackId, { weeks: 4, stillEmployed: true, evidenceRef: 'x' })).rejects.toMatchObject({
      code: 'REJECTED',
    });

    // A forged link (another week, the signature kept) and an anchoring token are refused (403) and audited.
    const [body, signature] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify([trackId, 13])).toString('base64url');
    expect(body).not.toBe(forgedBody);
    const forged = await post(`${TEST_CONFIG.PUBLIC_BASE_URL}/rsvp/fastholdelse/${forgedBody}.${signature}`, { stillEmployed: 'true' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Linket virker ikke');
    const anchoring = await fetch(
      `${baseUrl}/rsvp/fastholdelse/${encodeURIComponent(anchoringToken(TEST_CONFIG.LINK_SECRET, trackId, 13))}`,
    );
    expect(anchoring.status).toBe(403);
    expect(
      await h.db.auditLog.count({
        where: {
          action: { startsWith: 'POST /rsvp/fastholdelse' },
          allowed: false,
          details: { path: ['reason'], string_contains: 'signature' },
        },
      }),
    ).toBe(1);
    expect((await participantSummary(ctx, trackId)).retention[1]!.answer).toBeUndefined();

    // The 13-week follow-up answered "no longer employed" by its own link: the track ends at once.
    await h.sleepUntilDate(thirteen!.on);
    const second = await followUpMail(13);
    const secondLink = /Svar her: (\S+)/.exec(second.text ?? '')?.[1];
    expect(secondLink).not.toBe(textLink);
    const no = await post(secondLink!, { stillEmployed: 'false' });
    expect(no.status).toBe(200);
    expect(await no.text()).toContain(`${name} er ikke længere i job`);
    await expect
      .poll(async () => (await h.db.participantTrack.findUniqueOrThrow({ where: { id: trackId } })).phase, { timeout: 30_000 })
      .toBe('COMPLETED');

    // The 26-week follow-up's link (as it would be made) finds the track ended: 410, audited, nothing recorded.
    const late = `${TEST_CONFIG.PUBLIC_BASE_URL}/rsvp/fastholdelse/${encodeURIComponent(retentionToken(TEST_CONFIG.LINK_SECRET, trackId, 26))}`;
    expect((await fetch(local(late))).status).toBe(410);
    const lateAnswer = await post(late, { stillEmployed: 'true' });
    expect(lateAnswer.status).toBe(410);
    expect(await lateAnswer.text()).toContain('Forløbet er afsluttet');
    expect(
      await h.db.auditLog.count({
        where: { action: 'POST /rsvp/fastholdelse/:token', allowed: false, details: { path: ['reason'], equals: 'the track has ended' } },
      }),
    ).toBe(1);
    expect(await h.db.outcome.count({ where: { participantTrackId: trackId, kind: 'RETENTION' } })).toBe(1);
  }, 300_000);
});
