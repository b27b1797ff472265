// The example cohort `npm start` runs: cohorts/klynge-1-2019.yaml with its dates moved so that, on
// the day it is started, the participants' tracks are already under way (outcomes, the report and
// overdue items can be tried at once) while the companies' boot camp is still ahead (its
// invitations can be answered). Every choice of dates is in `demoDates`, and nowhere else.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { addDays, addWeeks, daysBetween, mondayOf, nextWorkingDay, twoWorkingDays, type LocalDate } from '../domain/calendar.js';
import { cacheDir } from './provision/cache-dir.js';

export const DEMO_SOURCE = fileURLToPath(new URL('../cohorts/klynge-1-2019.yaml', import.meta.url));

/**
 * How far the demo's tracks are along. Three weeks is enough for an attendance week to be overdue
 * and for an outcome dated in the past to be accepted, and short enough that the reminders which fell
 * due before the start (each is sent as it is caught up with) stay a handful per participant.
 */
const TRACKS_BEGAN_WEEKS_AGO = 3;
/** The boot camp two weeks ahead: its invitations go out at the start and can still be answered. */
const BOOT_CAMP_IN_DAYS = 14;

export interface DemoDates {
  /** The participants' first day: a Monday in the past. */
  startsOn: LocalDate;
  /** The boot camp's two working days, ahead. */
  bootCamp: [LocalDate, LocalDate];
}

export function demoDates(today: LocalDate): DemoDates {
  return {
    startsOn: nextWorkingDay(mondayOf(addWeeks(today, -TRACKS_BEGAN_WEEKS_AGO))),
    bootCamp: twoWorkingDays(addDays(today, BOOT_CAMP_IN_DAYS)),
  };
}

interface CohortYaml {
  year: number;
  startsOn: LocalDate;
  bootCamp: { dates: LocalDate[]; location: string };
  camps?: Array<{ date: LocalDate }>;
  municipalities: Array<{ closingDays?: LocalDate[] }>;
  participants?: Array<{ referredOn: LocalDate }>;
}

/**
 * Writes the demo's cohort file (into the cache directory) for `today` and returns its path. The
 * participants' dates (referral, closing days, fixed camps) keep their distance to the start.
 */
export function writeDemoCohortFile(today: LocalDate): { file: string; dates: DemoDates } {
  const dates = demoDates(today);
  const cohort = parse(readFileSync(DEMO_SOURCE, 'utf8')) as CohortYaml;
  const shift = daysBetween(cohort.startsOn, dates.startsOn);
  const move = (d: LocalDate) => addDays(d, shift);
  cohort.startsOn = dates.startsOn;
  cohort.year = Number(dates.bootCamp[0].slice(0, 4));
  cohort.bootCamp = { ...cohort.bootCamp, dates: [...dates.bootCamp] };
  cohort.camps = cohort.camps?.map((c) => ({ ...c, date: move(c.date) }));
  for (const m of cohort.municipalities) if (m.closingDays) m.closingDays = m.closingDays.map(move);
  for (const p of cohort.participants ?? []) p.referredOn = move(p.referredOn);
  const file = join(cacheDir('demo'), 'klynge-1-2019.yaml');
  writeFileSync(file, `# The example cohort of \`npm start\`, written from cohorts/klynge-1-2019.yaml on ${today}.\n${stringify(cohort)}`);
  return { file, dates };
}
