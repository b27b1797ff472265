import { linkUrl, signLink, verifyLink } from './signed-link.js';

/**
 * The company's personal links of the job-match: one to register openings (the cohort and the
 * company), one per proposal to accept or decline the resident (the match). Each is signed with
 * LINK_SECRET under a purpose of its own, so neither is an RSVP or anchoring token, nor the other.
 * The same company or proposal always gets the same link; whether it still works is read from the
 * database when it is used (the cohort not closed, the proposal not answered).
 */
export function jobOpeningRegistrationToken(secret: string, cohortId: string, companyId: string): string {
  return signLink(secret, 'job-opening', [cohortId, companyId]);
}

export function verifyJobOpeningRegistrationToken(secret: string, token: string): { cohortId: string; companyId: string } {
  const [cohortId, companyId] = verifyLink(secret, 'job-opening', token, ['string', 'string']);
  return { cohortId: cohortId as string, companyId: companyId as string };
}

export function jobMatchToken(secret: string, matchId: string): string {
  return signLink(secret, 'job-match', [matchId]);
}

export function verifyJobMatchToken(secret: string, token: string): { matchId: string } {
  const [matchId] = verifyLink(secret, 'job-match', token, ['string']);
  return { matchId: matchId as string };
}

/** Where the links lead: pages of the API (client/api/job-opening-link-routes.ts). */
export function jobOpeningRegistrationUrl(publicBaseUrl: string, token: string): string {
  return linkUrl(publicBaseUrl, 'jobopslag/', token);
}

export function jobMatchUrl(publicBaseUrl: string, token: string, answer?: 'ja' | 'nej'): string {
  return `${linkUrl(publicBaseUrl, 'jobmatch/', token)}${answer ? `?svar=${answer}` : ''}`;
}
