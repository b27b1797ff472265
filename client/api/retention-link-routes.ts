import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerRetentionByLink, retentionLink, type RetentionLinkContext, type RetentionLinkView } from '../operations/retention-link.js';
import { actorOf, writeAudit } from './audit.js';
import { actionOf, audited, type ApiDeps } from './context.js';
import { errorResponses } from './schemas.js';
import { escapeHtml, LINK_RATE_LIMIT, LINK_TOKEN_PARAM, linkErrorHandler, linkPage, linkRefusal } from './personal-link-page.js';

/** Personal links are guessed at, not browsed: the same limit as the camp and anchoring links'. */

const page = (reply: FastifyReply, status: number, title: string, body: string) => linkPage(reply, status, title, body);

const notValid = (reply: FastifyReply, status = 404) =>
  page(reply, status, 'Linket virker ikke', '<p>Linket er ikke gyldigt. Kontakt koordinatoren.</p>');
const endedPage = (reply: FastifyReply) =>
  page(
    reply,
    410,
    'Forløbet er afsluttet',
    '<p>Borgerens forløb er afsluttet, så svaret kan ikke længere registreres. Kontakt koordinatoren.</p>',
  );
const answeredPage = (reply: FastifyReply, status: number, link: RetentionLinkView) =>
  page(
    reply,
    status,
    'Allerede besvaret',
    `<p>Opfølgningen efter ${link.weeks} uger for ${escapeHtml(link.participantName)} er allerede besvaret. Svaret er ikke ændret.</p>`,
  );

/**
 * The support person's personal link in a retention follow-up e-mail (`/rsvp/fastholdelse/<token>`,
 * signed with LINK_SECRET): a small Danish page asking whether the participant is still employed.
 * Opening it records nothing (mail scanners open links too); the form's POST answers the follow-up
 * through the same update as the API's, so the track moves at once. Forged links are refused (403),
 * answers to a follow-up answered already (409) and to an ended track (410) record nothing; every
 * answer and refusal is audited, never with the token or a name.
 */
export function retentionLinkRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  const ctx: RetentionLinkContext = {
    client,
    db,
    taskQueue: config.TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
    linkSecret: config.LINK_SECRET,
  };
  const tokenParam = LINK_TOKEN_PARAM;
  const errorHandler = linkErrorHandler(notValid);

  /** The page a refused link gets: forged (403, audited) or unknown (404). */
  const refusal = linkRefusal(db, notValid);
  const refuse = (req: FastifyRequest, link: RetentionLinkView, reason: string) =>
    writeAudit(db, {
      ...actorOf(undefined),
      action: actionOf(req),
      entity: 'ParticipantTrack',
      entityId: link.trackId,
      allowed: false,
      details: { reason, weeks: link.weeks },
    });

  app.get<{ Params: { token: string } }>(
    '/rsvp/fastholdelse/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: ['participant'],
        summary:
          "The personal link in a support person's retention follow-up e-mail: a Danish page to answer whether the participant is still employed; opening it records nothing",
        security: [],
        params: tokenParam,
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      let link;
      try {
        link = await retentionLink(ctx, req.params.token);
      } catch (e) {
        return refusal(req, reply, e);
      }
      if (link.answered) return answeredPage(reply, 200, link);
      if (link.ended) {
        await refuse(req, link, 'the track has ended');
        return endedPage(reply);
      }
      const radio = (value: string, text: string) =>
        `<label><input type="radio" name="stillEmployed" value="${value}" required> ${text}</label>`;
      return page(
        reply,
        200,
        `Opfølgning efter ${link.weeks} uger`,
        `<p>Opfølgning for <strong>${escapeHtml(link.participantName)}</strong>${link.followUpOn ? ` den ${link.followUpOn}` : ''}.</p>
<form method="post" action="/rsvp/fastholdelse/${encodeURIComponent(req.params.token)}">
<fieldset><legend>Er borgeren stadig i job?</legend>${radio('true', 'Ja')} ${radio('false', 'Nej')}</fieldset>
<button>Send svar</button></form>`,
      );
    },
  );

  app.post<{ Params: { token: string }; Body: { stillEmployed: 'true' | 'false' } }>(
    '/rsvp/fastholdelse/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: ['participant'],
        summary:
          'Answers a retention follow-up from its link page (a form post or JSON); the same update as POST /api/tracks/participant/{trackId}/retention, so the track moves at once',
        security: [],
        params: tokenParam,
        body: {
          type: 'object',
          required: ['stillEmployed'],
          additionalProperties: false,
          properties: {
            stillEmployed: { type: 'string', enum: ['true', 'false'], description: 'whether the participant is still employed' },
          },
        },
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const stillEmployed = req.body.stillEmployed === 'true';
      let link;
      try {
        link = await retentionLink(ctx, req.params.token);
      } catch (e) {
        return refusal(req, reply, e);
      }
      if (link.answered) {
        await refuse(req, link, `the ${link.weeks}-week follow-up is answered already`);
        return answeredPage(reply, 409, link);
      }
      if (link.ended) {
        await refuse(req, link, 'the track has ended');
        return endedPage(reply);
      }
      try {
        await answerRetentionByLink(ctx, { token: req.params.token, stillEmployed });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'REJECTED' || code === 'INVALID_STATE' || code === 'LINK_EXPIRED') {
          await refuse(req, link, (e as Error).message);
          // The projection may lag the track: the track's own refusal decides (answered already, not due yet).
          return /answered already/.test((e as Error).message)
            ? answeredPage(reply, 409, link)
            : page(reply, 409, 'Opfølgningen kan ikke besvares nu', '<p>Denne opfølgning kan ikke besvares nu. Kontakt koordinatoren.</p>');
        }
        throw e;
      }
      await audited(db, req, { entity: 'ParticipantTrack', entityId: link.trackId }, { weeks: link.weeks, stillEmployed, via: 'link' });
      return page(
        reply,
        200,
        'Tak for svaret',
        `<p>Vi har noteret svaret på opfølgningen efter ${link.weeks} uger: ${escapeHtml(link.participantName)} er ${stillEmployed ? 'stadig i job' : 'ikke længere i job'}.</p>`,
      );
    },
  );
}
