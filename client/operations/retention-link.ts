// A support person answers a retention follow-up by the personal link in its e-mail: the token names
// the participant track and the follow-up's week; the answer is the same update as the API's
// (answerRetention), so the track moves at once.
import { verifyRetentionToken } from '../../links/retention-token.js';
import type { TrackSummary } from '../../contracts/index.js';
import { answerRetention } from './participants.js';
import { OperationError } from './operation-error.js';
import type { OperationContext } from './context.js';

export type RetentionLinkContext = OperationContext & { linkSecret: string };

export interface RetentionLinkView {
  trackId: string;
  weeks: number;
  participantName: string;
  /** The follow-up's day, once the track has planned it. */
  followUpOn: string | null;
  /** The follow-up is answered already (by link or otherwise). */
  answered: boolean;
  /** The track has ended: the link records nothing. */
  ended: boolean;
}

const ENDED = ['COMPLETED', 'DROPPED_OUT', 'TRANSFERRED'];

/**
 * What a link stands for, read from the database (never from the token beyond its ids). A forged or
 * altered link throws InvalidTokenError before any look-up; a link to no track is NOT_FOUND.
 */
export async function retentionLink(ctx: RetentionLinkContext, token: string): Promise<RetentionLinkView> {
  const { trackId, weeks } = verifyRetentionToken(ctx.linkSecret, token);
  const track = await ctx.db.participantTrack.findUnique({
    where: { id: trackId },
    include: { participant: { select: { givenName: true, familyName: true } } },
  });
  if (!track) throw new OperationError('not-found', 'NOT_FOUND', 'no participant track for this link', 'token');
  const followUp = (track.summary as Partial<TrackSummary> | null)?.retention?.find((r) => r.weeks === weeks);
  return {
    trackId,
    weeks,
    participantName: `${track.participant.givenName} ${track.participant.familyName}`.trim(),
    followUpOn: followUp?.on ?? null,
    answered: Boolean(followUp?.answer),
    ended: ENDED.includes(track.phase),
  };
}

/**
 * Records the answer given on the link's page through answerRetention. The track refuses a follow-up
 * it has not asked yet or that is answered already (REJECTED, nothing stored); an ended track is
 * LINK_EXPIRED.
 */
export async function answerRetentionByLink(
  ctx: RetentionLinkContext,
  input: { token: string; stillEmployed: boolean },
): Promise<{ link: RetentionLinkView; summary: TrackSummary }> {
  const link = await retentionLink(ctx, input.token);
  if (link.answered) throw new OperationError('conflict', 'INVALID_STATE', `the ${link.weeks}-week follow-up is answered already`, 'token');
  if (link.ended) throw new OperationError('expired', 'LINK_EXPIRED', 'the track has ended', 'token');
  const summary = await answerRetention(ctx, link.trackId, {
    weeks: link.weeks,
    stillEmployed: input.stillEmployed,
    // The evidence is the answer itself, given on the personal link of the follow-up's e-mail.
    evidenceRef: `answered by the personal link in the ${link.weeks}-week follow-up e-mail`,
  });
  return { link, summary };
}
