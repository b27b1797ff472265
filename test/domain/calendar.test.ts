import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  daysBetween,
  holidayName,
  instantAt,
  isWorkingDay,
  localDateAt,
  mondayOf,
  nextWorkingDay,
  parseLocalDate,
  previousWorkingDay,
  twoWorkingDays,
  weekday,
} from '../../domain/calendar.js';

describe('Danish working days', () => {
  it.each([
    ['2026-01-01', 'Nytårsdag'],
    ['2026-04-02', 'Skærtorsdag'],
    ['2026-04-03', 'Langfredag'],
    ['2026-04-06', 'Anden påskedag'],
    ['2026-05-14', 'Kristi Himmelfartsdag'],
    ['2026-05-25', 'Anden Pinsedag'],
    ['2026-06-05', 'Grundlovsdag'],
    ['2026-12-24', 'Juleaftensdag'],
    ['2026-12-25', 'Juledag'],
    ['2026-12-31', 'Nytårsaftensdag'],
    ['2023-05-05', 'Store Bededag'],
  ])('%s is %s and no working day', (date, name) => {
    expect(holidayName(date)).toBe(name);
    expect(isWorkingDay(date)).toBe(false);
  });

  it('Great Prayer Day is a working day from 2024 (abolished)', () => {
    expect(isWorkingDay('2024-04-26')).toBe(true); // would have been Store Bededag
    expect(isWorkingDay('2026-05-01')).toBe(true); // 1 May is no day off by law
  });

  it('weekends are not working days', () => {
    expect(isWorkingDay('2026-11-21')).toBe(false);
    expect(isWorkingDay('2026-11-22')).toBe(false);
    expect(isWorkingDay('2026-11-23')).toBe(true);
  });

  it('honours a municipality closing day', () => {
    expect(isWorkingDay('2026-11-23', ['2026-11-23'])).toBe(false);
    expect(nextWorkingDay('2026-11-23', ['2026-11-23'])).toBe('2026-11-24');
  });

  it('moves over Easter to the next working day', () => {
    expect(nextWorkingDay('2026-04-02')).toBe('2026-04-07'); // Thu, Fri, Sat, Sun, Mon off
    expect(previousWorkingDay('2026-04-06')).toBe('2026-04-01');
  });

  it('counts working days forwards and backwards', () => {
    expect(addWorkingDays('2026-11-23', 1)).toBe('2026-11-24');
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Fri → Mon
    expect(addWorkingDays('2026-12-22', 2)).toBe('2026-12-28'); // over 24, 25, 26 and the weekend
    expect(addWorkingDays('2026-11-26', -14)).toBe('2026-11-06');
    expect(addWorkingDays('2026-11-26', -2)).toBe('2026-11-24');
  });

  it('a two-day camp starting on a Friday continues on Monday', () => {
    expect(twoWorkingDays('2026-11-27')).toEqual(['2026-11-27', '2026-11-30']);
    expect(twoWorkingDays('2026-11-28')).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-08-15', 6)).toBe('2027-02-15');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });

  it('finds the Monday of the week', () => {
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => parseLocalDate('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => parseLocalDate('23/11/2026')).toThrow(/YYYY-MM-DD/);
  });
});

describe('Copenhagen wall-clock time', () => {
  it('09:00 is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(new Date(instantAt('2026-11-23', '09:00')).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(new Date(instantAt('2026-06-15', '09:00')).toISOString()).toBe('2026-06-15T07:00:00.000Z');
  });

  it('handles the days summer time starts and ends', () => {
    expect(new Date(instantAt('2026-03-29', '09:00')).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(new Date(instantAt('2026-10-25', '09:00')).toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('gives the local date of an instant', () => {
    expect(localDateAt(Date.parse('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    expect(localDateAt(Date.parse('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
  });
});

describe('spans', () => {
  it('adds months, then weeks and days', async () => {
    const { addSpan } = await import('../../domain/calendar.js');
    expect(addSpan('2026-01-31', { months: 1, days: 1 })).toBe('2026-03-01');
    expect(addSpan('2026-11-23', { weeks: 26 })).toBe('2027-05-24');
  });
});

describe('date arithmetic, remembered', () => {
  // The calendar remembers the dates it has met; its answers must be those of plain Date arithmetic,
  // whatever was asked before (a refused date is never remembered as a date).
  const DAY = 86_400_000;
  const date = fc
    .integer({ min: Date.UTC(1990, 0, 1) / DAY, max: Date.UTC(2090, 11, 31) / DAY })
    .map((n) => new Date(n * DAY).toISOString().slice(0, 10));

  it('adds days, finds weekdays, Mondays and distances as Date does', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -800, max: 800 }), (d, n) => {
        const t = Date.parse(`${d}T00:00:00Z`);
        const moved = new Date(t + n * DAY).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(moved);
        expect(daysBetween(d, moved)).toBe(n);
        const iso = ((new Date(t).getUTCDay() + 6) % 7) + 1;
        expect(weekday(d)).toBe(iso);
        expect(mondayOf(d)).toBe(new Date(t - (iso - 1) * DAY).toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps refusing impossible dates after answering for real ones', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(() => addDays('2026-02-30', 1)).toThrow(/not a calendar date/);
    expect(() => weekday('2026-13-01')).toThrow(/not a calendar date/);
    expect(() => holidayName('2026-1-01')).toThrow(/YYYY-MM-DD/);
    expect(() => instantAt('2026-02-29', '09:00')).toThrow(/not a calendar date/);
  });
});
