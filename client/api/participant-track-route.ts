// One step on a participant's track over HTTP: POST /api/tracks/participant/{trackId}/<path> runs its
// operation and audits it with the details given (free text stays in FreeText, never in the audit row).
// The write routes and the step routes register theirs through this one function.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../prisma/client.js';
import type { Role } from './auth.js';
import { audited } from './context.js';
import { ANY_OBJECT, errorResponses, idParam } from './schemas.js';

export interface ParticipantTrackRoute<B> {
  path: string;
  summary: string;
  /** What the roles may do, for the refusal's message. */
  does: string;
  roles: readonly Role[];
  /** The body's schema; absent for a step without a body. */
  body?: object;
  /** A check before the operation runs (the write routes': the track's cohort is the actor's). */
  check?: (req: FastifyRequest, trackId: string) => Promise<void>;
  run: (trackId: string, body: B, req: FastifyRequest) => Promise<unknown>;
  /** What of the body the audit row keeps. */
  details?: (body: B) => Record<string, unknown>;
}

export function participantTrackRoute<B>(app: FastifyInstance, db: Db, route: ParticipantTrackRoute<B>): void {
  app.post<{ Params: { trackId: string }; Body: B }>(
    `/api/tracks/participant/:trackId/${route.path}`,
    {
      config: { roles: route.roles, does: route.does },
      schema: {
        tags: ['participants'],
        summary: route.summary,
        params: idParam('trackId'),
        ...(route.body ? { body: route.body } : {}),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await route.check?.(req, req.params.trackId);
      const input = req.body as B;
      const result = await route.run(req.params.trackId, input, req);
      await audited(db, req, { entity: 'ParticipantTrack', entityId: req.params.trackId }, route.details?.(input) ?? {});
      return result;
    },
  );
}
