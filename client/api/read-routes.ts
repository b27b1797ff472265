import type { FastifyInstance } from 'fastify';
import { Prisma } from '../../prisma/client.js';
import { dateOfUtcMidnight } from '../../domain/calendar.js';
import { deny, denyAsNotFound, principalOf, temporalUiUrl, type ApiDeps } from './context.js';
import { cohortMailCondition } from './cohort-mails.js';
import { NotFoundError } from './errors.js';
import { companyHistory, companyTimeline, participantHistory, participantTimeline } from './timeline.js';
import { listTracks, type TrackKind } from './track-list.js';
import { errorResponses, idParam, trackListItem, timelineEvent } from './schemas.js';

const ALL = ['operator', 'coordinator', 'caseworker'] as const;
/** A health check answers within this, whether or not its dependencies do. */
const HEALTH_TIMEOUT_MS = 2_000;

/** Whether a call answers within the health check's time; a call still retrying then is aborted. */
async function reachable(call: (signal: AbortSignal) => Promise<unknown>): Promise<boolean> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(false);
    }, HEALTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call(abort.signal).then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** The read side: cohorts, track lists and timelines, all from the PostgreSQL projection. */
export function readRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  const healthStatus = {
    type: 'object',
    properties: { status: { type: 'string' }, database: { type: 'string' }, temporal: { type: 'string' } },
  } as const;
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Readiness: PostgreSQL and Temporal answer (503 when either does not), for load balancers and container health checks',
        security: [],
        response: { 200: healthStatus, 503: healthStatus },
      },
    },
    async (_req, reply) => {
      const [database, temporal] = await Promise.all([
        reachable(() => db.$queryRaw`SELECT 1`),
        reachable((signal) =>
          client.connection.withAbortSignal(signal, () =>
            client.connection.withDeadline(Date.now() + HEALTH_TIMEOUT_MS, () => client.workflowService.getSystemInfo({})),
          ),
        ),
      ]);
      const ok = database && temporal;
      // Only up or down: the causes go to neither the caller nor a public page.
      return reply
        .code(ok ? 200 : 503)
        .send({ status: ok ? 'ok' : 'unavailable', database: database ? 'up' : 'down', temporal: temporal ? 'up' : 'down' });
    },
  );

  app.get(
    '/api/me',
    {
      config: { roles: ['operator', 'coordinator', 'caseworker', 'company', 'staff'], does: 'see who it is' },
      schema: {
        tags: ['session'],
        summary: 'The caller: role and scope from the bearer token',
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses },
      },
    },
    async (req) => principalOf(req),
  );

  app.get(
    '/api/cohorts',
    {
      config: { roles: ALL, does: 'list cohorts' },
      schema: {
        tags: ['read'],
        summary: 'Cohorts with their partnerships (one per municipality) and track counts',
        response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const cohorts = await db.cohort.findMany({
        where:
          p.role === 'coordinator'
            ? { programmeId: { in: p.scope.programmeIds ?? [] } }
            : p.role === 'caseworker'
              ? { municipalities: { some: { municipalityCode: p.scope.municipalityCode ?? '' } } }
              : {},
        orderBy: [{ year: 'asc' }, { id: 'asc' }],
        include: {
          programme: { select: { name: true, kind: true } },
          partnerships: {
            where: p.role === 'caseworker' ? { municipalityCode: p.scope.municipalityCode ?? '' } : {},
            orderBy: { municipalityCode: 'asc' },
            include: { municipality: { select: { name: true } }, employmentActor: { select: { name: true } } },
          },
          municipalities: { select: { municipalityCode: true, slots: true } },
        },
      });
      const partnershipIds = cohorts.flatMap((c) => c.partnerships.map((x) => x.id));
      const [participants, companies, overdue] = await Promise.all([
        db.participantTrack.groupBy({ by: ['partnershipId'], where: { partnershipId: { in: partnershipIds } }, _count: { _all: true } }),
        db.companyTrack.groupBy({ by: ['partnershipId'], where: { partnershipId: { in: partnershipIds } }, _count: { _all: true } }),
        db.participantTrack.groupBy({
          by: ['partnershipId'],
          where: { partnershipId: { in: partnershipIds }, overdueCount: { gt: 0 } },
          _count: { _all: true },
        }),
      ]);
      const count = (rows: { partnershipId: string | null; _count: { _all: number } }[], id: string) =>
        rows.find((r) => r.partnershipId === id)?._count._all ?? 0;
      return cohorts.map((c) => ({
        id: c.id,
        name: c.name,
        year: c.year,
        status: c.status,
        programmeId: c.programmeId,
        programmeName: c.programme.name,
        workflowId: c.workflowId,
        temporalUrl: c.workflowId ? temporalUiUrl(config, c.workflowId) : null,
        // Days the plan moved off a day off when the cohort was started (cohort start lists them too).
        plannedMoves: (c.plan as { moves?: unknown[] } | null)?.moves ?? [],
        partnerships: c.partnerships.map((x) => ({
          id: x.id,
          municipalityCode: x.municipalityCode,
          municipalityName: x.municipality.name,
          employmentActor: x.employmentActor.name,
          slots: c.municipalities.find((m) => m.municipalityCode === x.municipalityCode)?.slots ?? 0,
          participantTracks: count(participants, x.id),
          companyTracks: p.role === 'caseworker' ? 0 : count(companies, x.id),
          overdueParticipantTracks: count(overdue, x.id),
        })),
      }));
    },
  );

  app.get<{
    Querystring: {
      kind?: TrackKind;
      cohort?: string;
      municipality?: string;
      phase?: string;
      overdue?: boolean;
      q?: string;
      limit?: number;
      after?: string;
    };
  }>(
    '/api/tracks',
    {
      config: { roles: ALL, does: 'list tracks' },
      schema: {
        tags: ['read'],
        summary: 'One page of tracks (keyset pagination), ordered by next deadline',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['participant', 'company'], default: 'participant' },
            cohort: { type: 'string', minLength: 1 },
            municipality: { type: 'string', pattern: '^\\d{3}$', description: 'municipality code, e.g. 621' },
            phase: { type: 'string', minLength: 1 },
            overdue: { type: 'boolean', description: 'true: only tracks with overdue items; false: only those without' },
            q: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              description: "search: part of the participant's or company's name, a CVR number or a track id",
            },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            after: { type: 'string', description: 'nextCursor of the previous page' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: trackListItem }, nextCursor: { type: ['string', 'null'] } },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      const kind = q.kind ?? 'participant';
      let municipalityCode = q.municipality;
      if (p.role === 'caseworker') {
        if (kind !== 'participant') await deny(db, req, 'a caseworker may read participant tracks only');
        if (municipalityCode && municipalityCode !== p.scope.municipalityCode) {
          await deny(
            db,
            req,
            `a caseworker of municipality ${p.scope.municipalityCode ?? '(none)'} may not read municipality ${municipalityCode}`,
          );
        }
        municipalityCode = p.scope.municipalityCode ?? '-';
      }
      return listTracks(
        db,
        {
          kind,
          cohortId: q.cohort,
          municipalityCode,
          phase: q.phase,
          overdue: q.overdue,
          q: q.q?.trim() || undefined,
          programmeIds: p.role === 'coordinator' ? (p.scope.programmeIds ?? []) : undefined,
        },
        q.limit ?? 50,
        q.after,
      );
    },
  );

  app.get<{ Params: { trackId: string } }>(
    '/api/tracks/participant/:trackId',
    {
      config: { roles: ALL, does: 'read participant tracks' },
      schema: {
        tags: ['read'],
        summary: 'A participant track: its projection, a link to its workflow and its timeline',
        params: idParam('trackId'),
        response: { 200: trackDetail, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const track = await db.participantTrack.findUnique({
        where: { id: req.params.trackId },
        include: {
          participant: { select: { givenName: true, familyName: true, municipalityCode: true } },
          partnership: { include: { municipality: { select: { name: true } } } },
          cohort: { select: { name: true, programmeId: true } },
          placementCompany: { select: { name: true, cvr: true } },
        },
      });
      if (!track) throw new NotFoundError(`participant track ${req.params.trackId} does not exist`);
      const entity = { entity: 'ParticipantTrack', entityId: track.id };
      if (p.role === 'caseworker' && track.partnership.municipalityCode !== p.scope.municipalityCode) {
        await deny(
          db,
          req,
          `a caseworker of municipality ${p.scope.municipalityCode ?? '(none)'} may not read participants of municipality ${track.partnership.municipalityCode}`,
          entity,
        );
      }
      if (p.role === 'coordinator' && !(p.scope.programmeIds ?? []).includes(track.cohort.programmeId)) {
        await deny(db, req, `a coordinator may read tracks of its own programmes only, not of ${track.cohort.programmeId}`, entity);
      }
      return {
        id: track.id,
        kind: 'participant',
        participantId: track.participantId,
        workflowId: track.workflowId,
        temporalUrl: temporalUiUrl(config, track.workflowId),
        name: `${track.participant.givenName} ${track.participant.familyName}`,
        cohortId: track.cohortId,
        cohortName: track.cohort.name,
        municipalityCode: track.partnership.municipalityCode,
        municipalityName: track.partnership.municipality.name,
        phase: track.phase,
        paused: track.paused,
        startedOn: dateOfUtcMidnight(track.startedOn),
        nextDeadlineOn: track.nextDeadlineOn ? dateOfUtcMidnight(track.nextDeadlineOn) : null,
        nextDeadlineWhat: track.nextDeadlineWhat,
        overdueCount: track.overdueCount,
        placement: track.placementCompany ? `${track.placementCompany.name} (CVR ${track.placementCompany.cvr})` : null,
        summary: track.summary,
        events: await participantTimeline(db, track),
      };
    },
  );

  app.get<{ Params: { trackId: string } }>(
    '/api/tracks/company/:trackId',
    {
      config: { roles: ['operator', 'coordinator'], does: 'read company tracks' },
      schema: {
        tags: ['read'],
        summary: 'A company track: its projection, a link to its workflow and its timeline (camp invitations included)',
        params: idParam('trackId'),
        response: { 200: trackDetail, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const track = await db.companyTrack.findUnique({
        where: { id: req.params.trackId },
        include: {
          company: { select: { name: true, cvr: true } },
          partnership: { include: { municipality: { select: { name: true } } } },
          cohort: { select: { name: true, programmeId: true } },
        },
      });
      if (!track) throw new NotFoundError(`company track ${req.params.trackId} does not exist`);
      if (p.role === 'coordinator' && !(p.scope.programmeIds ?? []).includes(track.cohort.programmeId)) {
        await deny(db, req, `a coordinator may read tracks of its own programmes only, not of ${track.cohort.programmeId}`, {
          entity: 'CompanyTrack',
          entityId: track.id,
        });
      }
      return {
        id: track.id,
        kind: 'company',
        cvr: track.company.cvr,
        workflowId: track.workflowId,
        temporalUrl: temporalUiUrl(config, track.workflowId),
        name: `${track.company.name} (CVR ${track.company.cvr})`,
        cohortId: track.cohortId,
        cohortName: track.cohort.name,
        municipalityCode: track.partnership?.municipalityCode ?? null,
        municipalityName: track.partnership?.municipality.name ?? null,
        phase: track.phase,
        paused: track.paused,
        startedOn: null,
        nextDeadlineOn: track.nextDeadlineOn ? dateOfUtcMidnight(track.nextDeadlineOn) : null,
        nextDeadlineWhat: track.nextDeadlineWhat,
        overdueCount: track.overdueCount,
        placement: null,
        summary: track.summary,
        events: await companyTimeline(db, { ...track, cvr: track.company.cvr }),
      };
    },
  );

  app.get<{ Params: { participantId: string } }>(
    '/api/participants/:participantId',
    {
      config: { roles: ALL, does: 'read participants' },
      schema: {
        tags: ['read'],
        summary: "A participant's whole history: every track (a transfer makes a second one) and one timeline",
        params: idParam('participantId'),
        response: { 200: history, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const participant = await db.participant.findUnique({
        where: { id: req.params.participantId },
        include: {
          tracks: {
            include: { cohort: { select: { programmeId: true, name: true } }, partnership: { select: { municipalityCode: true } } },
            orderBy: { startedOn: 'asc' },
          },
        },
      });
      const unknown = `participant ${req.params.participantId} does not exist`;
      if (!participant) throw new NotFoundError(unknown);
      const entity = { entity: 'Participant', entityId: participant.id };
      if (p.role === 'caseworker' && participant.municipalityCode !== p.scope.municipalityCode) {
        await deny(
          db,
          req,
          `a caseworker of municipality ${p.scope.municipalityCode ?? '(none)'} may not read participants of municipality ${participant.municipalityCode}`,
          entity,
        );
      }
      const tracks =
        p.role === 'coordinator'
          ? participant.tracks.filter((t) => (p.scope.programmeIds ?? []).includes(t.cohort.programmeId))
          : participant.tracks;
      // Another programme's person is answered as an unknown id is: no oracle for who is registered where.
      if (p.role === 'coordinator' && tracks.length === 0)
        await denyAsNotFound(db, req, 'a coordinator may read participants of its own programmes only', entity, unknown);
      return {
        id: participant.id,
        name: participant.erasedAt ? '(erased)' : `${participant.givenName} ${participant.familyName}`,
        tracks: tracks.map((t) => ({
          id: t.id,
          kind: 'participant',
          cohortName: t.cohort.name,
          phase: t.phase,
          workflowId: t.workflowId,
          temporalUrl: temporalUiUrl(config, t.workflowId),
        })),
        events: await participantHistory(db, tracks),
      };
    },
  );

  app.get<{ Params: { cvr: string } }>(
    '/api/companies/:cvr/timeline',
    {
      config: { roles: ['operator', 'coordinator'], does: "read companies' histories" },
      schema: {
        tags: ['read'],
        summary: "A company's whole history: its tracks in every cohort, camp invitations, e-mails, outcomes and audit entries",
        params: {
          type: 'object',
          required: ['cvr'],
          properties: { cvr: { type: 'string', pattern: '^\\d{8}$', description: 'CVR number, 8 digits' } },
        },
        response: { 200: history, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const company = await db.company.findUnique({
        where: { cvr: req.params.cvr },
        include: { companyTracks: { include: { cohort: { select: { programmeId: true, name: true } } }, orderBy: { createdAt: 'asc' } } },
      });
      if (!company) throw new NotFoundError(`no company with CVR ${req.params.cvr}`);
      const tracks =
        p.role === 'coordinator'
          ? company.companyTracks.filter((t) => (p.scope.programmeIds ?? []).includes(t.cohort.programmeId))
          : company.companyTracks;
      if (p.role === 'coordinator' && tracks.length === 0)
        await deny(db, req, 'a coordinator may read companies of its own programmes only', { entity: 'Company', entityId: company.cvr });
      return {
        id: company.id,
        name: `${company.name} (CVR ${company.cvr})`,
        tracks: tracks.map((t) => ({
          id: t.id,
          kind: 'company',
          cohortName: t.cohort.name,
          phase: t.phase,
          workflowId: t.workflowId,
          temporalUrl: temporalUiUrl(config, t.workflowId),
        })),
        events: await companyHistory(
          db,
          tracks.map((t) => ({ ...t, cvr: company.cvr })),
        ),
      };
    },
  );

  app.get<{ Querystring: { status?: 'PENDING' | 'SENT' | 'FAILED'; cohort?: string; limit?: number; after?: string } }>(
    '/api/emails',
    {
      config: { roles: ['operator'], does: 'list e-mails' },
      schema: {
        tags: ['read'],
        summary: 'E-mails in the outbox, newest first (keyset pagination by id)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['PENDING', 'SENT', 'FAILED'] },
            cohort: { type: 'string', minLength: 1, description: "only the cohort's e-mails, as its dashboard counts them" },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            after: { type: 'string', description: 'nextCursor of the previous page' },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 50;
      const q = req.query;
      if (q.cohort) {
        // One cohort's e-mails, as its dashboard counts them, a page at a time in the database.
        const rows = await db.$queryRaw<Record<string, unknown>[]>`
          SELECT id, "toAddress", subject, template, status::text AS status, attempts, "lastError", "workflowId", "createdAt", "sentAt"
          FROM "EmailOutbox"
          WHERE ${await cohortMailCondition(db, q.cohort)}
            ${q.status ? Prisma.sql`AND status = ${q.status}::"EmailStatus"` : Prisma.empty}
            ${q.after ? Prisma.sql`AND id < ${q.after}` : Prisma.empty}
          ORDER BY id DESC LIMIT ${limit + 1}`;
        const items = rows.slice(0, limit);
        return { items, nextCursor: rows.length > limit ? ((items.at(-1)?.id as string | undefined) ?? null) : null };
      }
      const rows = await db.emailOutbox.findMany({
        where: { status: req.query.status, ...(req.query.after ? { id: { lt: req.query.after } } : {}) },
        orderBy: { id: 'desc' },
        take: limit + 1,
        select: {
          id: true,
          toAddress: true,
          subject: true,
          template: true,
          status: true,
          attempts: true,
          lastError: true,
          workflowId: true,
          createdAt: true,
          sentAt: true,
        },
      });
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
    },
  );
}

const history = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    tracks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          kind: { type: 'string' },
          cohortName: { type: 'string' },
          phase: { type: 'string' },
          workflowId: { type: 'string' },
          temporalUrl: { type: 'string' },
        },
      },
    },
    events: { type: 'array', items: timelineEvent },
  },
} as const;

const trackDetail = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['participant', 'company'] },
    participantId: { type: 'string', description: 'participant tracks: the participant, for GET /api/participants/:participantId' },
    cvr: { type: 'string', description: 'company tracks: the CVR number, for GET /api/companies/:cvr/timeline' },
    workflowId: { type: 'string' },
    temporalUrl: { type: 'string', description: 'the workflow in the Temporal Web UI' },
    name: { type: 'string' },
    cohortId: { type: 'string' },
    cohortName: { type: 'string' },
    municipalityCode: { type: ['string', 'null'] },
    municipalityName: { type: ['string', 'null'] },
    phase: { type: 'string' },
    paused: { type: 'boolean' },
    startedOn: { type: ['string', 'null'] },
    nextDeadlineOn: { type: ['string', 'null'] },
    nextDeadlineWhat: { type: ['string', 'null'] },
    overdueCount: { type: 'integer' },
    placement: { type: ['string', 'null'] },
    summary: {},
    events: { type: 'array', items: timelineEvent },
  },
} as const;
