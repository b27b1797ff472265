// The support work of the programmes without an accelerator, logged by the employment actor's staff:
// group-teaching sessions of a partnership (Business Training), and a participant's support contacts —
// individual conversations, employer contacts (IPS job development; the first one is also the track's
// first employer contact, which the IPS rapid search waits for) and follow-along support after a hire.
// Every door (CLI, API) calls these. No free text: topics come from the programme, people are ids.
import { Prisma } from '../../prisma/client.js';
import { dateOfUtcMidnight, localDateAt, parseLocalDate, utcMidnightOf, type LocalDate } from '../../domain/calendar.js';
import { programmeSchema } from '../../domain/programme.js';
import {
  CONTACT_MINUTES_MAX,
  groupSessionRefusal,
  SESSION_HOURS_MAX,
  SUPPORT_CONTACT_KINDS,
  supportContactRefusal,
  type SupportContactKind,
} from '../../domain/support-activity.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';
import { noteCooperation } from './company-cooperation.js';
import { recordEmployerContact, tickTrainingTopic } from './participants.js';
import { auditActor, FORBIDDEN, requireCohort, requireTrack } from './scope.js';

export { SUPPORT_CONTACT_KINDS, type SupportContactKind } from '../../domain/support-activity.js';

const invalid = (message: string, field: string) => new OperationError('invalid', 'INVALID_INPUT', message, field);

async function todayOf(ctx: OperationContext): Promise<LocalDate> {
  return localDateAt(await (ctx.now?.() ?? Date.now()));
}

function checkDay(on: string, field: string, today: LocalDate): void {
  try {
    parseLocalDate(on);
  } catch (e) {
    throw invalid(`${field}: ${(e as Error).message}`, field);
  }
  if (on > today) throw invalid(`${field}: ${on} is in the future`, field);
}

/**
 * The staff member who held the session or contact: a staff token is that member (naming another is
 * refused); the coordinator and the system name one. It must be active and work for this actor.
 */
async function staffMemberFor(ctx: OperationContext, employmentActorId: string, named: string | undefined): Promise<string> {
  const own = ctx.actor?.role === 'staff' ? ctx.actor.scope.staffMemberId : undefined;
  if (ctx.actor?.role === 'staff' && named !== undefined && named !== own)
    throw new OperationError(
      'forbidden',
      FORBIDDEN,
      `a staff member records its own sessions and contacts, not ${named}'s`,
      'staffMemberId',
    );
  const id = own ?? named;
  if (!id) throw invalid('staffMemberId: who held it', 'staffMemberId');
  const staff = await ctx.db.staffMember.findUnique({ where: { id }, select: { employmentActorId: true, deactivatedAt: true } });
  if (!staff) throw new OperationError('not-found', 'NOT_FOUND', `no staff member ${id}`, 'staffMemberId');
  if (staff.deactivatedAt) throw new OperationError('conflict', 'INVALID_STATE', `staff member ${id} is deactivated`, 'staffMemberId');
  if (staff.employmentActorId !== employmentActorId)
    throw new OperationError(
      ctx.actor?.role === 'staff' ? 'forbidden' : 'invalid',
      ctx.actor?.role === 'staff' ? FORBIDDEN : 'INVALID_INPUT',
      `staff member ${id} does not work for employment actor ${employmentActorId}`,
      'staffMemberId',
    );
  return id;
}

export interface RecordGroupSessionInput {
  partnershipId: string;
  heldOn: LocalDate;
  /** One of the programme's training topics. */
  topic: string;
  hours: number;
  /** Participant tracks of the partnership present and absent (each at most once). */
  present: string[];
  absent?: string[];
  /** Who held it; a staff token is its own member. */
  staffMemberId?: string;
}

export interface GroupSessionRecord {
  id: string;
  partnershipId: string;
  heldOn: LocalDate;
  topic: string;
  hours: number;
  staffMemberId: string;
  present: string[];
  absent: string[];
}

/**
 * A group-teaching session of a partnership: its topic must be one of the programme's training
 * topics, its participants tracks of the partnership in training. The present participants' tracks
 * tick the topic as taught; then the session and its attendance are written in one transaction. The
 * same topic on the same day twice is refused.
 */
