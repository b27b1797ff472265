// The company's personal links of the job-match: the link to register openings (cohort and company)
// and the link of each proposal (accept or decline the resident). Each resolves to what it stands for;
// the answer goes through the same operations as the API's (job-openings.ts), as the company's own.
import { JOB_KIND_LABELS } from '../../domain/job-kinds.js';
import { programmeSchema, type JobKind } from '../../domain/programme.js';
import { verifyJobMatchToken, verifyJobOpeningRegistrationToken } from '../../links/job-opening-token.js';
import type { OperationContext } from './context.js';
import { answerJobMatch, registerJobOpening, type JobOpeningView } from './job-openings.js';
import { OperationError } from './operation-error.js';

export type JobLinkContext = OperationContext & { linkSecret: string };

export interface RegistrationLinkView {
  cohortId: string;
  companyId: string;
  cvr: string;
  companyName: string;
  programmeName: string;
  kinds: { kind: JobKind; label: string }[];
  /** The cohort has closed: the link registers nothing. */
  expired: boolean;
}

/** A forged or altered link throws InvalidTokenError before any look-up; a link to nothing is NOT_FOUND. */
export async function registrationLink(ctx: JobLinkContext, token: string): Promise<RegistrationLinkView> {
  const { cohortId, companyId } = verifyJobOpeningRegistrationToken(ctx.linkSecret, token);
  const [cohort, company] = await Promise.all([
    ctx.db.cohort.findUnique({ where: { id: cohortId }, include: { programme: true } }),
    ctx.db.company.findUnique({ where: { id: companyId } }),
  ]);
  if (!cohort || !company) throw new OperationError('not-found', 'NOT_FOUND', 'no company or cohort for this link', 'token');
  const programme = programmeSchema.safeParse(cohort.programme.config);
  const kinds = (programme.success ? (programme.data.jobOpenings?.kinds ?? []) : []).map((kind) => ({
    kind,
    label: JOB_KIND_LABELS[kind],
  }));
  return {
    cohortId,
    companyId,
    cvr: company.cvr,
    companyName: company.name,
    programmeName: cohort.programme.name,
    kinds,
    expired: cohort.status === 'CLOSED',
  };
}

export async function registerOpeningByLink(
  ctx: JobLinkContext,
  input: { token: string; kind: string; title: string; hoursPerWeek?: number },
): Promise<{ link: RegistrationLinkView; opening: JobOpeningView }> {
  const link = await registrationLink(ctx, input.token);
  if (link.expired) throw new OperationError('expired', 'LINK_EXPIRED', 'this link has expired', 'token');
  const opening = await registerJobOpening(
    { ...ctx, actor: undefined },
    {
      cohortId: link.cohortId,
      cvr: link.cvr,
      kind: input.kind,
      title: input.title,
      hoursPerWeek: input.hoursPerWeek,
      registeredBy: `link:${link.cvr}`,
    },
  );
  return { link, opening };
}

export interface MatchLinkView {
  matchId: string;
  openingId: string;
  cvr: string;
  companyName: string;
  openingTitle: string;
  kindLabel: string;
  /** The resident's name (blank once erased): the company was sent it with the proposal. */
  residentName: string;
  status: 'PROPOSED' | 'ACCEPTED' | 'DECLINED';
  /** The opening is filled by another resident or withdrawn: the link answers nothing. */
  expired: boolean;
}

export async function matchLink(ctx: JobLinkContext, token: string): Promise<MatchLinkView> {
  const { matchId } = verifyJobMatchToken(ctx.linkSecret, token);
  const m = await ctx.db.jobMatch.findUnique({
    where: { id: matchId },
    include: {
      opening: { include: { company: true } },
      track: { include: { participant: { select: { givenName: true, familyName: true, erasedAt: true } } } },
    },
  });
  if (!m) throw new OperationError('not-found', 'NOT_FOUND', 'no proposal for this link', 'token');
  const p = m.track.participant;
  return {
    matchId: m.id,
    openingId: m.openingId,
    cvr: m.opening.company.cvr,
    companyName: m.opening.company.name,
    openingTitle: m.opening.title,
    kindLabel: JOB_KIND_LABELS[m.opening.kind],
    residentName: p.erasedAt ? '' : `${p.givenName} ${p.familyName}`.trim(),
    status: m.status,
    expired: m.status === 'PROPOSED' && m.opening.status !== 'OPEN',
  };
}

export async function answerMatchByLink(ctx: JobLinkContext, input: { token: string; accepted: boolean }) {
  const link = await matchLink(ctx, input.token);
  if (link.expired) throw new OperationError('expired', 'LINK_EXPIRED', 'this link has expired', 'token');
  const result = await answerJobMatch(
    { ...ctx, actor: undefined },
    { matchId: link.matchId, accepted: input.accepted, answeredBy: `link:${link.cvr}` },
  );
  return { link, result };
}
