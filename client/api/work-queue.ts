import { Prisma, type Db } from '../../prisma/client.js';
import { cohortMailCondition } from './cohort-mails.js';
import { RequestValidationError } from './errors.js';

/**
 * What a person can do about an item of the work queue, each an action the console offers:
 * ATTENDANCE record a week's attendance, RETENTION_ANSWER answer a retention follow-up, PLACEMENT place
 * the participant, OUTCOME record the outcome, MENTOR assign a mentor, EMPLOYER_CONTACT record the first
 * employer contact (IPS), PROBLEM_REPORT acknowledge a company's problem report (of its company track or of
 * its cooperation), PROPOSAL_ANSWER answer a job-opening proposal the company has not answered by its
 * day (on the company's behalf), EMAIL_FAILED retry an e-mail the receiving server refused.
 */
export const WORK_KINDS = [
  'ATTENDANCE',
  'RETENTION_ANSWER',
  'PLACEMENT',
  'OUTCOME',
  'MENTOR',
  'EMPLOYER_CONTACT',
  'PROBLEM_REPORT',
  'PROPOSAL_ANSWER',
  'EMAIL_FAILED',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** Each role's items: the steps its routes let it take (the API would refuse the others). */
export const KINDS_OF_ROLE: Record<'staff' | 'coordinator' | 'operator', readonly WorkKind[]> = {
  // Staff cannot answer for the company; their proposal items lead to the opening (the console links there).
  staff: ['ATTENDANCE', 'RETENTION_ANSWER', 'EMPLOYER_CONTACT', 'PROPOSAL_ANSWER'],
  coordinator: [
    'ATTENDANCE',
    'RETENTION_ANSWER',
    'PLACEMENT',
    'OUTCOME',
    'MENTOR',
    'EMPLOYER_CONTACT',
    'PROBLEM_REPORT',
    'PROPOSAL_ANSWER',
  ],
  operator: ['PROBLEM_REPORT', 'EMAIL_FAILED'],
};

export interface WorkItem {
  /** Stable: the track's id and the task's (`pt-1:attendance:2026-11-02`). */
  id: string;
  kind: WorkKind;
  dueOn: string;
  /** Due before today (the agenda marked it, or its day has passed). */
  overdue: boolean;
  /**
   * EMAIL_FAILED items have no track: `trackId` is the outbox row's id; a cooperation's problem report
   * names the CompanyCooperation, a proposal its JobOpening.
   */
  trackKind: 'participant' | 'company' | 'cooperation' | 'opening' | 'email';
  trackId: string;
  /** The participant's or the company's name; an e-mail's subject. */
  name: string;
  cohortId: string | null;
  cohortName: string | null;
  partnershipId: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  /** ATTENDANCE: the week's Monday. */
  weekStart?: string;
  /** RETENTION_ANSWER: weeks after the hire. */
  weeks?: number;
  /** PROBLEM_REPORT: the company and its report. */
  cvr?: string;
  reportId?: string;
  /** PROPOSAL_ANSWER: the proposal (JobMatch) waiting for the company's answer, and the opening's title. */
  matchId?: string;
  title?: string;
}

export interface WorkQueueScope {
  kinds: readonly WorkKind[];
  /** Coordinators: the cohorts of these programmes. */
  programmeIds?: string[];
  /** Staff: the partnerships of this employment actor. */
  employmentActorId?: string;
  cohortId?: string;
  municipalityCode?: string;
}

/** A row of the page as selected: the item's fields, its task id and the company's CVR where it has one. */
interface ItemRow {
  id: string;
  kind: WorkKind;
  dueOn: string;
  overdue: boolean;
  trackKind: WorkItem['trackKind'];
  trackId: string;
  taskId: string | null;
  name: string;
  cohortId: string | null;
  cohortName: string | null;
  partnershipId: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  cvr: string | null;
  reportId: string | null;
  matchId: string | null;
  title: string | null;
}

export interface WorkQueuePage {
  items: WorkItem[];
  /** Every item due for the caller, on this page and the others. */
  total: number;
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The last item of a page: its due day and id, the order the queue pages by. */
interface Cursor {
  d: string;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(String(c.d))) return c;
  } catch {
    // falls through to the validation error
  }
  throw new RequestValidationError('query.after', 'is not a cursor this API returned');
}

/**
 * Everything due today or overdue for the caller, oldest first (then by id), a page at a time: the
 * open tasks of running participant tracks (ParticipantTrackTask, which the projection writes from
 * the summaries' overdue and pending tasks) due by today, the unacknowledged problem reports of
 * company tracks and of cooperations, the job-opening proposals whose answer day has come without the
 * company's answer, and for operators the e-mails that failed. The page and the count are two
 * statements read side by side; the tasks are paged along their index by (due day, id), so the
 * first page of 10,000 tracks' queue reads its rows only.
 */
