// Erasure of a participant at their request (GDPR art. 17): the person's data is removed or replaced
// by a pseudonym in every table, while the ids, dates and amounts the programme must account for stay.
// Workflow histories hold no personal data to begin with (docs/personal-data.md), so nothing there
// needs erasing; a running track is ended with a reason that names no one.
import type { Prisma } from '../../prisma/client.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';
import { dropOutParticipant } from './participants.js';
import { auditActor, participantInReach } from './scope.js';

/** What replaces erased text. */
export const ERASED = '[slettet]';
/** The name an erased participant keeps: the id stays the pseudonym the ledger and reports count under. */
export const ERASED_NAME = { givenName: 'Slettet', familyName: 'deltager' } as const;
/** The end reason of a track ended by erasure: it names no one. */
export const ERASURE_END_REASON = "ended: the participant's personal data was erased on request";

const ENDED_PHASES = ['COMPLETED', 'DROPPED_OUT', 'TRANSFERRED'] as const;

export interface ErasureResult {
  participantId: string;
  erasedAt: string;
  /** True when the participant had been erased before: nothing was left to remove. */
  alreadyErased: boolean;
  /** Tracks that were running and were ended by the erasure. */
  tracksEnded: string[];
  /** Rows changed per table by this call. */
  changed: Record<string, number>;
}

/** A regular expression matching `text` literally, any case. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The strings that identify the person wherever free text or mail copied them. */
function needlesOf(p: { givenName: string; familyName: string; cpr: string | null; email: string | null; phone: string | null }): string[] {
  const out = [`${p.givenName} ${p.familyName}`.trim()];
  if (p.cpr) out.push(p.cpr, `${p.cpr.slice(0, 6)}-${p.cpr.slice(6)}`);
  if (p.email) out.push(p.email);
  if (p.phone) out.push(p.phone);
  return out.filter((s) => s.length >= 3);
}

/**
 * Erases a participant: names, CPR number, contact details and health notes; the free text about
 * their tracks (reasons, evidence references, attendance notes); the bodies of the e-mails about them
 * and their own address in the outbox; any mention of their name, CPR number, e-mail address or phone
 * number in other free text, mail copies and audit details. Ledger entries and outcomes keep their
 * amounts and dates under the participant's id. A running track is then ended (drop-out with
 * ERASURE_END_REASON), which frees its place. Erasing again removes nothing more and is harmless.
 */
export async function eraseParticipant(ctx: OperationContext, participantId: string): Promise<ErasureResult> {
  if (ctx.actor && ctx.actor.role !== 'coordinator')
    throw new OperationError(
      'forbidden',
      'FORBIDDEN',
      `only a coordinator may erase a participant, not ${ctx.actor.role}`,
      'participantId',
    );
  const found = await ctx.db.participant.findUnique({ where: { id: participantId } });
  if (!found || !(await participantInReach(ctx, participantId, 'erase participant')))
    throw new OperationError('not-found', 'NOT_FOUND', `no participant ${participantId}`, 'participantId');

  const tracks = await ctx.db.participantTrack.findMany({ where: { participantId }, select: { id: true, workflowId: true, phase: true } });
  const trackIds = tracks.map((t) => t.id);
  const changed: Record<string, number> = {};
  const count = (table: string, n: number) => (changed[table] = (changed[table] ?? 0) + n);
  const alreadyErased = found.erasedAt !== null;
  let erasedAt = found.erasedAt ?? new Date();

  if (!alreadyErased) {
    const needles = needlesOf(found);
    const pattern = needles.map(literal).join('|');
    erasedAt = await ctx.db.$transaction(async (tx) => {
      // A second erasure waiting on the lock finds the row erased and leaves it.
      const [row] = await tx.$queryRaw<
        { erasedAt: Date | null }[]
      >`SELECT "erasedAt" FROM "Participant" WHERE id = ${participantId} FOR UPDATE`;
      if (row?.erasedAt) return row.erasedAt;
      const at = new Date();
      await tx.participant.update({
        where: { id: participantId },
        data: { ...ERASED_NAME, cpr: null, email: null, phone: null, healthNotes: null, erasedAt: at },
      });
      count('Participant', 1);
      count(
        'FreeText',
        (await tx.freeText.updateMany({ where: { entity: 'ParticipantTrack', entityId: { in: trackIds } }, data: { text: ERASED } })).count,
      );
      count(
        'Attendance',
        (await tx.attendance.updateMany({ where: { participantTrackId: { in: trackIds }, note: { not: null } }, data: { note: null } }))
          .count,
      );
      const outcomes = await tx.outcome.updateMany({ where: { participantTrackId: { in: trackIds } }, data: { evidenceRef: ERASED } });
      count('Outcome', outcomes.count);
      // The ledger keeps its amounts and dates; only the evidence text, which may name the person, goes.
      count(
        'LedgerEntry',
        (await tx.ledgerEntry.updateMany({ where: { outcome: { participantTrackId: { in: trackIds } } }, data: { evidenceRef: ERASED } }))
          .count,
      );
      count(
        'ParticipantTrack',
        (await tx.participantTrack.updateMany({ where: { id: { in: trackIds }, endReason: { not: null } }, data: { endReason: ERASED } }))
          .count,
      );
      count(
        'EmailOutbox',
        await eraseMail(
          tx,
          tracks.map((t) => t.workflowId),
          found.email,
        ),
      );
      count('*', await eraseMentions(tx, pattern));
      await tx.auditLog.create({
        data: {
          ...auditActor(ctx.actor),
          action: 'erase participant',
          entity: 'Participant',
          entityId: participantId,
          details: { tracks: trackIds },
        },
      });
      return at;
    });
  }

  // Ended after the data is gone, so what the track still sends (its end, a digest) names no one.
  const tracksEnded: string[] = [];
  for (const t of tracks) {
    if ((ENDED_PHASES as readonly string[]).includes(t.phase)) continue;
    try {
      await dropOutParticipant(ctx, t.id, ERASURE_END_REASON);
      tracksEnded.push(t.id);
    } catch (e) {
      // Ended already (the projection lagged) or its workflow is gone: nothing left to end.
      if (!(e instanceof OperationError && (e.code === 'NOT_FOUND' || (e.code === 'REJECTED' && e.field === 'phase')))) throw e;
    }
  }
  if (alreadyErased) {
    await ctx.db.auditLog.create({
      data: {
        ...auditActor(ctx.actor),
        action: 'erase participant',
        entity: 'Participant',
        entityId: participantId,
        details: { alreadyErasedAt: erasedAt.toISOString(), tracksEnded },
      },
    });
  }
  return { participantId, erasedAt: erasedAt.toISOString(), alreadyErased, tracksEnded, changed };
}

