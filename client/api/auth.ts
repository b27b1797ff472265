import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Who may do what:
 * - coordinator: reads and writes within the programmes named in its scope;
 * - operator: reads everything, and takes the operator actions (retry an e-mail, resend an
 *   invitation, pause or terminate a track);
 * - caseworker: reads the participants of its own municipality;
 * - company: reads its own camp invitations and answers them (or answers by the personal link in its
 *   invitation e-mail, signed with the same secret: activities/company/tokens.ts);
 * - staff: a registered, active staff member of an employment actor (mentor, support person, job
 *   consultant, coordinator), on the participant tracks of that actor's partnerships only: records
 *   attendance, answers follow-ups, records employer contacts and training topics.
 */
export const ROLES = ['coordinator', 'operator', 'caseworker', 'company', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export interface Scope {
  /** Coordinator: the programmes it runs. */
  programmeIds?: string[];
  /** Caseworker: its municipality's code. */
  municipalityCode?: string;
  /** Company: its CVR number. */
  cvr?: string;
  /** Staff: the StaffMember it is (its employment actor sets what it may act on). */
  staffMemberId?: string;
}

export interface Principal {
  /** Who: an e-mail address or another stable name, written to the audit log. */
  sub: string;
  role: Role;
  scope: Scope;
}

interface TokenPayload extends Principal {
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/**
 * The longest a bearer token may live. A leaked token is good until it expires and there is no
 * revocation list, so tokens are short: a token minted for longer (or without an expiry or an issue
 * time) is refused, whoever signed it.
 */
export const MAX_TOKEN_LIFETIME_DAYS = 31;
const MAX_TOKEN_LIFETIME_SECONDS = MAX_TOKEN_LIFETIME_DAYS * 86_400;
/** Clocks of the minting machine and the API's may differ a little. */
const CLOCK_SKEW_SECONDS = 300;

const TOKEN_PREFIX = 'ds1';

export class AuthError extends Error {
  override name = 'AuthError';
  readonly code = 'UNAUTHENTICATED';
}

function hmac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

function sameSignature(expected: Buffer, given: string): boolean {
  const buf = Buffer.from(given, 'base64url');
  return buf.length === expected.length && timingSafeEqual(buf, expected);
}

/** A bearer token: `ds1.<payload>.<HMAC-SHA256 of the payload>`, both base64url. */
export function issueToken(secret: string, principal: Principal, ttlSeconds: number, now = Date.now()): string {
  if (!(ttlSeconds > 0 && ttlSeconds <= MAX_TOKEN_LIFETIME_SECONDS)) {
    throw new RangeError(`a bearer token lives at most ${MAX_TOKEN_LIFETIME_DAYS} days; asked for ${ttlSeconds / 86_400} days`);
  }
  const iat = Math.floor(now / 1000);
  const payload: TokenPayload = { ...principal, iat, exp: iat + Math.round(ttlSeconds) };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${TOKEN_PREFIX}.${body}.${hmac(secret, `${TOKEN_PREFIX}.${body}`).toString('base64url')}`;
}

export function verifyToken(secret: string, token: string, now = Date.now()): Principal {
  const [prefix, body, signature] = token.split('.');
  if (prefix !== TOKEN_PREFIX || !body || !signature) throw new AuthError('the bearer token is malformed');
  if (!sameSignature(hmac(secret, `${prefix}.${body}`), signature)) throw new AuthError('the bearer token has a bad signature');
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    throw new AuthError('the bearer token is malformed');
  }
  if (typeof payload !== 'object' || payload === null) throw new AuthError('the bearer token is malformed');
  if (!Number.isFinite(payload.exp)) throw new AuthError('the bearer token has no expiry; mint a new one');
  if (!Number.isFinite(payload.iat)) throw new AuthError('the bearer token has no issue time; mint a new one');
  if (payload.exp - payload.iat > MAX_TOKEN_LIFETIME_SECONDS)
    throw new AuthError(`the bearer token lives longer than ${MAX_TOKEN_LIFETIME_DAYS} days; mint a shorter one`);
  if (payload.iat * 1000 > now + CLOCK_SKEW_SECONDS * 1000) throw new AuthError('the bearer token is issued in the future');
  if (payload.exp * 1000 <= now) throw new AuthError('the bearer token has expired');
  if (!ROLES.includes(payload.role) || typeof payload.sub !== 'string') throw new AuthError('the bearer token names no known role');
  return { sub: payload.sub, role: payload.role, scope: payload.scope ?? {} };
}
