// Argument parsers for commander: a bad value is a usage error (exit 2) with a plain message.
import { InvalidArgumentError } from 'commander';
import { holidayName, mondayOf, nextWorkingDay, parseLocalDate, weekday } from '../../../domain/calendar.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** "Wednesday" for 2027-03-10. */
export function weekdayName(date: string): string {
  return WEEKDAYS[weekday(date) - 1]!;
}

export function parseDate(value: string): string {
  try {
    parseLocalDate(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  return value;
}

/** The first day of a week: a date that is a Monday, or a refusal that names the Monday meant. */
export function parseMonday(value: string): string {
  parseDate(value);
  const monday = mondayOf(value);
  if (monday !== value) throw new InvalidArgumentError(`${value} is a ${weekdayName(value)}; the week starts Monday ${monday}`);
  return value;
}

/**
 * Why a date is no working day (a weekend day, or the holiday by name), or undefined for a working
 * day; the cohort's own closing days are judged by the cohort itself.
 */
export function notAWorkingDay(date: string): string | undefined {
  const holiday = holidayName(date);
  const next = nextWorkingDay(date);
  if (holiday) return `${date} is ${holiday}, a Danish holiday or common day off; the next working day is ${weekdayName(next)} ${next}`;
  if (weekday(date) > 5) return `${date} is a ${weekdayName(date)}; the next working day is ${weekdayName(next)} ${next}`;
  return undefined;
}

/**
 * One of `choices`, written in any case and with - or _ between words: `ordinary-job`,
 * `Ordinary_Job` and `ORDINARY_JOB` are the same kind.
 */
export function parseChoice<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const normal = value
      .trim()
      .toUpperCase()
      .replace(/[-\s]+/g, '_');
    const found = choices.find((c) => c.toUpperCase().replace(/-/g, '_') === normal);
    if (!found) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')} (any case, - or _).`);
    return found;
  };
}

export function parseYear(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new InvalidArgumentError('a year between 2000 and 2100');
  return n;
}

export function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number of 0 or more');
  return n;
}
