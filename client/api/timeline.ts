import { campInvitationWorkflowId } from '../../contracts/workflow-ids.js';
import { dateOfUtcMidnight, localDateAt } from '../../domain/calendar.js';
import { freeTexts } from '../../store/free-text.js';
import { attendanceJudgeOf } from './attendance-against-plan.js';
import type { Db } from '../../prisma/client.js';

export type TimelineKind = 'attendance' | 'outcome' | 'ledger' | 'email' | 'audit' | 'invitation' | 'assignment';

export interface TimelineEvent {
  /** ISO date or date-time; events are sorted by it. */
  at: string;
  kind: TimelineKind;
  title: string;
  detail?: string;
  status?: string;
  /** The row's id, for actions (retry an e-mail, resend an invitation). */
  ref?: string;
  /** In a participant's or a company's whole history: the track the event belongs to. */
  trackId?: string;
  /**
   * The event's values one by one (kinds, amounts, days, counts), so that a reader writes the event in
   * its own language; `title` and `detail` are the same in English words.
   */
  facts: Record<string, string | number | boolean | null>;
}

/** A `date` column (an outcome's, a ledger entry's, an attendance week's) as its date. */
const day = dateOfUtcMidnight;
const kroner = (ore: bigint) => `DKK ${(Number(ore) / 100).toLocaleString('da-DK', { minimumFractionDigits: 2 })}`;

async function emailEvents(db: Db, workflowIds: string[]): Promise<TimelineEvent[]> {
  const rows = await db.emailOutbox.findMany({
    where: { workflowId: { in: workflowIds } },
    select: {
      id: true,
      subject: true,
      toAddress: true,
      template: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
    },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((e) => ({
    at: (e.sentAt ?? e.createdAt).toISOString(),
    kind: 'email',
    title: e.subject,
    detail: `${e.template} → ${e.toAddress}, ${e.attempts} attempt(s)${e.lastError ? `: ${e.lastError}` : ''}`,
    status: e.status,
    ref: e.id,
    facts: { subject: e.subject, template: e.template, toAddress: e.toAddress, attempts: e.attempts, lastError: e.lastError },
  }));
}

/**
 * Free text an audit entry refers to (the entry itself keeps the FreeText id only), shown with it:
 * an anchoring answer's note, a problem report's description.
 */
const AUDIT_TEXTS: Array<{ idField: string; label: string }> = [
  { idField: 'noteId', label: 'note' },
  { idField: 'descriptionId', label: 'problem' },
];

async function auditTexts(db: Db, rows: Array<{ id: bigint; details: unknown }>): Promise<Map<bigint, string>> {
  const refs = rows.flatMap((a) =>
    AUDIT_TEXTS.flatMap(({ idField, label }) => {
      const id = (a.details as Record<string, unknown> | null)?.[idField];
      return typeof id === 'string' ? [{ row: a.id, id, label }] : [];
    }),
  );
  const texts = await freeTexts(
    db,
    refs.map((r) => r.id),
  );
  const byRow = new Map<bigint, string>();
  refs.forEach((r, i) => byRow.set(r.row, [byRow.get(r.row), `${r.label}: ${texts[i]!}`].filter(Boolean).join('; ')));
  return byRow;
}

/** Audit entries about the track itself and about its e-mails and invitations. */
async function auditEvents(db: Db, refs: { entity: string; ids: string[] }[]): Promise<TimelineEvent[]> {
  const rows = await db.auditLog.findMany({
    where: { OR: refs.filter((r) => r.ids.length > 0).map((r) => ({ entity: r.entity, entityId: { in: r.ids } })) },
    orderBy: { at: 'asc' },
    take: 500,
  });
  const texts = await auditTexts(db, rows);
  return rows.map((a) => ({
    at: a.at.toISOString(),
    kind: 'audit',
    title: a.action,
    detail: `${a.actor} (${a.role})${a.entity === 'ParticipantTrack' || a.entity === 'CompanyTrack' ? '' : ` on ${a.entity} ${a.entityId ?? ''}`}${texts.has(a.id) ? `: ${texts.get(a.id)!}` : ''}`,
    status: a.allowed ? 'ALLOWED' : 'REFUSED',
    ref: String(a.id),
    facts: {
      action: a.action,
      actor: a.actor,
      role: a.role,
      entity: a.entity,
      entityId: a.entityId,
      text: texts.get(a.id) ?? null,
    },
  }));
}

async function outcomeAndLedgerEvents(
  db: Db,
  where: { participantTrackId: string } | { companyTrackId: string },
): Promise<TimelineEvent[]> {
  const outcomes = await db.outcome.findMany({ where, include: { ledgerEntries: true }, orderBy: { occurredOn: 'asc' } });
  return outcomes.flatMap((o): TimelineEvent[] => [
    {
      at: day(o.occurredOn),
      kind: 'outcome',
      title: `Outcome: ${o.kind}`,
      detail: [
        o.hoursPerWeek ? `${o.hoursPerWeek.toString()} h/week` : '',
        o.retentionWeeks ? `retention after ${o.retentionWeeks} weeks` : '',
        o.detail ?? '',
        `evidence ${o.evidenceRef}`,
      ]
        .filter(Boolean)
        .join('; '),
      ref: o.id,
      facts: {
        outcomeKind: o.kind,
        hoursPerWeek: o.hoursPerWeek ? Number(o.hoursPerWeek.toString()) : null,
        retentionWeeks: o.retentionWeeks,
        detail: o.detail,
        evidenceRef: o.evidenceRef,
      },
    },
    ...o.ledgerEntries.map((l): TimelineEvent => ({
      at: day(l.occurredOn),
      kind: 'ledger',
      title: `Ledger ${l.kind}: ${kroner(l.amountOre)}`,
      detail: `rate card line ${l.rateCardLine}, municipality ${l.municipalityCode}`,
      ref: String(l.id),
      facts: { entryKind: l.kind, amountOre: Number(l.amountOre), rateCardLine: l.rateCardLine, municipalityCode: l.municipalityCode },
    })),
  ]);
}

function byTime(events: TimelineEvent[]): TimelineEvent[] {
  return events.sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind));
}

