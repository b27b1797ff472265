import type { FastifyInstance } from 'fastify';
import { JOB_KINDS } from '../../domain/programme.js';
import type { OperationContext } from '../operations/context.js';
import {
  answerJobMatch,
  inviteCompaniesToRegisterOpenings,
  jobOpening,
  jobOpeningState,
  listJobOpenings,
  proposeJobMatch,
  registerJobOpening,
  withdrawJobOpening,
} from '../operations/job-openings.js';
import { audited, principalOf, type ApiDeps } from './context.js';
import { errorResponses, idParam } from './schemas.js';

const date = { type: ['string', 'null'], description: 'YYYY-MM-DD' } as const;
const openingItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    workflowId: { type: 'string' },
    cohortId: { type: 'string' },
    municipalityCode: { type: ['string', 'null'] },
    cvr: { type: 'string' },
    companyName: { type: 'string' },
    housingAssociationId: { type: ['string', 'null'] },
    kind: { type: 'string', enum: [...JOB_KINDS] },
    kindLabel: { type: 'string' },
    title: { type: 'string' },
    hoursPerWeek: { type: ['number', 'null'] },
    openedOn: { type: 'string' },
    status: { type: 'string', enum: ['OPEN', 'FILLED', 'WITHDRAWN'] },
    registeredBy: { type: 'string' },
    nextDeadlineOn: date,
    nextDeadlineWhat: { type: ['string', 'null'] },
    closedOn: date,
    matches: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          trackId: { type: 'string' },
          status: { type: 'string', enum: ['PROPOSED', 'ACCEPTED', 'DECLINED'] },
          proposedOn: { type: 'string' },
          decidedOn: date,
          outcomeId: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;
const openingSummary = { type: 'object', additionalProperties: true, description: "the opening workflow's summary" } as const;

/**
 * Job openings and matching over HTTP (client/operations/job-openings.ts): a company registers an
 * opening for its own CVR number, a coordinator for any company of its programme's cohorts (also on a
 * housing association's behalf); the job consultant (staff of the partnership's employment actor)
 * proposes residents; the company or the coordinator answers and withdraws.
 */
