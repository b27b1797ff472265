import type { FastifyInstance } from 'fastify';
import type { OperationContext } from '../operations/context.js';
import { deactivateStaffMember, listStaff, registerStaffMember, STAFF_ROLES } from '../operations/staff.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { errorResponses, idParam } from './schemas.js';

const staffItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', enum: [...STAFF_ROLES] },
    employmentActorId: { type: 'string' },
    active: { type: 'boolean' },
    deactivatedAt: { type: ['string', 'null'] },
  },
} as const;

/**
 * An employment actor's staff over HTTP: registered and deactivated by the coordinator of a
 * programme the actor works in, listed also by operators and by the actor's own staff. The
 * operations (client/operations/staff.ts) check the scope and audit refusals.
 */
export function staffRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE };

  app.post<{ Params: { actorId: string }; Body: { name: string; email: string; role: string } }>(
    '/api/employment-actors/:actorId/staff',
    {
      config: { roles: ['coordinator'], does: 'register staff' },
      schema: {
        tags: ['staff'],
        summary: 'Register a staff member of the employment actor (mentor, support person, job consultant, coordinator)',
        description: "The same e-mail address twice among the actor's active staff is 409 naming `email`.",
        params: idParam('actorId'),
        body: {
          type: 'object',
          required: ['name', 'email', 'role'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            email: { type: 'string', minLength: 3, maxLength: 254 },
            role: { type: 'string', enum: [...STAFF_ROLES] },
          },
        },
        response: { 201: staffItem, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await registerStaffMember({ ...ctx, actor: principalOf(req) }, { employmentActorId: req.params.actorId, ...req.body });
      await audited(db, req, { entity: 'StaffMember', entityId: s.id }, { employmentActorId: s.employmentActorId, role: s.role });
      return reply.code(201).send(s);
    },
  );

  app.get<{ Params: { actorId: string }; Querystring: { all?: boolean } }>(
    '/api/employment-actors/:actorId/staff',
    {
      config: { roles: ['coordinator', 'operator', 'staff'], does: 'list staff' },
      schema: {
        tags: ['staff'],
        summary: "The employment actor's active staff (with `all=true` also the deactivated)",
        params: idParam('actorId'),
        querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean' } } },
        response: { 200: { type: 'array', items: staffItem }, ...errorResponses },
      },
    },
    async (req) =>
      listStaff({ ...ctx, actor: principalOf(req) }, { employmentActorId: req.params.actorId, includeDeactivated: req.query.all }),
  );

  app.post<{ Params: { staffId: string } }>(
    '/api/staff/:staffId/deactivate',
    {
      config: { roles: ['coordinator'], does: 'deactivate staff' },
      schema: {
        tags: ['staff'],
        summary: 'Deactivate a staff member: no new assignments, reminders go to the next in line, its staff token stops working',
        params: idParam('staffId'),
        response: { 200: staffItem, ...errorResponses },
      },
    },
    async (req) => {
      const s = await deactivateStaffMember({ ...ctx, actor: principalOf(req) }, req.params.staffId);
      await audited(db, req, { entity: 'StaffMember', entityId: s.id }, { employmentActorId: s.employmentActorId });
      return s;
    },
  );
}
