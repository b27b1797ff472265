import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDateAt } from '../../domain/calendar.js';
import { InvalidTokenError } from '../../links/rsvp-token.js';
import {
  answerCampRsvp,
  LinkExpiredError,
  recordCampAttendance,
  recordCampFeedback,
  refuseExpiredInvitation,
  type LinkContext,
} from '../operations/companies.js';
import { actorOf, writeAudit } from './audit.js';
import { actionOf, audited, deny, principalOf, type ApiDeps } from './context.js';
import { NotFoundError } from './errors.js';
import {
  escapeHtml,
  LINK_RATE_LIMIT,
  LINK_TOKEN_PARAM,
  linkErrorHandler as personalLinkErrorHandler,
  linkPage,
} from './personal-link-page.js';
import { errorResponses, idParam } from './schemas.js';

type Answer = 'YES' | 'NO';

const invitationItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    campId: { type: 'string' },
    title: { type: 'string' },
    kind: { type: 'string' },
    status: { type: 'string' },
    startsAt: { type: 'string' },
    endsAt: { type: 'string' },
    location: { type: 'string' },
    rsvp: { type: 'string', enum: ['PENDING', 'YES', 'NO'] },
    respondedAt: { type: ['string', 'null'] },
  },
} as const;

const rsvpResult = {
  type: 'object',
  properties: { campId: { type: 'string' }, cvr: { type: 'string' }, answer: { type: 'string', enum: ['YES', 'NO'] } },
} as const;

/** The camp links' two answer buttons stand side by side. */
const CAMP_STYLE =
  'form{display:inline-block;margin:0 1em 1em 0}button{font:inherit;padding:.5em 1.2em;border:0;border-radius:4px;background:#0b5cad;color:#fff;cursor:pointer}button.no{background:#5f6b7a}';
const page = (reply: FastifyReply, status: number, title: string, body: string) => linkPage(reply, status, title, body, CAMP_STYLE);

/**
 * The company's side: its own camp invitations, its yes/no by the personal link in the invitation
 * e-mail (`/rsvp/<token>`, the token HMAC-signed with LINK_SECRET) or with a company bearer token,
 * and the coordinator's record of who attended.
 */
