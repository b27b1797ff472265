// The company track's calendar: the boot camp, the accelerator's camps and coaching sessions, the
// reminders before them, the milestones and the anchoring checks after the accelerator. Pure (dates
// in, dates out) so the cohort and company workflows compute the same plan on every replay. Every
// date lands on a Danish working day that is also no closing day of the municipalities concerned.
import {
  addDays,
  addSpan,
  addWeeks,
  addWorkingDays,
  nextWorkingDay,
  parseLocalDate,
  previousWorkingDay,
  twoWorkingDays,
  type LocalDate,
} from './calendar.js';
import type { CompanyPlan } from './programme.js';

export type CampKind = 'BOOT_CAMP' | 'CAMP' | 'COACHING';

/** Local wall-clock hours of a camp day (Europe/Copenhagen). */
export const CAMP_HOURS: Record<CampKind, { start: string; end: string }> = {
  BOOT_CAMP: { start: '09:00', end: '16:00' },
  CAMP: { start: '09:00', end: '15:00' },
  COACHING: { start: '10:00', end: '11:30' },
};

/** A camp's title when the cohort gives none: "Bootcamp", "Camp 3", "Coaching 2". */
export const CAMP_TITLES: Record<CampKind, (n: number) => string> = {
  BOOT_CAMP: () => 'Bootcamp',
  CAMP: (n) => `Camp ${n}`,
  COACHING: (n) => `Coaching ${n}`,
};

/** Sending hour for reminders and follow-ups: the start of a working day. */
export const SEND_AT = '08:00';
/** A company that has not answered this many working days before a camp gets a nudge. */
export const NUDGE_WORKING_DAYS_BEFORE = 7;
/** Days after a camp within which attendance should be recorded before the coordinator is asked. */
export const ATTENDANCE_DUE_WORKING_DAYS = 2;
/** A milestone is reminded this many working days before it is due. */
export const MILESTONE_REMINDER_WORKING_DAYS = 5;
/** An anchoring check unanswered this many working days is reminded once. */
export const ANCHORING_REMINDER_WORKING_DAYS = 5;
/** The boot camp starts on the first working day on or after this day of the plan's month. */
export const BOOT_CAMP_NAIVE_DAY = 15;

export interface PlannedCamp {
  /** Stable business key, e.g. `klynge-1-2019-camp-03`; also the base of the iCalendar UID. */
  id: string;
  kind: CampKind;
  /** Camp number within its kind (1-based; the boot camp is 1). */
  number: number;
  /** The date the rhythm gives before working days are honoured. */
  naiveDate: LocalDate;
  /** The camp's days, each a working day (two for the default boot camp). */
  days: LocalDate[];
  /** True when the naive date was not a working day and the camp moved. */
  moved: boolean;
  /** A camp the cohort fixed itself: its own title and place (else the kind's title, the cohort's place). */
  title?: string;
  location?: string;
}

/** A camp a cohort file fixes in advance (its id is the file's, prefixed by the cohort's id). */
export interface FixedCamp {
  id: string;
  date: LocalDate;
  days: number;
  title?: string;
  location?: string;
}

export interface CohortCampPlanInput {
  cohortId: string;
  /** The cohort's year: the boot camp is in November (the plan's month) of this year. */
  year: number;
  plan: CompanyPlan;
  /** Closing days of the cohort's municipalities (shared camps avoid all of them). */
  closingDays?: readonly LocalDate[];
  /** Overrides the boot camp's naive first day (from the cohort's own plan). */
  bootCampStartOn?: LocalDate;
  /** Overrides the accelerator's start (default: the first working day of the next January). */
  acceleratorStartsOn?: LocalDate;
  /** Camps fixed by the cohort: they replace the rhythm's camps (coaching keeps its rhythm around them). */
  fixedCamps?: readonly FixedCamp[];
}

