import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidTokenError } from './rsvp-token.js';

/**
 * The company's personal link to answer an anchoring check: the company track's id and the check's
 * number, signed with LINK_SECRET under a purpose of its own (an RSVP token is no anchoring token).
 * The same check always gets the same link, so the reminder carries the link of the first mail.
 */
export function anchoringToken(secret: string, companyTrackId: string, checkNo: number): string {
  const body = Buffer.from(JSON.stringify([companyTrackId, checkNo])).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function verifyAnchoringToken(secret: string, token: string): { companyTrackId: string; checkNo: number } {
  const [body, sig] = token.split('.');
  if (!body || !sig) throw new InvalidTokenError('the answer link is not valid');
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidTokenError('the answer link is not valid');
  const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || !Number.isInteger(parsed[1]))
    throw new InvalidTokenError('the answer link is not valid');
  return { companyTrackId: parsed[0], checkNo: parsed[1] as number };
}

/** Where the link leads: a page of the API (client/api/anchoring-link-routes.ts). */
export function anchoringAnswerUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/rsvp/forankring/${encodeURIComponent(token)}`;
}

/**
 * When the link stops working: as many days after the check's day as a camp's links work after
 * the camp (LINK_DAYS_AFTER_CAMP), judged when it is used, so it follows a check moved by a pause.
 */
export function anchoringLinkExpiresAt(checkOn: string, daysAfterCheck: number): Date {
  return new Date(Date.parse(`${checkOn}T23:59:59Z`) + daysAfterCheck * 86_400_000);
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`anchoring:${body}`).digest('base64url').slice(0, 32);
}
