import type { FastifyInstance, FastifyReply } from 'fastify';
import { answerRetentionByLink, retentionLink, type RetentionLinkContext, type RetentionLinkView } from '../operations/retention-link.js';
import { audited, type ApiDeps } from './context.js';
import { escapeHtml, linkPage } from './personal-link-page.js';
import { auditRefusedAnswer, linkContext, personalLinkRoutes, type LinkRequest } from './personal-link-routes.js';

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
export function retentionLinkRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { db } = deps;
  const ctx: RetentionLinkContext = linkContext(deps);
  const link = personalLinkRoutes(app, db, { tags: ['participant'], notValid });
  const open = (req: LinkRequest) => retentionLink(ctx, req.params.token);
  const refuse = (req: LinkRequest, followUp: RetentionLinkView, reason: string) =>
    auditRefusedAnswer(db, req, { entity: 'ParticipantTrack', entityId: followUp.trackId }, { reason, weeks: followUp.weeks });

  link.page('/rsvp/fastholdelse/:token', {
    summary:
      "The personal link in a support person's retention follow-up e-mail: a Danish page to answer whether the participant is still employed; opening it records nothing",
    open,
    respond: async (req, reply, followUp) => {
      if (followUp.answered) return answeredPage(reply, 200, followUp);
      if (followUp.ended) {
        await refuse(req, followUp, 'the track has ended');
        return endedPage(reply);
      }
      const radio = (value: string, text: string) =>
        `<label><input type="radio" name="stillEmployed" value="${value}" required> ${text}</label>`;
      return page(
        reply,
        200,
        `Opfølgning efter ${followUp.weeks} uger`,
        `<p>Opfølgning for <strong>${escapeHtml(followUp.participantName)}</strong>${followUp.followUpOn ? ` den ${followUp.followUpOn}` : ''}.</p>
<form method="post" action="/rsvp/fastholdelse/${encodeURIComponent(req.params.token)}">
<fieldset><legend>Er borgeren stadig i job?</legend>${radio('true', 'Ja')} ${radio('false', 'Nej')}</fieldset>
<button>Send svar</button></form>`,
      );
    },
  });

  link.answer<RetentionLinkView, { stillEmployed: 'true' | 'false' }>('/rsvp/fastholdelse/:token', {
    summary:
      'Answers a retention follow-up from its link page (a form post or JSON); the same update as POST /api/tracks/participant/{trackId}/retention, so the track moves at once',
    body: {
      type: 'object',
      required: ['stillEmployed'],
      additionalProperties: false,
      properties: {
        stillEmployed: { type: 'string', enum: ['true', 'false'], description: 'whether the participant is still employed' },
      },
    },
    open,
    respond: async (req, reply, followUp) => {
      const stillEmployed = req.body.stillEmployed === 'true';
      if (followUp.answered) {
        await refuse(req, followUp, `the ${followUp.weeks}-week follow-up is answered already`);
        return answeredPage(reply, 409, followUp);
      }
      if (followUp.ended) {
        await refuse(req, followUp, 'the track has ended');
        return endedPage(reply);
      }
      try {
        await answerRetentionByLink(ctx, { token: req.params.token, stillEmployed });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'REJECTED' || code === 'INVALID_STATE' || code === 'LINK_EXPIRED') {
          await refuse(req, followUp, (e as Error).message);
          // The projection may lag the track: the track's own refusal decides (answered already, not due yet).
          return /answered already/.test((e as Error).message)
            ? answeredPage(reply, 409, followUp)
            : page(reply, 409, 'Opfølgningen kan ikke besvares nu', '<p>Denne opfølgning kan ikke besvares nu. Kontakt koordinatoren.</p>');
        }
        throw e;
      }
      await audited(
        db,
        req,
        { entity: 'ParticipantTrack', entityId: followUp.trackId },
        { weeks: followUp.weeks, stillEmployed, via: 'link' },
      );
      return page(
        reply,
        200,
        'Tak for svaret',
        `<p>Vi har noteret svaret på opfølgningen efter ${followUp.weeks} uger: ${escapeHtml(followUp.participantName)} er ${stillEmployed ? 'stadig i job' : 'ikke længere i job'}.</p>`,
      );
    },
  });
}
