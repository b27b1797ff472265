import type { LocalDate } from '../../domain/calendar.js';
import type { Db } from '../../prisma/client.js';

export interface ParticipantTrackContext {
  /** The municipality's own closing days, beside the national holidays. */
  closingDays: LocalDate[];
}

const asLocalDate = (d: Date): LocalDate => d.toISOString().slice(0, 10);

/** What a track needs from PostgreSQL at start that is not personal: the municipality's closing days. */
export async function loadParticipantTrackContext(db: Db, input: { partnershipId: string }): Promise<ParticipantTrackContext> {
  const partnership = await db.partnership.findUniqueOrThrow({
    where: { id: input.partnershipId },
    select: { municipality: { select: { closingDays: true } } },
  });
  return { closingDays: partnership.municipality.closingDays.map(asLocalDate).sort() };
}
