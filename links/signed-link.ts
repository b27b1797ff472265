import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidTokenError } from './rsvp-token.js';

/** What a personal link's token carries: ids and numbers only, never a name or an address. */
type Part = string | number;
type Kind = 'string' | 'integer';

/**
 * A personal link's token: its parts as base64url JSON and an HMAC of them under a purpose of its
 * own, so a token made for one purpose (an anchoring check) never passes for another (a follow-up).
 * The same parts always give the same token, so a reminder carries the link of the first mail.
 */
export function signLink(secret: string, purpose: string, parts: readonly Part[]): string {
  const body = Buffer.from(JSON.stringify(parts)).toString('base64url');
  return `${body}.${sign(secret, purpose, body)}`;
}

/** The parts of a token signed for `purpose`, checked against their kinds; anything else is refused. */
export function verifyLink(secret: string, purpose: string, token: string, kinds: readonly Kind[], what = 'the link'): Part[] {
  const invalid = () => new InvalidTokenError(`${what} is not valid`);
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length) throw invalid();
  const expected = Buffer.from(sign(secret, purpose, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const fits = (p: unknown, kind: Kind) => (kind === 'string' ? typeof p === 'string' && p.length > 0 : Number.isInteger(p));
  if (!Array.isArray(parsed) || parsed.length !== kinds.length || !kinds.every((kind, i) => fits(parsed[i], kind))) throw invalid();
  return parsed as Part[];
}

/** Where a personal link leads: a page of the API below /rsvp/. */
export function linkUrl(publicBaseUrl: string, page: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/rsvp/${page}${encodeURIComponent(token)}`;
}

function sign(secret: string, purpose: string, body: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${body}`).digest('base64url').slice(0, 32);
}
