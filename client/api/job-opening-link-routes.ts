import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidTokenError } from '../../links/rsvp-token.js';
import {
  answerMatchByLink,
  matchLink,
  registerOpeningByLink,
  registrationLink,
  type JobLinkContext,
} from '../operations/job-opening-links.js';
import { OperationError } from '../operations/operation-error.js';
import { audited, deny, type ApiDeps } from './context.js';
import { errorResponses } from './schemas.js';
import { escapeHtml, LINK_RATE_LIMIT, LINK_TOKEN_PARAM, linkErrorHandler, linkPage } from './personal-link-page.js';

/** Personal links are guessed at, not browsed: the same limit as the camp links'. */

const STYLE =
  'label{display:block;margin:0 0 1em}input,select{font:inherit;display:block;margin-top:.3em}button{font:inherit;padding:.5em 1.2em;border:0;border-radius:4px;background:#0b5cad;color:#fff;cursor:pointer;margin-right:1em}button.no{background:#6b7480}';
const page = (reply: FastifyReply, status: number, title: string, body: string) => linkPage(reply, status, title, body, STYLE);

const notValid = (reply: FastifyReply, status = 404) =>
  page(reply, status, 'Linket virker ikke', '<p>Linket er ikke gyldigt. Kontakt jeres kontaktperson.</p>');
const expiredPage = (reply: FastifyReply) =>
  page(reply, 410, 'Linket er udløbet', '<p>Linket er udløbet. Kontakt jeres kontaktperson.</p>');

/**
 * The company's personal links of the job-match (client/operations/job-opening-links.ts):
 * `/rsvp/jobopslag/<token>` to register an opening, `/rsvp/jobmatch/<token>` to accept or decline a
 * proposed resident. Opening a link records nothing (mail scanners open links too); the page's form
 * posts the answer. Forged links are refused (403, audited), expired ones (410), an answered proposal
 * (409); every registration and answer is audited, never with the token.
 */
