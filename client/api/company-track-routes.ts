import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  acknowledgeProblem,
  answerAnchoringCheck,
  pauseCompanyTrack,
  recordMilestone,
  reportProblem,
  resumeCompanyTrack,
  selectCompanies,
} from '../operations/companies.js';
import type { OperationContext } from '../operations/context.js';
import { audited, deny, principalOf, type ApiDeps } from './context.js';
import { NotFoundError } from './errors.js';
import { ANY_OBJECT, body, DATE, errorResponses, idParam } from './schemas.js';

const CVR = { type: 'string', pattern: '^\\d{8}$', description: 'CVR number, 8 digits' } as const;
const cvrParams = { type: 'object', required: ['cvr'], properties: { cvr: CVR } } as const;

/** The company track over HTTP: selection into the accelerator, milestones, anchoring answers, problem reports. */
export function companyTrackRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  // "Today" as the API is told it (a cooperation started by a problem report begins on it).
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, ...(now ? { now } : {}) };

  /** A coordinator acts within its programmes; a company only on its own track. */
  async function requireScope(req: FastifyRequest, cohortId: string, cvr?: string): Promise<void> {
    const p = principalOf(req);
    const cohort = await db.cohort.findUnique({ where: { id: cohortId }, select: { programmeId: true } });
    if (!cohort) throw new NotFoundError(`cohort ${cohortId} does not exist`);
    if (p.role === 'coordinator' && !(p.scope.programmeIds ?? []).includes(cohort.programmeId)) {
      await deny(db, req, `a coordinator may act in cohorts of its own programmes only; ${cohortId} runs ${cohort.programmeId}`, {
        entity: 'Cohort',
        entityId: cohortId,
      });
    }
    if (p.role === 'company' && p.scope.cvr !== cvr) {
      await deny(db, req, `company ${p.scope.cvr ?? '(none)'} may act on its own track only, not on ${cvr ?? '(none)'}`, {
        entity: 'Company',
        entityId: cvr ?? '',
      });
    }
  }

  app.post<{ Params: { cohortId: string }; Body: { municipalityCode: string; selected: string[]; notSelected?: string[] } }>(
    '/api/cohorts/:cohortId/selection',
    {
      config: { roles: ['coordinator'], does: 'select companies' },
      schema: {
        tags: ['companies'],
        summary: 'Select companies into the accelerator for one municipality (within its slots; the others get a polite no)',
        description: "More companies than the municipality's slots is answered 409, and nothing is sent.",
        params: idParam('cohortId'),
        body: body(['municipalityCode', 'selected'], {
          municipalityCode: { type: 'string', pattern: '^\\d{3}$' },
          selected: { type: 'array', items: CVR, uniqueItems: true },
          notSelected: { type: 'array', items: CVR, uniqueItems: true },
        }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireScope(req, req.params.cohortId);
      const result = await selectCompanies(ctx, { cohortId: req.params.cohortId, ...req.body });
      await audited(
        db,
        req,
        { entity: 'Cohort', entityId: req.params.cohortId },
        { municipalityCode: req.body.municipalityCode, selected: req.body.selected, notSelected: req.body.notSelected ?? [] },
      );
      return result;
    },
  );

  app.post<{ Params: { cvr: string }; Body: { cohortId: string; milestoneId: string; doneOn: string } }>(
    '/api/companies/:cvr/milestones',
    {
      config: { roles: ['coordinator'], does: 'record milestones' },
      schema: {
        tags: ['companies'],
        summary: 'Record a social-model milestone the company reached',
        params: cvrParams,
        body: body(['cohortId', 'milestoneId', 'doneOn'], {
          cohortId: { type: 'string', minLength: 1 },
          milestoneId: { type: 'string', minLength: 1 },
          doneOn: DATE,
        }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireScope(req, req.body.cohortId, req.params.cvr);
      await recordMilestone(ctx, { cvr: req.params.cvr, ...req.body });
      await audited(db, req, { entity: 'Company', entityId: req.params.cvr }, { ...req.body });
      return { recorded: true };
    },
  );

  app.post<{
    Params: { cvr: string };
    Body: {
      cohortId: string;
      checkNo: number;
      socialModelInUse: 'YES' | 'PARTLY' | 'NO';
      buddiesActive?: boolean;
      participantsOnboarded?: number;
      note?: string;
      respondent?: 'COMPANY' | 'EMPLOYMENT_ACTOR';
    };
  }>(
    '/api/companies/:cvr/anchoring',
    {
      config: { roles: ['company', 'coordinator'], does: 'answer anchoring checks' },
      schema: {
        tags: ['companies'],
        summary: 'Answer an anchoring check (the company itself, or the coordinator for the employment actor)',
        description: 'A check not yet asked, or already answered, is answered 409.',
        params: cvrParams,
        body: body(['cohortId', 'checkNo', 'socialModelInUse'], {
          cohortId: { type: 'string', minLength: 1 },
          checkNo: { type: 'integer', minimum: 1 },
          socialModelInUse: { type: 'string', enum: ['YES', 'PARTLY', 'NO'] },
          buddiesActive: { type: 'boolean' },
          participantsOnboarded: { type: 'integer', minimum: 0 },
          note: { type: 'string', maxLength: 2000 },
          respondent: { type: 'string', enum: ['COMPANY', 'EMPLOYMENT_ACTOR'], description: "a company's answer is always COMPANY" },
        }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      await requireScope(req, req.body.cohortId, req.params.cvr);
      const respondent = p.role === 'company' ? 'COMPANY' : (req.body.respondent ?? 'EMPLOYMENT_ACTOR');
      return answerAnchoringCheck(ctx, { ...req.body, cvr: req.params.cvr, respondent, answeredBy: p.sub });
    },
  );

  app.post<{
    Params: { cvr: string };
    Body: { cohortId: string; description: string; participantTrackId?: string; municipalityCode?: string };
  }>(
    '/api/companies/:cvr/problems',
    {
      config: { roles: ['company', 'coordinator', 'operator'], does: 'report problems' },
      schema: {
        tags: ['companies'],
        summary: "Report a problem (e.g. with a placed participant): the employment actor's contact is told at once",
        description:
          "In every programme: a company with an accelerator track reports on it; any other company's cooperation takes the report (started when needed). `municipalityCode` names the partnership when the company cooperates in several, or in none yet and belongs to no partnership of the cohort.",
        params: cvrParams,
        body: body(['cohortId', 'description'], {
          cohortId: { type: 'string', minLength: 1 },
          description: { type: 'string', minLength: 3, maxLength: 4000 },
          participantTrackId: { type: 'string', minLength: 1 },
          municipalityCode: { type: 'string', pattern: '^\\d{3}$' },
        }),
        response: { 201: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req, reply) => {
      await requireScope(req, req.body.cohortId, req.params.cvr);
      const result = await reportProblem(ctx, { ...req.body, cvr: req.params.cvr, reportedBy: principalOf(req).sub });
      return reply.code(201).send(result);
    },
  );

  app.post<{ Params: { cvr: string; reportId: string }; Body: { cohortId: string } }>(
    '/api/companies/:cvr/problems/:reportId/acknowledge',
    {
      config: { roles: ['coordinator', 'operator'], does: 'acknowledge problems' },
      schema: {
        tags: ['companies'],
        summary: "Acknowledge a company's problem report (stops its escalation)",
        params: {
          type: 'object',
          required: ['cvr', 'reportId'],
          properties: { cvr: CVR, reportId: { type: 'string', pattern: '^\\d+$' } },
        },
        body: body(['cohortId'], { cohortId: { type: 'string', minLength: 1 } }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireScope(req, req.body.cohortId, req.params.cvr);
      await acknowledgeProblem(ctx, {
        cohortId: req.body.cohortId,
        cvr: req.params.cvr,
        reportId: req.params.reportId,
        acknowledgedBy: principalOf(req).sub,
      });
      return { acknowledged: true };
    },
  );

  // Pausing one company's track, also an operator's action (the console's pause button).
  const trackParams = idParam('trackId');
  async function requireTrackScope(req: FastifyRequest, trackId: string): Promise<void> {
    const track = await db.companyTrack.findUnique({ where: { id: trackId }, select: { cohortId: true } });
    if (!track) throw new NotFoundError(`company track ${trackId} does not exist`);
    await requireScope(req, track.cohortId);
  }

  app.post<{ Params: { trackId: string }; Body: { reason: string } }>(
    '/api/tracks/company/:trackId/pause',
    {
      config: { roles: ['coordinator', 'operator'], does: 'pause tracks' },
      schema: {
        tags: ['companies'],
        summary:
          "Pause one company's track: its own reminders, anchoring checks and escalations wait (the camps go on); answers the summary",
        description: 'A pause of a track already paused on its own is answered 409.',
        params: trackParams,
        body: body(['reason'], { reason: { type: 'string', minLength: 3, maxLength: 500 } }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireTrackScope(req, req.params.trackId);
      const summary = await pauseCompanyTrack(ctx, req.params.trackId, req.body.reason);
      // The reason may be about people: the operation keeps it in FreeText; the audit row does not copy it.
      await audited(db, req, { entity: 'CompanyTrack', entityId: req.params.trackId });
      return summary;
    },
  );

  app.post<{ Params: { trackId: string } }>(
    '/api/tracks/company/:trackId/resume',
    {
      config: { roles: ['coordinator', 'operator'], does: 'resume tracks' },
      schema: {
        tags: ['companies'],
        summary: "Resume a company's track paused on its own (not by its cohort): its own dates still ahead move by the days paused",
        description: 'A track not paused on its own (e.g. paused only by its cohort) is answered 409.',
        params: trackParams,
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireTrackScope(req, req.params.trackId);
      const summary = await resumeCompanyTrack(ctx, req.params.trackId);
      await audited(db, req, { entity: 'CompanyTrack', entityId: req.params.trackId }, {});
      return summary;
    },
  );
}
