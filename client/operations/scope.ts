// Who may act on what, checked where the work is done, so every door (CLI, HTTP API, console) gets
// the same answer: a coordinator acts on the cohorts of its own programmes only, and on the
// companies, employment actors and participants of those cohorts. A refusal is written to the audit
// log. An operation called without an actor is the system's own (the CLI with the database's
// credentials, `npm start`, seeds and tests): whoever holds those can change the rows directly anyway.
import type { Db } from '../../prisma/client.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';

export interface Actor {
  /** Who: an e-mail address or another stable name, written to the audit log. */
  sub: string;
  role: string;
  scope: { programmeIds?: string[]; municipalityCode?: string; cvr?: string; staffMemberId?: string };
}

export const FORBIDDEN = 'FORBIDDEN';

/** The actor's name and role for the audit log; the system when there is none. */
export function auditActor(actor: Actor | undefined): { actor: string; role: string } {
  return actor ? { actor: actor.sub, role: actor.role } : { actor: 'system', role: 'system' };
}

async function refuse(
  db: Db,
  actor: Actor,
  action: string,
  entity: { entity: string; entityId: string },
  message: string,
  field?: string,
): Promise<never> {
  await db.auditLog.create({ data: { ...auditActor(actor), action, ...entity, allowed: false, details: { reason: message } } });
  throw new OperationError('forbidden', FORBIDDEN, message, field);
}

/** True when the actor may change things of this programme: the system, or a coordinator whose scope names it. */
export function mayRunProgramme(actor: Actor | undefined, programmeId: string): boolean {
  if (!actor) return true;
  return actor.role === 'coordinator' && (actor.scope.programmeIds ?? []).includes(programmeId);
}

/** The programmes of the actor's scope, or undefined for the system (every programme). */
export function programmesOf(actor: Actor | undefined): string[] | undefined {
  return actor ? (actor.role === 'coordinator' ? (actor.scope.programmeIds ?? []) : []) : undefined;
}

export async function requireProgramme(
  ctx: OperationContext,
  programmeId: string,
  action: string,
  entity: { entity: string; entityId: string },
  field = 'programme',
): Promise<void> {
  if (mayRunProgramme(ctx.actor, programmeId)) return;
  await refuse(
    ctx.db,
    ctx.actor!,
    action,
    entity,
    `${ctx.actor!.role} ${ctx.actor!.sub} may act on the cohorts of its own programmes only, not on ${programmeId}`,
    field,
  );
}

/**
 * The cohort's programme, once the actor may change the cohort. Operators pass too (the routes let
 * them pause, resume and terminate); caseworkers and companies change no cohort.
 */
export async function requireCohort(ctx: OperationContext, cohortId: string, action: string, field = 'cohortId'): Promise<void> {
  const actor = ctx.actor;
  if (!actor || actor.role === 'operator') return;
  const cohort = await ctx.db.cohort.findUnique({ where: { id: cohortId }, select: { programmeId: true } });
  // An unknown cohort is the operation's own NOT_FOUND to report.
  if (!cohort) return;
  if (mayRunProgramme(actor, cohort.programmeId)) return;
  await refuse(
    ctx.db,
    actor,
    action,
    { entity: 'Cohort', entityId: cohortId },
    `${actor.role} ${actor.sub} may act on the cohorts of its own programmes only; ${cohortId} runs ${cohort.programmeId}`,
    field,
  );
}

export async function requireTrack(ctx: OperationContext, trackId: string, action: string): Promise<void> {
  if (!ctx.actor || ctx.actor.role === 'operator') return;
  if (ctx.actor.role === 'staff') return requireStaffTrack(ctx, trackId, action);
  const track = await ctx.db.participantTrack.findUnique({ where: { id: trackId }, select: { cohortId: true } });
  if (track) await requireCohort(ctx, track.cohortId, action, 'trackId');
}

/**
 * Whether the actor may know of this person at all: the system and operators may; a coordinator only
 * of a person its own programmes registered (or no programme) and whose tracks all run in them. A
 * caller answers a person out of reach exactly as an unknown one (same code, same message), so
 * trying ids or CPR numbers tells nobody who is registered elsewhere; the refusal is audited.
 */
export async function participantInReach(ctx: OperationContext, participantId: string, action: string): Promise<boolean> {
  if (!ctx.actor || ctx.actor.role === 'operator') return true;
  const participant = await ctx.db.participant.findUnique({
    where: { id: participantId },
    select: { programmeId: true, tracks: { select: { cohort: { select: { programmeId: true } } } } },
  });
  if (!participant) return false;
  const mine = programmesOf(ctx.actor) ?? [];
  const programmes = [participant.programmeId, ...participant.tracks.map((t) => t.cohort.programmeId)].filter(
    (id): id is string => id !== null,
  );
  const outside = programmes.find((id) => !mine.includes(id));
  if (outside === undefined) return true;
  await ctx.db.auditLog.create({
    data: {
      ...auditActor(ctx.actor),
      action,
      entity: 'Participant',
      entityId: participantId,
      allowed: false,
      details: { reason: `the participant belongs to programme ${outside}, outside the actor's programmes; answered as unknown` },
    },
  });
  return false;
}

/**
 * A participant (in reach: participantInReach) a coordinator may enrol into this partnership: one
 * who lives in its municipality.
 */
export async function requireParticipantFor(
  ctx: OperationContext,
  participantId: string,
  partnership: { municipalityCode: string },
  action: string,
): Promise<void> {
  // The system (CLI, start-up, tests) may enrol anyone: it holds the database's credentials anyway.
  if (!ctx.actor || ctx.actor.role === 'operator') return;
  const participant = await ctx.db.participant.findUnique({ where: { id: participantId }, select: { municipalityCode: true } });
  if (!participant) return;
  if (participant.municipalityCode !== partnership.municipalityCode) {
    // Not a matter of scope but of the referral: a municipality refers its own citizens.
    await refuse(
      ctx.db,
      ctx.actor,
      action,
      { entity: 'Participant', entityId: participantId },
      `participant ${participantId} was referred by municipality ${participant.municipalityCode}, not by ${partnership.municipalityCode}: enrol into that municipality's partnership`,
      'participantId',
    );
  }
}

/**
 * A staff member acts only while registered and active, and only on the participant tracks of its
 * own employment actor's partnerships (the routes decide which actions a staff member may take).
 */
export async function requireStaffTrack(ctx: OperationContext, trackId: string, action: string): Promise<void> {
  const actor = ctx.actor!;
  const staffId = actor.scope.staffMemberId;
  const [staff, track] = await Promise.all([
    staffId ? ctx.db.staffMember.findUnique({ where: { id: staffId }, select: { employmentActorId: true, deactivatedAt: true } }) : null,
    ctx.db.participantTrack.findUnique({ where: { id: trackId }, select: { partnership: { select: { employmentActorId: true } } } }),
  ]);
  const entity = { entity: 'ParticipantTrack', entityId: trackId };
  if (!staff?.employmentActorId)
    return refuse(ctx.db, actor, action, entity, `staff ${actor.sub} is no registered staff member of an employment actor`, 'trackId');
  if (staff.deactivatedAt) return refuse(ctx.db, actor, action, entity, `staff member ${staffId} is deactivated`, 'trackId');
  // An unknown track is the operation's own NOT_FOUND to report.
  if (track && track.partnership.employmentActorId !== staff.employmentActorId) {
    return refuse(
      ctx.db,
      actor,
      action,
      entity,
      `staff member ${staffId} works for employment actor ${staff.employmentActorId}, not for the partnership of track ${trackId}`,
      'trackId',
    );
  }
}
