import type { FastifyInstance } from 'fastify';
import { localDateAt } from '../../domain/calendar.js';
import { deny, principalOf, type ApiDeps } from './context.js';
import { errorResponses } from './schemas.js';
import { KINDS_OF_ROLE, WORK_KINDS, workQueue, type WorkQueueScope } from './work-queue.js';

const workItem = {
  type: 'object',
  required: ['id', 'kind', 'dueOn', 'overdue', 'trackKind', 'trackId', 'name'],
  properties: {
    id: { type: 'string' },
    kind: {
      type: 'string',
      enum: [...WORK_KINDS],
      description:
        "ATTENDANCE: record the week; RETENTION_ANSWER: answer the follow-up; PLACEMENT: place the participant; OUTCOME: record the outcome; MENTOR: assign a mentor; EMPLOYER_CONTACT: record the first employer contact; PROBLEM_REPORT: acknowledge the report (of a company track or a cooperation); PROPOSAL_ANSWER: answer the job-opening proposal on the company's behalf (coordinators; staff open the opening); EMAIL_FAILED: retry the e-mail (operators)",
    },
    dueOn: { type: 'string', description: 'YYYY-MM-DD' },
    overdue: { type: 'boolean' },
    trackKind: { type: 'string', enum: ['participant', 'company', 'cooperation', 'opening', 'email'] },
    trackId: {
      type: 'string',
      description: "the track's id; a cooperation's (CompanyCooperation) or job opening's id; for EMAIL_FAILED the outbox row's",
    },
    name: { type: 'string', description: "the participant's or company's name; for EMAIL_FAILED the subject" },
    cohortId: { type: ['string', 'null'] },
    cohortName: { type: ['string', 'null'] },
    partnershipId: { type: ['string', 'null'] },
    municipalityCode: { type: ['string', 'null'] },
    municipalityName: { type: ['string', 'null'] },
    weekStart: { type: 'string', description: "ATTENDANCE: the week's Monday" },
    weeks: { type: 'integer', description: 'RETENTION_ANSWER: weeks after the hire' },
    cvr: { type: 'string' },
    reportId: { type: 'string' },
    matchId: { type: 'string', description: 'PROPOSAL_ANSWER: the proposal to answer (POST /api/job-matches/{matchId}/answer)' },
    title: { type: 'string', description: "PROPOSAL_ANSWER: the opening's title" },
  },
} as const;

/**
 * The work queue: what is due today or overdue for the caller, each item with the action that
 * resolves it: operators in every cohort, coordinators in their programmes' cohorts, staff on their
 * employment actor's partnerships (KINDS_OF_ROLE says which items each role gets).
 */
export function workQueueRoutes(app: FastifyInstance, { db, now }: ApiDeps): void {
  app.get<{ Querystring: { cohort?: string; municipality?: string; limit?: number; after?: string } }>(
    '/api/work-queue',
    {
      config: { roles: ['operator', 'coordinator', 'staff'], does: 'read the work queue' },
      schema: {
        tags: ['read'],
        summary:
          "My tasks, due today or overdue, oldest first (then by id), a page at a time with their total, each what the caller's role resolves: coordinators attendance not recorded, follow-ups unanswered, placements, outcomes, mentors and employer contacts missing, problem reports unacknowledged (company tracks and cooperations), job-opening proposals the company has not answered by its day; staff their employment actor's attendance, follow-ups, employer contacts and unanswered proposals; operators problem reports unacknowledged and e-mails failed",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            cohort: { type: 'string', minLength: 1, maxLength: 200 },
            municipality: { type: 'string', pattern: '^\\d{3}$', description: 'municipality code, e.g. 621' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
            after: { type: 'string', minLength: 1, maxLength: 2000, description: 'nextCursor of the previous page' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['today', 'items', 'total', 'more', 'nextCursor'],
            properties: {
              today: { type: 'string', description: 'the day judged by, in Copenhagen (YYYY-MM-DD)' },
              items: { type: 'array', items: workItem },
              total: { type: 'integer', description: 'every item due for the caller, on this page and the next ones' },
              more: { type: 'boolean', description: 'true when more items are due than this page and the ones before it hold' },
              nextCursor: { type: ['string', 'null'], description: 'pass as `after` for the next page; null on the last page' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const role = p.role as keyof typeof KINDS_OF_ROLE;
      const scope: WorkQueueScope = { kinds: KINDS_OF_ROLE[role], cohortId: req.query.cohort, municipalityCode: req.query.municipality };
      if (p.role === 'coordinator') scope.programmeIds = p.scope.programmeIds ?? [];
      if (p.role === 'staff') {
        const staff = p.scope.staffMemberId
          ? await db.staffMember.findUnique({
              where: { id: p.scope.staffMemberId },
              select: { employmentActorId: true, deactivatedAt: true },
            })
          : null;
        if (!staff?.employmentActorId || staff.deactivatedAt)
          await deny(db, req, `staff ${p.sub} is no active registered staff member of an employment actor`);
        scope.employmentActorId = staff!.employmentActorId!;
      }
      const today = localDateAt(Number(now ? await now() : Date.now()));
      const page = await workQueue(db, today, scope, req.query.limit ?? 200, req.query.after);
      return { today, ...page, more: page.nextCursor !== null };
    },
  );
}
