import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LINK_DAYS_AFTER_CAMP } from '../../links/rsvp-token.js';
import { anchoringLink, answerAnchoringByLink, type LinkContext } from '../operations/anchoring-link.js';
import { actorOf, writeAudit } from './audit.js';
import { actionOf, audited, type ApiDeps } from './context.js';
import { errorResponses } from './schemas.js';
import { escapeHtml, LINK_RATE_LIMIT, LINK_TOKEN_PARAM, linkErrorHandler, linkPage, linkRefusal } from './personal-link-page.js';

/** Personal links are guessed at, not browsed: the same limit as the camp links'. */
const USE = { YES: 'Ja', PARTLY: 'Delvist', NO: 'Nej' } as const;

const page = (reply: FastifyReply, status: number, title: string, body: string) => linkPage(reply, status, title, body);

const notValid = (reply: FastifyReply, status = 404) =>
  page(reply, status, 'Linket virker ikke', '<p>Linket er ikke gyldigt. Kontakt jeres kontaktperson.</p>');
const expiredPage = (reply: FastifyReply) =>
  page(reply, 410, 'Linket er udløbet', '<p>Linket er udløbet. Kontakt jeres kontaktperson.</p>');

/**
 * The company's personal link in an anchoring-check e-mail (`/rsvp/forankring/<token>`, signed with
 * LINK_SECRET): a small Danish page to answer the check on. Opening it records nothing (mail scanners
 * open links too); the form's POST sends the answer to the company track at once. Forged links are
 * refused (403), expired ones (410) and answers to a check answered already (409) record nothing;
 * every answer and refusal is audited, never with the token.
 */
export function anchoringLinkRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  const ctx: LinkContext = {
    client,
    db,
    taskQueue: config.TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
    linkSecret: config.LINK_SECRET,
    linkDays: config.LINK_DAYS_AFTER_CAMP ?? DEFAULT_LINK_DAYS_AFTER_CAMP,
  };
  const tokenParam = LINK_TOKEN_PARAM;
  const errorHandler = linkErrorHandler(notValid);

  /** The page a refused link gets: forged (403, audited), unknown (404), expired (410, audited). */
  const refusal = linkRefusal(db, notValid);
  async function refuseExpired(req: FastifyRequest, link: { companyTrackId: string; checkNo: number; expiresAt: Date | null }) {
    const reason =
      link.expiresAt && Date.now() >= link.expiresAt.getTime()
        ? `the link expired at ${link.expiresAt.toISOString()}`
        : 'the follow-up has ended';
    await writeAudit(db, {
      ...actorOf(undefined),
      action: actionOf(req),
      entity: 'CompanyTrack',
      entityId: link.companyTrackId,
      allowed: false,
      details: { reason, checkNo: link.checkNo },
    });
  }

  app.get<{ Params: { token: string } }>(
    '/rsvp/forankring/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: ['company'],
        summary:
          "The personal link in a company's anchoring-check e-mail: a Danish page to answer the check on; opening it records nothing",
        security: [],
        params: tokenParam,
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      let link;
      try {
        link = await anchoringLink(ctx, req.params.token);
      } catch (e) {
        return refusal(req, reply, e);
      }
      if (link.expired) {
        await refuseExpired(req, link);
        return expiredPage(reply);
      }
      const title = `Forankringstjek ${link.checkNo} for ${link.companyName}`;
      if (link.answered) return page(reply, 200, title, '<p>I har allerede svaret på dette forankringstjek. Tak!</p>');
      const radio = (name: string, value: string, text: string, required = false) =>
        `<label><input type="radio" name="${name}" value="${value}"${required ? ' required' : ''}> ${text}</label>`;
      return page(
        reply,
        200,
        title,
        `<form method="post" action="/rsvp/forankring/${encodeURIComponent(req.params.token)}">
<fieldset><legend>Er den sociale model i brug hos jer?</legend>${(['YES', 'PARTLY', 'NO'] as const).map((v) => radio('socialModelInUse', v, USE[v], true)).join(' ')}</fieldset>
<fieldset><legend>Er jeres buddies stadig aktive?</legend>${radio('buddiesActive', 'true', 'Ja')} ${radio('buddiesActive', 'false', 'Nej')}</fieldset>
<p><label>Hvor mange borgere er startet hos jer siden sidste tjek? <input type="number" name="participantsOnboarded" min="0" max="1000" step="1"></label></p>
<button>Send svar</button></form>`,
      );
    },
  );

  app.post<{
    Params: { token: string };
    Body: { socialModelInUse: 'YES' | 'PARTLY' | 'NO'; buddiesActive?: string; participantsOnboarded?: string };
  }>(
    '/rsvp/forankring/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: ['company'],
        summary:
          "Records the company's answer to an anchoring check given on its link's page (a form post or JSON); the company track takes it at once",
        security: [],
        params: tokenParam,
        body: {
          type: 'object',
          required: ['socialModelInUse'],
          additionalProperties: false,
          properties: {
            socialModelInUse: { type: 'string', enum: ['YES', 'PARTLY', 'NO'] },
            buddiesActive: { type: 'string', enum: ['true', 'false', ''], description: 'true or false; empty or absent: not answered' },
            participantsOnboarded: { type: 'string', pattern: '^\\d{0,4}$', description: 'a whole number; empty or absent: not answered' },
          },
        },
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { socialModelInUse, buddiesActive, participantsOnboarded } = req.body;
      let link;
      try {
        link = await anchoringLink(ctx, req.params.token);
      } catch (e) {
        return refusal(req, reply, e);
      }
      if (link.expired) {
        await refuseExpired(req, link);
        return expiredPage(reply);
      }
      try {
        await answerAnchoringByLink(ctx, {
          token: req.params.token,
          socialModelInUse,
          buddiesActive: buddiesActive ? buddiesActive === 'true' : undefined,
          participantsOnboarded: participantsOnboarded ? Number(participantsOnboarded) : undefined,
        });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'INVALID_STATE') {
          await writeAudit(db, {
            ...actorOf(undefined),
            action: actionOf(req),
            entity: 'CompanyTrack',
            entityId: link.companyTrackId,
            allowed: false,
            details: { reason: (e as Error).message, checkNo: link.checkNo },
          });
          return link.answered
            ? page(reply, 409, 'Allerede besvaret', '<p>I har allerede svaret på dette forankringstjek. Svaret er ikke ændret.</p>')
            : page(
                reply,
                409,
                'Tjekket kan ikke besvares nu',
                '<p>Dette forankringstjek kan ikke besvares nu. Kontakt jeres kontaktperson.</p>',
              );
        }
        if (code === 'INVALID_INPUT') return page(reply, 400, 'Svaret kunne ikke gemmes', `<p>${escapeHtml((e as Error).message)}</p>`);
        throw e;
      }
      await audited(
        db,
        req,
        { entity: 'CompanyTrack', entityId: link.companyTrackId },
        { checkNo: link.checkNo, socialModelInUse, via: 'link' },
      );
      return page(
        reply,
        200,
        'Tak for svaret',
        `<p>Vi har noteret jeres svar på forankringstjek ${link.checkNo}: den sociale model er i brug: ${USE[socialModelInUse]}.</p>`,
      );
    },
  );
}
