import { Prisma, type Db } from '../../prisma/client.js';
import { CompanyPhase, ParticipantPhase } from '../../prisma/client.js';
import { campInvitationWorkflowId } from '../../contracts/workflow-ids.js';
import { RequestValidationError } from './errors.js';

export type TrackKind = 'participant' | 'company';

export interface TrackListFilter {
  kind: TrackKind;
  cohortId?: string;
  municipalityCode?: string;
  phase?: string;
  overdue?: boolean;
  /** Search: part of the participant's or company's name, a CVR number or a track id. */
  q?: string;
  /** Coordinator scope: only cohorts of these programmes. */
  programmeIds?: string[];
}

export interface TrackListItem {
  id: string;
  kind: TrackKind;
  workflowId: string;
  cohortId: string;
  municipalityCode: string | null;
  municipalityName: string | null;
  /** The participant's or the company's name. */
  name: string;
  /** The company's CVR number; null for a participant. */
  cvr: string | null;
  phase: string;
  paused: boolean;
  nextDeadlineOn: string | null;
  nextDeadlineWhat: string | null;
  overdueCount: number;
  emails: { sent: number; pending: number; failed: number };
}

export interface TrackPage {
  items: TrackListItem[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface Cursor {
  d: string | null;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id === 'string' && (c.d === null || /^\d{4}-\d{2}-\d{2}$/.test(String(c.d)))) return c;
  } catch {
    // falls through to the validation error
  }
  throw new RequestValidationError('query.after', 'is not a cursor this API returned');
}

export function phasesOf(kind: TrackKind): string[] {
  return Object.values(kind === 'participant' ? ParticipantPhase : CompanyPhase);
}

/** A row as selected: the item's fields, and the company's CVR (null for participants). */
type Row = Omit<TrackListItem, 'emails' | 'kind'>;

/**
 * One page of tracks from the PostgreSQL projection, ordered by next deadline (none last), then id.
 * Keyset pagination: the cursor is the last row's (deadline, id), so page 200 costs what page 1 does;
 * the (filter, nextDeadlineOn, id) indexes serve each filter.
 */