export async function workQueue(db: Db, today: string, scope: WorkQueueScope, limit: number, after?: string): Promise<WorkQueuePage> {
  const kinds = scope.kinds;
  const cursor = after ? decodeCursor(after) : undefined;
  const participantKinds = kinds.filter((k) => k !== 'PROBLEM_REPORT' && k !== 'PROPOSAL_ANSWER' && k !== 'EMAIL_FAILED');
  const mailsOfCohort = kinds.includes('EMAIL_FAILED') && scope.cohortId ? await cohortMailCondition(db, scope.cohortId) : undefined;

  // The caller's partnerships: the scope of a task is its track's partnership.
  const pw: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (scope.cohortId) pw.push(Prisma.sql`p."cohortId" = ${scope.cohortId}`);
  if (scope.municipalityCode) pw.push(Prisma.sql`p."municipalityCode" = ${scope.municipalityCode}`);
  if (scope.programmeIds) pw.push(Prisma.sql`c."programmeId" = ANY(${scope.programmeIds}::text[])`);
  if (scope.employmentActorId) pw.push(Prisma.sql`p."employmentActorId" = ${scope.employmentActorId}`);
  // The partnerships as an array made first (an InitPlan): one condition on the tasks' own column, no
  // join for the planner to order.
  const tasksDue = Prisma.sql`w."dueOn" <= ${today}::date AND w.kind = ANY(${participantKinds}::text[])
    AND w."partnershipId" = ANY(ARRAY(SELECT p.id FROM "Partnership" p JOIN "Cohort" c ON c.id = p."cohortId" WHERE ${Prisma.join(pw, ' AND ')}))`;

  // Company tracks whose summary lists an unacknowledged problem report, each report an item.
  const cw: Prisma.Sql[] = [Prisma.sql`t.summary -> 'problemReports' @> '[{"acknowledged": false}]'::jsonb`];
  if (scope.cohortId) cw.push(Prisma.sql`t."cohortId" = ${scope.cohortId}`);
  if (scope.municipalityCode) cw.push(Prisma.sql`p."municipalityCode" = ${scope.municipalityCode}`);
  if (scope.programmeIds) cw.push(Prisma.sql`c."programmeId" = ANY(${scope.programmeIds}::text[])`);
  const reports = Prisma.sql`
    FROM "CompanyTrack" t
    JOIN "Cohort" c ON c.id = t."cohortId"
    JOIN "Company" co ON co.id = t."companyId"
    LEFT JOIN "Partnership" p ON p.id = t."partnershipId"
    LEFT JOIN "Municipality" m ON m.code = p."municipalityCode"
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(t.summary -> 'problemReports') = 'array'
      THEN t.summary -> 'problemReports' ELSE '[]'::jsonb END) AS r(report)
    WHERE ${Prisma.join(cw, ' AND ')} AND r.report -> 'acknowledged' = 'false'::jsonb
      AND jsonb_typeof(r.report -> 'reportId') = 'string' AND r.report ->> 'reportedOn' ~ '^\\d{4}-\\d{2}-\\d{2}$'`;
  const reportId = Prisma.sql`t.id || ':problem:' || (r.report ->> 'reportId')`;
  const reportedOn = Prisma.sql`(r.report ->> 'reportedOn')::date`;

  // The cooperations (companies outside an accelerator) whose summary lists a problem not acknowledged:
  // acknowledged ones carry `acknowledgedOn`. An ended cooperation's report is still to acknowledge.
  const ow: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (scope.cohortId) ow.push(Prisma.sql`o."cohortId" = ${scope.cohortId}`);
  if (scope.municipalityCode) ow.push(Prisma.sql`p."municipalityCode" = ${scope.municipalityCode}`);
  if (scope.programmeIds) ow.push(Prisma.sql`c."programmeId" = ANY(${scope.programmeIds}::text[])`);
  const coopReports = Prisma.sql`
    FROM "CompanyCooperation" o
    JOIN "Cohort" c ON c.id = o."cohortId"
    JOIN "Company" co ON co.id = o."companyId"
    JOIN "Partnership" p ON p.id = o."partnershipId"
    JOIN "Municipality" m ON m.code = p."municipalityCode"
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(o.summary -> 'problems') = 'array'
      THEN o.summary -> 'problems' ELSE '[]'::jsonb END) AS r(report)
    WHERE ${Prisma.join(ow, ' AND ')} AND (o.summary ->> 'openProblems')::int > 0 AND r.report -> 'acknowledgedOn' IS NULL
      AND jsonb_typeof(r.report -> 'reportId') = 'string' AND r.report ->> 'reportedOn' ~ '^\\d{4}-\\d{2}-\\d{2}$'`;
  const coopReportId = Prisma.sql`o.id || ':problem:' || (r.report ->> 'reportId')`;

  // The job openings' proposals waiting for the company's answer whose answer day has come.
  const jw: Prisma.Sql[] = [Prisma.sql`j.status = 'OPEN'`];
  if (scope.cohortId) jw.push(Prisma.sql`j."cohortId" = ${scope.cohortId}`);
  if (scope.municipalityCode) jw.push(Prisma.sql`p."municipalityCode" = ${scope.municipalityCode}`);
  if (scope.programmeIds) jw.push(Prisma.sql`c."programmeId" = ANY(${scope.programmeIds}::text[])`);
  if (scope.employmentActorId) jw.push(Prisma.sql`p."employmentActorId" = ${scope.employmentActorId}`);
  const answerDueOn = Prisma.sql`(x.proposal ->> 'answerDueOn')::date`;
  const proposals = Prisma.sql`
    FROM "JobOpening" j
    JOIN "Cohort" c ON c.id = j."cohortId"
    JOIN "Company" co ON co.id = j."companyId"
    JOIN "Partnership" p ON p.id = j."partnershipId"
    JOIN "Municipality" m ON m.code = p."municipalityCode"
    CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(j.summary -> 'proposals') = 'array'
      THEN j.summary -> 'proposals' ELSE '[]'::jsonb END) AS x(proposal)
    WHERE ${Prisma.join(jw, ' AND ')} AND x.proposal ->> 'status' = 'PROPOSED' AND jsonb_typeof(x.proposal -> 'matchId') = 'string'
      AND x.proposal ->> 'answerDueOn' ~ '^\\d{4}-\\d{2}-\\d{2}$' AND ${answerDueOn} <= ${today}::date`;
  const proposalId = Prisma.sql`j.id || ':proposal:' || (x.proposal ->> 'matchId')`;

  // Failed e-mails, due on the day (in Copenhagen) they last failed.
  const mails = Prisma.sql`FROM "EmailOutbox" e WHERE e.status = 'FAILED' ${mailsOfCohort ? Prisma.sql`AND ${mailsOfCohort}` : Prisma.empty}`;
  const failedOn = Prisma.sql`((e."updatedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Copenhagen')::date`;

  const afterCursor = (on: Prisma.Sql, id: Prisma.Sql) =>
    cursor ? Prisma.sql`AND (${on}, ${id}) > (${cursor.d}::date, ${cursor.id})` : Prisma.empty;
  const parts: Prisma.Sql[] = [];
  const counts: Prisma.Sql[] = [];
  if (participantKinds.length) {
    // The page's tasks first, along the (dueOn, id) index; the names of those rows only after.
    parts.push(Prisma.sql`(
      SELECT w.id, w.kind, w."dueOn", w.overdue OR w."dueOn" < ${today}::date AS overdue, 'participant' AS "trackKind",
        w."participantTrackId" AS "trackId", w."taskId", pa."givenName" || ' ' || pa."familyName" AS name, t."cohortId",
        c.name AS "cohortName", w."partnershipId", p."municipalityCode", m.name AS "municipalityName", NULL AS cvr, NULL AS "reportId",
        NULL AS "matchId", NULL AS title
      FROM (
        SELECT w.id, w.kind, w."dueOn", w.overdue, w."participantTrackId", w."partnershipId", w."taskId" FROM "ParticipantTrackTask" w
        WHERE ${tasksDue} ${afterCursor(Prisma.sql`w."dueOn"`, Prisma.sql`w.id`)}
        ORDER BY w."dueOn", w.id LIMIT ${limit + 1}
      ) w
      JOIN "ParticipantTrack" t ON t.id = w."participantTrackId"
      JOIN "Participant" pa ON pa.id = t."participantId"
      JOIN "Cohort" c ON c.id = t."cohortId"
      JOIN "Partnership" p ON p.id = w."partnershipId"
      JOIN "Municipality" m ON m.code = p."municipalityCode")`);
    counts.push(Prisma.sql`(SELECT count(*) FROM "ParticipantTrackTask" w WHERE ${tasksDue})`);
  }
  if (kinds.includes('PROBLEM_REPORT')) {
    parts.push(Prisma.sql`(
      SELECT ${reportId} AS id, 'PROBLEM_REPORT' AS kind, ${reportedOn} AS "dueOn", ${reportedOn} < ${today}::date AS overdue,
        'company' AS "trackKind", t.id AS "trackId", NULL AS "taskId", co.name, t."cohortId", c.name AS "cohortName",
        t."partnershipId", p."municipalityCode", m.name AS "municipalityName", co.cvr, r.report ->> 'reportId' AS "reportId",
        NULL AS "matchId", NULL AS title
      ${reports} ${afterCursor(reportedOn, reportId)}
      ORDER BY 3, 1 LIMIT ${limit + 1})`);
    counts.push(Prisma.sql`(SELECT count(*) ${reports})`);
    parts.push(Prisma.sql`(
      SELECT ${coopReportId} AS id, 'PROBLEM_REPORT' AS kind, ${reportedOn} AS "dueOn", ${reportedOn} < ${today}::date AS overdue,
        'cooperation' AS "trackKind", o.id AS "trackId", NULL AS "taskId", co.name, o."cohortId", c.name AS "cohortName",
        o."partnershipId", p."municipalityCode", m.name AS "municipalityName", co.cvr, r.report ->> 'reportId' AS "reportId",
        NULL AS "matchId", NULL AS title
      ${coopReports} ${afterCursor(reportedOn, coopReportId)}
      ORDER BY 3, 1 LIMIT ${limit + 1})`);
    counts.push(Prisma.sql`(SELECT count(*) ${coopReports})`);
  }
  if (kinds.includes('PROPOSAL_ANSWER')) {
    parts.push(Prisma.sql`(
      SELECT ${proposalId} AS id, 'PROPOSAL_ANSWER' AS kind, ${answerDueOn} AS "dueOn",
        ${answerDueOn} < ${today}::date OR x.proposal -> 'answerOverdue' = 'true'::jsonb AS overdue,
        'opening' AS "trackKind", j.id AS "trackId", NULL AS "taskId", co.name, j."cohortId", c.name AS "cohortName",
        j."partnershipId", p."municipalityCode", m.name AS "municipalityName", co.cvr, NULL AS "reportId",
        x.proposal ->> 'matchId' AS "matchId", j.title
      ${proposals} ${afterCursor(answerDueOn, proposalId)}
      ORDER BY 3, 1 LIMIT ${limit + 1})`);
    counts.push(Prisma.sql`(SELECT count(*) ${proposals})`);
  }
  if (kinds.includes('EMAIL_FAILED')) {
    parts.push(Prisma.sql`(
      SELECT 'email:' || e.id AS id, 'EMAIL_FAILED' AS kind, ${failedOn} AS "dueOn", ${failedOn} < ${today}::date AS overdue,
        'email' AS "trackKind", e.id AS "trackId", NULL AS "taskId", e.subject AS name, ${scope.cohortId ?? null}::text AS "cohortId",
        NULL AS "cohortName", NULL AS "partnershipId", NULL AS "municipalityCode", NULL AS "municipalityName", NULL AS cvr, NULL AS "reportId",
        NULL AS "matchId", NULL AS title
      ${mails} ${afterCursor(failedOn, Prisma.sql`'email:' || e.id`)}
      ORDER BY 3, 1 LIMIT ${limit + 1})`);
    counts.push(Prisma.sql`(SELECT count(*) ${mails})`);
  }
  if (!parts.length) return { items: [], total: 0, nextCursor: null };

  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<(Omit<ItemRow, 'dueOn'> & { dueOn: Date })[]>`
      SELECT * FROM (${Prisma.join(parts, ' UNION ALL ')}) i ORDER BY "dueOn", id LIMIT ${limit + 1}`,
    db.$queryRaw<[{ total: number }]>`SELECT (${Prisma.join(counts, ' + ')})::int AS total`,
  ]);
  const items = rows.slice(0, limit).map((r): WorkItem => {
    const item: WorkItem = {
      id: r.id,
      kind: r.kind,
      dueOn: r.dueOn.toISOString().slice(0, 10),
      overdue: r.overdue,
      trackKind: r.trackKind,
      trackId: r.trackId,
      name: r.name,
      cohortId: r.cohortId,
      cohortName: r.cohortName,
      partnershipId: r.partnershipId,
      municipalityCode: r.municipalityCode,
      municipalityName: r.municipalityName,
    };
    if (r.kind === 'ATTENDANCE' && r.taskId) item.weekStart = r.taskId.slice('attendance:'.length);
    if (r.kind === 'RETENTION_ANSWER' && r.taskId) item.weeks = Number(r.taskId.split(':')[1]);
    if (r.kind === 'PROBLEM_REPORT') {
      item.cvr = r.cvr!;
      item.reportId = r.reportId!;
    }
    if (r.kind === 'PROPOSAL_ANSWER') {
      item.cvr = r.cvr!;
      item.matchId = r.matchId!;
      item.title = r.title!;
    }
    return item;
  });
  const last = items.at(-1);
  return { items, total, nextCursor: rows.length > limit && last ? encodeCursor({ d: last.dueOn, id: last.id }) : null };
}
