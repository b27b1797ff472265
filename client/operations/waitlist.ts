// A full cohort's waitlist. A citizen refused for lack of a place (409 COHORT_FULL) is put on it by
// the coordinator, explicitly: the refusal says so, and nobody waits without being asked. When a place
// frees up (a drop-out, an erasure, a transfer away) the first in line is enrolled into it, in the order
// they were put on the list, through the same enrolment every door uses, so the capacity rule and the
// cohort's lock apply unchanged.
import { PHASES_WITHOUT_PLACE } from '../../domain/capacity.js';
import { programmeSchema } from '../../domain/programme.js';
import type { WaitlistStatus } from '../../prisma/client.js';
import { participantPlacesTaken } from './cohort-places.js';
import type { OperationContext } from './context.js';
import { OperationError } from './operation-error.js';
import { enrolParticipant } from './enrolment.js';
import { auditActor, participantInReach, requireCohort, requireParticipantFor } from './scope.js';

export interface WaitlistEntryView {
  id: string;
  /** 1 for the first in line; absent once enrolled or withdrawn. */
  position?: number;
  cohortId: string;
  participantId: string;
  partnershipId: string;
  status: WaitlistStatus;
  addedAt: string;
  enrolledAt?: string;
  trackId?: string;
  withdrawnAt?: string;
}

export interface WaitlistView {
  cohortId: string;
  /** The cohort's places; absent when its programme plans no capacity. */
  places?: { planned: number; taken: number; free: number };
  waiting: number;
  entries: WaitlistEntryView[];
}

/** How long a freed place is awaited in the projection after the track that held it ended. */
const FREED_WAIT_MS = 15_000;

async function plannedPlaces(ctx: OperationContext, cohortId: string): Promise<number | undefined> {
  const cohort = await ctx.db.cohort.findUnique({ where: { id: cohortId }, select: { programme: { select: { config: true } } } });
  if (!cohort) throw new OperationError('not-found', 'NOT_FOUND', `no cohort ${cohortId}`, 'cohortId');
  const parsed = programmeSchema.safeParse(cohort.programme.config);
  return parsed.success ? parsed.data.capacity?.participants : undefined;
}

/** The cohort's waitlist: those waiting in order first, then those enrolled from it or withdrawn. */
export async function cohortWaitlist(ctx: OperationContext, cohortId: string): Promise<WaitlistView> {
  const planned = await plannedPlaces(ctx, cohortId);
  await requireCohort(ctx, cohortId, 'read waitlist');
  const rows = await ctx.db.waitlistEntry.findMany({ where: { cohortId }, orderBy: [{ addedAt: 'asc' }, { id: 'asc' }] });
  const waiting = rows.filter((r) => r.status === 'WAITING');
  const others = rows.filter((r) => r.status !== 'WAITING');
  const taken = planned === undefined ? undefined : await participantPlacesTaken(ctx.db, cohortId);
  return {
    cohortId,
    ...(planned === undefined || taken === undefined ? {} : { places: { planned, taken, free: Math.max(0, planned - taken) } }),
    waiting: waiting.length,
    entries: [...waiting.map((r, i) => view(r, i + 1)), ...others.map((r) => view(r))],
  };
}

function view(
  r: {
    id: string;
    cohortId: string;
    participantId: string;
    partnershipId: string;
    status: WaitlistStatus;
    addedAt: Date;
    enrolledAt: Date | null;
    trackId: string | null;
    withdrawnAt: Date | null;
  },
  position?: number,
): WaitlistEntryView {
  return {
    id: r.id,
    ...(position === undefined ? {} : { position }),
    cohortId: r.cohortId,
    participantId: r.participantId,
    partnershipId: r.partnershipId,
    status: r.status,
    addedAt: r.addedAt.toISOString(),
    ...(r.enrolledAt ? { enrolledAt: r.enrolledAt.toISOString() } : {}),
    ...(r.trackId ? { trackId: r.trackId } : {}),
    ...(r.withdrawnAt ? { withdrawnAt: r.withdrawnAt.toISOString() } : {}),
  };
}

export interface AddToWaitlistInput {
  participantId: string;
  /** The partnership the participant will be enrolled into, by its municipality. */
  municipalityCode: string;
}

