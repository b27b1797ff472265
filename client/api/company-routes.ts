import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidTokenError } from '../../activities/company/tokens.js';
import { answerCampRsvp, recordCampAttendance } from '../operations/companies.js';
import type { OperationContext } from '../operations/context.js';
import { audited, deny, principalOf, type ApiDeps } from './context.js';
import { NotFoundError } from './errors.js';
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

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="da"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;color:#1d2430}a.button{display:inline-block;margin:0 1em 0 0;padding:.5em 1.2em;border-radius:4px;background:#0b5cad;color:#fff;text-decoration:none}a.no{background:#5f6b7a}</style>
<h1>${escapeHtml(title)}</h1>${body}</html>`);
}

/**
 * The company's side: its own camp invitations, its yes/no by the personal link in the invitation
 * e-mail (`/rsvp/<token>`, the token HMAC-signed with LINK_SECRET) or with a company bearer token,
 * and the coordinator's record of who attended.
 */
export function companyRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  const ctx: OperationContext & { linkSecret: string } = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, linkSecret: config.LINK_SECRET };

  async function answer(req: FastifyRequest, token: string, value: Answer, via: string) {
    try {
      const result = await answerCampRsvp(ctx, { token, answer: value });
      const invitation = await db.campInvitation.findUnique({ where: { token }, select: { id: true } });
      await audited(db, req, { entity: 'CampInvitation', entityId: invitation?.id ?? token.slice(0, 40) }, { answer: value, via, cvr: result.cvr, campId: result.campId });
      return result;
    } catch (e) {
      if (e instanceof InvalidTokenError) return deny(db, req, 'this link is not valid: its signature does not match');
      throw e;
    }
  }

  app.get<{ Params: { cvr: string } }>('/api/companies/:cvr/invitations', {
    config: { roles: ['company', 'operator', 'coordinator'], does: 'read camp invitations' },
    schema: {
      tags: ['company'],
      summary: "A company's camp invitations and its answers",
      params: { type: 'object', required: ['cvr'], properties: { cvr: { type: 'string', pattern: '^\\d{8}$', description: 'CVR number, 8 digits' } } },
      response: { 200: { type: 'array', items: invitationItem }, ...errorResponses },
    },
  }, async (req) => {
    const p = principalOf(req);
    if (p.role === 'company' && p.scope.cvr !== req.params.cvr) {
      await deny(db, req, `company ${p.scope.cvr ?? '(none)'} may read its own invitations only, not those of ${req.params.cvr}`, { entity: 'Company', entityId: req.params.cvr });
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
  });

  app.post<{ Params: { invitationId: string }; Body: { answer: Answer } }>('/api/invitations/:invitationId/rsvp', {
    config: { roles: ['company'], does: 'answer camp invitations' },
    schema: {
      tags: ['company'],
      summary: 'Answer a camp invitation (the company of the invitation only); the camp workflow is told',
      params: idParam('invitationId'),
      body: { type: 'object', required: ['answer'], additionalProperties: false, properties: { answer: { type: 'string', enum: ['YES', 'NO'] } } },
      response: { 200: rsvpResult, ...errorResponses },
    },
  }, async (req) => {
    const p = principalOf(req);
    const invitation = await db.campInvitation.findUnique({ where: { id: req.params.invitationId }, include: { company: { select: { cvr: true } } } });
    if (!invitation) throw new NotFoundError(`camp invitation ${req.params.invitationId} does not exist`);
    if (invitation.company.cvr !== p.scope.cvr) {
      await deny(db, req, `company ${p.scope.cvr ?? '(none)'} may answer its own invitations only`, { entity: 'CampInvitation', entityId: invitation.id });
    }
    return answer(req, invitation.token, req.body.answer, 'token');
  });

  app.get<{ Params: { token: string }; Querystring: { answer?: 'yes' | 'no' | 'YES' | 'NO' } }>('/rsvp/:token', {
    config: { public: true },
    schema: {
      tags: ['company'],
      summary: "The personal link in a company's invitation e-mail: without `answer` a page to answer on, with it the answer recorded",
      security: [],
      params: { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 10, maxLength: 500 } } },
      querystring: { type: 'object', additionalProperties: false, properties: { answer: { type: 'string', enum: ['yes', 'no', 'YES', 'NO'] } } },
      response: { 200: { description: 'an HTML page' }, ...errorResponses },
    },
  }, async (req, reply) => {
    const { token } = req.params;
    if (!req.query.answer) {
      const invitation = await db.campInvitation.findUnique({ where: { token }, include: { camp: true } });
      if (!invitation) return page(reply, 404, 'Invitationen findes ikke', '<p>Linket passer ikke til nogen invitation. / This link matches no invitation.</p>');
      const link = (a: string) => `/rsvp/${encodeURIComponent(token)}?answer=${a}`;
      return page(reply, 200, invitation.camp.title, `<p>${escapeHtml(invitation.camp.location)}, ${invitation.camp.startsAt.toISOString().slice(0, 10)}</p>
<p>Deltager I? / Will you attend?</p><p><a class="button" href="${link('yes')}">Ja / Yes</a><a class="button no" href="${link('no')}">Nej / No</a></p>`);
    }
    const value = req.query.answer.toUpperCase() as Answer;
    try {
      await answer(req, token, value, 'link');
    } catch (e) {
      const code = (e as { statusCode?: number; code?: string }).code;
      if (code === 'FORBIDDEN' || code === 'NOT_FOUND') return page(reply, code === 'FORBIDDEN' ? 403 : 404, 'Linket virker ikke', '<p>Linket er ikke gyldigt. Kontakt jeres kontaktperson. / This link is not valid; please contact your contact person.</p>');
      if (code === 'INVALID_STATE') return page(reply, 409, 'Campen er aflyst', '<p>Campen er aflyst. / The camp is cancelled.</p>');
      throw e;
    }
    return page(reply, 200, 'Tak for svaret', value === 'YES' ? '<p>Vi har noteret, at I deltager. / We have noted that you will attend.</p>' : '<p>Vi har noteret, at I ikke deltager. / We have noted that you will not attend.</p>');
  });

  app.post<{ Params: { campId: string }; Body: { attendance: { cvr: string; attended: boolean }[] } }>('/api/camps/:campId/attendance', {
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
            items: { type: 'object', required: ['cvr', 'attended'], additionalProperties: false, properties: { cvr: { type: 'string', pattern: '^\\d{8}$' }, attended: { type: 'boolean' } } },
          },
        },
      },
      response: { 200: { type: 'object', properties: { recorded: { type: 'integer' } } }, ...errorResponses },
    },
  }, async (req) => {
    const p = principalOf(req);
    const camp = await db.camp.findUnique({ where: { id: req.params.campId }, include: { cohort: { select: { programmeId: true } } } });
    if (!camp) throw new NotFoundError(`camp ${req.params.campId} does not exist`);
    if (!(p.scope.programmeIds ?? []).includes(camp.cohort.programmeId)) {
      await deny(db, req, `a coordinator may record attendance in its own programmes only, not in ${camp.cohort.programmeId}`, { entity: 'Camp', entityId: camp.id });
    }
    const result = await recordCampAttendance(ctx, { campId: camp.id, attendance: req.body.attendance });
    await audited(db, req, { entity: 'Camp', entityId: camp.id }, { companies: req.body.attendance.length });
    return result;
  });
}
