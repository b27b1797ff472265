import type { FastifyInstance } from 'fastify';
import type { OperationContext } from '../operations/context.js';
import { eraseParticipant } from '../operations/erasure.js';
import { registerParticipant, type RegisterParticipantInput } from '../operations/participant-registration.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { errorResponses, idParam } from './schemas.js';

/**
 * A participant registered from the municipality's referral, and erased at their request: by a
 * coordinator of the participant's programme only, audited.
 */
export function participantRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, now };

  app.post<{ Body: RegisterParticipantInput }>(
    '/api/participants',
    {
      config: { roles: ['coordinator'], does: 'register participants' },
      schema: {
        tags: ['participants'],
        summary: "Register a referred participant (the municipality's referral) of one of the coordinator's programmes",
        description:
          "Checked as a cohort file's participant is (CPR number, e-mail, phone, a known municipality); the same CPR number twice in one programme is 409 `DUPLICATE_PARTICIPANT`. Answers the participant's id, to enrol (`POST /api/tracks/participant`) or put on a waitlist with.",
        body: {
          type: 'object',
          required: ['programmeId', 'givenName', 'familyName', 'municipality', 'referredOn'],
          additionalProperties: false,
          properties: {
            programmeId: { type: 'string', minLength: 1 },
            givenName: { type: 'string', minLength: 1, maxLength: 200 },
            familyName: { type: 'string', minLength: 1, maxLength: 200 },
            cpr: { type: 'string', pattern: '^\\d{6}-?\\d{4}$' },
            email: { type: 'string', minLength: 3, maxLength: 254 },
            phone: { type: 'string', maxLength: 40 },
            municipality: { type: 'string', pattern: '^\\d{3}$' },
            referredOn: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' },
            benefitCategory: { type: 'string', minLength: 1, maxLength: 80 },
            benefitWeeksBefore: { type: 'integer', minimum: 0, maximum: 2600 },
          },
        },
        response: { 201: { type: 'object', additionalProperties: true }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = await registerParticipant({ ...ctx, actor: principalOf(req) }, req.body);
      // Ids only: the name, CPR number and contact details stay in the Participant row.
      await audited(db, req, { entity: 'Participant', entityId: p.id }, { programmeId: p.programmeId });
      return reply.code(201).send(p);
    },
  );

  app.post<{ Params: { participantId: string } }>(
    '/api/participants/:participantId/erase',
    {
      config: { roles: ['coordinator'], does: 'erase participants' },
      schema: {
        tags: ['participants'],
        summary: "Erase a participant's personal data at their request",
        description:
          "Names, CPR number, contact details and health notes, the free text about the participant's tracks, the e-mails about them and any mention of them in other free text, mail copies and audit details are removed; ledger entries keep their amounts under the participant's id. A running track is ended (drop-out with a reason that names no one), which frees its place for the waitlist. Erasing again is answered 200 with `alreadyErased: true`. A participant outside the coordinator's programmes is answered 404 as an unknown one.",
        params: idParam('participantId'),
        response: {
          200: {
            type: 'object',
            properties: {
              participantId: { type: 'string' },
              erasedAt: { type: 'string' },
              alreadyErased: { type: 'boolean' },
              tracksEnded: { type: 'array', items: { type: 'string' } },
              changed: { type: 'object', additionalProperties: { type: 'integer' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const result = await eraseParticipant({ ...ctx, actor: principalOf(req) }, req.params.participantId);
      await audited(db, req, { entity: 'Participant', entityId: req.params.participantId }, { alreadyErased: result.alreadyErased });
      return result;
    },
  );
}
