// A participant track's recorded weeks against its plan, for the timeline: the plan from its cohort's
// programme, the training period from its projection (dates moved by pauses), the closing days of its
// municipality. Undefined when the track has not projected yet or its programme has no valid plan.
import { weekAgainstPlan, type WeekAgainstPlan } from '../../domain/attendance-plan.js';
import { isLocalDate, type LocalDate } from '../../domain/calendar.js';
import { programmeSchema } from '../../domain/programme.js';
import { closingDaysOfRow } from '../../prisma/closing-days.js';
import type { Db } from '../../prisma/client.js';

export type WeekJudge = (weekStart: LocalDate, record: { hours: number; present: boolean }) => WeekAgainstPlan;

export async function attendanceJudgeOf(db: Db, trackId: string): Promise<WeekJudge | undefined> {
  const track = await db.participantTrack.findUnique({
    where: { id: trackId },
    select: {
      summary: true,
      cohort: { select: { programme: { select: { config: true } } } },
      partnership: { select: { municipality: { select: { closingDays: true } } } },
    },
  });
  const summary = track?.summary as { startedOn?: unknown; jobTrainingStartsOn?: unknown; jobTrainingEndsOn?: unknown } | null;
  const dates = [summary?.startedOn, summary?.jobTrainingStartsOn, summary?.jobTrainingEndsOn];
  if (!track || !dates.every((d): d is LocalDate => typeof d === 'string' && isLocalDate(d))) return undefined;
  const programme = programmeSchema.safeParse(track.cohort.programme.config);
  if (!programme.success) return undefined;
  const [startedOn, jobTrainingStartsOn, jobTrainingEndsOn] = dates as [LocalDate, LocalDate, LocalDate];
  const closingDays = closingDaysOfRow(track.partnership.municipality.closingDays);
  return (weekStart, record) =>
    weekAgainstPlan(weekStart, record, programme.data.participant, { startedOn, jobTrainingStartsOn, jobTrainingEndsOn }, closingDays);
}