export function companyRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  const ctx: LinkContext = {
    client,
    db,
    taskQueue: config.TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
    linkSecret: config.LINK_SECRET,
    linkDaysAfterCamp: config.LINK_DAYS_AFTER_CAMP,
  };

  /** An answer refused because its invitation expired, on record (the invitation's id, never its token). */
  const auditExpired = (req: FastifyRequest, e: LinkExpiredError) =>
    writeAudit(db, {
      ...actorOf(req.principal),
      action: actionOf(req),
      entity: 'CampInvitation',
      entityId: e.invitationId,
      allowed: false,
      details: { reason: `the link expired at ${e.expiresAt.toISOString()}` },
    });

  /** Runs an operation by a personal link's token: audited on the invitation; a forged token is refused (403), an expired one 410 (both audited). */
  async function byToken<R extends { invitationId: string; campId: string; cvr: string }>(
    req: FastifyRequest,
    run: () => Promise<R>,
    details: Record<string, unknown>,
  ): Promise<R> {
    try {
      const result = await run();
      await audited(
        db,
        req,
        { entity: 'CampInvitation', entityId: result.invitationId },
        { ...details, cvr: result.cvr, campId: result.campId },
      );
      return result;
    } catch (e) {
      if (e instanceof InvalidTokenError) return deny(db, req, 'this link is not valid: its signature does not match');
      if (e instanceof LinkExpiredError) await auditExpired(req, e);
      throw e;
    }
  }
  const answer = (req: FastifyRequest, token: string, value: Answer, via: string) =>
    byToken(req, () => answerCampRsvp(ctx, { token, answer: value }), { answer: value, via });

  /** The pages of a personal link past its answering time say so (the same rule the operations hold; audited). */
  async function refuseExpiredLink(req: FastifyRequest, token: string): Promise<void> {
    const invitation = await db.campInvitation.findUnique({ where: { token }, select: { id: true, camp: { select: { endsAt: true } } } });
    if (!invitation) return;
    try {
      await refuseExpiredInvitation(ctx, invitation);
    } catch (e) {
      if (e instanceof LinkExpiredError) await auditExpired(req, e);
      throw e;
    }
  }

  app.get<{ Params: { cvr: string } }>(
    '/api/companies/:cvr/invitations',
    {
      config: { roles: ['company', 'operator', 'coordinator'], does: 'read camp invitations' },
      schema: {
        tags: ['company'],
        summary: "A company's camp invitations and its answers",
        params: {
          type: 'object',
          required: ['cvr'],
          properties: { cvr: { type: 'string', pattern: '^\\d{8}$', description: 'CVR number, 8 digits' } },
        },
        response: { 200: { type: 'array', items: invitationItem }, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (p.role === 'company' && p.scope.cvr !== req.params.cvr) {
        await deny(db, req, `company ${p.scope.cvr ?? '(none)'} may read its own invitations only, not those of ${req.params.cvr}`, {
          entity: 'Company',
          entityId: req.params.cvr,
        });
      }
      const rows = await db.campInvitation.findMany({
        where: {
          company: { cvr: req.params.cvr },
          ...(p.role === 'coordinator' ? { camp: { cohort: { programmeId: { in: p.scope.programmeIds ?? [] } } } } : {}),
        },
        include: { camp: true },
        orderBy: { camp: { startsAt: 'asc' } },
      });
      return rows.map((i) => ({
        id: i.id,
        campId: i.campId,
        title: i.camp.title,
        kind: i.camp.kind,
        status: i.camp.status,
        startsAt: i.camp.startsAt.toISOString(),
        endsAt: i.camp.endsAt.toISOString(),
        location: i.camp.location,
        rsvp: i.rsvp,
        respondedAt: i.respondedAt?.toISOString() ?? null,
      }));
    },
  );

  app.post<{ Params: { invitationId: string }; Body: { answer: Answer } }>(
    '/api/invitations/:invitationId/rsvp',
    {
      config: { roles: ['company'], does: 'answer camp invitations' },
      schema: {
        tags: ['company'],
        summary: 'Answer a camp invitation (the company of the invitation only); the camp workflow is told',
        params: idParam('invitationId'),
        body: {
          type: 'object',
          required: ['answer'],
          additionalProperties: false,
          properties: { answer: { type: 'string', enum: ['YES', 'NO'] } },
        },
        response: { 200: rsvpResult, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const invitation = await db.campInvitation.findUnique({
        where: { id: req.params.invitationId },
        include: { company: { select: { cvr: true } } },
      });
      if (!invitation) throw new NotFoundError(`camp invitation ${req.params.invitationId} does not exist`);
      if (invitation.company.cvr !== p.scope.cvr) {
        await deny(db, req, `company ${p.scope.cvr ?? '(none)'} may answer its own invitations only`, {
          entity: 'CampInvitation',
          entityId: invitation.id,
        });
      }
      return answer(req, invitation.token, req.body.answer, 'token');
    },
  );

  const tokenParam = LINK_TOKEN_PARAM;
  const answerValue = { type: 'string', enum: ['yes', 'no', 'YES', 'NO'] } as const;
  const action = (token: string, suffix = '') => `/rsvp/${encodeURIComponent(token)}${suffix}`;
  const answerButton = (token: string, a: 'yes' | 'no') =>
    `<form method="post" action="${action(token)}"><input type="hidden" name="answer" value="${a}"><button${a === 'no' ? ' class="no"' : ''}>${a === 'yes' ? 'Ja, vi deltager / Yes, we attend' : 'Nej / No'}</button></form>`;

  /** The page a broken or refused personal link gets, instead of an API error body. */
  function linkErrorPage(reply: FastifyReply, e: unknown) {
    const code = (e as { code?: string }).code;
    if (e instanceof LinkExpiredError)
      return page(
        reply,
        410,
        'Linket er udløbet',
        '<p>Linket er udløbet. Kontakt jeres kontaktperson. / This link has expired; please contact your contact person.</p>',
      );
    if (code === 'FORBIDDEN' || code === 'NOT_FOUND')
      return page(
        reply,
        code === 'FORBIDDEN' ? 403 : 404,
        'Linket virker ikke',
        '<p>Linket er ikke gyldigt. Kontakt jeres kontaktperson. / This link is not valid; please contact your contact person.</p>',
      );
    if (code === 'INVALID_STATE') {
      const message = (e as Error).message;
      return /cancelled/.test(message)
        ? page(reply, 409, 'Campen er aflyst', '<p>Campen er aflyst. / The camp is cancelled.</p>')
        : page(
            reply,
            409,
            'Campen har ikke fundet sted endnu',
            '<p>I kan give feedback, når campen har fundet sted. / You can give feedback once the camp has taken place.</p>',
          );
    }
    throw e;
  }

  /**
   * The invitation a personal link's page shows, or undefined once the refusal page is sent: an
   * expired or forged link gets its page, an unknown one 404.
   */
  async function invitationForPage(req: FastifyRequest, reply: FastifyReply, token: string) {
    try {
      await refuseExpiredLink(req, token);
    } catch (e) {
      linkErrorPage(reply, e);
      return undefined;
    }
    const invitation = await db.campInvitation.findUnique({ where: { token }, include: { camp: true } });
    if (!invitation) {
      page(reply, 404, 'Invitationen findes ikke', '<p>Linket passer ikke til nogen invitation. / This link matches no invitation.</p>');
      return undefined;
    }
    return invitation;
  }

  /** A link cut short, run together or garbled: the same Danish page, never an API error body. */
  const brokenLink = (reply: FastifyReply, status = 404) =>
    page(
      reply,
      status,
      'Linket virker ikke',
      '<p>Linket er ikke gyldigt. Kontakt jeres kontaktperson. / This link is not valid; please contact your contact person.</p>',
    );
  const linkErrorHandler = (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (error.validationContext === 'params' || error.validationContext === 'querystring') return brokenLink(reply);
    return personalLinkErrorHandler(brokenLink)(error, req, reply);
  };
  // A token longer than the router's maxParamLength matches no `:token` route and lands here.
  app.route({
    method: ['GET', 'POST'],
    url: '/rsvp/*',
    config: { public: true, rateLimit: LINK_RATE_LIMIT },
    schema: { hide: true },
    handler: (_req, reply) => brokenLink(reply),
  });

  // Opening the link only shows a page (mail scanners open links too); the answer is a POST.
  app.get<{ Params: { token: string }; Querystring: { answer?: 'yes' | 'no' | 'YES' | 'NO' } }>(
    '/rsvp/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler: linkErrorHandler,
      schema: {
        tags: ['company'],
        summary:
          "The personal link in a company's invitation e-mail: a page to answer on (with `answer`, the page asks to confirm that answer); nothing is recorded by opening it",
        security: [],
        params: tokenParam,
        querystring: { type: 'object', additionalProperties: false, properties: { answer: answerValue } },
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token } = req.params;
      const invitation = await invitationForPage(req, reply, token);
      if (!invitation) return reply;
      const camp = `<p>${escapeHtml(invitation.camp.location)}, ${localDateAt(invitation.camp.startsAt.getTime())}</p>`;
      const chosen = req.query.answer?.toLowerCase() as 'yes' | 'no' | undefined;
      if (chosen) {
        const question =
          chosen === 'yes'
            ? 'Bekræft, at I deltager. / Please confirm that you will attend.'
            : 'Bekræft, at I ikke deltager. / Please confirm that you will not attend.';
        return page(reply, 200, invitation.camp.title, `${camp}<p>${question}</p>${answerButton(token, chosen)}`);
      }
      return page(
        reply,
        200,
        invitation.camp.title,
        `${camp}<p>Deltager I? / Will you attend?</p>${answerButton(token, 'yes')}${answerButton(token, 'no')}`,
      );
    },
  );

  app.post<{ Params: { token: string }; Body: { answer: 'yes' | 'no' | 'YES' | 'NO' } }>(
    '/rsvp/:token',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler: linkErrorHandler,
      schema: {
        tags: ['company'],
        summary: "Records the answer given on the personal link's page (a form post or JSON); the camp workflow is told",
        description: 'A forged link is refused (403, audited); an expired one is answered 410 and records nothing.',
        security: [],
        params: tokenParam,
        body: { type: 'object', required: ['answer'], additionalProperties: false, properties: { answer: answerValue } },
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const value = req.body.answer.toUpperCase() as Answer;
      try {
        await answer(req, req.params.token, value, 'link');
      } catch (e) {
        return linkErrorPage(reply, e);
      }
      return page(
        reply,
        200,
        'Tak for svaret',
        value === 'YES'
          ? '<p>Vi har noteret, at I deltager. / We have noted that you will attend.</p>'
          : '<p>Vi har noteret, at I ikke deltager. / We have noted that you will not attend.</p>',
      );
    },
  );

  app.get<{ Params: { token: string } }>(
    '/rsvp/:token/feedback',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler: linkErrorHandler,
      schema: {
        tags: ['company'],
        summary: "The feedback link in a camp's follow-up e-mail: a short form (score 1–5 and a comment)",
        security: [],
        params: tokenParam,
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token } = req.params;
      const invitation = await invitationForPage(req, reply, token);
      if (!invitation) return reply;
      const scores = [1, 2, 3, 4, 5]
        .map(
          (n) =>
            `<label><input type="radio" name="score" value="${n}" required${invitation.feedbackScore === n ? ' checked' : ''}> ${n}</label>`,
        )
        .join(' ');
      return page(
        reply,
        200,
        `Feedback: ${invitation.camp.title}`,
        `<form method="post" action="${action(token, '/feedback')}">
<p>Hvor nyttig var campen? (1 = lidt, 5 = meget) / How useful was the camp? (1 = little, 5 = very)</p><p>${scores}</p>
<p><label>Kommentar / Comment<br><textarea name="comment" rows="5" cols="50" maxlength="2000">${escapeHtml(invitation.feedbackComment ?? '')}</textarea></label></p>
<button>Send</button></form>`,
      );
    },
  );

  app.post<{ Params: { token: string }; Body: { score: number; comment?: string } }>(
    '/rsvp/:token/feedback',
    {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler: linkErrorHandler,
      schema: {
        tags: ['company'],
        summary: "Records a company's feedback on a camp it was invited to (a form post or JSON); a second answer replaces the first",
        description:
          "Accepted once the camp has begun (409 before, or when the camp is cancelled). The audit log keeps every answer; the company's timeline shows the feedback.",
        security: [],
        params: tokenParam,
        body: {
          type: 'object',
          required: ['score'],
          additionalProperties: false,
          properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 2000 } },
        },
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token } = req.params;
      try {
        await byToken(req, () => recordCampFeedback(ctx, { token, score: req.body.score, comment: req.body.comment }), {
          feedbackScore: req.body.score,
        });
      } catch (e) {
        return linkErrorPage(reply, e);
      }
      return page(
        reply,
        200,
        'Tak for jeres feedback',
        '<p>Tak! Vi bruger jeres svar til at gøre de næste camps bedre. / Thank you! Your answer helps us make the next camps better.</p>',
      );
    },
  );

  app.post<{ Params: { campId: string }; Body: { attendance: { cvr: string; attended: boolean }[] } }>(
    '/api/camps/:campId/attendance',
    {
      config: { roles: ['coordinator'], does: 'record camp attendance' },
      schema: {
        tags: ['company'],
        summary: 'Record which invited companies attended a camp',
        params: idParam('campId'),
        body: {
          type: 'object',
          required: ['attendance'],
          additionalProperties: false,
          properties: {
            attendance: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['cvr', 'attended'],
                additionalProperties: false,
                properties: { cvr: { type: 'string', pattern: '^\\d{8}$' }, attended: { type: 'boolean' } },
              },
            },
          },
        },
        response: { 200: { type: 'object', properties: { recorded: { type: 'integer' } } }, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const camp = await db.camp.findUnique({ where: { id: req.params.campId }, include: { cohort: { select: { programmeId: true } } } });
      if (!camp) throw new NotFoundError(`camp ${req.params.campId} does not exist`);
      if (!(p.scope.programmeIds ?? []).includes(camp.cohort.programmeId)) {
        await deny(db, req, `a coordinator may record attendance in its own programmes only, not in ${camp.cohort.programmeId}`, {
          entity: 'Camp',
          entityId: camp.id,
        });
      }
      const result = await recordCampAttendance(ctx, { campId: camp.id, attendance: req.body.attendance });
      await audited(db, req, { entity: 'Camp', entityId: camp.id }, { companies: req.body.attendance.length });
      return result;
    },
  );
}
