import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reportProblem } from '../operations/companies.js';
import {
  answerCooperationCheck,
  cooperationLink,
  endCooperation,
  listCooperations,
  startCooperation,
  type CooperationLinkContext,
  type CooperationLinkView,
} from '../operations/company-cooperation.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { escapeHtml, linkPage } from './personal-link-page.js';
import { auditRefusedAnswer, linkContext, personalLinkRoutes, type LinkRequest } from './personal-link-routes.js';
import { ANY_OBJECT, body, errorResponses, idParam } from './schemas.js';

const CVR = { type: 'string', pattern: '^\\d{8}$', description: 'CVR number, 8 digits' } as const;
const MUNICIPALITY = { type: 'string', pattern: '^\\d{3}$', description: "the partnership's municipality code" } as const;

const page = (reply: FastifyReply, status: number, title: string, html: string) => linkPage(reply, status, title, html);
const notValid = (reply: FastifyReply, status = 404) =>
  page(reply, status, 'Linket virker ikke', '<p>Linket er ikke gyldigt. Kontakt jeres kontaktperson i jobcentret.</p>');
const answeredPage = (reply: FastifyReply, status: number, link: CooperationLinkView) =>
  page(
    reply,
    status,
    'Allerede besvaret',
    `<p>Opfølgningen for ${escapeHtml(link.companyName)} er allerede besvaret. Svaret er ikke ændret. Har I et nyt problem, så kontakt jeres kontaktperson.</p>`,
  );
const notYetPage = (reply: FastifyReply) =>
  page(reply, 409, 'Opfølgningen kan ikke besvares nu', '<p>Denne opfølgning kan ikke besvares nu. Kontakt jeres kontaktperson.</p>');

/**
 * The light company track over HTTP (client/operations/company-cooperation.ts): a coordinator starts,
 * lists and ends the cooperations of its programmes' cohorts without an accelerator; problem reports
 * go through `/api/companies/:cvr/problems` as for every company. The company's door is the personal
 * link in its follow-up check e-mail (`/rsvp/samarbejde/<token>`): a Danish page to say all is well or
 * describe a problem, which reaches the employment actor at once. Opening it records nothing.
 */