export async function listTracks(db: Db, filter: TrackListFilter, limit: number, after?: string): Promise<TrackPage> {
  if (filter.phase && !phasesOf(filter.kind).includes(filter.phase)) {
    throw new RequestValidationError('query.phase', `must be one of ${phasesOf(filter.kind).join(', ')} for ${filter.kind} tracks`);
  }
  const where: Prisma.Sql[] = [];
  if (filter.cohortId) where.push(Prisma.sql`t."cohortId" = ${filter.cohortId}`);
  if (filter.municipalityCode) where.push(Prisma.sql`p."municipalityCode" = ${filter.municipalityCode}`);
  // Compared as the enum, not as text, so the (phase, nextDeadlineOn, id) index serves it.
  const phaseType = Prisma.raw(filter.kind === 'participant' ? '"ParticipantPhase"' : '"CompanyPhase"');
  if (filter.phase) where.push(Prisma.sql`t.phase = CAST(${filter.phase} AS ${phaseType})`);
  if (filter.overdue === true) where.push(Prisma.sql`t."overdueCount" > 0`);
  if (filter.overdue === false) where.push(Prisma.sql`t."overdueCount" = 0`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      filter.kind === 'participant'
        ? Prisma.sql`(t.id = ${filter.q} OR (pa."givenName" || ' ' || pa."familyName") ILIKE ${like})`
        : Prisma.sql`(t.id = ${filter.q} OR c.cvr = ${filter.q} OR c.name ILIKE ${like})`,
    );
  }
  if (filter.programmeIds) {
    where.push(Prisma.sql`t."cohortId" IN (SELECT id FROM "Cohort" WHERE "programmeId" = ANY(${filter.programmeIds}::text[]))`);
  }
  const common = Prisma.sql`t.id, t."workflowId", t."cohortId", t.phase::text AS phase, t.paused,
      to_char(t."nextDeadlineOn", 'YYYY-MM-DD') AS "nextDeadlineOn", t."nextDeadlineWhat", t."overdueCount",
      p."municipalityCode", m.name AS "municipalityName"`;
  const select = async (extra: Prisma.Sql | undefined, take: number): Promise<Row[]> => {
    const all = extra ? [...where, extra] : where;
    const whereSql = all.length ? Prisma.sql`WHERE ${Prisma.join(all, ' AND ')}` : Prisma.empty;
    const order = Prisma.sql`ORDER BY t."nextDeadlineOn" ASC NULLS LAST, t.id ASC LIMIT ${take}`;
    return filter.kind === 'participant'
      ? db.$queryRaw<Row[]>`SELECT ${common}, pa."givenName" || ' ' || pa."familyName" AS name, NULL::text AS cvr
          FROM "ParticipantTrack" t
          JOIN "Partnership" p ON p.id = t."partnershipId"
          JOIN "Municipality" m ON m.code = p."municipalityCode"
          JOIN "Participant" pa ON pa.id = t."participantId"
          ${whereSql} ${order}`
      : db.$queryRaw<Row[]>`SELECT ${common}, c.name AS name, c.cvr
          FROM "CompanyTrack" t
          LEFT JOIN "Partnership" p ON p.id = t."partnershipId"
          LEFT JOIN "Municipality" m ON m.code = p."municipalityCode"
          JOIN "Company" c ON c.id = t."companyId"
          ${whereSql} ${order}`;
  };
  // The cursor becomes an index condition: a row comparison for the dated part, then, when that
  // runs out, the tracks without a deadline (which sort last) by id. An OR of both would make the
  // database scan from the start of the index and filter.
  let rows: Row[];
  const c = after ? decodeCursor(after) : undefined;
  if (!c) rows = await select(undefined, limit + 1);
  else if (c.d === null) rows = await select(Prisma.sql`t."nextDeadlineOn" IS NULL AND t.id > ${c.id}`, limit + 1);
  else {
    rows = await select(Prisma.sql`(t."nextDeadlineOn", t.id) > (${c.d}::date, ${c.id})`, limit + 1);
    if (rows.length <= limit) rows = rows.concat(await select(Prisma.sql`t."nextDeadlineOn" IS NULL`, limit + 1 - rows.length));
  }
  const page = rows.slice(0, limit);
  const emails = await emailCounts(db, await mailWorkflowsOf(db, filter.kind, page));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...r,
      kind: filter.kind,
      overdueCount: Number(r.overdueCount),
      emails: emails.get(r.workflowId) ?? { sent: 0, pending: 0, failed: 0 },
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ d: last.nextDeadlineOn, id: last.id }) : null,
  };
}

/**
 * The workflows whose e-mails count for each track on the page, mapped to the track's workflow: the
 * track's own, and for a company the camp invitation workflows (`camp-<campId>-<cvr>`) of its cohort.
 */
async function mailWorkflowsOf(db: Db, kind: TrackKind, page: Row[]): Promise<Map<string, string>> {
  const map = new Map(page.map((r) => [r.workflowId, r.workflowId]));
  if (kind !== 'company' || page.length === 0) return map;
  const camps = await db.camp.findMany({
    where: { cohortId: { in: [...new Set(page.map((r) => r.cohortId))] } },
    select: { id: true, cohortId: true },
  });
  for (const r of page) {
    for (const camp of camps) if (camp.cohortId === r.cohortId && r.cvr) map.set(campInvitationWorkflowId(camp.id, r.cvr), r.workflowId);
  }
  return map;
}

async function emailCounts(db: Db, workflows: Map<string, string>): Promise<Map<string, TrackListItem['emails']>> {
  const out = new Map<string, TrackListItem['emails']>();
  if (workflows.size === 0) return out;
  const groups = await db.emailOutbox.groupBy({
    by: ['workflowId', 'status'],
    where: { workflowId: { in: [...workflows.keys()] } },
    _count: { _all: true },
  });
  for (const g of groups) {
    const track = g.workflowId ? workflows.get(g.workflowId) : undefined;
    if (!track) continue;
    const counts = out.get(track) ?? { sent: 0, pending: 0, failed: 0 };
    if (g.status === 'SENT') counts.sent += g._count._all;
    else if (g.status === 'FAILED') counts.failed += g._count._all;
    else counts.pending += g._count._all;
    out.set(track, counts);
  }
  return out;
}