export async function recordGroupSession(ctx: OperationContext, input: RecordGroupSessionInput): Promise<GroupSessionRecord> {
  const today = await todayOf(ctx);
  const partnership = await ctx.db.partnership.findUnique({
    where: { id: input.partnershipId },
    include: { cohort: { include: { programme: true } } },
  });
  if (!partnership) throw new OperationError('not-found', 'NOT_FOUND', `no partnership ${input.partnershipId}`, 'partnershipId');
  // A staff member is held to its own actor's partnerships (staffMemberFor); others to their programmes.
  if (ctx.actor?.role !== 'staff') await requireCohort(ctx, partnership.cohortId, 'record group session', 'partnershipId');
  const staffMemberId = await staffMemberFor(ctx, partnership.employmentActorId, input.staffMemberId);
  checkDay(input.heldOn, 'heldOn', today);
  if (!(input.hours > 0 && input.hours <= SESSION_HOURS_MAX && Number.isInteger(input.hours * 4)))
    throw invalid(`hours: more than 0 and at most ${SESSION_HOURS_MAX}, in quarter hours`, 'hours');
  const programme = programmeSchema.parse(partnership.cohort.programme.config);
  if (!programme.participant.trainingTopics.includes(input.topic))
    throw invalid(
      `topic: "${input.topic}" is not a training topic of ${programme.id} (${programme.participant.trainingTopics.join('; ')})`,
      'topic',
    );
  const absent = input.absent ?? [];
  const all = [...input.present, ...absent];
  if (input.present.length === 0) throw invalid('present: at least one participant track', 'present');
  const twice = all.find((t, i) => all.indexOf(t) !== i);
  if (twice) throw invalid(`track ${twice} is listed twice`, absent.includes(twice) ? 'absent' : 'present');
  const tracks = await ctx.db.participantTrack.findMany({
    where: { id: { in: all } },
    select: { id: true, partnershipId: true, phase: true },
  });
  for (const id of all) {
    const field = input.present.includes(id) ? 'present' : 'absent';
    const t = tracks.find((x) => x.id === id);
    if (!t || t.partnershipId !== partnership.id)
      throw new OperationError('not-found', 'NOT_FOUND', `no participant track ${id} in partnership ${partnership.id}`, field);
    const refusal = groupSessionRefusal(t.phase);
    if (refusal) throw new OperationError('conflict', 'INVALID_STATE', `${id}: ${refusal}`, field);
  }
  const exists = await ctx.db.groupSession.findUnique({
    where: { partnershipId_heldOn_topic: { partnershipId: partnership.id, heldOn: utcMidnightOf(input.heldOn), topic: input.topic } },
    select: { id: true },
  });
  if (exists)
    throw new OperationError(
      'conflict',
      'ALREADY_RECORDED',
      `session ${exists.id} on "${input.topic}" was recorded for ${input.heldOn}`,
      'heldOn',
    );
  // The topic counts as taught on each present participant's track (a tick is idempotent).
  for (const id of input.present) await tickTrainingTopic(ctx, id, input.topic, true);
  const { actor } = auditActor(ctx.actor);
  try {
    const session = await ctx.db.groupSession.create({
      data: {
        partnershipId: partnership.id,
        heldOn: utcMidnightOf(input.heldOn),
        topic: input.topic,
        hours: new Prisma.Decimal(input.hours),
        staffMemberId,
        recordedBy: actor,
        attendance: {
          create: all.map((participantTrackId) => ({ participantTrackId, present: input.present.includes(participantTrackId) })),
        },
      },
    });
    return {
      id: session.id,
      partnershipId: partnership.id,
      heldOn: input.heldOn,
      topic: input.topic,
      hours: input.hours,
      staffMemberId,
      present: input.present,
      absent,
    };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw new OperationError('conflict', 'ALREADY_RECORDED', `a session on "${input.topic}" was recorded for ${input.heldOn}`, 'heldOn');
    throw e;
  }
}

export interface RecordSupportContactInput {
  kind: SupportContactKind;
  heldOn: LocalDate;
  minutes: number;
  staffMemberId?: string;
  /** EMPLOYER_CONTACT: the employer's CVR number, when it is a company the programme knows. */
  cvr?: string;
}

export interface SupportContactRecord {
  id: string;
  trackId: string;
  kind: SupportContactKind;
  heldOn: LocalDate;
  minutes: number;
  staffMemberId: string;
  cvr: string | null;
}

/**
 * One support contact of a participant. Conversations while the track runs, employer contacts while
 * the participant looks for work (the first also tells the track its first employer contact, which
 * an IPS programme waits for), follow-along support after the hire. The same kind, day and staff
 * member twice is refused.
 */
