// A company answers an anchoring check by the personal link in its e-mail: the token names the
// company track and the check; the answer goes to the track as the company's own (anchoringAnswer).
import { anchoringLinkExpiresAt, verifyAnchoringToken } from '../../links/anchoring-token.js';
import type { CompanyTrackSummary } from '../../contracts/index.js';
import { answerAnchoringCheck } from './companies.js';
import { OperationError } from './operation-error.js';
import type { OperationContext } from './context.js';

export type LinkContext = OperationContext & { linkSecret: string; linkDays: number };

export interface AnchoringLinkView {
  companyTrackId: string;
  cohortId: string;
  cvr: string;
  companyName: string;
  checkNo: number;
  /** The check's day, once the track has planned it. */
  checkOn: string | null;
  /** The company answered this check already (by link or otherwise). */
  answered: boolean;
  expiresAt: Date | null;
  /** The track has ended or the link is past its days: it records nothing. */
  expired: boolean;
}

/**
 * What a link stands for. A forged or altered link throws InvalidTokenError (before any look-up); a
 * link to no track is NOT_FOUND.
 */
export async function anchoringLink(ctx: LinkContext, token: string, now = Date.now()): Promise<AnchoringLinkView> {
  const { companyTrackId, checkNo } = verifyAnchoringToken(ctx.linkSecret, token);
  const track = await ctx.db.companyTrack.findUnique({
    where: { id: companyTrackId },
    include: { company: { select: { cvr: true, name: true } } },
  });
  if (!track) throw new OperationError('not-found', 'NOT_FOUND', 'no company track for this link', 'token');
  const summary = track.summary as Partial<CompanyTrackSummary> | null;
  const checkOn = summary?.anchoringChecks?.find((c) => c.checkNo === checkNo)?.on ?? null;
  const answered = (summary?.anchoringAnswers ?? []).some((a) => a.checkNo === checkNo && a.respondent === 'COMPANY');
  const expiresAt = checkOn ? anchoringLinkExpiresAt(checkOn, ctx.linkDays) : null;
  const ended = ['COMPLETED', 'WITHDRAWN', 'NOT_SELECTED'].includes(track.phase);
  return {
    companyTrackId,
    cohortId: track.cohortId,
    cvr: track.company.cvr,
    companyName: track.company.name,
    checkNo,
    checkOn,
    answered,
    expiresAt,
    expired: ended || (expiresAt !== null && now >= expiresAt.getTime()),
  };
}

export interface AnchoringLinkAnswer {
  token: string;
  socialModelInUse: 'YES' | 'PARTLY' | 'NO';
  buddiesActive?: boolean;
  participantsOnboarded?: number;
}

/**
 * Records the company's answer given on its link's page: the track takes it at once, or refuses a
 * check it has not asked or that the company answered already (INVALID_STATE, nothing stored).
 */
export async function answerAnchoringByLink(
  ctx: LinkContext,
  input: AnchoringLinkAnswer,
): Promise<{ link: AnchoringLinkView; summary: CompanyTrackSummary }> {
  const link = await anchoringLink(ctx, input.token);
  if (link.expired) throw new OperationError('expired', 'LINK_EXPIRED', 'this link has expired', 'token');
  if (
    input.participantsOnboarded !== undefined &&
    !(Number.isInteger(input.participantsOnboarded) && input.participantsOnboarded >= 0 && input.participantsOnboarded <= 1000)
  ) {
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      'participantsOnboarded must be a whole number from 0 to 1000',
      'participantsOnboarded',
    );
  }
  const summary = await answerAnchoringCheck(ctx, {
    cohortId: link.cohortId,
    cvr: link.cvr,
    checkNo: link.checkNo,
    respondent: 'COMPANY',
    socialModelInUse: input.socialModelInUse,
    buddiesActive: input.buddiesActive,
    participantsOnboarded: input.participantsOnboarded,
    answeredBy: `link:${link.cvr}`,
  });
  return { link, summary };
}
