// The Danish working-day calendar. Pure functions over plain dates ('YYYY-MM-DD', local to
// Europe/Copenhagen): no I/O and no clock, so workflows may import them and replay gives the same
// dates. National holidays come from the table in danish-holidays.ts, generated from the maintained
// `date-holidays` library (it knows Great Prayer Day ended after 2023) and checked against it by a
// test; workflows read the table because the library would bring megabytes of time-zone data into
// every cached workflow. Each municipality adds its own closing days.
import { FIRST_HOLIDAY_YEAR, HOLIDAY_DATES, HOLIDAY_NAMES, LAST_HOLIDAY_YEAR } from './danish-holidays.js';

export type LocalDate = string;
export const PROGRAMME_TIME_ZONE = 'Europe/Copenhagen';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date whose year the holiday table does not cover. */
export class CalendarRangeError extends RangeError {
  override name = 'CalendarRangeError';
}

const cache = new Map<number, Map<LocalDate, string>>();

/** Holidays and common days off of one year, date → Danish name, in date order. */
export function holidaysOf(year: number): Map<LocalDate, string> {
  let days = cache.get(year);
  if (!days) {
    const line = Number.isInteger(year) ? HOLIDAY_DATES[year - FIRST_HOLIDAY_YEAR] : undefined;
    if (line === undefined) {
      throw new CalendarRangeError(`Danish holidays are known for ${FIRST_HOLIDAY_YEAR}–${LAST_HOLIDAY_YEAR}, not for ${year}`);
    }
    const entries = line
      .split(' ')
      .flatMap((mmdd, i): Array<[LocalDate, string]> =>
        mmdd === '----' ? [] : [[`${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`, HOLIDAY_NAMES[i]!]],
      );
    days = new Map(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
    cache.set(year, days);
  }
  return days;
}

export class InvalidDateError extends Error {
  override name = 'InvalidDateError';
}

export function parseLocalDate(date: LocalDate): { y: number; m: number; d: number } {
  const match = DATE_RE.exec(date);
  if (!match) throw new InvalidDateError(`"${date}" is not a date of the form YYYY-MM-DD`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new InvalidDateError(`"${date}" is not a calendar date`);
  return { y, m, d };
}

/** True for a real calendar date of the form YYYY-MM-DD. */
export function isLocalDate(date: string): boolean {
  try {
    parseLocalDate(date);
    return true;
  } catch {
    return false;
  }
}

/**
 * A date as midnight UTC: how Prisma writes a PostgreSQL `date` (@db.Date) column. Refuses a string
 * that is not a calendar date, so a bad date never reaches the database as "Invalid Date".
 */
export function utcMidnightOf(date: LocalDate): Date {
  const { y, m, d } = parseLocalDate(date);
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * The date a midnight-UTC value stands for: a `date` (@db.Date) column as Prisma reads it, or a date
 * YAML parsed. Only for such values: an instant (a timestamp column, `Date.now()`) is read with
 * localDateAt, since near midnight its UTC date is not the day it was in Copenhagen.
 */
export function dateOfUtcMidnight(date: Date): LocalDate {
  return date.toISOString().slice(0, 10);
}

const MS_A_DAY = 86_400_000;

/**
 * The dates met, as day numbers (days since 1970-01-01 UTC), and back. The agendas ask for the same
 * few hundred dates again and again (every working-day count, every week's plan); parsing and
 * formatting each time was most of a what-if run. Bounded, so a long-running worker's memory stays flat.
 */
const MEMO_LIMIT = 50_000;
const dayNumbers = new Map<LocalDate, number>();
const datesOfDayNumbers = new Map<number, LocalDate>();

function dayNumberOf(date: LocalDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    const { y, m, d } = parseLocalDate(date);
    n = Date.UTC(y, m - 1, d) / MS_A_DAY;
    if (dayNumbers.size >= MEMO_LIMIT) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

function dateOfDayNumber(n: number): LocalDate {
  let date = datesOfDayNumbers.get(n);
  if (date === undefined) {
    date = dateOfUtcMidnight(new Date(n * MS_A_DAY));
    if (datesOfDayNumbers.size >= MEMO_LIMIT) datesOfDayNumbers.clear();
    datesOfDayNumbers.set(n, date);
  }
  return date;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfDayNumber(dayNumberOf(date) + Math.trunc(days));
}

export function addWeeks(date: LocalDate, weeks: number): LocalDate {
  return addDays(date, 7 * weeks);
}

/** Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { y, m, d } = parseLocalDate(date);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return dateOfUtcMidnight(first);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday (day number 0, 1 January 1970, was a Thursday). */
export function weekday(date: LocalDate): number {
  return ((((dayNumberOf(date) + 3) % 7) + 7) % 7) + 1;
}

/** Monday of the ISO week containing the date. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - weekday(date));
}

export function holidayName(date: LocalDate): string | undefined {
  dayNumberOf(date); // refuses what is not a calendar date
  return holidaysOf(Number(date.slice(0, 4))).get(date);
}

/** Not a weekend, not a Danish holiday or common day off, not one of the given closing days. */
export function isWorkingDay(date: LocalDate, closingDays: readonly LocalDate[] = []): boolean {
  return weekday(date) <= 5 && !holidayName(date) && !closingDays.includes(date);
}

/** The date itself when it is a working day, else the next working day. */
export function nextWorkingDay(date: LocalDate, closingDays: readonly LocalDate[] = []): LocalDate {
  let d = date;
  for (let i = 0; i < 366 && !isWorkingDay(d, closingDays); i++) d = addDays(d, 1);
  return d;
}

/** The date itself when it is a working day, else the working day before it. */
export function previousWorkingDay(date: LocalDate, closingDays: readonly LocalDate[] = []): LocalDate {
  let d = date;
  for (let i = 0; i < 366 && !isWorkingDay(d, closingDays); i++) d = addDays(d, -1);
  return d;
}

/**
 * Moves `n` working days from `date` (negative: backwards). Counting starts from the next (or
 * previous) day, so addWorkingDays(Monday, 1) is Tuesday and addWorkingDays(camp, -2) is two
 * working days before the camp.
 */
export function addWorkingDays(date: LocalDate, n: number, closingDays: readonly LocalDate[] = []): LocalDate {
  const step = n < 0 ? -1 : 1;
  let d = date;
  for (let left = Math.abs(n); left > 0;) {
    d = addDays(d, step);
    if (isWorkingDay(d, closingDays)) left--;
  }
  return d;
}

/** Two consecutive working days starting on the first working day on or after `date`. */
export function twoWorkingDays(date: LocalDate, closingDays: readonly LocalDate[] = []): [LocalDate, LocalDate] {
  const first = nextWorkingDay(date, closingDays);
  return [first, addWorkingDays(first, 1, closingDays)];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(epochMs: number, timeZone: string): { date: LocalDate; ms: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const ms = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return { date, ms };
}

/** localDateAt's answers in the programme's time zone: tracks wake at the same few instants (09:00 on working days). */
const localDates = new Map<number, LocalDate>();

/** The local date in the programme's time zone at an instant. */
export function localDateAt(epochMs: number, timeZone = PROGRAMME_TIME_ZONE): LocalDate {
  if (timeZone !== PROGRAMME_TIME_ZONE) return wallClock(epochMs, timeZone).date;
  let date = localDates.get(epochMs);
  if (date === undefined) {
    date = wallClock(epochMs, timeZone).date;
    if (localDates.size >= MEMO_LIMIT) localDates.clear();
    localDates.set(epochMs, date);
  }
  return date;
}

/** instantAt's answers: the agendas ask for 09:00 on the same days over and over, each a time-zone lookup. */
const instants = new Map<string, number>();

/** The instant of a local wall-clock time ('HH:mm') on a date, across summer-time changes. */
export function instantAt(date: LocalDate, time = '09:00', timeZone = PROGRAMME_TIME_ZONE): number {
  const key = `${date} ${time} ${timeZone}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    const { y, m, d } = parseLocalDate(date);
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    const asUtc = Date.UTC(y, m - 1, d, hh, mm);
    // Two passes find the offset in force at that wall-clock time.
    instant = asUtc;
    for (let i = 0; i < 2; i++) instant = asUtc - (wallClock(instant, timeZone).ms - instant);
    if (instants.size >= MEMO_LIMIT) instants.clear();
    instants.set(key, instant);
  }
  return instant;
}

/** Adds a length such as { months: 6 } or { weeks: 26, days: 3 } (months first, then weeks and days). */
export function addSpan(date: LocalDate, s: { months?: number; weeks?: number; days?: number }): LocalDate {
  return addDays(addMonths(date, s.months ?? 0), 7 * (s.weeks ?? 0) + (s.days ?? 0));
}