export function jobOpeningRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const base: OperationContext = {
    client,
    db,
    taskQueue: config.TASK_QUEUE,
    namespace: config.TEMPORAL_NAMESPACE,
    ...(now ? { now } : {}),
  };
  const ctx = (req: Parameters<typeof principalOf>[0]): OperationContext => ({ ...base, actor: principalOf(req) });

  app.post<{
    Params: { cohortId: string };
    Body: { cvr: string; kind: string; title: string; hoursPerWeek?: number; housingAssociationId?: string };
  }>(
    '/api/cohorts/:cohortId/job-openings',
    {
      config: { roles: ['coordinator', 'company'], does: 'register job openings' },
      schema: {
        tags: ['job openings'],
        summary: 'Register a job opening of a company of the cohort; its workflow waits for proposals',
        description:
          "A company registers for its own CVR number. `kind` must be one of the programme's `jobOpenings.kinds`; a FLEX_JOB or FEW_HOURS_JOB needs `hoursPerWeek`. `housingAssociationId`: registered on behalf of the company by a housing association it serves.",
        params: idParam('cohortId'),
        body: {
          type: 'object',
          required: ['cvr', 'kind', 'title'],
          additionalProperties: false,
          properties: {
            cvr: { type: 'string', pattern: '^\\d{8}$' },
            kind: { type: 'string', enum: [...JOB_KINDS] },
            title: { type: 'string', minLength: 1, maxLength: 200 },
            hoursPerWeek: { type: 'number', exclusiveMinimum: 0, maximum: 80 },
            housingAssociationId: { type: 'string', minLength: 1, maxLength: 60 },
          },
        },
        response: { 201: openingItem, ...errorResponses },
      },
    },
    async (req, reply) => {
      const opening = await registerJobOpening(ctx(req), { cohortId: req.params.cohortId, ...req.body });
      await audited(db, req, { entity: 'JobOpening', entityId: opening.id }, { cvr: opening.cvr, kind: opening.kind });
      return reply.code(201).send(opening);
    },
  );

  app.get<{ Params: { cohortId: string }; Querystring: { status?: string; cvr?: string } }>(
    '/api/cohorts/:cohortId/job-openings',
    {
      config: { roles: ['coordinator', 'operator', 'company', 'staff'], does: 'list job openings' },
      schema: {
        tags: ['job openings'],
        summary: "The cohort's job openings with their proposals, newest first (a company sees its own)",
        params: idParam('cohortId'),
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['OPEN', 'FILLED', 'WITHDRAWN'] }, cvr: { type: 'string', pattern: '^\\d{8}$' } },
        },
        response: { 200: { type: 'array', items: openingItem }, ...errorResponses },
      },
    },
    async (req) => listJobOpenings(ctx(req), { cohortId: req.params.cohortId, ...req.query }),
  );

  app.get<{ Params: { openingId: string } }>(
    '/api/job-openings/:openingId',
    {
      config: { roles: ['coordinator', 'operator', 'company', 'staff'], does: 'read a job opening' },
      schema: {
        tags: ['job openings'],
        summary: 'One job opening with its proposals, and its workflow’s live summary',
        params: idParam('openingId'),
        response: { 200: { type: 'object', properties: { opening: openingItem, state: openingSummary } }, ...errorResponses },
      },
    },
    async (req) => {
      const c = ctx(req);
      const opening = await jobOpening(c, req.params.openingId);
      return { opening, state: await jobOpeningState(c, opening.id) };
    },
  );

  app.post<{ Params: { openingId: string }; Body: { trackId: string } }>(
    '/api/job-openings/:openingId/proposals',
    {
      config: { roles: ['coordinator', 'staff'], does: 'propose residents for job openings' },
      schema: {
        tags: ['job openings'],
        summary:
          "The job consultant proposes a resident (a participant track of the opening's partnership); the company is mailed its answer links",
        params: idParam('openingId'),
        body: {
          type: 'object',
          required: ['trackId'],
          additionalProperties: false,
          properties: { trackId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              matchId: { type: 'string' },
              opening: openingSummary,
              firstEmployerContactOn: {
                type: 'string',
                format: 'date',
                description: "IPS: the day this proposal became the track's first employer contact (absent when the track had one)",
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const result = await proposeJobMatch(ctx(req), { openingId: req.params.openingId, trackId: req.body.trackId });
      await audited(db, req, { entity: 'JobMatch', entityId: result.matchId }, { openingId: req.params.openingId });
      return reply.code(201).send(result);
    },
  );

  app.post<{ Params: { matchId: string }; Body: { answer: 'ACCEPT' | 'DECLINE' } }>(
    '/api/job-matches/:matchId/answer',
    {
      config: { roles: ['coordinator', 'company'], does: 'answer proposals' },
      schema: {
        tags: ['job openings'],
        summary:
          "The company's answer to a proposal: ACCEPT is the hire (recorded as the resident's outcome, with its follow-ups), DECLINE starts a new wait",
        params: idParam('matchId'),
        body: {
          type: 'object',
          required: ['answer'],
          additionalProperties: false,
          properties: { answer: { type: 'string', enum: ['ACCEPT', 'DECLINE'] } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              matchId: { type: 'string' },
              status: { type: 'string' },
              outcomeId: { type: ['string', 'null'] },
              opening: openingSummary,
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const result = await answerJobMatch(ctx(req), { matchId: req.params.matchId, accepted: req.body.answer === 'ACCEPT' });
      await audited(db, req, { entity: 'JobMatch', entityId: result.matchId }, { status: result.status });
      return result;
    },
  );

  app.post<{ Params: { openingId: string } }>(
    '/api/job-openings/:openingId/withdraw',
    {
      config: { roles: ['coordinator', 'company'], does: 'withdraw job openings' },
      schema: {
        tags: ['job openings'],
        summary: 'Withdraw an open job opening; its workflow closes',
        params: idParam('openingId'),
        response: { 200: openingSummary, ...errorResponses },
      },
    },
    async (req) => {
      const summary = await withdrawJobOpening(ctx(req), req.params.openingId);
      await audited(db, req, { entity: 'JobOpening', entityId: req.params.openingId });
      return summary;
    },
  );

  app.post<{ Params: { cohortId: string }; Body: { cvr?: string } }>(
    '/api/cohorts/:cohortId/job-opening-invitations',
    {
      config: { roles: ['coordinator'], does: 'invite companies to register job openings' },
      schema: {
        tags: ['job openings'],
        summary: "Mail the cohort's companies (or the one named) their personal link to register job openings, once per company",
        params: idParam('cohortId'),
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { cvr: { type: 'string', pattern: '^\\d{8}$' } },
        },
        response: {
          200: {
            type: 'object',
            properties: { invited: { type: 'array', items: { type: 'string' } }, already: { type: 'array', items: { type: 'string' } } },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const result = await inviteCompaniesToRegisterOpenings(ctx(req), { cohortId: req.params.cohortId, ...(req.body ?? {}) });
      await audited(db, req, { entity: 'Cohort', entityId: req.params.cohortId }, { invited: result.invited.length });
      return result;
    },
  );
}
