import { instantAt, localDateAt, type LocalDate } from '../../domain/calendar.js';
import { CAMP_HOURS, CAMP_TITLES, campDays, planCohortCamps, type CampKind, type PlannedCamp } from '../../domain/camp-plan.js';
import type { CompanyPlan } from '../../domain/programme.js';
import type { Db } from '../../prisma/client.js';
import { closingDaysOf } from '../../prisma/closing-days.js';
import { campUid } from '../../domain/camp-plan.js';

export interface EnsureCohortCampsInput {
  cohortId: string;
  year: number;
  plan: CompanyPlan;
  /** The boot camp's first day from the cohort's own plan (else mid-November of the year). */
  bootCampStartOn?: LocalDate;
  /** The accelerator's start from the cohort's plan (else the first working day of January). */
  acceleratorStartsOn?: LocalDate;
  /** Where the cohort's camps are held (the cohort file's place; else the programme plan's boot camp location). */
  location?: string;
}

export interface CohortCamps {
  bootCampId: string;
  /** Shared camps and coaching sessions of the accelerator, in date order. */
  campIds: string[];
  acceleratorStartsOn: LocalDate;
  acceleratorEndsOn: LocalDate;
}

export interface CampView {
  campId: string;
  kind: CampKind;
  title: string;
  uid: string;
  days: LocalDate[];
  startTime: string;
  endTime: string;
  location: string;
  sequence: number;
  status: 'SCHEDULED' | 'MOVED' | 'CANCELLED' | 'HELD';
}

const TITLES = CAMP_TITLES;

/** Closing days of every municipality in the cohort: shared camps avoid all of them. */
export async function cohortClosingDays(db: Db, cohortId: string): Promise<LocalDate[]> {
  return closingDaysOf(db, { cohorts: { some: { cohortId } } });
}

/**
 * Creates the cohort's camp rows from the plan; rows that exist are left as they are (a camp moved
 * by the coordinator keeps its new date), so the activity can run any number of times.
 */
export async function ensureCohortCamps(db: Db, input: EnsureCohortCampsInput): Promise<CohortCamps> {
  // The cohort start writes the calendar from the cohort file (its boot camp's days and place, its
  // fixed camps) together with the cohort: those rows are the calendar. Cohorts started before that
  // have none stored and get the programme's rhythm, as they always did.
  const stored = await storedCalendar(db, input.cohortId);
  if (stored) return stored;
  const closingDays = await cohortClosingDays(db, input.cohortId);
  const plan = planCohortCamps({ ...input, closingDays });
  const location = input.location ?? input.plan.bootCamp.location ?? 'Oplyses senere';
  const all: PlannedCamp[] = [plan.bootCamp, ...plan.camps];
  for (const c of all) {
    const hours = CAMP_HOURS[c.kind];
    await db.camp.upsert({
      where: { id: c.id },
      update: {},
      create: {
        id: c.id,
        cohortId: input.cohortId,
        kind: c.kind,
        title: TITLES[c.kind](c.number),
        startsAt: new Date(instantAt(c.days[0]!, hours.start)),
        endsAt: new Date(instantAt(c.days[c.days.length - 1]!, hours.end)),
        days: c.days.length,
        location,
        uid: campUid(c.id),
      },
    });
  }
  return {
    bootCampId: plan.bootCamp.id,
    campIds: plan.camps.map((c) => c.id),
    acceleratorStartsOn: plan.acceleratorStartsOn,
    acceleratorEndsOn: plan.acceleratorEndsOn,
  };
}

/** The calendar the cohort start stored with the cohort, when every one of its camps has its row. */
async function storedCalendar(db: Db, cohortId: string): Promise<CohortCamps | undefined> {
  const cohort = await db.cohort.findUnique({ where: { id: cohortId }, select: { plan: true } });
  const calendar = (cohort?.plan as { calendar?: CohortCamps | null } | null)?.calendar;
  if (!calendar?.bootCampId || !Array.isArray(calendar.campIds)) return undefined;
  const ids = [calendar.bootCampId, ...calendar.campIds];
  if ((await db.camp.count({ where: { id: { in: ids }, cohortId } })) !== ids.length) return undefined;
  return {
    bootCampId: calendar.bootCampId,
    campIds: calendar.campIds,
    acceleratorStartsOn: calendar.acceleratorStartsOn,
    acceleratorEndsOn: calendar.acceleratorEndsOn,
  };
}

/** A camp as the invitation workflow sees it: its working days are rebuilt from the first day and the count. */
export async function getCamp(db: Db, campId: string): Promise<CampView> {
  const camp = await db.camp.findUniqueOrThrow({ where: { id: campId } });
  const closingDays = await cohortClosingDays(db, camp.cohortId);
  const first = localDateAt(camp.startsAt.getTime());
  const days = campDays(first, camp.days, closingDays);
  const hours = CAMP_HOURS[camp.kind];
  return {
    campId,
    kind: camp.kind,
    title: camp.title,
    uid: camp.uid,
    days,
    startTime: hours.start,
    endTime: hours.end,
    location: camp.location,
    sequence: camp.sequence,
    status: camp.status,
  };
}

export class CampChangeError extends Error {
  override name = 'CampChangeError';
  constructor(
    message: string,
    readonly code: 'CAMP_NOT_FOUND' | 'CAMP_CANCELLED' | 'CAMP_HELD' | 'NOT_A_WORKING_DAY',
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Moves a camp to start on another working day (sequence + 1, so calendars replace the event).
 * Returns the new view.
 */
export async function moveCamp(db: Db, input: { campId: string; startsOn: LocalDate; location?: string }): Promise<CampView> {
  const camp = await db.camp.findUnique({ where: { id: input.campId } });
  if (!camp) throw new CampChangeError(`no camp ${input.campId}`, 'CAMP_NOT_FOUND', 'campId');
  if (camp.status === 'CANCELLED') throw new CampChangeError(`camp ${input.campId} is cancelled`, 'CAMP_CANCELLED', 'campId');
  if (camp.status === 'HELD') throw new CampChangeError(`camp ${input.campId} has been held`, 'CAMP_HELD', 'campId');
  const closingDays = await cohortClosingDays(db, camp.cohortId);
  const days = campDays(input.startsOn, camp.days, closingDays);
  if (days[0] !== input.startsOn)
    throw new CampChangeError(`${input.startsOn} is not a working day (next: ${days[0]})`, 'NOT_A_WORKING_DAY', 'startsOn');
  const hours = CAMP_HOURS[camp.kind];
  await db.camp.update({
    where: { id: camp.id },
    data: {
      startsAt: new Date(instantAt(days[0]!, hours.start)),
      endsAt: new Date(instantAt(days[days.length - 1]!, hours.end)),
      location: input.location ?? camp.location,
      sequence: { increment: 1 },
      status: 'MOVED',
    },
  });
  return getCamp(db, camp.id);
}

export async function cancelCamp(db: Db, input: { campId: string }): Promise<CampView> {
  const camp = await db.camp.findUnique({ where: { id: input.campId } });
  if (!camp) throw new CampChangeError(`no camp ${input.campId}`, 'CAMP_NOT_FOUND', 'campId');
  if (camp.status === 'HELD') throw new CampChangeError(`camp ${input.campId} has been held`, 'CAMP_HELD', 'campId');
  if (camp.status !== 'CANCELLED')
    await db.camp.update({ where: { id: camp.id }, data: { sequence: { increment: 1 }, status: 'CANCELLED' } });
  return getCamp(db, camp.id);
}
