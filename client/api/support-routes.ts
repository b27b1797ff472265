import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OperationContext } from '../operations/context.js';
import {
  recordGroupSession,
  recordSupportContact,
  supportActivity,
  SUPPORT_CONTACT_KINDS,
  type RecordGroupSessionInput,
  type RecordSupportContactInput,
} from '../operations/support-activity.js';
import { CONTACT_MINUTES_MAX, SESSION_HOURS_MAX } from '../../domain/support-activity.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { errorResponses, idParam } from './schemas.js';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;
const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
const TRACK_IDS = { type: 'array', maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 200 } } as const;

/**
 * The support work of the employment actor's staff over HTTP: group-teaching sessions of a
 * partnership and a participant's support contacts, recorded by the staff member who held them (a
 * staff token) or by the programme's coordinator naming the staff member; read also by operators.
 * The operations (client/operations/support-activity.ts) check scope and state.
 */
export function supportRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, now };
  const as = (req: FastifyRequest): OperationContext => ({ ...ctx, actor: principalOf(req) });

  app.post<{ Params: { partnershipId: string }; Body: Omit<RecordGroupSessionInput, 'partnershipId'> }>(
    '/api/partnerships/:partnershipId/group-sessions',
    {
      config: { roles: ['coordinator', 'staff'], does: 'record group sessions' },
      schema: {
        tags: ['participants'],
        summary:
          "Record a group-teaching session of a partnership: a topic of the programme's training topics, the tracks present (they tick the topic) and absent",
        description: 'The same topic on the same day twice is 409 naming `heldOn`; a staff token records its own sessions only.',
        params: idParam('partnershipId'),
        body: {
          type: 'object',
          required: ['heldOn', 'topic', 'hours', 'present'],
          additionalProperties: false,
          properties: {
            heldOn: DATE,
            topic: { type: 'string', minLength: 1, maxLength: 200 },
            hours: { type: 'number', exclusiveMinimum: 0, maximum: SESSION_HOURS_MAX },
            present: { ...TRACK_IDS, minItems: 1 },
            absent: TRACK_IDS,
            staffMemberId: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
        response: { 201: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await recordGroupSession(as(req), { ...req.body, partnershipId: req.params.partnershipId });
      await audited(db, req, { entity: 'GroupSession', entityId: s.id }, { partnershipId: s.partnershipId, heldOn: s.heldOn });
      return reply.code(201).send(s);
    },
  );

  app.post<{ Params: { trackId: string }; Body: RecordSupportContactInput }>(
    '/api/tracks/participant/:trackId/support-contacts',
    {
      config: { roles: ['coordinator', 'staff'], does: 'record support contacts' },
      schema: {
        tags: ['participants'],
        summary:
          "Record a support contact: an individual conversation, an employer contact (IPS; the first is the track's first employer contact) or follow-along support after a hire",
        description:
          'The same kind, day and staff member twice is 409 naming `heldOn`; a kind the track is not in the phase for is 409 naming `kind`.',
        params: idParam('trackId'),
        body: {
          type: 'object',
          required: ['kind', 'heldOn', 'minutes'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...SUPPORT_CONTACT_KINDS] },
            heldOn: DATE,
            minutes: { type: 'integer', minimum: 1, maximum: CONTACT_MINUTES_MAX },
            staffMemberId: { type: 'string', minLength: 1, maxLength: 200 },
            cvr: { type: 'string', pattern: '^\\d{8}$' },
          },
        },
        response: { 201: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req, reply) => {
      const c = await recordSupportContact(as(req), req.params.trackId, req.body);
      await audited(db, req, { entity: 'ParticipantTrack', entityId: req.params.trackId }, { kind: c.kind, heldOn: c.heldOn });
      return reply.code(201).send(c);
    },
  );

  app.get<{ Params: { trackId: string } }>(
    '/api/tracks/participant/:trackId/support',
    {
      config: { roles: ['coordinator', 'operator', 'staff'], does: 'read support activity' },
      schema: {
        tags: ['participants'],
        summary: "A participant's logged support: contacts and group sessions, with minutes and hours",
        params: idParam('trackId'),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => supportActivity(as(req), req.params.trackId),
  );
}