export function companyCooperationRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { db, now } = deps;
  const base: CooperationLinkContext = { ...linkContext(deps), ...(now ? { now } : {}) };
  const ctx = (req: FastifyRequest) => ({ ...base, actor: principalOf(req) });

  app.post<{ Params: { cohortId: string }; Body: { cvr: string; municipalityCode?: string } }>(
    '/api/cohorts/:cohortId/cooperations',
    {
      config: { roles: ['coordinator'], does: 'start cooperations' },
      schema: {
        tags: ['companies'],
        summary:
          "Start a company's cooperation in a cohort without an accelerator (the light company track: follow-up checks, problem reports answered fast); a running one is answered as it is",
        description:
          'Also started by registering a job opening, placing a participant, logging an employer contact or reporting a problem. A cohort whose programme has an accelerator is answered 409.',
        params: idParam('cohortId'),
        body: body(['cvr'], { cvr: CVR, municipalityCode: MUNICIPALITY }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      const view = await startCooperation(ctx(req), { cohortId: req.params.cohortId, ...req.body });
      await audited(db, req, { entity: 'CompanyCooperation', entityId: view.id }, { cvr: view.cvr });
      return view;
    },
  );

  app.get<{ Params: { cohortId: string } }>(
    '/api/cohorts/:cohortId/cooperations',
    {
      config: { roles: ['coordinator', 'operator'], does: 'list cooperations' },
      schema: {
        tags: ['companies'],
        summary: "The cohort's company cooperations: cause, status, next deadline, checks and problem reports",
        params: idParam('cohortId'),
        response: { 200: { type: 'array', items: ANY_OBJECT }, ...errorResponses },
      },
    },
    async (req) => listCooperations(ctx(req), req.params.cohortId),
  );

  app.post<{ Params: { cvr: string }; Body: { cohortId: string; municipalityCode?: string } }>(
    '/api/companies/:cvr/cooperation/end',
    {
      config: { roles: ['coordinator'], does: 'end cooperations' },
      schema: {
        tags: ['companies'],
        summary: "End a company's cooperation: no more follow-up checks; a problem still open is followed to its end",
        description: 'An ended cooperation is answered 409; a new opening, placement, employer contact or problem report begins it again.',
        params: { type: 'object', required: ['cvr'], properties: { cvr: CVR } },
        body: body(['cohortId'], { cohortId: { type: 'string', minLength: 1 }, municipalityCode: MUNICIPALITY }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      const view = await endCooperation(ctx(req), { cvr: req.params.cvr, ...req.body });
      await audited(db, req, { entity: 'CompanyCooperation', entityId: view.id }, {});
      return view;
    },
  );

  // ---- the company's follow-up link ----
  const link = personalLinkRoutes(app, db, { tags: ['companies'], notValid });
  const open = (req: LinkRequest) => cooperationLink(base, req.params.token);
  const refuse = (req: LinkRequest, check: CooperationLinkView, reason: string) =>
    auditRefusedAnswer(db, req, { entity: 'CompanyCooperation', entityId: check.cooperationId }, { reason, checkNo: check.checkNo });

  link.page('/rsvp/samarbejde/:token', {
    summary:
      "The personal link in a company's follow-up check e-mail: a Danish page to say all is well or describe a problem; opening it records nothing",
    open,
    respond: (req, reply, check) => {
      if (check.answer) return answeredPage(reply, 200, check);
      if (!check.asked) return notYetPage(reply);
      const radio = (value: string, text: string) => `<label><input type="radio" name="answer" value="${value}" required> ${text}</label>`;
      return page(
        reply,
        200,
        `Opfølgning: ${check.companyName}`,
        `<p>Hvordan går samarbejdet${check.weeks ? ` efter ${check.weeks} uger` : ''}?</p>
<form method="post" action="/rsvp/samarbejde/${encodeURIComponent(req.params.token)}">
<fieldset><legend>Svar</legend>${radio('WELL', 'Alt er godt')}<br>${radio('PROBLEM', 'Der er et problem')}</fieldset>
<p><label for="description">Beskriv problemet (kun hvis der er et):</label><br>
<textarea id="description" name="description" rows="5" cols="50" maxlength="4000"></textarea></p>
<button>Send svar</button></form>`,
      );
    },
  });

  link.answer<CooperationLinkView, { answer: 'WELL' | 'PROBLEM'; description?: string }>('/rsvp/samarbejde/:token', {
    summary:
      'Answers a follow-up check from its link page (a form post or JSON): all is well, or a problem with its description, reported through the same operation as POST /api/companies/{cvr}/problems (the employment actor is mailed at once)',
    body: {
      type: 'object',
      required: ['answer'],
      additionalProperties: false,
      properties: {
        answer: { type: 'string', enum: ['WELL', 'PROBLEM'] },
        description: { type: 'string', maxLength: 4000, description: 'what the problem is (needed with PROBLEM)' },
      },
    },
    open,
    respond: async (req, reply, check) => {
      if (check.answer) {
        await refuse(req, check, `follow-up check ${check.checkNo} is answered already`);
        return answeredPage(reply, 409, check);
      }
      if (!check.asked) {
        await refuse(req, check, `follow-up check ${check.checkNo} has not been asked`);
        return notYetPage(reply);
      }
      if (req.body.answer === 'PROBLEM' && !req.body.description?.trim())
        return page(
          reply,
          400,
          'Beskriv problemet',
          '<p>Skriv kort, hvad problemet er, så jobcentret kan hjælpe. Gå tilbage og prøv igen.</p>',
        );
      let result;
      try {
        result = await answerCooperationCheck(base, { token: req.params.token, ...req.body }, (input) => reportProblem(base, input));
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'REJECTED' || code === 'INVALID_STATE' || code === 'LINK_EXPIRED') {
          await refuse(req, check, (e as Error).message);
          return /answered already/.test((e as Error).message) ? answeredPage(reply, 409, check) : notYetPage(reply);
        }
        throw e;
      }
      await audited(
        db,
        req,
        { entity: 'CompanyCooperation', entityId: check.cooperationId },
        { checkNo: check.checkNo, answer: req.body.answer, reportId: result.reportId, via: 'link' },
      );
      return page(
        reply,
        200,
        'Tak for svaret',
        req.body.answer === 'WELL'
          ? '<p>Godt at høre, at samarbejdet går godt. Opstår der et problem, så kontakt jeres kontaktperson.</p>'
          : '<p>Tak. Jeres kontaktperson i jobcentret har fået beskeden nu og vender hurtigt tilbage.</p>',
      );
    },
  });
}
