// The dates of a cohort file checked against its programme and the Danish working-day calendar: a day
// the file names itself (the boot camp, a fixed camp, the start) must be a working day of every
// municipality in the cohort, in the cohort's year, in order, and where the programme puts it. Days
// the plan computes (the rhythm's camps) move to the next working day instead, and the move is told.
// Pure: the file loader and the cohort start call it; every issue names its path in the file.
import {
  addDays,
  addSpan,
  addWorkingDays,
  holidayName,
  isWorkingDay,
  nextWorkingDay,
  parseLocalDate,
  previousWorkingDay,
  weekday,
  type LocalDate,
} from './calendar.js';
import { planCohortCamps, type CohortCampPlan, type PlannedCamp } from './camp-plan.js';
import type { CohortFile } from './cohort-file.js';
import type { CompanyPlan, Programme } from './programme.js';

export interface DateIssue {
  path: Array<string | number>;
  message: string;
}

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Closing day → the names of the municipalities closed that day. */
export type ClosingDays = ReadonlyMap<LocalDate, readonly string[]>;

export function closingDaysOf(
  cohort: Pick<CohortFile, 'municipalities'>,
  stored: ReadonlyMap<string, readonly LocalDate[]> = new Map(),
): Map<LocalDate, string[]> {
  const out = new Map<LocalDate, string[]>();
  for (const m of cohort.municipalities) {
    for (const d of new Set([...m.closingDays, ...(stored.get(m.code) ?? [])])) out.set(d, [...(out.get(d) ?? []), m.name]);
  }
  return out;
}

/** Why a day is no working day ("Kristi himmelfartsdag", "a Saturday", "a closing day of Kolding"), or undefined. */
export function dayOffReason(date: LocalDate, closing: ClosingDays = new Map()): string | undefined {
  const holiday = holidayName(date);
  if (holiday) return holiday;
  const wd = weekday(date);
  if (wd > 5) return `a ${WEEKDAY_NAMES[wd]}`;
  const closed = closing.get(date);
  if (closed?.length) return `a closing day of ${closed.join(' and ')}`;
  return undefined;
}

/** "2027-05-06 is Kristi himmelfartsdag; the next working day is 2027-05-07", or undefined for a working day. */
export function notAWorkingDay(date: LocalDate, closing: ClosingDays = new Map()): string | undefined {
  const reason = dayOffReason(date, closing);
  if (!reason) return undefined;
  return `${date} is ${reason}; the next working day is ${nextWorkingDay(date, [...closing.keys()])}`;
}

/** The accelerator's first and last working day after a boot camp starting on `bootCampFirstDay`. */
export function acceleratorSpan(
  bootCampFirstDay: LocalDate,
  plan: NonNullable<Programme['company']>,
  closing: readonly LocalDate[],
): { startsOn: LocalDate; endsOn: LocalDate } {
  const startsOn = nextWorkingDay(`${parseLocalDate(bootCampFirstDay).y + 1}-01-01`, closing);
  const endsOn = previousWorkingDay(addDays(addSpan(startsOn, plan.accelerator.length), -1), closing);
  return { startsOn, endsOn };
}

/** The boot camp's first day as the programme plans it when the file gives none (before working days are honoured). */
export function naiveBootCampDay(year: number, plan: NonNullable<Programme['company']>): LocalDate {
  return `${year}-${String(plan.bootCamp.month).padStart(2, '0')}-15`;
}

export interface DateCheckOptions {
  /** Closing days PostgreSQL holds already for the file's municipalities, by code. */
  storedClosingDays?: ReadonlyMap<string, readonly LocalDate[]>;
  /** Today (Europe/Copenhagen): days of the cohort that have passed are refused. Absent: not checked. */
  today?: LocalDate;
}

