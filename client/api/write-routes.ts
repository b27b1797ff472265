import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  cancelCohortCamp,
  closeCohort,
  cohortStatus,
  moveCohortCamp,
  pauseCohort,
  resumeCohort,
  startCohort,
} from '../operations/cohorts.js';
import type { OperationContext } from '../operations/context.js';
import { OperationError } from '../operations/operation-error.js';
import { enrolParticipant } from '../operations/enrolment.js';
import {
  dropOutParticipant,
  pauseParticipant,
  placeParticipant,
  recordAttendance,
  recordParticipantOutcome,
  resumeParticipant,
  transferParticipant,
} from '../operations/participants.js';
import { ledgerEntries, reverseCharge } from '../operations/ledger.js';
import { cohortReport, investorTerms, REPORT_FORMATS, type ReportFormat } from '../operations/reports.js';
import { asRequestFileError, COHORT_FILE_PROPERTIES, cohortFileOfBody } from './cohort-file-body.js';
import { audited, deny, principalOf, temporalUiUrl, type ApiDeps } from './context.js';
import { NotFoundError, RequestValidationError } from './errors.js';
import { participantTrackRoute } from './participant-track-route.js';
import { ANY_OBJECT, body, DATE, errorResponses, idParam } from './schemas.js';

const REASON = { type: 'string', minLength: 3, maxLength: 500 } as const;
const WRITERS = ['coordinator'] as const;
/** Pausing and resuming a track is also an operator's action (the console's pause button). */
const PAUSERS = ['coordinator', 'operator'] as const;

const cohortParams = idParam('cohortId');

