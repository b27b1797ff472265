import type { FastifyInstance } from 'fastify';
import type { OperationContext } from '../operations/context.js';
import { addToWaitlist, cohortWaitlist, offerFreePlaces, withdrawFromWaitlist } from '../operations/waitlist.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { errorResponses, idParam } from './schemas.js';

const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
const cohortParams = idParam('cohortId');

/** A full cohort's waitlist (client/operations/waitlist.ts): put on it, read, withdrawn from, offered free places. */
export function waitlistRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, now };

  app.get<{ Params: { cohortId: string } }>(
    '/api/cohorts/:cohortId/waitlist',
    {
      config: { roles: ['coordinator', 'operator'], does: 'read waitlists' },
      schema: {
        tags: ['cohorts'],
        summary: "The cohort's waitlist: those waiting in order (position 1 first), then those enrolled from it or withdrawn",
        params: cohortParams,
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => cohortWaitlist({ ...ctx, actor: principalOf(req) }, req.params.cohortId),
  );

  app.post<{ Params: { cohortId: string }; Body: { participantId: string; municipalityCode: string } }>(
    '/api/cohorts/:cohortId/waitlist',
    {
      config: { roles: ['coordinator'], does: 'put participants on waitlists' },
      schema: {
        tags: ['cohorts'],
        summary: 'Put a participant refused for lack of a place (409 COHORT_FULL) at the end of the cohort’s waitlist',
        description:
          'The next place that frees up (a drop-out, an erasure, a transfer away) goes to the first in line, who is enrolled into the partnership of `municipalityCode`. While a place is free the request is answered 409 `PLACE_FREE` (enrol instead); the same participant again is answered 200 with the entry.',
        params: cohortParams,
        body: {
          type: 'object',
          required: ['participantId', 'municipalityCode'],
          additionalProperties: false,
          properties: { participantId: { type: 'string', minLength: 1 }, municipalityCode: { type: 'string', pattern: '^\\d{3}$' } },
        },
        response: { 200: ANY_OBJECT, 201: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req, reply) => {
      const entry = await addToWaitlist({ ...ctx, actor: principalOf(req) }, req.params.cohortId, req.body);
      await audited(db, req, { entity: 'WaitlistEntry', entityId: entry.id }, { cohortId: req.params.cohortId, created: entry.created });
      return reply.code(entry.created ? 201 : 200).send(entry);
    },
  );

  app.post<{ Params: { cohortId: string; participantId: string } }>(
    '/api/cohorts/:cohortId/waitlist/:participantId/withdraw',
    {
      config: { roles: ['coordinator'], does: 'withdraw participants from waitlists' },
      schema: {
        tags: ['cohorts'],
        summary: 'Take a waiting participant off the cohort’s waitlist',
        params: {
          type: 'object',
          required: ['cohortId', 'participantId'],
          properties: { cohortId: { type: 'string', minLength: 1 }, participantId: { type: 'string', minLength: 1 } },
        },
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      const entry = await withdrawFromWaitlist({ ...ctx, actor: principalOf(req) }, req.params.cohortId, req.params.participantId);
      await audited(db, req, { entity: 'WaitlistEntry', entityId: entry.id }, { cohortId: req.params.cohortId });
      return entry;
    },
  );

  app.post<{ Params: { cohortId: string } }>(
    '/api/cohorts/:cohortId/waitlist/offer',
    {
      config: { roles: ['coordinator'], does: 'offer free places to waitlists' },
      schema: {
        tags: ['cohorts'],
        summary: 'Enrol the first in line into each free place of the cohort now (done by itself when a track frees its place)',
        params: cohortParams,
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      const actor = principalOf(req);
      const waitlist = await cohortWaitlist({ ...ctx, actor }, req.params.cohortId);
      const enrolled = await offerFreePlaces({ ...ctx, actor }, req.params.cohortId);
      await audited(db, req, { entity: 'Cohort', entityId: req.params.cohortId }, { enrolled });
      return { cohortId: waitlist.cohortId, enrolled };
    },
  );
}