/** Every problem with the file's dates; empty when they are all usable. */
export function cohortDateIssues(cohort: CohortFile, programme: Programme, opts: DateCheckOptions = {}): DateIssue[] {
  const issues: DateIssue[] = [];
  const add = (path: Array<string | number>, message: string) => issues.push({ path, message });
  const closing = closingDaysOf(cohort, opts.storedClosingDays);
  const closingList = [...closing.keys()];
  const company = programme.company;
  const { year } = cohort;
  const yearOf = (d: LocalDate) => parseLocalDate(d).y;
  const passed = (d: LocalDate) => opts.today !== undefined && d < opts.today;
  const passedMessage = (d: LocalDate) =>
    `${d} has passed (today is ${opts.today}); run the cohort in a later year with --year, or start it as under way with --under-way`;

  // Closing days: in the cohort's time, and each a day the jobcentre would otherwise be open.
  cohort.municipalities.forEach((m, i) =>
    m.closingDays.forEach((d, j) => {
      if (yearOf(d) < year - 1 || yearOf(d) > year + 3)
        add(['municipalities', i, 'closingDays', j], `${d} lies outside the cohort's time (${year - 1}–${year + 3})`);
      else {
        const off = holidayName(d) ?? (weekday(d) > 5 ? `a ${WEEKDAY_NAMES[weekday(d)]}` : undefined);
        if (off) add(['municipalities', i, 'closingDays', j], `${d} is ${off} already: a closing day there changes nothing`);
      }
    }),
  );

  let bootCampFirstDay: LocalDate | undefined;
  let bootCampLastDay: LocalDate | undefined;
  if (cohort.bootCamp) {
    if (!company) {
      add(['bootCamp'], `programme ${programme.id} has no company accelerator, so no boot camp is held: leave bootCamp out`);
    } else {
      const dates = cohort.bootCamp.dates;
      let ordered = true;
      dates.forEach((d, j) => {
        const path = ['bootCamp', 'dates', j];
        if (yearOf(d) !== year) add(path, `${d} lies in ${yearOf(d)}, not in the cohort's year ${year}`);
        const off = notAWorkingDay(d, closing);
        if (off) add(path, off);
        else if (passed(d)) add(path, passedMessage(d));
        if (j > 0) {
          const before = dates[j - 1]!;
          if (d <= before) {
            ordered = false;
            add(path, `the boot camp's days are listed in order: ${d} is not after ${before}`);
          } else if (ordered && isWorkingDay(before, closingList) && !off && d !== addWorkingDays(before, 1, closingList)) {
            add(
              path,
              `the boot camp's days follow one another: the working day after ${before} is ${addWorkingDays(before, 1, closingList)}, not ${d}`,
            );
          }
        }
      });
      bootCampFirstDay = dates[0];
      bootCampLastDay = dates[dates.length - 1];
    }
  } else if (company) {
    const naive = naiveBootCampDay(year, company);
    bootCampFirstDay = nextWorkingDay(naive, closingList);
    bootCampLastDay = bootCampFirstDay;
  }

  if (cohort.camps) {
    if (!company) {
      add(['camps'], `programme ${programme.id} has no company accelerator, so no camps are held: leave camps out`);
    } else if (bootCampFirstDay) {
      const acc = acceleratorSpan(bootCampFirstDay, company, closingList);
      const taken = new Map<LocalDate, number>();
      cohort.camps.forEach((c, j) => {
        const path = ['camps', j, 'date'];
        const off = notAWorkingDay(c.date, closing);
        if (off) {
          add(path, off);
          return;
        }
        if (passed(c.date)) add(path, passedMessage(c.date));
        let last = c.date;
        for (let k = 1; k < c.days; k++) last = addWorkingDays(last, 1, closingList);
        if (c.date < acc.startsOn)
          add(
            path,
            `${c.date} lies before the accelerator, which starts on ${acc.startsOn} after the boot camp${bootCampLastDay ? ` (last day ${bootCampLastDay})` : ''}`,
          );
        else if (last > acc.endsOn) add(path, `camp ${c.id} runs until ${last}, after the accelerator ends on ${acc.endsOn}`);
        const previous = cohort.camps![j - 1];
        if (previous && c.date < previous.date)
          add(path, `camps are listed in date order: ${c.date} comes before camps[${j - 1}]'s ${previous.date}`);
        const clash = taken.get(c.date);
        if (clash !== undefined) add(path, `camps[${clash}] is held on ${c.date} too`);
        taken.set(c.date, j);
      });
    }
  }

  if (cohort.startsOn) {
    const d = cohort.startsOn;
    const off = notAWorkingDay(d, closing);
    if (yearOf(d) < year || yearOf(d) > year + 1)
      add(['startsOn'], `${d} lies in ${yearOf(d)}; a cohort of ${year} starts in ${year} or ${year + 1}`);
    else if (off) add(['startsOn'], off);
    else if (bootCampFirstDay && cohort.bootCamp && d < bootCampFirstDay)
      add(['startsOn'], `${d} lies before the boot camp (${bootCampFirstDay}); the participants start after it`);
    else if (passed(d)) add(['startsOn'], passedMessage(d));
  }

  cohort.participants?.forEach((p, i) => {
    const d = p.referredOn;
    if (cohort.startsOn && d > cohort.startsOn)
      add(
        ['participants', i, 'referredOn'],
        `${d} lies after the cohort's start on ${cohort.startsOn}: a participant is referred before the track starts (enrol a later referral late instead)`,
      );
    else if (yearOf(d) < year - 5 || yearOf(d) > year + 1)
      add(['participants', i, 'referredOn'], `${d} lies outside the cohort's time (${year - 5}–${year + 1})`);
  });
  return issues;
}

