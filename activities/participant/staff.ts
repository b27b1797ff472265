import type { Db } from '../../prisma/client.js';
import { rejectTrack } from './rejection.js';

/**
 * Assigns the participant's mentor: a MENTOR of the partnership's employment actor. Ends an earlier
 * mentor's assignment; assigning the same mentor again changes nothing.
 */
export async function assignMentor(db: Db, input: { trackId: string; staffMemberId: string }): Promise<{ assignmentId: string }> {
  return db.$transaction(async (tx) => {
    const track = await tx.participantTrack.findUniqueOrThrow({
      where: { id: input.trackId },
      select: { partnership: { select: { employmentActorId: true } } },
    });
    const staff = await tx.staffMember.findUnique({ where: { id: input.staffMemberId } });
    if (!staff || staff.role !== 'MENTOR' || staff.employmentActorId !== track.partnership.employmentActorId) {
      throw rejectTrack(`staff member ${input.staffMemberId} is not a mentor at the partnership's employment actor`, 'staffMemberId');
    }
    if (staff.deactivatedAt)
      throw rejectTrack(`staff member ${input.staffMemberId} is deactivated: assign an active mentor`, 'staffMemberId');
    const active = await tx.assignment.findMany({ where: { participantTrackId: input.trackId, role: 'MENTOR', endedAt: null } });
    const same = active.find((a) => a.staffMemberId === input.staffMemberId);
    for (const a of active) if (a !== same) await tx.assignment.update({ where: { id: a.id }, data: { endedAt: new Date() } });
    if (same) return { assignmentId: same.id };
    const created = await tx.assignment.create({
      data: { participantTrackId: input.trackId, staffMemberId: input.staffMemberId, role: 'MENTOR' },
    });
    return { assignmentId: created.id };
  });
}