/**
 * Puts a participant refused for lack of a place at the end of the cohort's waitlist. Refused while a
 * place is free (enrol instead), for a participant with a track in the cohort, or already waiting (the
 * same request twice answers the entry, `created: false`).
 */
export async function addToWaitlist(
  ctx: OperationContext,
  cohortId: string,
  input: AddToWaitlistInput,
): Promise<WaitlistEntryView & { created: boolean }> {
  const planned = await plannedPlaces(ctx, cohortId);
  const partnershipId = `${cohortId}-${input.municipalityCode}`;
  const [participant, partnership] = await Promise.all([
    ctx.db.participant.findUnique({ where: { id: input.participantId }, select: { erasedAt: true } }),
    ctx.db.partnership.findUnique({ where: { id: partnershipId } }),
  ]);
  if (!participant || participant.erasedAt || !(await participantInReach(ctx, input.participantId, 'add to waitlist')))
    throw new OperationError('not-found', 'NOT_FOUND', `no participant ${input.participantId}`, 'participantId');
  if (!partnership)
    throw new OperationError(
      'invalid',
      'INVALID_INPUT',
      `cohort ${cohortId} has no partnership in municipality ${input.municipalityCode}`,
      'municipalityCode',
    );
  await requireCohort(ctx, cohortId, 'add to waitlist');
  await requireParticipantFor(ctx, input.participantId, partnership, 'add to waitlist');
  const existing = await ctx.db.waitlistEntry.findUnique({
    where: { cohortId_participantId: { cohortId, participantId: input.participantId } },
  });
  if (existing?.status === 'WAITING') return { ...(await positioned(ctx, existing.id)), created: false };
  if (await ctx.db.participantTrack.findFirst({ where: { cohortId, participantId: input.participantId }, select: { id: true } }))
    throw new OperationError(
      'conflict',
      'ALREADY_ENROLLED',
      `participant ${input.participantId} has a track in cohort ${cohortId}`,
      'participantId',
    );
  if (planned === undefined)
    throw new OperationError(
      'conflict',
      'PLACE_FREE',
      `cohort ${cohortId} has no capacity limit (its programme plans no capacity.participants): enrol the participant instead`,
      'cohortId',
    );
  const taken = await participantPlacesTaken(ctx.db, cohortId);
  const ahead = await ctx.db.waitlistEntry.count({ where: { cohortId, status: 'WAITING' } });
  if (taken < planned && ahead === 0)
    throw new OperationError(
      'conflict',
      'PLACE_FREE',
      `cohort ${cohortId} has ${planned - taken} free place${planned - taken === 1 ? '' : 's'}: enrol the participant instead`,
      'cohortId',
    );
  const data = { partnershipId, status: 'WAITING' as const, addedAt: new Date(), enrolledAt: null, trackId: null, withdrawnAt: null };
  const row = await ctx.db.waitlistEntry.upsert({
    where: { cohortId_participantId: { cohortId, participantId: input.participantId } },
    create: { cohortId, participantId: input.participantId, ...data },
    update: data,
  });
  await ctx.db.auditLog.create({
    data: { ...auditActor(ctx.actor), action: 'add to waitlist', entity: 'WaitlistEntry', entityId: row.id, details: { cohortId } },
  });
  // A place may have freed between the count and the write: the list is offered it now.
  await offerFreePlaces(ctx, cohortId);
  return { ...(await positioned(ctx, row.id)), created: true };
}

async function positioned(ctx: OperationContext, id: string): Promise<WaitlistEntryView> {
  const row = await ctx.db.waitlistEntry.findUniqueOrThrow({ where: { id } });
  if (row.status !== 'WAITING') return view(row);
  const ahead = await ctx.db.waitlistEntry.count({
    where: {
      cohortId: row.cohortId,
      status: 'WAITING',
      OR: [{ addedAt: { lt: row.addedAt } }, { addedAt: row.addedAt, id: { lt: row.id } }],
    },
  });
  return view(row, ahead + 1);
}

