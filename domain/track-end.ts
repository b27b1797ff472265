// The real end of a track, the date payment windows ("within N months of the track's end") count
// from: the planned end as the pauses that ended have moved it, and, while a pause is running, moved
// on by the days paused so far (a resume moves it at least that far). Pure: the agendas ask it when
// an outcome is recorded, the ledger when a caller gives no end.
import { isLocalDate, type LocalDate } from './calendar.js';
import { pausedDays, shiftByPause, type PauseBook } from './pause.js';

/** `plannedEnd` already moved by the pauses that ended; `today` is when the question is asked. */
export function realTrackEnd(
  plannedEnd: LocalDate,
  pauses: Pick<PauseBook, 'pausedSince'>,
  today: LocalDate,
  closingDays: readonly LocalDate[] = [],
): LocalDate {
  const since = pauses.pausedSince;
  // A date reached before the pause began keeps its day (domain/pause.ts).
  if (since === undefined || plannedEnd <= since) return plannedEnd;
  return shiftByPause(plannedEnd, pausedDays(since, today), closingDays);
}

/**
 * The job-training end a participant track's projected summary carries (moved by its pauses), or
 * undefined when the row has no summary yet (a track whose workflow has not projected).
 */
export function projectedTrackEnd(summary: unknown): LocalDate | undefined {
  if (typeof summary !== 'object' || summary === null) return undefined;
  const end = (summary as { jobTrainingEndsOn?: unknown }).jobTrainingEndsOn;
  return typeof end === 'string' && isLocalDate(end) ? end : undefined;
}

/** The accelerator's last day the cohort planned (its `plan.calendar`), or undefined without a company calendar. */
export function plannedAcceleratorEnd(cohortPlan: unknown): LocalDate | undefined {
  const calendar = (cohortPlan as { calendar?: { acceleratorEndsOn?: unknown } } | null)?.calendar;
  const end = calendar?.acceleratorEndsOn;
  return typeof end === 'string' && isLocalDate(end) ? end : undefined;
}
