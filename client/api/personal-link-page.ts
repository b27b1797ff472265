// What the personal-link pages below /rsvp/ share (the anchoring check, the retention follow-up, the
// job-match): a Danish HTML page, the rate limit, the token's schema, and the answer a forged or
// unknown link gets. Each link's own texts and forms stay in its routes file.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidTokenError } from '../../links/rsvp-token.js';
import type { Db } from '../../prisma/client.js';
import { httpStatusOf } from '../error-kinds.js';
import { deny } from './context.js';
import { databaseErrorResponse } from './db-errors.js';
import { ApiError } from './errors.js';

/** Personal links are guessed at, not browsed: a tighter limit than the API's, per client address. */
export const LINK_RATE_LIMIT = { max: 60, timeWindow: 60_000 };

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const BASE_STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;color:#1d2430}';
const FORM_STYLE =
  'fieldset{border:1px solid #c9d1db;border-radius:4px;margin:0 0 1em}label{margin-right:1em}button{font:inherit;padding:.5em 1.2em;border:0;border-radius:4px;background:#0b5cad;color:#fff;cursor:pointer}';

/** A link's page in Danish; `style` replaces the form's default look. */
export function linkPage(reply: FastifyReply, status: number, title: string, body: string, style = FORM_STYLE) {
  return reply.code(status).type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="da"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${BASE_STYLE}${style}</style>
<h1>${escapeHtml(title)}</h1>${body}</html>`);
}

export const LINK_TOKEN_PARAM = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', minLength: 10, maxLength: 500 } },
} as const;

type NotValid = (reply: FastifyReply, status?: number) => unknown;

/** A browser (the page's form post, or asking for HTML) gets a page; any other client the API's error body. */
const fromBrowser = (req: FastifyRequest) =>
  /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '') || /text\/html/i.test(req.headers.accept ?? '');

/** The status the API would answer the error with (client/api/create-api.ts's handler). */
function statusOf(error: FastifyError): number {
  if (error.validation) return 400;
  const database = databaseErrorResponse(error);
  if (database) return database.status;
  if (error instanceof ApiError) return error.statusCode;
  if (typeof error.statusCode === 'number' && error.statusCode < 500) return error.statusCode;
  return httpStatusOf(error);
}

/** What the company reads when its answer is refused after the link was checked: nothing was saved. */
const REFUSED: Record<number, [string, string]> = {
  400: ['Svaret kunne ikke modtages', 'Formularen er ikke udfyldt, som den skal. Intet er gemt. Gå tilbage og prøv igen.'],
  409: [
    'Det kan ikke lade sig gøre nu',
    'Svaret passer ikke med, hvordan sagen står nu, og er ikke gemt. Kontakt jeres kontaktperson, hvis I har spørgsmål.',
  ],
  410: ['Linket er udløbet', 'Linket kan ikke bruges længere, og intet er gemt. Kontakt jeres kontaktperson.'],
  429: ['For mange forsøg', 'Vent et minut, og prøv så igen.'],
  500: ['Der skete en fejl', 'Svaret er ikke gemt. Prøv igen om lidt, eller kontakt jeres kontaktperson.'],
};

/**
 * A token that fails the schema gets the link's own "not valid" page. Any other error (a refused form,
 * an operation's refusal, a failure) gets a Danish page with the API's status for a browser, and the
 * API's error body for any other client.
 */
export const linkErrorHandler = (notValid: NotValid) => (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
  if (error.validationContext === 'params') return notValid(reply);
  if (!fromBrowser(req)) throw error;
  const status = statusOf(error);
  if (status >= 500) req.log.error(error);
  if (status === 403 || status === 404) return notValid(reply, status);
  const [title, text] = REFUSED[status] ?? (status >= 500 ? REFUSED[500]! : REFUSED[400]!);
  return linkPage(reply, status, title, `<p>${text}</p>`);
};

/** The page a refused link gets: forged (403, audited) or unknown (404); anything else is thrown on. */
export const linkRefusal = (db: Db, notValid: NotValid) => async (req: FastifyRequest, reply: FastifyReply, e: unknown) => {
  if (e instanceof InvalidTokenError) {
    try {
      await deny(db, req, 'this link is not valid: its signature does not match');
    } catch {
      return notValid(reply, 403);
    }
  }
  if ((e as { code?: string }).code === 'NOT_FOUND') return notValid(reply);
  throw e;
};
