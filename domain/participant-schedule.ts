// The participant track's calendar: phase dates, deadlines and reminder dates, all on Danish working
// days in Europe/Copenhagen, and how they move when a track is paused. Pure: the workflow imports it.
import {
  addDays,
  addSpan,
  addWeeks,
  addWorkingDays,
  daysBetween,
  mondayOf,
  nextWorkingDay,
  previousWorkingDay,
  type LocalDate,
} from './calendar.js';
import type { ParticipantPlan } from './programme.js';

export interface PhaseDates {
  /** First day of work-readiness training (a working day). */
  workReadinessStartsOn: LocalDate;
  /** First day of job training in a company; work-readiness ends the day before. */
  jobTrainingStartsOn: LocalDate;
  /** The day after the last day of job training. */
  jobTrainingEndsOn: LocalDate;
}

/** Phase boundaries from the start date and the plan's phase lengths; each phase starts on a working day. */
export function phaseDates(
  startsOn: LocalDate,
  plan: Pick<ParticipantPlan, 'workReadiness' | 'jobTraining'>,
  closingDays: readonly LocalDate[] = [],
): PhaseDates {
  const workReadinessStartsOn = nextWorkingDay(startsOn, closingDays);
  const jobTrainingStartsOn = nextWorkingDay(addSpan(workReadinessStartsOn, plan.workReadiness.length), closingDays);
  const jobTrainingEndsOn = nextWorkingDay(addSpan(jobTrainingStartsOn, plan.jobTraining.length), closingDays);
  return { workReadinessStartsOn, jobTrainingStartsOn, jobTrainingEndsOn };
}

/** Job-training dates when the work-readiness phase ends early or late (e.g. after a pause). */
export function jobTrainingEnd(
  jobTrainingStartsOn: LocalDate,
  plan: Pick<ParticipantPlan, 'jobTraining'>,
  closingDays: readonly LocalDate[] = [],
): LocalDate {
  return nextWorkingDay(addSpan(jobTrainingStartsOn, plan.jobTraining.length), closingDays);
}

/**
 * When a missing attendance record for the week starting `weekStart` (a Monday) is reminded: the
 * grace period counts working days after the week's Sunday.
 */
export function attendanceReminderOn(weekStart: LocalDate, graceDays: number, closingDays: readonly LocalDate[] = []): LocalDate {
  const sunday = addDays(mondayOf(weekStart), 6);
  return graceDays === 0 ? nextWorkingDay(addDays(sunday, 1), closingDays) : addWorkingDays(sunday, graceDays, closingDays);
}

/** The Mondays of the weeks with training between `from` (inclusive) and `until` (exclusive). */
export function trainingWeeks(from: LocalDate, until: LocalDate): LocalDate[] {
  const weeks: LocalDate[] = [];
  for (let w = mondayOf(from); w < until; w = addWeeks(w, 1)) weeks.push(w);
  return weeks;
}

export class AttendanceWeekError extends Error {
  override name = 'AttendanceWeekError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Validates a weekly attendance record: a Monday within the training period, hours ≥ 0. */
export function checkAttendanceWeek(weekStart: LocalDate, hours: number, trainingFrom: LocalDate, trainingUntil: LocalDate): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(weekStart) || mondayOf(weekStart) !== weekStart) {
    throw new AttendanceWeekError(`weekStart ${weekStart} is not the Monday of a week`, 'weekStart');
  }
  if (weekStart < mondayOf(trainingFrom) || weekStart >= trainingUntil) {
    throw new AttendanceWeekError(`week ${weekStart} is outside the training period ${trainingFrom} – ${trainingUntil}`, 'weekStart');
  }
  if (!Number.isFinite(hours) || hours < 0 || hours > 7 * 24) {
    throw new AttendanceWeekError(`hours must be between 0 and 168, got ${hours}`, 'hours');
  }
}

/** The coordinator is reminded of a missing mentor on the first working day `afterDays` after the start. */
export function mentorReminderOn(startsOn: LocalDate, afterDays: number, closingDays: readonly LocalDate[] = []): LocalDate {
  return nextWorkingDay(addDays(startsOn, afterDays), closingDays);
}

/** IPS: the first employer contact is due within `days` of the start: the last working day inside them. */
export function firstEmployerContactDueOn(startsOn: LocalDate, days: number, closingDays: readonly LocalDate[] = []): LocalDate {
  return previousWorkingDay(addDays(startsOn, days), closingDays);
}

export type CheckIn = 'midway' | 'end';

/** Check-in meetings of a placement: midway (the working day on or after the middle) and at the end (the last working day). */
export function placementCheckIns(
  from: LocalDate,
  until: LocalDate,
  which: readonly CheckIn[],
  closingDays: readonly LocalDate[] = [],
): Array<{ checkIn: CheckIn; on: LocalDate }> {
  const length = daysBetween(from, until);
  return which.map((checkIn) => ({
    checkIn,
    on:
      checkIn === 'midway'
        ? nextWorkingDay(addDays(from, Math.floor(length / 2)), closingDays)
        : previousWorkingDay(addDays(until, -1), closingDays),
  }));
}

/** Retention follow-ups after a hire: the first working day on or after each number of weeks. */
export function retentionFollowUps(
  hiredOn: LocalDate,
  weeks: readonly number[],
  closingDays: readonly LocalDate[] = [],
): Array<{ weeks: number; on: LocalDate }> {
  return [...weeks].sort((a, b) => a - b).map((w) => ({ weeks: w, on: nextWorkingDay(addWeeks(hiredOn, w), closingDays) }));
}

/** A follow-up not answered within this many working days is overdue and goes to the coordinator. */
export const ANSWER_WITHIN_WORKING_DAYS = 5;

export function answerDueOn(askedOn: LocalDate, closingDays: readonly LocalDate[] = []): LocalDate {
  return addWorkingDays(askedOn, ANSWER_WITHIN_WORKING_DAYS, closingDays);
}

// How a paused track's dates move is shared with the company track (domain/pause.ts).
export { pausedDays, shiftByPause } from './pause.js';
