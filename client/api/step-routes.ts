import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withdrawCompany } from '../operations/companies.js';
import type { OperationContext } from '../operations/context.js';
import { answerRetention, assignMentor, recordEmployerContact, tickTrainingTopic } from '../operations/participants.js';
import type { Role } from './auth.js';
import { audited, deny, principalOf, type ApiDeps } from './context.js';
import { NotFoundError } from './errors.js';
import { participantTrackRoute } from './participant-track-route.js';
import { ANY_OBJECT, body, DATE, errorResponses } from './schemas.js';

/** The employment actor's staff take these steps on their own partnership's tracks; coordinators on their programmes'. */
const DOERS: readonly Role[] = ['coordinator', 'staff'];

/**
 * The steps a track waits for that people take, each one operation (client/operations): a retention
 * follow-up answered, a mentor assigned, the first employer contact, a training topic, a company
 * withdrawn. The operations check scope (a staff member: its own actor's tracks) and audit refusals.
 */
export function stepRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, now };
  const as = (req: FastifyRequest): OperationContext => ({ ...ctx, actor: principalOf(req) });

  const step = <B>(
    path: string,
    summary: string,
    does: string,
    roles: readonly Role[],
    bodySchema: object,
    run: (trackId: string, b: B, req: FastifyRequest) => Promise<unknown>,
    details: (b: B) => Record<string, unknown>,
  ) => participantTrackRoute<B>(app, db, { path, summary, does, roles, body: bodySchema, run, details });

  step<{ weeks: number; stillEmployed: boolean; evidenceRef: string }>(
    'retention',
    'Answer a retention follow-up (4, 13, 26 weeks after a hire): still employed is a RETENTION outcome priced by the rate card; not employed ends the track',
    'answer follow-ups',
    DOERS,
    body(['weeks', 'stillEmployed', 'evidenceRef'], {
      weeks: { type: 'integer', minimum: 1, maximum: 520 },
      stillEmployed: { type: 'boolean' },
      evidenceRef: { type: 'string', minLength: 1, maxLength: 200 },
    }),
    (id, b, req) => answerRetention(as(req), id, b),
    // The evidence may be about the person: it is in FreeText, never in the audit log.
    (b) => ({ weeks: b.weeks, stillEmployed: b.stillEmployed }),
  );
  step<{ staffMemberId: string }>(
    'mentor',
    "Assign the participant's mentor: a MENTOR of the partnership's employment actor",
    'assign mentors',
    ['coordinator'],
    body(['staffMemberId'], { staffMemberId: { type: 'string', minLength: 1, maxLength: 200 } }),
    (id, b, req) => assignMentor(as(req), id, b.staffMemberId),
    (b) => ({ staffMemberId: b.staffMemberId }),
  );
  step<{ on: string }>(
    'employer-contact',
    'Record the first employer contact (IPS)',
    'record employer contacts',
    DOERS,
    body(['on'], { on: DATE }),
    (id, b, req) => recordEmployerContact(as(req), id, b.on),
    (b) => ({ on: b.on }),
  );
  step<{ topic: string; done?: boolean }>(
    'topics',
    'Tick a work-readiness training topic of the programme (done: false unticks it)',
    'tick training topics',
    DOERS,
    body(['topic'], { topic: { type: 'string', minLength: 1, maxLength: 200 }, done: { type: 'boolean' } }),
    (id, b, req) => tickTrainingTopic(as(req), id, b.topic, b.done ?? true),
    (b) => ({ topic: b.topic, done: b.done ?? true }),
  );

  app.post<{ Params: { cvr: string }; Body: { cohortId: string; reason: string } }>(
    '/api/companies/:cvr/withdraw',
    {
      config: { roles: ['coordinator'], does: 'withdraw companies' },
      schema: {
        tags: ['companies'],
        summary: 'Withdraw a company from the cohort: camps still ahead leave its calendar, its track ends WITHDRAWN, its slot is free',
        params: {
          type: 'object',
          required: ['cvr'],
          properties: { cvr: { type: 'string', pattern: '^\\d{8}$', description: 'CVR number, 8 digits' } },
        },
        body: body(['cohortId', 'reason'], {
          cohortId: { type: 'string', minLength: 1 },
          reason: { type: 'string', minLength: 3, maxLength: 500 },
        }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const cohort = await db.cohort.findUnique({ where: { id: req.body.cohortId }, select: { programmeId: true } });
      if (!cohort) throw new NotFoundError(`cohort ${req.body.cohortId} does not exist`);
      if (!(p.scope.programmeIds ?? []).includes(cohort.programmeId)) {
        await deny(
          db,
          req,
          `a coordinator may act in cohorts of its own programmes only; ${req.body.cohortId} runs ${cohort.programmeId}`,
          { entity: 'Cohort', entityId: req.body.cohortId },
        );
      }
      await withdrawCompany(ctx, { cohortId: req.body.cohortId, cvr: req.params.cvr, reason: req.body.reason, withdrawnBy: p.sub });
      await audited(db, req, { entity: 'Company', entityId: req.params.cvr }, { cohortId: req.body.cohortId });
      return { cohortId: req.body.cohortId, cvr: req.params.cvr, withdrawn: true };
    },
  );
}