export async function recordSupportContact(
  ctx: OperationContext,
  trackId: string,
  input: RecordSupportContactInput,
): Promise<SupportContactRecord> {
  const today = await todayOf(ctx);
  if (!SUPPORT_CONTACT_KINDS.includes(input.kind)) throw invalid(`kind: one of ${SUPPORT_CONTACT_KINDS.join(', ')}`, 'kind');
  await requireTrack(ctx, trackId, 'record support contact');
  const track = await ctx.db.participantTrack.findUnique({
    where: { id: trackId },
    select: {
      id: true,
      phase: true,
      startedOn: true,
      summary: true,
      cohortId: true,
      partnershipId: true,
      partnership: { select: { employmentActorId: true } },
      cohort: { select: { programme: true } },
    },
  });
  if (!track) throw new OperationError('not-found', 'NOT_FOUND', `no participant track ${trackId}`, 'trackId');
  const staffMemberId = await staffMemberFor(ctx, track.partnership.employmentActorId, input.staffMemberId);
  checkDay(input.heldOn, 'heldOn', today);
  if (input.heldOn < dateOfUtcMidnight(track.startedOn)) throw invalid(`heldOn: ${input.heldOn} is before the track started`, 'heldOn');
  if (!(Number.isInteger(input.minutes) && input.minutes > 0 && input.minutes <= CONTACT_MINUTES_MAX))
    throw invalid(`minutes: a whole number from 1 to ${CONTACT_MINUTES_MAX}`, 'minutes');
  if (input.cvr !== undefined && input.kind !== 'EMPLOYER_CONTACT') throw invalid('cvr goes with an EMPLOYER_CONTACT only', 'cvr');
  const refusal = supportContactRefusal(input.kind, track.phase);
  if (refusal) throw new OperationError('conflict', 'INVALID_STATE', refusal, 'kind');
  let companyId: string | null = null;
  if (input.cvr !== undefined) {
    const company = await ctx.db.company.findUnique({ where: { cvr: input.cvr }, select: { id: true } });
    if (!company) throw new OperationError('not-found', 'NOT_FOUND', `no company with CVR ${input.cvr}`, 'cvr');
    companyId = company.id;
  }
  const duplicate = await ctx.db.supportContact.findUnique({
    where: {
      participantTrackId_kind_heldOn_staffMemberId: {
        participantTrackId: trackId,
        kind: input.kind,
        heldOn: utcMidnightOf(input.heldOn),
        staffMemberId,
      },
    },
    select: { id: true },
  });
  if (duplicate) throw new OperationError('conflict', 'ALREADY_RECORDED', `contact ${duplicate.id} was recorded already`, 'heldOn');
  // The IPS rapid search: the track keeps its first employer contact (a later one changes nothing there).
  const programme = programmeSchema.parse(track.cohort.programme.config);
  const first = (track.summary as { employerContactOn?: string } | null)?.employerContactOn;
  if (input.kind === 'EMPLOYER_CONTACT' && programme.participant.ips && !first) await recordEmployerContact(ctx, trackId, input.heldOn);
  const { actor } = auditActor(ctx.actor);
  const row = await ctx.db.supportContact.create({
    data: {
      participantTrackId: trackId,
      kind: input.kind,
      heldOn: utcMidnightOf(input.heldOn),
      minutes: input.minutes,
      staffMemberId,
      companyId,
      recordedBy: actor,
    },
  });
  // Without an accelerator, an employer contact is cooperation with the company (the light company track).
  if (companyId)
    await noteCooperation(ctx, { cohortId: track.cohortId, partnershipId: track.partnershipId, companyId, cause: 'EMPLOYER_CONTACT' });
  return { id: row.id, trackId, kind: input.kind, heldOn: input.heldOn, minutes: input.minutes, staffMemberId, cvr: input.cvr ?? null };
}

export interface SupportActivity {
  trackId: string;
  contacts: SupportContactRecord[];
  /** Minutes by kind, and group-teaching hours attended and missed. */
  totals: { minutes: Record<SupportContactKind, number>; groupHoursAttended: number; groupSessionsMissed: number };
  groupSessions: Array<{ id: string; heldOn: LocalDate; topic: string; hours: number; present: boolean }>;
}

/** A participant's logged support: contacts and group sessions, with totals. */
export async function supportActivity(ctx: OperationContext, trackId: string): Promise<SupportActivity> {
  await requireTrack(ctx, trackId, 'read support activity');
  if (!(await ctx.db.participantTrack.findUnique({ where: { id: trackId }, select: { id: true } })))
    throw new OperationError('not-found', 'NOT_FOUND', `no participant track ${trackId}`, 'trackId');
  const [contacts, sessions] = await Promise.all([
    ctx.db.supportContact.findMany({
      where: { participantTrackId: trackId },
      include: { company: { select: { cvr: true } } },
      orderBy: [{ heldOn: 'asc' }, { id: 'asc' }],
    }),
    ctx.db.groupSessionAttendance.findMany({
      where: { participantTrackId: trackId },
      include: { session: true },
      orderBy: { session: { heldOn: 'asc' } },
    }),
  ]);
  const minutes = Object.fromEntries(SUPPORT_CONTACT_KINDS.map((k) => [k, 0])) as Record<SupportContactKind, number>;
  for (const c of contacts) minutes[c.kind] += c.minutes;
  const groupSessions = sessions.map((a) => ({
    id: a.sessionId,
    heldOn: dateOfUtcMidnight(a.session.heldOn),
    topic: a.session.topic,
    hours: Number(a.session.hours),
    present: a.present,
  }));
  return {
    trackId,
    contacts: contacts.map((c) => ({
      id: c.id,
      trackId,
      kind: c.kind,
      heldOn: dateOfUtcMidnight(c.heldOn),
      minutes: c.minutes,
      staffMemberId: c.staffMemberId,
      cvr: c.company?.cvr ?? null,
    })),
    totals: {
      minutes,
      groupHoursAttended: groupSessions.filter((s) => s.present).reduce((n, s) => n + s.hours, 0),
      groupSessionsMissed: groupSessions.filter((s) => !s.present).length,
    },
    groupSessions,
  };
}
