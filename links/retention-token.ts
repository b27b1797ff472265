import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidTokenError } from './rsvp-token.js';

/**
 * The support person's personal link to answer a retention follow-up: the participant track's id and
 * the follow-up's week, signed with LINK_SECRET under a purpose of its own (no RSVP or anchoring token
 * passes for one). Ids only: names are read from the database when the link is opened.
 */
export function retentionToken(secret: string, trackId: string, weeks: number): string {
  const body = Buffer.from(JSON.stringify([trackId, weeks])).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function verifyRetentionToken(secret: string, token: string): { trackId: string; weeks: number } {
  const [body, sig] = token.split('.');
  if (!body || !sig) throw new InvalidTokenError('the answer link is not valid');
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidTokenError('the answer link is not valid');
  const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || !Number.isInteger(parsed[1]))
    throw new InvalidTokenError('the answer link is not valid');
  return { trackId: parsed[0], weeks: parsed[1] as number };
}

/** Where the link leads: a page of the API (client/api/retention-link-routes.ts). */
export function retentionAnswerUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/rsvp/fastholdelse/${encodeURIComponent(token)}`;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`retention:${body}`).digest('base64url').slice(0, 32);
}
