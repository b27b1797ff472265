import type { FastifyInstance } from 'fastify';
import type { OperationContext } from '../operations/context.js';
import { eraseParticipant } from '../operations/erasure.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { errorResponses, idParam } from './schemas.js';

/** A participant's erasure at their request: a coordinator of the participant's programme only, audited. */
export function erasureRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, now };

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