export function jobOpeningLinkRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const ctx: JobLinkContext = {
    client,
    db,
    taskQueue: config.TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
    linkSecret: config.LINK_SECRET,
    ...(now ? { now } : {}),
  };
  const tokenParam = LINK_TOKEN_PARAM;
  const errorHandler = linkErrorHandler(notValid);
  async function refusal(req: FastifyRequest, reply: FastifyReply, e: unknown) {
    if (e instanceof InvalidTokenError) {
      try {
        await deny(db, req, 'this link is not valid: its signature does not match');
      } catch {
        return notValid(reply, 403);
      }
    }
    if (e instanceof OperationError) {
      if (e.code === 'NOT_FOUND' && e.field === 'token') return notValid(reply);
      if (e.kind === 'expired') return expiredPage(reply);
      const status = e.kind === 'invalid' ? 400 : e.kind === 'conflict' ? 409 : e.kind === 'forbidden' ? 403 : 404;
      return page(reply, status, 'Det kunne ikke gemmes', `<p>${escapeHtml(e.message)}</p>`);
    }
    throw e;
  }

  app.get<{ Params: { token: string } }>(
    '/rsvp/jobopslag/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: ['company'],
        summary: "The company's personal link to register job openings: a Danish form; opening it records nothing",
        security: [],
        params: tokenParam,
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      let link;
      try {
        link = await registrationLink(ctx, req.params.token);
      } catch (e) {
        return refusal(req, reply, e);
      }
      if (link.expired) return expiredPage(reply);
      const options = link.kinds.map((k) => `<option value="${k.kind}">${escapeHtml(k.label)}</option>`).join('');
      return page(
        reply,
        200,
        `Meld en jobåbning: ${link.companyName}`,
        `<p>${escapeHtml(link.programmeName)}. Jobcentret foreslår en ledig beboer, og I svarer ja eller nej.</p>
<form method="post" action="/rsvp/jobopslag/${encodeURIComponent(req.params.token)}">
<label>Slags job <select name="kind" required>${options}</select></label>
<label>Stilling (fx "Elev, ejendomsservice") <input name="title" required maxlength="200" size="40"></label>
<label>Timer om ugen (skal udfyldes for fleksjob og job med få timer) <input type="number" name="hoursPerWeek" min="1" max="80" step="0.5"></label>
<button>Meld jobåbningen</button></form>`,
      );
    },
  );

  app.post<{ Params: { token: string }; Body: { kind: string; title: string; hoursPerWeek?: string } }>(
    '/rsvp/jobopslag/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: ['company'],
        summary: "Registers a job opening from the company's link page (a form post or JSON); its workflow starts at once",
        security: [],
        params: tokenParam,
        body: {
          type: 'object',
          required: ['kind', 'title'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', maxLength: 40 },
            title: { type: 'string', minLength: 1, maxLength: 200 },
            hoursPerWeek: { type: 'string', pattern: '^(\\d{1,2}([.,]\\d)?)?$', description: 'hours a week; empty or absent: not given' },
          },
        },
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { kind, title, hoursPerWeek } = req.body;
      let result;
      try {
        result = await registerOpeningByLink(ctx, {
          token: req.params.token,
          kind,
          title,
          hoursPerWeek: hoursPerWeek ? Number(hoursPerWeek.replace(',', '.')) : undefined,
        });
      } catch (e) {
        return refusal(req, reply, e);
      }
      await audited(db, req, { entity: 'JobOpening', entityId: result.opening.id }, { cvr: result.link.cvr, kind, via: 'link' });
      return page(
        reply,
        201,
        'Tak – jobåbningen er meldt',
        `<p>${escapeHtml(result.opening.kindLabel)}: "${escapeHtml(result.opening.title)}". Jobcentret foreslår en beboer, og I får forslaget på e-mail.</p>
<p>Brug linket igen, når I har en ny jobåbning.</p>`,
      );
    },
  );

  app.get<{ Params: { token: string }; Querystring: { svar?: string } }>(
    '/rsvp/jobmatch/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: ['company'],
        summary:
          "The personal link of a proposal in the company's e-mail: a Danish page to accept or decline the resident; opening it records nothing",
        security: [],
        params: tokenParam,
        querystring: { type: 'object', properties: { svar: { type: 'string', enum: ['ja', 'nej'] } } },
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      let link;
      try {
        link = await matchLink(ctx, req.params.token);
      } catch (e) {
        return refusal(req, reply, e);
      }
      if (link.expired) return expiredPage(reply);
      const title = `Forslag til "${link.openingTitle}"`;
      if (link.status !== 'PROPOSED')
        return page(reply, 200, title, `<p>I har allerede svaret ${link.status === 'ACCEPTED' ? 'ja' : 'nej'} til forslaget. Tak!</p>`);
      const action = `/rsvp/jobmatch/${encodeURIComponent(req.params.token)}`;
      const yes = `<form method="post" action="${action}" style="display:inline"><input type="hidden" name="svar" value="ja"><button>Ja, vi ansætter</button></form>`;
      const no = `<form method="post" action="${action}" style="display:inline"><input type="hidden" name="svar" value="nej"><button class="no">Nej tak</button></form>`;
      const chosen = req.query.svar;
      return page(
        reply,
        200,
        title,
        `<p>Jobcentret foreslår <strong>${escapeHtml(link.residentName || 'en beboer')}</strong> til ${escapeHtml(link.companyName)}s jobåbning (${escapeHtml(link.kindLabel)}).</p>
<p>${chosen === 'ja' ? 'Bekræft jeres ja:' : chosen === 'nej' ? 'Bekræft jeres nej:' : 'Vil I ansætte beboeren?'}</p>
<p>${chosen === 'nej' ? '' : yes} ${chosen === 'ja' ? '' : no}</p>`,
      );
    },
  );

  app.post<{ Params: { token: string }; Body: { svar: 'ja' | 'nej' } }>(
    '/rsvp/jobmatch/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: ['company'],
        summary:
          "Records the company's answer to a proposal (ja: the hire, recorded as the resident's outcome; nej: the consultant proposes again)",
        security: [],
        params: tokenParam,
        body: {
          type: 'object',
          required: ['svar'],
          additionalProperties: false,
          properties: { svar: { type: 'string', enum: ['ja', 'nej'] } },
        },
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const accepted = req.body.svar === 'ja';
      let result;
      try {
        result = await answerMatchByLink(ctx, { token: req.params.token, accepted });
      } catch (e) {
        return refusal(req, reply, e);
      }
      await audited(db, req, { entity: 'JobMatch', entityId: result.link.matchId }, { accepted, via: 'link' });
      return page(
        reply,
        200,
        'Tak for svaret',
        accepted
          ? `<p>Vi har noteret, at I ansætter ${escapeHtml(result.link.residentName || 'beboeren')}. Jobcentret følger op undervejs; kontakt jeres kontaktperson, hvis der opstår problemer.</p>`
          : '<p>Vi har noteret jeres nej. Jobcentret foreslår en anden beboer.</p>',
      );
    },
  );
}
