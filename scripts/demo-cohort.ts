// The example cohorts `npm start` runs, with their dates moved around the day they are started:
// cohorts/klynge-1-2019.yaml under way (its participants' tracks began weeks ago, so outcomes, the
// report and overdue items can be tried at once) and cohorts/klynge-2-2020.yaml with its boot camp
// ahead (its invitations can be answered). Every choice of dates is in `demoDates` and
// `invitationDates`, and nowhere else.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import {
  addDays,
  addWeeks,
  daysBetween,
  isWorkingDay,
  mondayOf,
  nextWorkingDay,
  twoWorkingDays,
  type LocalDate,
} from '../domain/calendar.js';
import { cacheDir } from './provision/cache-dir.js';

export const DEMO_SOURCE = fileURLToPath(new URL('../cohorts/klynge-1-2019.yaml', import.meta.url));
/** The second example cohort: its boot camp lies ahead, so its invitations can be answered. */
export const INVITATIONS_SOURCE = fileURLToPath(new URL('../cohorts/klynge-2-2020.yaml', import.meta.url));

/**
 * How far the under-way cohort's tracks are along. Three weeks is enough for an attendance week to be
 * overdue and for an outcome dated in the past to be accepted; what fell due before the start is sent
 * in one digest per track.
 */
const TRACKS_BEGAN_WEEKS_AGO = 3;
/** Its boot camp was held two weeks before its participants began (participants start after it). */
const BOOT_CAMP_HELD_WEEKS_BEFORE = 2;
/** The other cohort's boot camp two weeks ahead: its invitations go out at the start and can be answered. */
const BOOT_CAMP_IN_DAYS = 14;
/** Its participants begin three weeks after its boot camp. */
const PARTICIPANTS_AFTER_BOOT_CAMP_WEEKS = 3;

export interface DemoDates {
  /** The participants' first day: a Monday. */
  startsOn: LocalDate;
  /** The boot camp's two working days. */
  bootCamp: [LocalDate, LocalDate];
}

/** klynge-1-2019, under way: participants began three weeks ago, the boot camp was held before. */
export function demoDates(today: LocalDate): DemoDates {
  const startsOn = nextWorkingDay(mondayOf(addWeeks(today, -TRACKS_BEGAN_WEEKS_AGO)));
  return { startsOn, bootCamp: twoWorkingDays(mondayOf(addWeeks(startsOn, -BOOT_CAMP_HELD_WEEKS_BEFORE))) };
}

/** klynge-2-2020, ahead: its boot camp in two weeks, its participants three weeks after that. */
export function invitationDates(today: LocalDate): DemoDates {
  const bootCamp = twoWorkingDays(addDays(today, BOOT_CAMP_IN_DAYS));
  return { bootCamp, startsOn: nextWorkingDay(mondayOf(addWeeks(bootCamp[0], PARTICIPANTS_AFTER_BOOT_CAMP_WEEKS))) };
}

interface CohortYaml {
  year: number;
  startsOn?: LocalDate;
  bootCamp: { dates: LocalDate[]; location: string };
  camps?: Array<{ date: LocalDate }>;
  municipalities: Array<{ closingDays?: LocalDate[] }>;
  participants?: Array<{ referredOn: LocalDate }>;
}

export interface DemoCohortFile {
  file: string;
  dates: DemoDates;
}

/**
 * Writes one of the demo's cohort files (into the cache directory) with `dates` and returns its path.
 * The other dates (referrals, closing days, fixed camps) keep their distance to the start.
 */
function writeMoved(source: string, dates: DemoDates, today: LocalDate): DemoCohortFile {
  const cohort = parse(readFileSync(source, 'utf8')) as CohortYaml;
  const shift = daysBetween(cohort.startsOn ?? cohort.bootCamp.dates[0]!, cohort.startsOn ? dates.startsOn : dates.bootCamp[0]);
  const move = (d: LocalDate) => addDays(d, shift);
  if (cohort.startsOn) cohort.startsOn = dates.startsOn;
  cohort.year = Number(dates.bootCamp[0].slice(0, 4));
  cohort.bootCamp = { ...cohort.bootCamp, dates: [...dates.bootCamp] };
  cohort.camps = cohort.camps?.map((c) => ({ ...c, date: nextWorkingDay(move(c.date)) }));
  // A closing day that lands on a weekend or holiday would change nothing: it is left out.
  for (const m of cohort.municipalities) if (m.closingDays) m.closingDays = m.closingDays.map(move).filter((d) => isWorkingDay(d));
  for (const p of cohort.participants ?? []) p.referredOn = move(p.referredOn);
  const name = basename(source);
  const file = join(cacheDir('demo'), name);
  writeFileSync(file, `# An example cohort of \`npm start\`, written from cohorts/${name} on ${today}.\n${stringify(cohort)}`);
  return { file, dates };
}

/** The demo's two cohort files for `today`: one under way, one whose boot camp lies ahead. */
export function writeDemoCohortFiles(today: LocalDate): { underWay: DemoCohortFile; ahead: DemoCohortFile } {
  return {
    underWay: writeMoved(DEMO_SOURCE, demoDates(today), today),
    ahead: writeMoved(INVITATIONS_SOURCE, invitationDates(today), today),
  };
}