/** The coordinator's operations (client/operations/*.ts), each a thin, audited route over the plain function. */
export function writeRoutes(app: FastifyInstance, { client, db, config, now }: ApiDeps): void {
  const ctx: OperationContext = { client, db, taskQueue: config.TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, now };
  /** The operations check scope themselves: they act as the request's principal. */
  const as = (req: FastifyRequest): OperationContext => ({ ...ctx, actor: principalOf(req) });

  /** A coordinator acts only on cohorts of its own programmes. */
  async function requireOwnCohort(req: FastifyRequest, cohortId: string, entity = { entity: 'Cohort', entityId: cohortId }): Promise<void> {
    const p = principalOf(req);
    if (p.role !== 'coordinator') return;
    const cohort = await db.cohort.findUnique({ where: { id: cohortId }, select: { programmeId: true } });
    if (!cohort) throw new NotFoundError(`cohort ${cohortId} does not exist`);
    if (!(p.scope.programmeIds ?? []).includes(cohort.programmeId)) {
      await deny(db, req, `a coordinator may change cohorts of its own programmes only; ${cohortId} runs ${cohort.programmeId}`, entity);
    }
  }

  async function requireOwnTrack(req: FastifyRequest, trackId: string): Promise<void> {
    const track = await db.participantTrack.findUnique({ where: { id: trackId }, select: { cohortId: true } });
    if (!track) throw new NotFoundError(`participant track ${trackId} does not exist`);
    await requireOwnCohort(req, track.cohortId, { entity: 'ParticipantTrack', entityId: trackId });
  }

  // Cohorts ---------------------------------------------------------------------------------------

  app.post<{ Body: { file?: string; yaml?: string; year?: number; dryRun?: boolean; underWay?: boolean } }>(
    '/api/cohorts',
    {
      config: { roles: WRITERS, does: 'start cohorts' },
      schema: {
        tags: ['cohorts'],
        summary: 'Start a cohort from a cohort file: one shipped in cohorts/ (by name) or the YAML itself',
        description:
          "The file is validated first; every problem is answered in `issues` with its path and line, and nothing is started. A file that disagrees with master data another programme's cohorts use is refused the same way, naming the field. Starting the same cohort twice is answered 409.",
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...COHORT_FILE_PROPERTIES,
            year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'run the cohort in another year (every date moves)' },
            dryRun: {
              type: 'boolean',
              description: 'validate and answer what would be created and sent (200); nothing is written or started',
            },
            underWay: {
              type: 'boolean',
              description:
                'start a cohort whose days have passed in part (otherwise refused): what fell due before its tracks began is sent in one digest',
            },
          },
        },
        response: { 200: ANY_OBJECT, 201: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { file, year, dryRun, underWay } = req.body;
      const { content, field } = await cohortFileOfBody(req.body);
      const p = principalOf(req);
      if (!(p.scope.programmeIds ?? []).includes(content.programme.id)) {
        await deny(db, req, `a coordinator may start cohorts of its own programmes only, not of ${content.programme.id}`, {
          entity: 'Cohort',
          entityId: content.cohort.id,
        });
      }
      const result = await startCohort(as(req), { content, year, dryRun, underWay }).catch((e: unknown) => {
        throw asRequestFileError(e, field);
      });
      if (result.dryRun) return reply.code(200).send(result);
      await audited(
        db,
        req,
        { entity: 'Cohort', entityId: result.cohortId },
        { programmeId: result.programmeId, file: file ?? 'uploaded', year },
      );
      return reply.code(201).send({ ...result, temporalUrl: temporalUiUrl(config, result.workflowId) });
    },
  );

  app.get<{ Params: { cohortId: string } }>(
    '/api/cohorts/:cohortId/status',
    {
      config: { roles: ['coordinator', 'operator'], does: 'read cohort status' },
      schema: {
        tags: ['cohorts'],
        summary: "A cohort's status from its workflow and the projection",
        params: cohortParams,
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireOwnCohort(req, req.params.cohortId);
      return cohortStatus(ctx, req.params.cohortId);
    },
  );

  app.post<{ Params: { cohortId: string }; Body: { reason: string } }>(
    '/api/cohorts/:cohortId/pause',
    {
      config: { roles: WRITERS, does: 'pause cohorts' },
      schema: {
        tags: ['cohorts'],
        summary: 'Pause every participant and company track of the cohort',
        params: cohortParams,
        body: body(['reason'], { reason: REASON }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireOwnCohort(req, req.params.cohortId);
      const summary = await pauseCohort(as(req), req.params.cohortId, req.body.reason);
      // The reason may be about people: the operation keeps it in FreeText; the audit row does not copy it.
      await audited(db, req, { entity: 'Cohort', entityId: req.params.cohortId });
      return summary;
    },
  );

  app.post<{ Params: { cohortId: string } }>(
    '/api/cohorts/:cohortId/resume',
    {
      config: { roles: WRITERS, does: 'resume cohorts' },
      schema: {
        tags: ['cohorts'],
        summary: "Resume the cohort's paused tracks",
        params: cohortParams,
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireOwnCohort(req, req.params.cohortId);
      const summary = await resumeCohort(as(req), req.params.cohortId);
      await audited(db, req, { entity: 'Cohort', entityId: req.params.cohortId });
      return summary;
    },
  );

  app.post<{ Params: { cohortId: string }; Body: { reason?: string } }>(
    '/api/cohorts/:cohortId/close',
    {
      config: { roles: WRITERS, does: 'close cohorts' },
      schema: {
        tags: ['cohorts'],
        summary: 'Close the cohort: no more enrolments; its tracks run to their ends',
        params: cohortParams,
        body: body([], { reason: REASON }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireOwnCohort(req, req.params.cohortId);
      const summary = await closeCohort(as(req), req.params.cohortId, req.body?.reason);
      // The reason may be about people: the operation keeps it in FreeText; the audit row does not copy it.
      await audited(db, req, { entity: 'Cohort', entityId: req.params.cohortId });
      return summary;
    },
  );

  app.post<{ Params: { cohortId: string; campId: string }; Body: { toDate: string; reason?: string } }>(
    '/api/cohorts/:cohortId/camps/:campId/move',
    {
      config: { roles: WRITERS, does: 'move camps' },
      schema: {
        tags: ['cohorts'],
        summary: 'Move a camp for every company of the cohort (updated calendar events go out)',
        params: {
          type: 'object',
          required: ['cohortId', 'campId'],
          properties: { cohortId: { type: 'string', minLength: 1 }, campId: { type: 'string', minLength: 1 } },
        },
        body: body(['toDate'], { toDate: DATE, reason: REASON }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireOwnCohort(req, req.params.cohortId);
      const summary = await moveCohortCamp(as(req), req.params.cohortId, {
        campId: req.params.campId,
        toDate: req.body.toDate,
        reason: req.body.reason,
      });
      // The reason may be about people: the operation keeps it in FreeText; the audit row does not copy it.
      await audited(db, req, { entity: 'Camp', entityId: req.params.campId }, { toDate: req.body.toDate });
      return summary;
    },
  );

  app.post<{ Params: { cohortId: string; campId: string }; Body: { reason?: string } }>(
    '/api/cohorts/:cohortId/camps/:campId/cancel',
    {
      config: { roles: WRITERS, does: 'cancel camps' },
      schema: {
        tags: ['cohorts'],
        summary: 'Cancel a camp for every company of the cohort (cancellations go out)',
        params: {
          type: 'object',
          required: ['cohortId', 'campId'],
          properties: { cohortId: { type: 'string', minLength: 1 }, campId: { type: 'string', minLength: 1 } },
        },
        body: body([], { reason: REASON }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      await requireOwnCohort(req, req.params.cohortId);
      const summary = await cancelCohortCamp(as(req), req.params.cohortId, { campId: req.params.campId, reason: req.body?.reason });
      // The reason may be about people: the operation keeps it in FreeText; the audit row does not copy it.
      await audited(db, req, { entity: 'Camp', entityId: req.params.campId });
      return summary;
    },
  );

  app.post<{ Params: { cohortId: string }; Body: { participantId: string; municipalityCode: string; startsOn?: string } }>(
    '/api/cohorts/:cohortId/enrolments',
    {
      config: { roles: WRITERS, does: 'enrol participants' },
      schema: {
        tags: ['cohorts'],
        summary: "Enrol a participant into the cohort's partnership in a municipality: the same enrolment as POST /api/tracks/participant",
        params: cohortParams,
        body: body(['participantId', 'municipalityCode'], {
          participantId: { type: 'string', minLength: 1 },
          municipalityCode: { type: 'string', pattern: '^\\d{3}$' },
          startsOn: DATE,
        }),
        response: { 201: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req, reply) => {
      await requireOwnCohort(req, req.params.cohortId);
      const result = await enrolParticipant(as(req), { ...req.body, cohortId: req.params.cohortId });
      await audited(
        db,
        req,
        { entity: 'ParticipantTrack', entityId: result.trackId },
        { cohortId: req.params.cohortId, participantId: req.body.participantId },
      );
      return reply.code(201).send({ ...result, temporalUrl: temporalUiUrl(config, result.workflowId) });
    },
  );

  app.get<{
    Params: { cohortId: string };
    Querystring: {
      municipality?: string;
      format?: ReportFormat;
      weeks?: number;
      capitalDkk?: string;
      maxReturnPercent?: number;
      deadweightPercent?: number;
    };
  }>(
    '/api/cohorts/:cohortId/report',
    {
      config: { roles: ['coordinator', 'operator', 'caseworker'], does: 'read Payment-by-Results reports' },
      schema: {
        tags: ['cohorts'],
        summary:
          'Payment-by-Results report of a cohort, for one municipality or (without municipality) the whole cohort with a line per municipality: ledger totals, simulation, targets',
        params: cohortParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            municipality: {
              type: 'string',
              minLength: 1,
              description: 'municipality code or name; absent: the whole cohort, its cluster-wide targets judged for the cohort',
            },
            format: { type: 'string', enum: [...REPORT_FORMATS], default: 'json' },
            weeks: { type: 'integer', minimum: 1, maximum: 520 },
            capitalDkk: {
              type: 'string',
              pattern: '^\\d{1,9}(\\.\\d{1,2})?$',
              description: "SIB: the investors' capital in DKK, instead of the cohort file's `investment.capitalDkk`",
            },
            maxReturnPercent: {
              type: 'integer',
              minimum: 0,
              maximum: 100,
              description: "SIB: the investors' maximum return in whole percent (with capitalDkk; default 0)",
            },
            deadweightPercent: {
              type: 'integer',
              minimum: 0,
              maximum: 100,
              description: "whole percent of the savings assumed to come without the programme, instead of the cohort file's",
            },
          },
        },
        response: { 200: { description: 'the report in the format asked for (JSON, CSV, HTML or INDIGO JSON)' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      await requireOwnCohort(req, req.params.cohortId);
      if (p.role === 'caseworker') {
        // The whole cohort's report holds every municipality's figures: a caseworker reads their own only.
        const asked = req.query.municipality;
        const m =
          asked === undefined
            ? null
            : await db.municipality.findFirst({ where: { OR: [{ code: asked }, { name: asked }] }, select: { code: true } });
        if (!m || m.code !== p.scope.municipalityCode) {
          await deny(
            db,
            req,
            `a caseworker of municipality ${p.scope.municipalityCode ?? '(none)'} may read its own municipality's report only`,
            { entity: 'Cohort', entityId: req.params.cohortId },
          );
        }
      }
      const result = await cohortReport(ctx, {
        cohortId: req.params.cohortId,
        municipality: req.query.municipality,
        format: req.query.format,
        weeks: req.query.weeks,
        ...investorTerms(req.query),
      });
      return reply.type(result.contentType).send(result.body);
    },
  );

  app.get<{ Params: { cohortId: string }; Querystring: { municipality?: string } }>(
    '/api/cohorts/:cohortId/ledger',
    {
      config: { roles: ['coordinator', 'operator', 'caseworker'], does: 'read the ledger' },
      schema: {
        tags: ['ledger'],
        summary: "The cohort's ledger entries (charges and reversals) with their total in DKK",
        params: cohortParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { municipality: { type: 'string', pattern: '^\\d{3}$', description: 'municipality code' } },
        },
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      await requireOwnCohort(req, req.params.cohortId);
      let municipalityCode = req.query.municipality;
      if (p.role === 'caseworker') {
        if (municipalityCode && municipalityCode !== p.scope.municipalityCode) {
          await deny(
            db,
            req,
            `a caseworker of municipality ${p.scope.municipalityCode ?? '(none)'} may read its own municipality's ledger only`,
            { entity: 'Cohort', entityId: req.params.cohortId },
          );
        }
        municipalityCode = p.scope.municipalityCode ?? '-';
      }
      return ledgerEntries(ctx, { cohortId: req.params.cohortId, municipalityCode });
    },
  );

  app.post<{ Params: { entryId: string }; Body: { reason: string; occurredOn?: string } }>(
    '/api/ledger/:entryId/reverse',
    {
      config: { roles: WRITERS, does: 'correct the ledger' },
      schema: {
        tags: ['ledger'],
        summary: 'Reverse a charge (once: repeating returns the same reversal)',
        params: { type: 'object', required: ['entryId'], properties: { entryId: { type: 'string', pattern: '^\\d+$' } } },
        body: body(['reason'], { reason: REASON, occurredOn: DATE }),
        response: { 200: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req) => {
      const entry = await db.ledgerEntry.findUnique({ where: { id: BigInt(req.params.entryId) }, select: { cohortId: true } });
      if (!entry) throw new NotFoundError(`ledger entry ${req.params.entryId} does not exist`);
      await requireOwnCohort(req, entry.cohortId, { entity: 'LedgerEntry', entityId: req.params.entryId });
      const result = await reverseCharge(ctx, { entryId: req.params.entryId, reason: req.body.reason, occurredOn: req.body.occurredOn });
      // The reason is the reversal's evidence, kept on its ledger entry; the audit row names the entry.
      await audited(db, req, { entity: 'LedgerEntry', entityId: req.params.entryId }, { reversalId: result.entryId });
      return result;
    },
  );

  // Participant tracks ----------------------------------------------------------------------------

  app.post<{ Body: { participantId: string; cohortId: string; partnershipId: string; enrolmentId?: string; startsOn?: string } }>(
    '/api/tracks/participant',
    {
      config: { roles: WRITERS, does: 'enrol participants' },
      schema: {
        tags: ['participants'],
        summary: "Enrol a referred participant: the track's row and its workflow participant-<enrolmentId>",
        description:
          'The enrolment id defaults to `<cohortId>-<participantId>`; the same enrolment twice is answered 409 `DUPLICATE_ENROLMENT`.',
        body: body(['participantId', 'cohortId', 'partnershipId'], {
          participantId: { type: 'string', minLength: 1 },
          cohortId: { type: 'string', minLength: 1 },
          partnershipId: { type: 'string', minLength: 1 },
          enrolmentId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,120}$' },
          startsOn: DATE,
        }),
        response: { 201: ANY_OBJECT, ...errorResponses },
      },
    },
    async (req, reply) => {
      await requireOwnCohort(req, req.body.cohortId);
      const result = await enrolParticipant(as(req), req.body);
      await audited(
        db,
        req,
        { entity: 'ParticipantTrack', entityId: result.trackId },
        { participantId: req.body.participantId, cohortId: req.body.cohortId, partnershipId: req.body.partnershipId },
      );
      return reply.code(201).send({ ...result, temporalUrl: temporalUiUrl(config, result.workflowId) });
    },
  );

  const trackUpdate = <B>(
    path: string,
    summary: string,
    does: string,
    roles: readonly ('coordinator' | 'operator' | 'staff')[],
    bodySchema: object | undefined,
    run: (trackId: string, body: B, req: FastifyRequest) => Promise<unknown>,
    details: (body: B) => Record<string, unknown> = () => ({}),
  ) => participantTrackRoute<B>(app, db, { path, summary, does, roles, body: bodySchema, check: requireOwnTrack, run, details });

  trackUpdate<{ companyId: string; supportPersonId?: string }>(
    'placement',
    'Place the participant in job training at a company',
    'place participants',
    WRITERS,
    body(['companyId'], { companyId: { type: 'string', minLength: 1 }, supportPersonId: { type: 'string', minLength: 1 } }),
    (id, b, req) => placeParticipant(as(req), id, b),
    (b) => ({ companyId: b.companyId }),
  );
  trackUpdate<{ weekStart: string; hours: number; present?: boolean; recordedBy?: string }>(
    'attendance',
    "Record a week's attendance (weekStart is the week's Monday)",
    'record attendance',
    ['coordinator', 'staff'],
    body(['weekStart', 'hours'], {
      weekStart: DATE,
      hours: { type: 'number', minimum: 0, maximum: 80 },
      present: { type: 'boolean' },
      recordedBy: { type: 'string', minLength: 1 },
    }),
    (id, b, req) => recordAttendance(as(req), id, { ...b, recordedBy: b.recordedBy ?? principalOf(req).sub }),
    (b) => ({ weekStart: b.weekStart }),
  );
  trackUpdate<{
    kind: 'ORDINARY_JOB' | 'PARTIAL_JOB' | 'EDUCATION' | 'INTERNSHIP' | 'NONE';
    occurredOn: string;
    hoursPerWeek?: number;
    evidenceRef: string;
  }>(
    'outcome',
    'Record the outcome (priced by the rate card into the ledger)',
    'record outcomes',
    WRITERS,
    body(['kind', 'occurredOn', 'evidenceRef'], {
      kind: { type: 'string', enum: ['ORDINARY_JOB', 'PARTIAL_JOB', 'EDUCATION', 'INTERNSHIP', 'NONE'] },
      occurredOn: DATE,
      hoursPerWeek: { type: 'number', exclusiveMinimum: 0, maximum: 80 },
      evidenceRef: { type: 'string', minLength: 1, maxLength: 200 },
    }),
    (id, b, req) => recordParticipantOutcome(as(req), id, b),
    // The evidence reference is kept with the outcome, not copied into the audit log.
    (b) => ({ kind: b.kind, occurredOn: b.occurredOn }),
  );
  trackUpdate<{ reason: string }>(
    'pause',
    'Pause the track (deadlines shift by the paused time)',
    'pause tracks',
    PAUSERS,
    body(['reason'], { reason: REASON }),
    // The reason may be about people: the operation keeps it in FreeText; the audit row does not copy it.
    (id, b, req) => pauseParticipant(as(req), id, b.reason),
  );
  trackUpdate<undefined>('resume', 'Resume a paused track', 'resume tracks', PAUSERS, undefined, (id, _b, req) =>
    resumeParticipant(as(req), id),
  );
  trackUpdate<{ reason: string }>(
    'drop-out',
    'End the track: the participant dropped out',
    'end tracks',
    WRITERS,
    body(['reason'], { reason: REASON }),
    (id, b, req) => dropOutParticipant(as(req), id, b.reason),
  );
  trackUpdate<{ toPartnershipId: string; reason: string; newEnrolmentId?: string }>(
    'transfer',
    'Move the participant to another partnership; a new track continues from its progress',
    'transfer participants',
    WRITERS,
    body(['toPartnershipId', 'reason'], {
      toPartnershipId: { type: 'string', minLength: 1 },
      reason: REASON,
      newEnrolmentId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,120}$' },
    }),
    async (id, b, req) => {
      const target = await db.partnership.findUnique({ where: { id: b.toPartnershipId }, select: { cohortId: true } });
      if (target) await requireOwnCohort(req, target.cohortId, { entity: 'ParticipantTrack', entityId: id });
      return transferParticipant(as(req), id, b);
    },
    (b) => ({ toPartnershipId: b.toPartnershipId }),
  );
}