/** Takes a participant off the cohort's waitlist (they found work elsewhere, or were erased). */
export async function withdrawFromWaitlist(ctx: OperationContext, cohortId: string, participantId: string): Promise<WaitlistEntryView> {
  await requireCohort(ctx, cohortId, 'withdraw from waitlist');
  const row = await ctx.db.waitlistEntry.findUnique({ where: { cohortId_participantId: { cohortId, participantId } } });
  if (!row || row.status !== 'WAITING')
    throw new OperationError(
      'not-found',
      'NOT_FOUND',
      `participant ${participantId} is not waiting for cohort ${cohortId}`,
      'participantId',
    );
  const updated = await ctx.db.waitlistEntry.update({ where: { id: row.id }, data: { status: 'WITHDRAWN', withdrawnAt: new Date() } });
  await ctx.db.auditLog.create({
    data: { ...auditActor(ctx.actor), action: 'withdraw from waitlist', entity: 'WaitlistEntry', entityId: row.id, details: { cohortId } },
  });
  return view(updated);
}

/**
 * Enrols the first in line into each free place of the cohort, in order. A waiting participant who
 * can no longer be enrolled (erased, enrolled meanwhile) leaves the list; a refusal of the cohort (full
 * after all, closed) stops and leaves the rest waiting. The enrolment is the system's, on the list's
 * behalf: the coordinator who put them there asked for it.
 */
export async function offerFreePlaces(ctx: OperationContext, cohortId: string): Promise<string[]> {
  const enrolled: string[] = [];
  const system: OperationContext = { ...ctx, actor: undefined };
  for (;;) {
    const next = await ctx.db.waitlistEntry.findFirst({
      where: { cohortId, status: 'WAITING' },
      orderBy: [{ addedAt: 'asc' }, { id: 'asc' }],
    });
    if (!next) return enrolled;
    const planned = await plannedPlaces(ctx, cohortId);
    if (planned !== undefined && (await participantPlacesTaken(ctx.db, cohortId)) >= planned) return enrolled;
    try {
      const r = await enrolParticipant(system, { participantId: next.participantId, cohortId, partnershipId: next.partnershipId });
      await ctx.db.waitlistEntry.update({
        where: { id: next.id },
        data: { status: 'ENROLLED', enrolledAt: new Date(), trackId: r.trackId },
      });
      await ctx.db.auditLog.create({
        data: {
          ...auditActor(ctx.actor),
          action: 'enrol from waitlist',
          entity: 'ParticipantTrack',
          entityId: r.trackId,
          details: { cohortId, waitlistEntryId: next.id },
        },
      });
      enrolled.push(r.trackId);
    } catch (e) {
      if (!(e instanceof OperationError)) throw e;
      if (e.code === 'COHORT_FULL' || e.field === 'cohortId') return enrolled;
      if (e.code === 'DUPLICATE_ENROLMENT') {
        // Enrolled by another door (or a parallel offer) meanwhile: their place is taken, the list moves on.
        await ctx.db.waitlistEntry.update({
          where: { id: next.id },
          data: { status: 'ENROLLED', enrolledAt: new Date(), trackId: `${cohortId}-${next.participantId}` },
        });
        continue;
      }
      // This participant cannot take the place (erased, enrolled by another door meanwhile): the next may.
      await ctx.db.waitlistEntry.update({ where: { id: next.id }, data: { status: 'WITHDRAWN', withdrawnAt: new Date() } });
    }
  }
}

/**
 * After a track ended (drop-out, erasure, transfer away): waits until the projection shows its place
 * free, then offers the cohort's free places to its waitlist. A projection that lags longer leaves
 * the list for the next freed place or `waitlist offer`.
 */
export async function offerFreedPlace(ctx: OperationContext, trackId: string): Promise<string[]> {
  const track = await ctx.db.participantTrack.findUnique({ where: { id: trackId }, select: { cohortId: true } });
  if (!track || !(await ctx.db.waitlistEntry.count({ where: { cohortId: track.cohortId, status: 'WAITING' } }))) return [];
  const until = Date.now() + FREED_WAIT_MS;
  while (Date.now() < until) {
    const row = await ctx.db.participantTrack.findUnique({ where: { id: trackId }, select: { phase: true } });
    if (row && (PHASES_WITHOUT_PLACE as readonly string[]).includes(row.phase)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return offerFreePlaces(ctx, track.cohortId);
}
