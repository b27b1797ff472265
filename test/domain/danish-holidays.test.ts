import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarRangeError, holidayName, holidaysOf, isWorkingDay, previousWorkingDay } from '../../domain/calendar.js';
import { FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR } from '../../domain/danish-holidays.js';
import { holidaysFromLibrary, renderHolidayTable } from '../../scripts/holidays/from-library.js';

const TABLE = new URL('../../domain/danish-holidays.ts', import.meta.url);

describe('the table of Danish holidays that workflow code reads', () => {
  it('is what `npm run holidays` writes from the installed date-holidays (regenerate it after an upgrade)', () => {
    expect(readFileSync(TABLE, 'utf8')).toBe(renderHolidayTable());
  });

  it('gives every year of its range the same days, names and order as the library', () => {
    for (let year = FIRST_HOLIDAY_YEAR; year <= LAST_HOLIDAY_YEAR; year++) {
      expect([...holidaysOf(year)], String(year)).toEqual([...holidaysFromLibrary(year)]);
    }
  });

  it('covers every cohort year a cohort file or --year accepts (2000–2100) and the years its tracks run on', () => {
    expect(FIRST_HOLIDAY_YEAR).toBeLessThan(2000);
    expect(LAST_HOLIDAY_YEAR).toBeGreaterThanOrEqual(2100 + 10);
  });

  it('keeps the library’s choice where two days fall on one date', () => {
    expect(holidayName('2017-06-05')).toBe('Anden Pinsedag'); // and Grundlovsdag
    expect(holidayName('2022-06-05')).toBe('Pinsedag'); // and Grundlovsdag
    expect(holidayName('2023-05-05')).toBe('Store Bededag');
    expect(holidayName('2024-04-26')).toBeUndefined();
  });

  it('refuses a year outside its range with an error naming the range, instead of answering "no holiday"', () => {
    expect(() => holidaysOf(LAST_HOLIDAY_YEAR + 1)).toThrow(CalendarRangeError);
    expect(() => isWorkingDay(`${LAST_HOLIDAY_YEAR + 1}-03-03`)).toThrow(
      // a Tuesday
      `Danish holidays are known for ${FIRST_HOLIDAY_YEAR}–${LAST_HOLIDAY_YEAR}, not for ${LAST_HOLIDAY_YEAR + 1}`,
    );
    expect(() => previousWorkingDay(`${FIRST_HOLIDAY_YEAR}-01-01`)).toThrow(CalendarRangeError); // back over New Year into the year before
    expect(() => holidaysOf(2026.5)).toThrow(CalendarRangeError);
  });
});
