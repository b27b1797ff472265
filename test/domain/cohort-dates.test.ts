import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { holidayName, isWorkingDay } from '../../domain/calendar.js';
import {
  closingDaysOf,
  cohortCalendar,
  cohortCompanyPlan,
  cohortDateIssues,
  describeMove,
  notAWorkingDay,
} from '../../domain/cohort-dates.js';
import { cohortFileSchema, cprBirthDate, type CohortFile } from '../../domain/cohort-file.js';
import { programmeSchema, type Programme } from '../../domain/programme.js';

const read = (path: string) => parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as unknown;
const growth: Programme = programmeSchema.parse(read('programmes/growth-partnership-2019.yaml'));
const businessTraining: Programme = programmeSchema.parse(read('programmes/business-training.yaml'));
const example = cohortFileSchema.parse(read('cohorts/klynge-1-2019.yaml'));

/** The example moved to 2027 by hand: boot camp on Wednesday/Thursday 10–11 November 2027. */
function cohort2027(change: (c: CohortFile) => void = () => undefined): CohortFile {
  const c = structuredClone(example);
  c.year = 2027;
  c.bootCamp = { dates: ['2027-11-10', '2027-11-11'], location: 'Kolding, Eksempel Konferencecenter' };
  c.startsOn = '2027-12-01';
  c.municipalities = c.municipalities.map((m) => ({ ...m, closingDays: m.code === '621' ? ['2027-12-27'] : [] }));
  c.participants = c.participants?.map((p) => ({ ...p, referredOn: '2027-11-20' }));
  change(c);
  return c;
}

const messages = (c: CohortFile, p: Programme = growth, today?: string) =>
  cohortDateIssues(c, p, { today }).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('a day the file names must be a working day of every municipality in the cohort', () => {
  it('names the holiday and the next working day', () => {
    expect(holidayName('2027-05-06')).toBeDefined();
    expect(notAWorkingDay('2027-05-06')).toBe(`2027-05-06 is ${holidayName('2027-05-06')}; the next working day is 2027-05-07`);
    expect(notAWorkingDay('2027-11-13')).toBe('2027-11-13 is a Saturday; the next working day is 2027-11-15');
    expect(notAWorkingDay('2027-12-27', closingDaysOf(cohort2027()))).toBe(
      '2027-12-27 is a closing day of Kolding; the next working day is 2027-12-28',
    );
    expect(notAWorkingDay('2027-11-10')).toBeUndefined();
  });

  it('refuses a boot camp on Christmas Eve, a weekend or a closing day, and one out of order or in another year', () => {
    expect(messages(cohort2027())).toEqual([]);
    expect(messages(cohort2027((c) => (c.bootCamp!.dates = ['2027-11-13', '2027-11-15'])))).toEqual([
      'bootCamp.dates.0: 2027-11-13 is a Saturday; the next working day is 2027-11-15',
    ]);
    expect(messages(cohort2027((c) => ((c.bootCamp!.dates = ['2027-12-24']), (c.startsOn = '2028-01-03'))))).toEqual([
      `bootCamp.dates.0: 2027-12-24 is ${holidayName('2027-12-24')}; the next working day is 2027-12-28`,
    ]);
    expect(messages(cohort2027((c) => (c.municipalities[2]!.closingDays = ['2027-11-10'])))).toEqual([
      'bootCamp.dates.0: 2027-11-10 is a closing day of Kolding; the next working day is 2027-11-11',
    ]);
    expect(messages(cohort2027((c) => (c.bootCamp!.dates = ['2027-11-11', '2027-11-10'])))).toEqual([
      "bootCamp.dates.1: the boot camp's days are listed in order: 2027-11-10 is not after 2027-11-11",
    ]);
    expect(messages(cohort2027((c) => (c.bootCamp!.dates = ['2027-11-10', '2027-11-12'])))).toEqual([
      "bootCamp.dates.1: the boot camp's days follow one another: the working day after 2027-11-10 is 2027-11-11, not 2027-11-12",
    ]);
    expect(messages(cohort2027((c) => (c.bootCamp!.dates = ['2026-11-11', '2026-11-12'])))).toEqual([
      "bootCamp.dates.0: 2026-11-11 lies in 2026, not in the cohort's year 2027",
      "bootCamp.dates.1: 2026-11-12 lies in 2026, not in the cohort's year 2027",
    ]);
  });

  it('refuses a start before the boot camp or in another year, and days that have passed', () => {
    expect(messages(cohort2027((c) => (c.startsOn = '2027-11-01'))).filter((m) => m.startsWith('startsOn'))).toEqual([
      'startsOn: 2027-11-01 lies before the boot camp (2027-11-10); the participants start after it',
    ]);
    expect(messages(cohort2027((c) => (c.startsOn = '2030-01-07')))).toEqual([
      'startsOn: 2030-01-07 lies in 2030; a cohort of 2027 starts in 2027 or 2028',
    ]);
    expect(messages(cohort2027(), growth, '2027-11-11')).toEqual([
      'bootCamp.dates.0: 2027-11-10 has passed (today is 2027-11-11); run the cohort in a later year with --year, or start it as under way with --under-way',
    ]);
  });

  it('refuses fixed camps off the calendar, outside the accelerator or out of order', () => {
    const camp = (id: string, date: string) => ({ id, title: `Camp ${id}`, date, days: 1, location: 'Vejle' });
    expect(messages(cohort2027((c) => (c.camps = [camp('a', '2028-03-01'), camp('b', '2028-04-05')])))).toEqual([]);
    expect(messages(cohort2027((c) => (c.camps = [camp('a', '2028-04-17')])))).toEqual([
      `camps.0.date: 2028-04-17 is ${holidayName('2028-04-17')}; the next working day is 2028-04-18`,
    ]);
    expect(messages(cohort2027((c) => (c.camps = [camp('a', '2027-11-24')])))).toEqual([
      'camps.0.date: 2027-11-24 lies before the accelerator, which starts on 2028-01-03 after the boot camp (last day 2027-11-11)',
    ]);
    expect(messages(cohort2027((c) => (c.camps = [camp('a', '2029-02-01')])))).toEqual([
      'camps.0.date: camp a runs until 2029-02-01, after the accelerator ends on 2029-01-02',
    ]);
    expect(messages(cohort2027((c) => (c.camps = [camp('a', '2028-04-05'), camp('b', '2028-03-01')])))).toEqual([
      "camps.1.date: camps are listed in date order: 2028-03-01 comes before camps[0]'s 2028-04-05",
    ]);
  });

  it('refuses a boot camp or camps for a programme without an accelerator: they would be dropped', () => {
    const c = cohort2027((x) => (x.camps = [{ id: 'a', title: 'A', date: '2028-03-01', days: 1, location: 'Vejle' }]));
    expect(messages({ ...c, programme: 'business-training' }, businessTraining)).toEqual([
      'bootCamp: programme business-training has no company accelerator, so no boot camp is held: leave bootCamp out',
      'camps: programme business-training has no company accelerator, so no camps are held: leave camps out',
    ]);
  });

  it('refuses a closing day that is a day off already, or far from the cohort', () => {
    expect(messages(cohort2027((c) => (c.municipalities[0]!.closingDays = ['2027-12-25', '2035-01-02'])))).toEqual([
      `municipalities.0.closingDays.0: 2027-12-25 is ${holidayName('2027-12-25')} already: a closing day there changes nothing`,
      "municipalities.0.closingDays.1: 2035-01-02 lies outside the cohort's time (2026–2030)",
    ]);
  });
});

