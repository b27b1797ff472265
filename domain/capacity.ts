// A cohort's places against its programme's planned capacity (SIB: 60 citizens, Kolding's Business
// Training pilot: 20, housing job-match: 120 residents and 60 companies). Pure.
//
// The sources plan a number of places, so an enrolment beyond the capacity is refused; the coordinator
// may put the refused citizen on the waitlist of the cohort, which is offered the next place in order. A
// place is freed when a participant drops out (an erasure ends the track so) and a transfer moves the
// place to the new track, so the old one holds none.
import type { Programme } from './programme.js';

/** Participant tracks in these phases hold no place. */
export const PHASES_WITHOUT_PLACE = ['DROPPED_OUT', 'TRANSFERRED'] as const;

export interface Places {
  planned: number;
  taken: number;
  /** Never below 0: a cohort filled before its capacity was lowered has no free place. */
  free: number;
}

export function placesOf(planned: number, taken: number): Places {
  return { planned, taken, free: Math.max(0, planned - taken) };
}

/** The refusal of `adding` more participants to a cohort whose tracks hold `taken` places; null when they fit. */
export function participantCapacityRefusal(programme: Pick<Programme, 'id' | 'capacity'>, taken: number, adding: number): string | null {
  const planned = programme.capacity?.participants;
  if (planned === undefined || taken + adding <= planned) return null;
  return (
    `programme ${programme.id} plans ${planned} participants a cohort (capacity.participants) and ${taken} ` +
    `${taken === 1 ? 'place is' : 'places are'} taken: ${adding === 1 ? 'no place is' : `${adding} places are not`} free ` +
    `(put the citizen on the waitlist of the cohort: the next place freed goes to the first in line)`
  );
}

/** A cohort file that lists more participants than its programme plans: the first without a place. */
export function cohortFileCapacityIssue(
  programme: Pick<Programme, 'id' | 'capacity'>,
  listed: number,
): { path: Array<string | number>; message: string } | null {
  const planned = programme.capacity?.participants;
  if (planned === undefined || listed <= planned) return null;
  return {
    path: ['participants', planned],
    message:
      `the file lists ${listed} participants, but programme ${programme.id} plans ${planned} a cohort (capacity.participants): ` +
      `${listed === planned + 1 ? `participant ${listed} has` : `participants ${planned + 1}–${listed} have`} no place ` +
      `(enrol the others later, or put them on the waitlist of the cohort once it runs)`,
  };
}