/** A day the plan moved because the day it would have had is no working day; told to the coordinator. */
export interface PlannedMove {
  /** The camp's id, or the field of the file (`startsOn`) whose day moved. */
  id: string;
  what: string;
  from: LocalDate;
  to: LocalDate;
  /** "2. påskedag", "a Saturday", "a closing day of Kolding". */
  reason: string;
}

export function describeMove(m: PlannedMove): string {
  return `${m.what} moved from ${m.from} (${m.reason}) to ${m.to}`;
}

/**
 * The programme's company plan as this cohort runs it: the boot camp as many days as the file gives
 * and held where the file says (every camp's place unless a fixed camp names its own).
 */
export function cohortCompanyPlan(cohort: CohortFile, plan: CompanyPlan | undefined): CompanyPlan | undefined {
  if (!plan) return undefined;
  if (!cohort.bootCamp) return plan;
  return { ...plan, bootCamp: { ...plan.bootCamp, days: cohort.bootCamp.dates.length, location: cohort.bootCamp.location } };
}

export interface CohortCalendar {
  plan: CohortCampPlan;
  /** The camps in date order, the boot camp first. */
  camps: PlannedCamp[];
  /** Camps the rhythm put on a day off, moved to the next working day. */
  moves: PlannedMove[];
}

/** The cohort's camps as the start writes them: the file's boot camp and fixed camps, else the programme's rhythm. */
export function cohortCalendar(cohort: CohortFile, plan: CompanyPlan, closing: ClosingDays): CohortCalendar {
  const closingDays = [...closing.keys()].sort();
  const campPlan = planCohortCamps({
    cohortId: cohort.id,
    year: cohort.year,
    plan,
    closingDays,
    bootCampStartOn: cohort.bootCamp?.dates[0],
    fixedCamps: cohort.camps?.map((c) => ({ id: c.id, date: c.date, days: c.days, title: c.title, location: c.location })),
  });
  const camps = [campPlan.bootCamp, ...campPlan.camps];
  const moves = camps
    .filter((c) => c.moved)
    .map((c) => ({
      id: c.id,
      what: `camp ${c.id}`,
      from: c.naiveDate,
      to: c.days[0]!,
      reason: dayOffReason(c.naiveDate, closing) ?? 'a camp is held that day',
    }));
  return { plan: campPlan, camps, moves };
}