describe('the rhythm moves its camps off days off, and says so', () => {
  it('a camp on Easter Monday moves to Tuesday, named', () => {
    // The 2026 cohort's accelerator starts Monday 4 January 2027; coaching every 4 weeks falls on 29 March, Easter Monday.
    const c = cohort2027((x) => {
      x.year = 2026;
      x.bootCamp = { dates: ['2026-11-11', '2026-11-12'], location: 'Kolding' };
      x.startsOn = '2026-12-01';
      x.municipalities = x.municipalities.map((m) => ({ ...m, closingDays: [] }));
    });
    const calendar = cohortCalendar(c, cohortCompanyPlan(c, growth.company)!, closingDaysOf(c));
    const easter = calendar.moves.find((m) => m.from === '2027-03-29');
    expect(holidayName('2027-03-29')).toBeDefined();
    expect(easter).toEqual({
      id: 'klynge-1-2019-coaching-03',
      what: 'camp klynge-1-2019-coaching-03',
      from: '2027-03-29',
      to: '2027-03-30',
      reason: holidayName('2027-03-29'),
    });
    expect(describeMove(easter!)).toBe(`camp klynge-1-2019-coaching-03 moved from 2027-03-29 (${holidayName('2027-03-29')}) to 2027-03-30`);
    for (const m of calendar.moves) {
      expect(isWorkingDay(m.from) ? 'a camp is held that day' : (holidayName(m.from) ?? m.reason)).toBe(m.reason);
      expect(isWorkingDay(m.to)).toBe(true);
    }
  });

  it("the file's boot camp gives the camp its days and its place; fixed camps replace the rhythm's camps", () => {
    const c = cohort2027((x) => (x.camps = [{ id: 'forar', title: 'Forårscamp', date: '2028-03-01', days: 2, location: 'Vejle' }]));
    const plan = cohortCompanyPlan(c, growth.company)!;
    expect(plan.bootCamp).toMatchObject({ days: 2, location: 'Kolding, Eksempel Konferencecenter' });
    const calendar = cohortCalendar(c, plan, closingDaysOf(c));
    expect(calendar.plan.bootCamp.days).toEqual(['2027-11-10', '2027-11-11']);
    const camps = calendar.plan.camps.filter((x) => x.kind === 'CAMP');
    expect(camps).toEqual([
      expect.objectContaining({ id: 'klynge-1-2019-forar', title: 'Forårscamp', location: 'Vejle', days: ['2028-03-01', '2028-03-02'] }),
    ]);
    expect(calendar.plan.camps.filter((x) => x.kind === 'COACHING').every((x) => !['2028-03-01', '2028-03-02'].includes(x.days[0]!))).toBe(
      true,
    );
  });
});

describe('CPR numbers', () => {
  it('a CPR number whose first six digits are no date is refused', () => {
    expect(cprBirthDate('010190-1234')).toBe('1990-01-01');
    expect(cprBirthDate('2902004321')).toBe('2000-02-29');
    expect(cprBirthDate('290201-1234')).toBeUndefined();
    expect(cprBirthDate('311390-1234')).toBeUndefined();
    const c = structuredClone(read('cohorts/klynge-1-2019.yaml')) as { participants: Array<Record<string, unknown>> };
    c.participants[0]!.cpr = '999999-9999';
    const result = cohortFileSchema.safeParse(c);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['participants.0.cpr', 'not a CPR number: its first six digits (DDMMYY) are no date'],
    ]);
  });
});
