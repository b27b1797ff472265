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
import { audited, type ApiDeps } from './context.js';
import { escapeHtml, linkPage, linkRefusal } from './personal-link-page.js';
import { linkContext, personalLinkRoutes, type LinkRequest } from './personal-link-routes.js';

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
export function jobOpeningLinkRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { db, now } = deps;
  const ctx: JobLinkContext = { ...linkContext(deps), ...(now ? { now } : {}) };
  const notValidLink = linkRefusal(db, notValid);
  /** A forged or unknown link gets the link's page; so does an operation's refusal, with its status. */
  async function refusal(req: FastifyRequest, reply: FastifyReply, e: unknown) {
    if (e instanceof InvalidTokenError || (e instanceof OperationError && e.code === 'NOT_FOUND' && e.field === 'token'))
      return notValidLink(req, reply, e);
    if (e instanceof OperationError) {
      if (e.kind === 'expired') return expiredPage(reply);
      const status = e.kind === 'invalid' ? 400 : e.kind === 'conflict' ? 409 : e.kind === 'forbidden' ? 403 : 404;
      return page(reply, status, 'Det kunne ikke gemmes', `<p>${escapeHtml(e.message)}</p>`);
    }
    throw e;
  }
  const link = personalLinkRoutes(app, db, { tags: ['company'], notValid, refusal });

  link.page('/rsvp/jobopslag/:token', {
    summary: "The company's personal link to register job openings: a Danish form; opening it records nothing",
    open: (req) => registrationLink(ctx, req.params.token),
    respond: (req, reply, registration) => {
      if (registration.expired) return expiredPage(reply);
      const options = registration.kinds.map((k) => `<option value="${k.kind}">${escapeHtml(k.label)}</option>`).join('');
      return page(
        reply,
        200,
        `Meld en jobåbning: ${registration.companyName}`,
        `<p>${escapeHtml(registration.programmeName)}. Jobcentret foreslår en ledig beboer, og I svarer ja eller nej.</p>
<form method="post" action="/rsvp/jobopslag/${encodeURIComponent(req.params.token)}">
<label>Slags job <select name="kind" required>${options}</select></label>
<label>Stilling (fx "Elev, ejendomsservice") <input name="title" required maxlength="200" size="40"></label>
<label>Timer om ugen (skal udfyldes for fleksjob og job med få timer) <input type="number" name="hoursPerWeek" min="1" max="80" step="0.5"></label>
<button>Meld jobåbningen</button></form>`,
      );
    },
  });

  // The operation checks the link itself: registering is opening it.
  link.answer('/rsvp/jobopslag/:token', {
    summary: "Registers a job opening from the company's link page (a form post or JSON); its workflow starts at once",
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
    open: (req: LinkRequest<{ kind: string; title: string; hoursPerWeek?: string }>) =>
      registerOpeningByLink(ctx, {
        token: req.params.token,
        kind: req.body.kind,
        title: req.body.title,
        hoursPerWeek: req.body.hoursPerWeek ? Number(req.body.hoursPerWeek.replace(',', '.')) : undefined,
      }),
    respond: async (req, reply, result) => {
      await audited(
        db,
        req,
        { entity: 'JobOpening', entityId: result.opening.id },
        { cvr: result.link.cvr, kind: req.body.kind, via: 'link' },
      );
      return page(
        reply,
        201,
        'Tak – jobåbningen er meldt',
        `<p>${escapeHtml(result.opening.kindLabel)}: "${escapeHtml(result.opening.title)}". Jobcentret foreslår en beboer, og I får forslaget på e-mail.</p>
<p>Brug linket igen, når I har en ny jobåbning.</p>`,
      );
    },
  });

  link.page('/rsvp/jobmatch/:token', {
    summary:
      "The personal link of a proposal in the company's e-mail: a Danish page to accept or decline the resident; opening it records nothing",
    querystring: { type: 'object', properties: { svar: { type: 'string', enum: ['ja', 'nej'] } } },
    open: (req: LinkRequest<unknown, { svar?: string }>) => matchLink(ctx, req.params.token),
    respond: (req, reply, proposal) => {
      if (proposal.expired) return expiredPage(reply);
      const title = `Forslag til "${proposal.openingTitle}"`;
      if (proposal.status !== 'PROPOSED')
        return page(reply, 200, title, `<p>I har allerede svaret ${proposal.status === 'ACCEPTED' ? 'ja' : 'nej'} til forslaget. Tak!</p>`);
      const action = `/rsvp/jobmatch/${encodeURIComponent(req.params.token)}`;
      const yes = `<form method="post" action="${action}" style="display:inline"><input type="hidden" name="svar" value="ja"><button>Ja, vi ansætter</button></form>`;
      const no = `<form method="post" action="${action}" style="display:inline"><input type="hidden" name="svar" value="nej"><button class="no">Nej tak</button></form>`;
      const chosen = req.query.svar;
      return page(
        reply,
        200,
        title,
        `<p>Jobcentret foreslår <strong>${escapeHtml(proposal.residentName || 'en beboer')}</strong> til ${escapeHtml(proposal.companyName)}s jobåbning (${escapeHtml(proposal.kindLabel)}).</p>
<p>${chosen === 'ja' ? 'Bekræft jeres ja:' : chosen === 'nej' ? 'Bekræft jeres nej:' : 'Vil I ansætte beboeren?'}</p>
<p>${chosen === 'nej' ? '' : yes} ${chosen === 'ja' ? '' : no}</p>`,
      );
    },
  });

  // The operation checks the link itself: answering is opening it.
  link.answer('/rsvp/jobmatch/:token', {
    summary:
      "Records the company's answer to a proposal (ja: the hire, recorded as the resident's outcome; nej: the consultant proposes again)",
    body: {
      type: 'object',
      required: ['svar'],
      additionalProperties: false,
      properties: { svar: { type: 'string', enum: ['ja', 'nej'] } },
    },
    open: (req: LinkRequest<{ svar: 'ja' | 'nej' }>) =>
      answerMatchByLink(ctx, { token: req.params.token, accepted: req.body.svar === 'ja' }),
    respond: async (req, reply, result) => {
      const accepted = req.body.svar === 'ja';
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
  });
}