/** Everything that happened on one participant track, oldest first. */
export async function participantTimeline(db: Db, track: { id: string; workflowId: string }): Promise<TimelineEvent[]> {
  const [attendance, assignments, outcomes, emails, judge] = await Promise.all([
    db.attendance.findMany({ where: { participantTrackId: track.id }, orderBy: { weekStart: 'asc' } }),
    db.assignment.findMany({ where: { participantTrackId: track.id }, include: { staffMember: { select: { name: true } } } }),
    outcomeAndLedgerEvents(db, { participantTrackId: track.id }),
    emailEvents(db, [track.workflowId]),
    attendanceJudgeOf(db, track.id),
  ]);
  const audit = await auditEvents(db, [
    { entity: 'ParticipantTrack', ids: [track.id] },
    { entity: 'EmailOutbox', ids: emails.map((e) => e.ref!) },
  ]);
  return byTime([
    ...attendance.map((a): TimelineEvent => {
      // Against the plan when the track's plan is known: the week's planned hours and its status.
      const week = judge?.(day(a.weekStart), { hours: a.hours.toNumber(), present: a.present });
      const planned = week && week.status !== 'NOTHING_PLANNED' ? ` of ${week.plannedHours} h planned` : '';
      return {
        at: day(a.weekStart),
        kind: 'attendance',
        title: `Week of ${day(a.weekStart)}: ${a.present ? `${a.hours.toString()} h${planned}` : `absent${planned ? ` (${week!.plannedHours} h planned)` : ''}`}`,
        detail: [a.note ?? '', `recorded by ${a.recordedBy}`].filter(Boolean).join('; '),
        status: week?.status === 'UNDER_ACTIVATED' ? 'UNDER_ACTIVATED' : a.present ? 'PRESENT' : 'ABSENT',
        ref: a.id,
        facts: {
          weekStart: day(a.weekStart),
          present: a.present,
          hours: a.hours.toNumber(),
          plannedHours: week && week.status !== 'NOTHING_PLANNED' ? week.plannedHours : null,
          note: a.note,
          recordedBy: a.recordedBy,
        },
      };
    }),
    ...assignments.map((a): TimelineEvent => ({
      at: a.assignedAt.toISOString(),
      kind: 'assignment',
      title: `${a.role}: ${a.staffMember.name}`,
      // An assignment ends at an instant: the day it was in Copenhagen, not in UTC.
      detail: a.endedAt ? `until ${localDateAt(a.endedAt.getTime())}` : undefined,
      ref: a.id,
      facts: { role: a.role, staffName: a.staffMember.name, endedOn: a.endedAt ? localDateAt(a.endedAt.getTime()) : null },
    })),
    ...outcomes,
    ...emails,
    ...audit,
  ]);
}

