import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidTokenError } from './rsvp-token.js';

/**
 * The company's personal links of the job-match: one to register openings (the cohort and the
 * company), one per proposal to accept or decline the resident (the match). Each is signed with
 * LINK_SECRET under a purpose of its own, so neither is an RSVP or anchoring token, nor the other.
 * The same company or proposal always gets the same link; whether it still works is read from the
 * database when it is used (the cohort not closed, the proposal not answered).
 */
export function jobOpeningRegistrationToken(secret: string, cohortId: string, companyId: string): string {
  return signed(secret, 'job-opening', [cohortId, companyId]);
}

export function verifyJobOpeningRegistrationToken(secret: string, token: string): { cohortId: string; companyId: string } {
  const [cohortId, companyId] = verified(secret, 'job-opening', token, 2);
  return { cohortId: cohortId!, companyId: companyId! };
}

export function jobMatchToken(secret: string, matchId: string): string {
  return signed(secret, 'job-match', [matchId]);
}

export function verifyJobMatchToken(secret: string, token: string): { matchId: string } {
  const [matchId] = verified(secret, 'job-match', token, 1);
  return { matchId: matchId! };
}

/** Where the links lead: pages of the API (client/api/job-opening-link-routes.ts). */
export function jobOpeningRegistrationUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/rsvp/jobopslag/${encodeURIComponent(token)}`;
}

export function jobMatchUrl(publicBaseUrl: string, token: string, answer?: 'ja' | 'nej'): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/rsvp/jobmatch/${encodeURIComponent(token)}${answer ? `?svar=${answer}` : ''}`;
}

function signed(secret: string, purpose: string, parts: string[]): string {
  const body = Buffer.from(JSON.stringify(parts)).toString('base64url');
  return `${body}.${sign(secret, purpose, body)}`;
}

function verified(secret: string, purpose: string, token: string, n: number): string[] {
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length) throw new InvalidTokenError('the link is not valid');
  const expected = Buffer.from(sign(secret, purpose, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidTokenError('the link is not valid');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('the link is not valid');
  }
  if (!Array.isArray(parsed) || parsed.length !== n || !parsed.every((p) => typeof p === 'string' && p.length > 0))
    throw new InvalidTokenError('the link is not valid');
  return parsed as string[];
}

function sign(secret: string, purpose: string, body: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${body}`).digest('base64url').slice(0, 32);
}
