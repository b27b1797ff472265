import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Personal RSVP tokens: the camp and company ids, signed with LINK_SECRET (HMAC-SHA256). The same
 * invitation always gets the same token, so creating it again is harmless, and a forged or altered
 * token is refused without a database look-up.
 */
export function rsvpToken(secret: string, campId: string, companyId: string): string {
  const body = Buffer.from(JSON.stringify([campId, companyId])).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** Personal links work this many days after their camp ends, unless configured otherwise (LINK_DAYS_AFTER_CAMP). */
export const DEFAULT_LINK_DAYS_AFTER_CAMP = 60;

/**
 * When a personal link stops working: a number of days after its camp ends. The expiry is the
 * camp's, read from the database when the link is used, so it follows a moved camp and applies
 * alike to every link already sent (the tokens themselves carry no date).
 */
export function personalLinkExpiresAt(campEndsAt: Date, daysAfterCamp = DEFAULT_LINK_DAYS_AFTER_CAMP): Date {
  return new Date(campEndsAt.getTime() + daysAfterCamp * 86_400_000);
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
  readonly code = 'INVALID_TOKEN';
  readonly field = 'token';
}

export function verifyRsvpToken(secret: string, token: string): { campId: string; companyId: string } {
  const [body, sig] = token.split('.');
  if (!body || !sig) throw new InvalidTokenError('the answer link is not valid');
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidTokenError('the answer link is not valid');
  const [campId, companyId] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string];
  return { campId, companyId };
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`rsvp:${body}`).digest('base64url').slice(0, 32);
}
