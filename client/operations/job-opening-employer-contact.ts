// IPS job development through openings: proposing a citizen for an employer's opening is a contact
// with an employer on the citizen's behalf, so in a programme with IPS it is the track's first
// employer contact when the track has none yet (the rapid search's 30 days). Registering an opening
// is not: it names no citizen. The proposal logs no support contact of its own (it has no minutes and
// may be made by a coordinator); consultants log the time they spend as before.
import type { LocalDate } from '../../domain/calendar.js';
import { programmeSchema } from '../../domain/programme.js';
import type { OperationContext } from './context.js';
import { recordEmployerContact } from './participants.js';

/** The day recorded as the track's first employer contact by this proposal, or undefined when it is not one. */
export async function proposalAsFirstEmployerContact(
  ctx: OperationContext,
  trackId: string,
  on: LocalDate,
): Promise<LocalDate | undefined> {
  const track = await ctx.db.participantTrack.findUnique({
    where: { id: trackId },
    select: { summary: true, cohort: { select: { programme: { select: { config: true } } } } },
  });
  const programme = programmeSchema.safeParse(track?.cohort.programme.config);
  if (!track || !programme.success || !programme.data.participant.ips) return undefined;
  if ((track.summary as { employerContactOn?: string } | null)?.employerContactOn) return undefined;
  // The system records it: the proposer's scope on the opening was checked by the proposal.
  const summary = await recordEmployerContact({ ...ctx, actor: undefined }, trackId, on);
  return summary.employerContactOn === on ? on : undefined;
}