/**
 * The outbox copies of the mails about the person (sent by their tracks' workflows): subject, bodies
 * and attachments go; the person's own address is replaced. A copy still waiting is not sent.
 */
async function eraseMail(tx: Prisma.TransactionClient, workflowIds: string[], email: string | null): Promise<number> {
  const about = await tx.emailOutbox.updateMany({
    where: {
      OR: [{ workflowId: { in: workflowIds } }, ...(email ? [{ toAddress: { equals: email, mode: 'insensitive' as const } }] : [])],
    },
    data: { subject: ERASED, html: '', text: '', attachments: [] },
  });
  await tx.emailOutbox.updateMany({
    where: {
      status: 'PENDING',
      OR: [{ workflowId: { in: workflowIds } }, ...(email ? [{ toAddress: { equals: email, mode: 'insensitive' as const } }] : [])],
    },
    data: { status: 'FAILED', lastError: 'not sent: the participant it concerns was erased' },
  });
  if (email) {
    await tx.emailOutbox.updateMany({
      where: { toAddress: { equals: email, mode: 'insensitive' } },
      data: { toAddress: 'slettet@invalid' },
    });
    await tx.emailOutbox.updateMany({ where: { replyTo: { equals: email, mode: 'insensitive' } }, data: { replyTo: null } });
  }
  return about.count;
}

/**
 * The person's name, CPR number, address or phone number where free text, mail copies, audit details,
 * attendance notes or a company's camp feedback mention them, replaced by ERASED.
 */
async function eraseMentions(tx: Prisma.TransactionClient, pattern: string): Promise<number> {
  // One after another: a transaction's queries share one connection.
  const statements = [
    () => tx.$executeRaw`UPDATE "FreeText" SET text = regexp_replace(text, ${pattern}, ${ERASED}, 'gi') WHERE text ~* ${pattern}`,
    () => tx.$executeRaw`UPDATE "EmailOutbox" SET subject = regexp_replace(subject, ${pattern}, ${ERASED}, 'gi'),
      html = regexp_replace(html, ${pattern}, ${ERASED}, 'gi'), text = regexp_replace(text, ${pattern}, ${ERASED}, 'gi'),
      attachments = CASE WHEN attachments::text ~* ${pattern} THEN '[]'::jsonb ELSE attachments END,
      "lastError" = regexp_replace("lastError", ${pattern}, ${ERASED}, 'gi')
      WHERE subject ~* ${pattern} OR html ~* ${pattern} OR text ~* ${pattern} OR attachments::text ~* ${pattern} OR "lastError" ~* ${pattern}`,
    () =>
      tx.$executeRaw`UPDATE "AuditLog" SET details = regexp_replace(details::text, ${pattern}, ${ERASED}, 'gi')::jsonb WHERE details::text ~* ${pattern}`,
    () => tx.$executeRaw`UPDATE "Attendance" SET note = regexp_replace(note, ${pattern}, ${ERASED}, 'gi') WHERE note ~* ${pattern}`,
    () =>
      tx.$executeRaw`UPDATE "CampInvitation" SET "feedbackComment" = regexp_replace("feedbackComment", ${pattern}, ${ERASED}, 'gi') WHERE "feedbackComment" ~* ${pattern}`,
    () =>
      tx.$executeRaw`UPDATE "ParticipantTrack" SET "endReason" = regexp_replace("endReason", ${pattern}, ${ERASED}, 'gi') WHERE "endReason" ~* ${pattern}`,
  ];
  let n = 0;
  for (const run of statements) n += await run();
  return n;
}