/** Everything that happened on one company track, its camp invitations included, oldest first. */
/** The company's feedback on a camp, as the timeline shows it. */
function feedbackOf(i: { feedbackScore: number | null; feedbackComment: string | null }): string {
  if (i.feedbackScore === null) return '';
  return `; feedback ${i.feedbackScore}/5${i.feedbackComment ? `: ${i.feedbackComment}` : ''}`;
}

export async function companyTimeline(
  db: Db,
  track: { id: string; workflowId: string; companyId: string; cohortId: string; cvr: string },
): Promise<TimelineEvent[]> {
  const invitations = await db.campInvitation.findMany({
    where: { companyId: track.companyId, camp: { cohortId: track.cohortId } },
    include: { camp: true },
    orderBy: { camp: { startsAt: 'asc' } },
  });
  const workflowIds = [track.workflowId, ...invitations.map((i) => campInvitationWorkflowId(i.campId, track.cvr))];
  const [outcomes, emails] = await Promise.all([outcomeAndLedgerEvents(db, { companyTrackId: track.id }), emailEvents(db, workflowIds)]);
  const audit = await auditEvents(db, [
    { entity: 'CompanyTrack', ids: [track.id] },
    { entity: 'EmailOutbox', ids: emails.map((e) => e.ref!) },
    { entity: 'CampInvitation', ids: invitations.map((i) => i.id) },
  ]);
  return byTime([
    ...invitations.map((i): TimelineEvent => ({
      at: i.camp.startsAt.toISOString(),
      kind: 'invitation',
      title: `${i.camp.title} (${i.camp.kind}, ${i.camp.status})`,
      detail: `${i.camp.location}; answer ${i.rsvp}${i.attended === null ? '' : i.attended ? ', attended' : ', did not attend'}${feedbackOf(i)}`,
      status: i.rsvp,
      ref: i.id,
      facts: {
        campTitle: i.camp.title,
        campKind: i.camp.kind,
        campStatus: i.camp.status,
        location: i.camp.location,
        rsvp: i.rsvp,
        attended: i.attended,
        feedbackScore: i.feedbackScore,
        feedbackComment: i.feedbackComment,
      },
    })),
    ...outcomes,
    ...emails,
    ...audit,
  ]);
}

/** A participant's whole history: every track (a transfer makes a second one), oldest event first. */
export async function participantHistory(db: Db, tracks: { id: string; workflowId: string }[]): Promise<TimelineEvent[]> {
  const perTrack = await Promise.all(tracks.map(async (t) => (await participantTimeline(db, t)).map((e) => ({ ...e, trackId: t.id }))));
  return byTime(perTrack.flat());
}

/** A company's whole history: its tracks in every cohort, with their invitations, oldest event first. */
export async function companyHistory(
  db: Db,
  tracks: { id: string; workflowId: string; companyId: string; cohortId: string; cvr: string }[],
): Promise<TimelineEvent[]> {
  const perTrack = await Promise.all(tracks.map(async (t) => (await companyTimeline(db, t)).map((e) => ({ ...e, trackId: t.id }))));
  return byTime(perTrack.flat());
}
