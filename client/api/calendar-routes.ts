import type { FastifyInstance } from 'fastify';
import { deny, principalOf, type ApiDeps } from './context.js';
import { NotFoundError } from './errors.js';
import { errorResponses } from './schemas.js';

const invitation = {
  type: 'object',
  properties: {
    cvr: { type: 'string' },
    name: { type: 'string' },
    municipalityName: { type: ['string', 'null'] },
    rsvp: { type: 'string', enum: ['PENDING', 'YES', 'NO'] },
    respondedAt: { type: ['string', 'null'] },
    attended: { type: ['boolean', 'null'] },
  },
} as const;

const camp = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['BOOT_CAMP', 'CAMP', 'COACHING'] },
    title: { type: 'string' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    days: { type: 'integer' },
    location: { type: 'string' },
    status: { type: 'string', enum: ['SCHEDULED', 'MOVED', 'CANCELLED', 'HELD'] },
    sequence: { type: 'integer', description: 'raised with every move (the calendar events carry it)' },
    counts: {
      type: 'object',
      properties: {
        invited: { type: 'integer' },
        yes: { type: 'integer' },
        no: { type: 'integer' },
        noAnswer: { type: 'integer' },
        attended: { type: 'integer' },
      },
    },
    invitations: { type: 'array', items: invitation },
  },
} as const;

/**
 * The camp calendar of a cohort: every camp and coaching session with each company's answer (yes,
 * no, none yet) and attendance, read from the projection. Moving and cancelling are the cohort
 * routes' (POST /api/cohorts/:cohortId/camps/:campId/move and …/cancel), as the CLI's `camp move`.
 */
export function calendarRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  app.get<{ Params: { cohortId: string } }>(
    '/api/cohorts/:cohortId/calendar',
    {
      config: { roles: ['operator', 'coordinator'], does: 'read the camp calendar' },
      schema: {
        tags: ['read'],
        summary: "A cohort's camps and coaching sessions, each with every company's invitation: yes, no, no answer, attended",
        params: {
          type: 'object',
          required: ['cohortId'],
          properties: { cohortId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              cohort: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, status: { type: 'string' } } },
              camps: { type: 'array', items: camp },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { cohortId } = req.params;
      const cohort = await db.cohort.findUnique({
        where: { id: cohortId },
        select: { id: true, name: true, status: true, programmeId: true },
      });
      if (!cohort) throw new NotFoundError(`cohort ${cohortId} does not exist`);
      if (p.role === 'coordinator' && !(p.scope.programmeIds ?? []).includes(cohort.programmeId)) {
        await deny(db, req, `a coordinator may read cohorts of its own programmes only; ${cohortId} runs ${cohort.programmeId}`, {
          entity: 'Cohort',
          entityId: cohortId,
        });
      }
      const [camps, tracks] = await Promise.all([
        db.camp.findMany({
          where: { cohortId },
          orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
          include: {
            invitations: {
              select: { rsvp: true, respondedAt: true, attended: true, companyId: true, company: { select: { cvr: true, name: true } } },
              orderBy: { company: { name: 'asc' } },
            },
          },
        }),
        db.companyTrack.findMany({
          where: { cohortId },
          select: { companyId: true, partnership: { select: { municipality: { select: { name: true } } } } },
        }),
      ]);
      const municipalityOf = new Map(tracks.map((t) => [t.companyId, t.partnership?.municipality.name ?? null]));
      return {
        cohort: { id: cohort.id, name: cohort.name, status: cohort.status },
        camps: camps.map((c) => ({
          id: c.id,
          kind: c.kind,
          title: c.title,
          startsAt: c.startsAt.toISOString(),
          endsAt: c.endsAt.toISOString(),
          days: c.days,
          location: c.location,
          status: c.status,
          sequence: c.sequence,
          counts: {
            invited: c.invitations.length,
            yes: c.invitations.filter((i) => i.rsvp === 'YES').length,
            no: c.invitations.filter((i) => i.rsvp === 'NO').length,
            noAnswer: c.invitations.filter((i) => i.rsvp === 'PENDING').length,
            attended: c.invitations.filter((i) => i.attended === true).length,
          },
          invitations: c.invitations.map((i) => ({
            cvr: i.company.cvr,
            name: i.company.name,
            municipalityName: municipalityOf.get(i.companyId) ?? null,
            rsvp: i.rsvp,
            respondedAt: i.respondedAt?.toISOString() ?? null,
            attended: i.attended,
          })),
        })),
      };
    },
  );
}
