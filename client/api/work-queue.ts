import { localDateAt } from '../../domain/calendar.js';
import { Prisma, type Db } from '../../prisma/client.js';
import { cohortMailCondition } from './cohort-mails.js';

/**
 * What a person can do about an item of the work queue, each an action the console offers:
 * ATTENDANCE record a week's attendance, RETENTION_ANSWER answer a retention follow-up, PLACEMENT place
 * the participant, OUTCOME record the outcome, MENTOR assign a mentor, EMPLOYER_CONTACT record the first
 * employer contact (IPS), PROBLEM_REPORT acknowledge a company's problem report, EMAIL_FAILED retry an
 * e-mail the receiving server refused.
 */
export const WORK_KINDS = [
  'ATTENDANCE',
  'RETENTION_ANSWER',
  'PLACEMENT',
  'OUTCOME',
  'MENTOR',
  'EMPLOYER_CONTACT',
  'PROBLEM_REPORT',
  'EMAIL_FAILED',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** Each role's items: the steps its routes let it take (the API would refuse the others). */
export const KINDS_OF_ROLE: Record<'staff' | 'coordinator' | 'operator', readonly WorkKind[]> = {
  staff: ['ATTENDANCE', 'RETENTION_ANSWER', 'EMPLOYER_CONTACT'],
  coordinator: ['ATTENDANCE', 'RETENTION_ANSWER', 'PLACEMENT', 'OUTCOME', 'MENTOR', 'EMPLOYER_CONTACT', 'PROBLEM_REPORT'],
  operator: ['PROBLEM_REPORT', 'EMAIL_FAILED'],
};

export interface WorkItem {
  /** Stable: the track's id and the task's (`pt-1:attendance:2026-11-02`). */
  id: string;
  kind: WorkKind;
  dueOn: string;
  /** Due before today (the agenda marked it, or its day has passed). */
  overdue: boolean;
  /** EMAIL_FAILED items have no track: `trackId` is the outbox row's id. */
  trackKind: 'participant' | 'company' | 'email';
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

interface TaskJson {
  id?: unknown;
  kind?: unknown;
  dueOn?: unknown;
  overdue?: unknown;
}
interface ParticipantRow {
  id: string;
  name: string;
  cohortId: string;
  cohortName: string;
  partnershipId: string;
  municipalityCode: string;
  municipalityName: string;
  tasks: TaskJson[] | null;
}
interface CompanyRow {
  id: string;
  name: string;
  cvr: string;
  cohortId: string;
  cohortName: string;
  partnershipId: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  reports: { reportId?: unknown; reportedOn?: unknown; acknowledged?: unknown }[] | null;
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * Everything due today or overdue for the caller, read from the PostgreSQL projection: the tasks of
 * participant tracks with overdue items (the summary's `overdue`, which the next deadline no longer
 * counts) or whose next deadline has come (its `pendingTasks`), and the unacknowledged problem
 * reports of company tracks. The tracks with the most overdue items come first, then by deadline;
 * the items oldest first; at most `limit` of them.
 */
export async function workQueue(
  db: Db,
  today: string,
  scope: WorkQueueScope,
  limit: number,
): Promise<{ items: WorkItem[]; more: boolean }> {
  const kinds = scope.kinds;
  const where: Prisma.Sql[] = [Prisma.sql`(t."overdueCount" > 0 OR t."nextDeadlineOn" <= ${today}::date)`, Prisma.sql`NOT t.paused`];
  if (scope.cohortId) where.push(Prisma.sql`t."cohortId" = ${scope.cohortId}`);
  if (scope.municipalityCode) where.push(Prisma.sql`p."municipalityCode" = ${scope.municipalityCode}`);
  if (scope.programmeIds) where.push(Prisma.sql`c."programmeId" = ANY(${scope.programmeIds}::text[])`);
  if (scope.employmentActorId) where.push(Prisma.sql`p."employmentActorId" = ${scope.employmentActorId}`);
  const participantKinds = kinds.filter((k) => k !== 'PROBLEM_REPORT' && k !== 'EMAIL_FAILED');
  const participants = !participantKinds.length
    ? []
    : await db.$queryRaw<ParticipantRow[]>`
    SELECT t.id, pa."givenName" || ' ' || pa."familyName" AS name, t."cohortId", c.name AS "cohortName",
      t."partnershipId", p."municipalityCode", m.name AS "municipalityName", coalesce(t.summary -> 'overdue', '[]'::jsonb) || coalesce(t.summary -> 'pendingTasks', '[]'::jsonb) AS tasks
    FROM "ParticipantTrack" t
    JOIN "Cohort" c ON c.id = t."cohortId"
    JOIN "Partnership" p ON p.id = t."partnershipId"
    JOIN "Municipality" m ON m.code = p."municipalityCode"
    JOIN "Participant" pa ON pa.id = t."participantId"
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY t."overdueCount" DESC, t."nextDeadlineOn", t.id
    LIMIT ${limit + 1}`;

  const items: WorkItem[] = [];
  for (const r of participants) {
    const seen = new Set<string>();
    for (const t of Array.isArray(r.tasks) ? r.tasks : []) {
      const kind = t.kind as WorkKind;
      if (typeof t.id !== 'string' || seen.has(t.id)) continue;
      seen.add(t.id);
      if (!isDate(t.dueOn) || t.dueOn > today || !kinds.includes(kind) || kind === 'PROBLEM_REPORT' || kind === 'EMAIL_FAILED') continue;
      const item: WorkItem = {
        id: `${r.id}:${t.id}`,
        kind,
        dueOn: t.dueOn,
        overdue: t.overdue === true || t.dueOn < today,
        trackKind: 'participant',
        trackId: r.id,
        name: r.name,
        cohortId: r.cohortId,
        cohortName: r.cohortName,
        partnershipId: r.partnershipId,
        municipalityCode: r.municipalityCode,
        municipalityName: r.municipalityName,
      };
      if (kind === 'ATTENDANCE') item.weekStart = t.id.slice('attendance:'.length);
      if (kind === 'RETENTION_ANSWER') item.weeks = Number(t.id.split(':')[1]);
      items.push(item);
    }
  }

  if (kinds.includes('PROBLEM_REPORT')) {
    const cw: Prisma.Sql[] = [Prisma.sql`t.summary -> 'problemReports' @> '[{"acknowledged": false}]'::jsonb`];
    if (scope.cohortId) cw.push(Prisma.sql`t."cohortId" = ${scope.cohortId}`);
    if (scope.municipalityCode) cw.push(Prisma.sql`p."municipalityCode" = ${scope.municipalityCode}`);
    if (scope.programmeIds) cw.push(Prisma.sql`c."programmeId" = ANY(${scope.programmeIds}::text[])`);
    const companies = await db.$queryRaw<CompanyRow[]>`
      SELECT t.id, co.name, co.cvr, t."cohortId", c.name AS "cohortName", t."partnershipId", p."municipalityCode",
        m.name AS "municipalityName", t.summary -> 'problemReports' AS reports
      FROM "CompanyTrack" t
      JOIN "Cohort" c ON c.id = t."cohortId"
      JOIN "Company" co ON co.id = t."companyId"
      LEFT JOIN "Partnership" p ON p.id = t."partnershipId"
      LEFT JOIN "Municipality" m ON m.code = p."municipalityCode"
      WHERE ${Prisma.join(cw, ' AND ')}
      ORDER BY t.id
      LIMIT ${limit}`;
    for (const r of companies) {
      for (const p of r.reports ?? []) {
        if (p.acknowledged !== false || typeof p.reportId !== 'string' || !isDate(p.reportedOn)) continue;
        items.push({
          id: `${r.id}:problem:${p.reportId}`,
          kind: 'PROBLEM_REPORT',
          dueOn: p.reportedOn,
          overdue: p.reportedOn < today,
          trackKind: 'company',
          trackId: r.id,
          name: r.name,
          cohortId: r.cohortId,
          cohortName: r.cohortName,
          partnershipId: r.partnershipId,
          municipalityCode: r.municipalityCode,
          municipalityName: r.municipalityName,
          cvr: r.cvr,
          reportId: p.reportId,
        });
      }
    }
  }
  if (kinds.includes('EMAIL_FAILED')) {
    const mails = await db.$queryRaw<{ id: string; subject: string; updatedAt: Date }[]>`
      SELECT id, subject, "updatedAt" FROM "EmailOutbox"
      WHERE status = 'FAILED' ${scope.cohortId ? Prisma.sql`AND ${await cohortMailCondition(db, scope.cohortId)}` : Prisma.empty}
      ORDER BY "updatedAt" LIMIT ${limit}`;
    for (const m of mails) {
      const on = localDateAt(m.updatedAt.getTime());
      items.push({
        id: `email:${m.id}`,
        kind: 'EMAIL_FAILED',
        dueOn: on,
        overdue: on < today,
        trackKind: 'email',
        trackId: m.id,
        name: m.subject,
        cohortId: scope.cohortId ?? null,
        cohortName: null,
        partnershipId: null,
        municipalityCode: null,
        municipalityName: null,
      });
    }
  }
  items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
  return { items: items.slice(0, limit), more: items.length > limit || participants.length > limit };
}