export interface CohortCampPlan {
  bootCamp: PlannedCamp;
  acceleratorStartsOn: LocalDate;
  /** The accelerator's last working day (the day before its length has run from the start, or earlier). */
  acceleratorEndsOn: LocalDate;
  /** Shared camps and coaching sessions in date order. */
  camps: PlannedCamp[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `days` consecutive working days starting on the first working day on or after `date`. */
export function campDays(date: LocalDate, days: number, closingDays: readonly LocalDate[] = []): LocalDate[] {
  if (days === 2) return twoWorkingDays(date, closingDays);
  const out = [nextWorkingDay(date, closingDays)];
  while (out.length < days) out.push(addWorkingDays(out[out.length - 1]!, 1, closingDays));
  return out;
}

export function planBootCamp(input: Omit<CohortCampPlanInput, 'acceleratorStartsOn'>): PlannedCamp {
  const { plan, year } = input;
  const naiveDate = input.bootCampStartOn ?? `${year}-${pad(plan.bootCamp.month)}-${pad(BOOT_CAMP_NAIVE_DAY)}`;
  parseLocalDate(naiveDate);
  const days = campDays(naiveDate, plan.bootCamp.days, input.closingDays);
  return { id: `${input.cohortId}-bootcamp`, kind: 'BOOT_CAMP', number: 1, naiveDate, days, moved: days[0] !== naiveDate };
}

/**
 * The whole plan of a cohort's companies: the boot camp, then camps every `campEveryWeeks` weeks and
 * coaching every `coachingEveryWeeks` weeks during the accelerator, each moved to the next working
 * day. A coaching session never shares a day with a camp (it moves on to the next free working day).
 */
export function planCohortCamps(input: CohortCampPlanInput): CohortCampPlan {
  const closing = input.closingDays ?? [];
  const bootCamp = planBootCamp(input);
  const acceleratorStartsOn = nextWorkingDay(input.acceleratorStartsOn ?? `${parseLocalDate(bootCamp.days[0]!).y + 1}-01-01`, closing);
  const end = addSpan(acceleratorStartsOn, input.plan.accelerator.length);
  const acceleratorEndsOn = previousWorkingDay(addDays(end, -1), closing);

  const camps: PlannedCamp[] = [];
  const every = input.plan.accelerator.campEveryWeeks;
  input.fixedCamps?.forEach((f, i) => {
    const days = campDays(f.date, f.days, closing);
    camps.push({
      id: `${input.cohortId}-${f.id}`,
      kind: 'CAMP',
      number: i + 1,
      naiveDate: f.date,
      days,
      moved: days[0] !== f.date,
      title: f.title,
      location: f.location,
    });
  });
  for (let k = 1; !input.fixedCamps; k++) {
    const naiveDate = addWeeks(acceleratorStartsOn, k * every);
    if (naiveDate >= end) break;
    const days = campDays(naiveDate, 1, closing);
    if (days[0]! > acceleratorEndsOn) break;
    camps.push({ id: `${input.cohortId}-camp-${pad(k)}`, kind: 'CAMP', number: k, naiveDate, days, moved: days[0] !== naiveDate });
  }
  const campDates = new Set(camps.flatMap((c) => c.days));
  const coachingEvery = input.plan.accelerator.coachingEveryWeeks;
  if (coachingEvery) {
    for (let k = 1; ; k++) {
      const naiveDate = addWeeks(acceleratorStartsOn, k * coachingEvery);
      if (naiveDate >= end) break;
      let day = nextWorkingDay(naiveDate, closing);
      while (campDates.has(day)) day = addWorkingDays(day, 1, closing);
      if (day > acceleratorEndsOn) break;
      camps.push({
        id: `${input.cohortId}-coaching-${pad(k)}`,
        kind: 'COACHING',
        number: k,
        naiveDate,
        days: [day],
        moved: day !== naiveDate,
      });
    }
  }
  camps.sort((a, b) => (a.days[0]! < b.days[0]! ? -1 : a.days[0]! > b.days[0]! ? 1 : a.id < b.id ? -1 : 1));
  return { bootCamp, acceleratorStartsOn, acceleratorEndsOn, camps };
}

export interface DatedStep {
  /** What the date is for, e.g. `reminder-14` or `nudge`. */
  key: string;
  on: LocalDate;
}

/**
 * Reminder dates N working days before the camp's first day (the plan's default: 14 and 2), the
 * earliest first. Dates already past `notBefore` (e.g. a camp planned at short notice) are dropped.
 */
export function reminderDates(
  firstDay: LocalDate,
  workingDaysBefore: readonly number[],
  closingDays: readonly LocalDate[] = [],
  notBefore?: LocalDate,
): DatedStep[] {
  return [...new Set(workingDaysBefore)]
    .sort((a, b) => b - a)
    .map((n) => ({ key: `reminder-${n}`, on: addWorkingDays(firstDay, -n, closingDays) }))
    .filter((s) => notBefore === undefined || s.on >= notBefore);
}

/**
 * When a company's invitation to a camp goes out: `leadWeeks` before the camp's first day, on the
 * working day on or before (the programme's `invitationLeadWeeks`); at once when the plan gives no
 * lead time (the boot camp, tracks planned before lead times existed) or the day has passed.
 */
export function invitationDate(
  firstDay: LocalDate,
  leadWeeks: number | undefined,
  closingDays: readonly LocalDate[] = [],
): LocalDate | undefined {
  if (leadWeeks === undefined) return undefined;
  return previousWorkingDay(addWeeks(firstDay, -leadWeeks), closingDays);
}

export function nudgeDate(firstDay: LocalDate, closingDays: readonly LocalDate[] = []): LocalDate {
  return addWorkingDays(firstDay, -NUDGE_WORKING_DAYS_BEFORE, closingDays);
}

export function attendanceDueDate(lastDay: LocalDate, closingDays: readonly LocalDate[] = []): LocalDate {
  return addWorkingDays(lastDay, ATTENDANCE_DUE_WORKING_DAYS, closingDays);
}

export interface MilestoneDate {
  id: string;
  title: string;
  dueOn: LocalDate;
  remindOn: LocalDate;
}

/** Social-model milestones: due their span after the accelerator's start, on a working day. */
export function milestoneDates(
  acceleratorStartsOn: LocalDate,
  milestones: CompanyPlan['milestones'],
  closingDays: readonly LocalDate[] = [],
): MilestoneDate[] {
  return milestones
    .map((m) => {
      const dueOn = nextWorkingDay(addSpan(acceleratorStartsOn, m.dueAfter), closingDays);
      return { id: m.id, title: m.title, dueOn, remindOn: addWorkingDays(dueOn, -MILESTONE_REMINDER_WORKING_DAYS, closingDays) };
    })
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}

export interface AnchoringCheckDate {
  /** 1-based number of the check. */
  checkNo: number;
  monthsAfterEnd: number;
  on: LocalDate;
  remindOn: LocalDate;
}

/** Anchoring checks the plan's months after the accelerator's end (default 2, 4 and 6). */
export function anchoringCheckDates(
  acceleratorEndsOn: LocalDate,
  checksAtMonths: readonly number[],
  closingDays: readonly LocalDate[] = [],
): AnchoringCheckDate[] {
  return [...new Set(checksAtMonths)]
    .sort((a, b) => a - b)
    .map((months, i) => {
      const on = nextWorkingDay(addSpan(acceleratorEndsOn, { months }), closingDays);
      return { checkNo: i + 1, monthsAfterEnd: months, on, remindOn: addWorkingDays(on, ANCHORING_REMINDER_WORKING_DAYS, closingDays) };
    });
}

export type SocialModelUse = 'YES' | 'PARTLY' | 'NO';
export type AnchoringStatus = 'ANCHORED' | 'PARTLY_ANCHORED' | 'NOT_ANCHORED' | 'UNKNOWN';

/**
 * The closing anchoring status from the answers of the latest answered check: anchored when every
 * answer there says the social model is in use, not anchored when every one says no, partly otherwise.
 */
export function anchoringStatus(answers: ReadonlyArray<{ checkNo: number; socialModelInUse: SocialModelUse }>): AnchoringStatus {
  if (answers.length === 0) return 'UNKNOWN';
  const last = Math.max(...answers.map((a) => a.checkNo));
  const latest = answers.filter((a) => a.checkNo === last).map((a) => a.socialModelInUse);
  if (latest.every((u) => u === 'YES')) return 'ANCHORED';
  if (latest.every((u) => u === 'NO')) return 'NOT_ANCHORED';
  return 'PARTLY_ANCHORED';
}

/** The calendar UID of a camp: every .ics of the camp (invitation, move, cancellation) carries it. */
export function campUid(campId: string): string {
  return `${campId}@dobbeltspor`;
}
