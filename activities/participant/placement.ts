import type { Db } from '../../prisma/client.js';
import { rejectTrack } from './rejection.js';

export interface PlacementCheckInput {
  trackId: string;
  companyId: string;
  supportPersonId?: string;
}

export interface PlacementCheckResult {
  role: 'ACCELERATOR' | 'OWN_SOCIAL_ECONOMY';
  supportPersonId?: string;
}

/** Tracks that hold a place in a company: placed and not yet ended. */
const HOLDING_PHASES = ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING'] as const;

/**
 * Validates and writes a placement: the company belongs to the track's partnership and has a free
 * place; an accelerator company needs a named support person from the employment actor. Writes the
 * placement on the track row and the support person's assignment; placing the same again is a no-op.
 */
export async function placeInCompany(db: Db, input: PlacementCheckInput): Promise<PlacementCheckResult> {
  return db.$transaction(
    async (tx) => {
      const track = await tx.participantTrack.findUniqueOrThrow({
        where: { id: input.trackId },
        select: { partnershipId: true, placementCompanyId: true, partnership: { select: { employmentActorId: true } } },
      });
      const member = await tx.partnershipCompany.findUnique({
        where: { partnershipId_companyId: { partnershipId: track.partnershipId, companyId: input.companyId } },
      });
      if (!member) throw rejectTrack(`company ${input.companyId} does not belong to partnership ${track.partnershipId}`, 'companyId');
      if (track.placementCompanyId !== input.companyId) {
        const taken = await tx.participantTrack.count({
          where: { placementCompanyId: input.companyId, phase: { in: [...HOLDING_PHASES] }, id: { not: input.trackId } },
        });
        if (taken >= member.capacity) {
          throw rejectTrack(`company ${input.companyId} has no free place (capacity ${member.capacity}, ${taken} placed)`, 'companyId');
        }
      }
      if (member.role === 'ACCELERATOR' && !input.supportPersonId) {
        throw rejectTrack('a placement at an accelerator company needs a support person', 'supportPersonId');
      }
      if (input.supportPersonId) {
        const staff = await tx.staffMember.findUnique({ where: { id: input.supportPersonId } });
        if (!staff || staff.role !== 'SUPPORT_PERSON' || staff.employmentActorId !== track.partnership.employmentActorId) {
          throw rejectTrack(
            `staff member ${input.supportPersonId} is not a support person at the partnership's employment actor`,
            'supportPersonId',
          );
        }
        if (staff.deactivatedAt)
          throw rejectTrack(`staff member ${input.supportPersonId} is deactivated: name an active support person`, 'supportPersonId');
        const active = await tx.assignment.findMany({
          where: { participantTrackId: input.trackId, role: 'SUPPORT_PERSON', endedAt: null },
        });
        for (const a of active) {
          if (a.staffMemberId !== input.supportPersonId) await tx.assignment.update({ where: { id: a.id }, data: { endedAt: new Date() } });
        }
        if (!active.some((a) => a.staffMemberId === input.supportPersonId)) {
          await tx.assignment.create({
            data: { participantTrackId: input.trackId, staffMemberId: input.supportPersonId, role: 'SUPPORT_PERSON' },
          });
        }
      }
      await tx.participantTrack.update({ where: { id: input.trackId }, data: { placementCompanyId: input.companyId } });
      return { role: member.role, supportPersonId: input.supportPersonId };
    },
    { isolationLevel: 'Serializable' },
  );
}
