// A week's attendance against the plan: the hours the programme plans for the week (its hours a week
// spread over the working days, each day at its phase's figure: work-readiness training, then job
// training) and what the hours recorded make of it. A week with fewer hours than the plan's
// `attendance.minimumShareOfPlannedHours` is under-activated and counts toward the escalation as an
// absent week does. Pure: the agenda checks each week with it, the API shows the weeks with it.
import { addDays, isWorkingDay, mondayOf, type LocalDate } from './calendar.js';
import type { ParticipantPlan } from './programme.js';

/** The days a week of training has; the hours a week are spread evenly over them. */
const TRAINING_DAYS_A_WEEK = 5;

export interface TrainingPeriod {
  /** First day of work-readiness training. */
  startedOn: LocalDate;
  /** First day of job training. */
  jobTrainingStartsOn: LocalDate;
  /** The day after the last day of job training. */
  jobTrainingEndsOn: LocalDate;
}

export type WeekStatus =
  /** No training was planned that week (holidays, closing days, outside the training period). */
  'NOTHING_PLANNED' | 'NOT_RECORDED' | 'ABSENT' | 'UNDER_ACTIVATED' | 'AS_PLANNED';

/** The schema's default; also for tracks whose plan was read before the field existed. */
export const DEFAULT_MINIMUM_SHARE = 0.75;

/** Statuses that count toward the escalation (`attendance.escalateAfterWeeks` in a row). */
export const BELOW_PLAN: readonly WeekStatus[] = ['NOT_RECORDED', 'ABSENT', 'UNDER_ACTIVATED'];

export interface WeekAgainstPlan {
  weekStart: LocalDate;
  plannedHours: number;
  hours?: number;
  status: WeekStatus;
}

/** The phase's hours a week on `day`: job training takes work-readiness's figure when it names none. */
export function hoursPerWeekOn(
  day: LocalDate,
  plan: Pick<ParticipantPlan, 'workReadiness' | 'jobTraining'>,
  period: TrainingPeriod,
): number {
  return day < period.jobTrainingStartsOn
    ? plan.workReadiness.hoursPerWeek
    : (plan.jobTraining.hoursPerWeek ?? plan.workReadiness.hoursPerWeek);
}

/**
 * The hours planned for the week of `weekStart`: a fifth of the phase's hours a week for each working
 * day of the week inside the training period and on or after `countsFrom` (the day training resumed
 * after a pause), to two decimals.
 */
export function plannedHoursOfWeek(
  weekStart: LocalDate,
  plan: Pick<ParticipantPlan, 'workReadiness' | 'jobTraining'>,
  period: TrainingPeriod,
  closingDays: readonly LocalDate[] = [],
  countsFrom?: LocalDate,
): number {
  const monday = mondayOf(weekStart);
  let hours = 0;
  for (let i = 0; i < 7; i++) {
    const day = addDays(monday, i);
    if (day < period.startedOn || day >= period.jobTrainingEndsOn || (countsFrom !== undefined && day < countsFrom)) continue;
    if (!isWorkingDay(day, closingDays)) continue;
    hours += hoursPerWeekOn(day, plan, period) / TRAINING_DAYS_A_WEEK;
  }
  return Math.round(hours * 100) / 100;
}

/** What a week's record (or its absence) is against the hours planned. */
export function weekStatus(
  record: { hours: number; present: boolean } | undefined,
  plannedHours: number,
  minimumShare: number,
): WeekStatus {
  if (plannedHours === 0) return 'NOTHING_PLANNED';
  if (!record) return 'NOT_RECORDED';
  if (!record.present || record.hours === 0) return 'ABSENT';
  return record.hours < minimumShare * plannedHours ? 'UNDER_ACTIVATED' : 'AS_PLANNED';
}

/** A week against the plan, in one call. */
export function weekAgainstPlan(
  weekStart: LocalDate,
  record: { hours: number; present: boolean } | undefined,
  plan: Pick<ParticipantPlan, 'workReadiness' | 'jobTraining' | 'attendance'>,
  period: TrainingPeriod,
  closingDays: readonly LocalDate[] = [],
  countsFrom?: LocalDate,
): WeekAgainstPlan {
  const plannedHours = plannedHoursOfWeek(weekStart, plan, period, closingDays, countsFrom);
  // A running track's plan may predate the field: it takes the default.
  const status = weekStatus(record, plannedHours, plan.attendance.minimumShareOfPlannedHours ?? DEFAULT_MINIMUM_SHARE);
  return { weekStart: mondayOf(weekStart), plannedHours, ...(record ? { hours: record.hours } : {}), status };
}
