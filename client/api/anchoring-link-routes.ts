import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_LINK_DAYS_AFTER_CAMP } from '../../links/rsvp-token.js';
import { anchoringLink, answerAnchoringByLink, type AnchoringLinkView, type LinkContext } from '../operations/anchoring-link.js';
import { audited, type ApiDeps } from './context.js';
import { escapeHtml, linkPage } from './personal-link-page.js';
import { auditRefusedAnswer, linkContext, personalLinkRoutes, type LinkRequest } from './personal-link-routes.js';

const USE = { YES: 'Ja', PARTLY: 'Delvist', NO: 'Nej' } as const;

const page = (reply: FastifyReply, status: number, title: string, body: string) => linkPage(reply, status, title, body);

const notValid = (reply: FastifyReply, status = 404) =>
  page(reply, status, 'Linket virker ikke', '<p>Linket er ikke gyldigt. Kontakt jeres kontaktperson.</p>');
const expiredPage = (reply: FastifyReply) =>
  page(reply, 410, 'Linket er udløbet', '<p>Linket er udløbet. Kontakt jeres kontaktperson.</p>');

type AnchoringAnswer = { socialModelInUse: 'YES' | 'PARTLY' | 'NO'; buddiesActive?: string; participantsOnboarded?: string };

/**
 * The company's personal link in an anchoring-check e-mail (`/rsvp/forankring/<token>`, signed with
 * LINK_SECRET): a small Danish page to answer the check on. Opening it records nothing (mail scanners
 * open links too); the form's POST sends the answer to the company track at once. Forged links are
 * refused (403), expired ones (410) and answers to a check answered already (409) record nothing;
 * every answer and refusal is audited, never with the token.
 */
export function anchoringLinkRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { db, config } = deps;
  const ctx: LinkContext = { ...linkContext(deps), linkDays: config.LINK_DAYS_AFTER_CAMP ?? DEFAULT_LINK_DAYS_AFTER_CAMP };
  const link = personalLinkRoutes(app, db, { tags: ['company'], notValid });
  const open = (req: LinkRequest) => anchoringLink(ctx, req.params.token);
  const refuse = (req: LinkRequest, check: AnchoringLinkView, reason: string) =>
    auditRefusedAnswer(db, req, { entity: 'CompanyTrack', entityId: check.companyTrackId }, { reason, checkNo: check.checkNo });
  /** An expired link (410) records nothing but the refusal. */
  async function refuseExpired(req: LinkRequest, check: AnchoringLinkView, reply: FastifyReply) {
    const reason =
      check.expiresAt && Date.now() >= check.expiresAt.getTime()
        ? `the link expired at ${check.expiresAt.toISOString()}`
        : 'the follow-up has ended';
    await refuse(req, check, reason);
    return expiredPage(reply);
  }

  link.page('/rsvp/forankring/:token', {
    summary: "The personal link in a company's anchoring-check e-mail: a Danish page to answer the check on; opening it records nothing",
    open,
    respond: async (req, reply, check) => {
      if (check.expired) return refuseExpired(req, check, reply);
      const title = `Forankringstjek ${check.checkNo} for ${check.companyName}`;
      if (check.answered) return page(reply, 200, title, '<p>I har allerede svaret på dette forankringstjek. Tak!</p>');
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
  });

  link.answer<AnchoringLinkView, AnchoringAnswer>('/rsvp/forankring/:token', {
    summary:
      "Records the company's answer to an anchoring check given on its link's page (a form post or JSON); the company track takes it at once",
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
    open,
    respond: async (req, reply, check) => {
      const { socialModelInUse, buddiesActive, participantsOnboarded } = req.body;
      if (check.expired) return refuseExpired(req, check, reply);
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
          await refuse(req, check, (e as Error).message);
          return check.answered
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
        { entity: 'CompanyTrack', entityId: check.companyTrackId },
        { checkNo: check.checkNo, socialModelInUse, via: 'link' },
      );
      return page(
        reply,
        200,
        'Tak for svaret',
        `<p>Vi har noteret jeres svar på forankringstjek ${check.checkNo}: den sociale model er i brug: ${USE[socialModelInUse]}.</p>`,
      );
    },
  });
}
