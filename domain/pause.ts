// Pausing a track: who holds a pause (the track itself, or its cohort), since when the track has been
// paused, the days paused in all, and how a date moves by paused time. Pure bookkeeping shared by the
// participant and the company track; each track decides what a pause holds back and which of its
// dates a resume moves.
import { addDays, daysBetween, nextWorkingDay, type LocalDate } from './calendar.js';

/** The source of a pause of one track, by its own operators. */
export const TRACK_PAUSE_SOURCE = 'track';

/** The source of a pause of a whole cohort (sent by the cohort workflow to each of its tracks). */
export function cohortPauseSource(cohortId: string): string {
  return `cohort:${cohortId}`;
}

export interface PauseHold {
  reason: string;
  since: LocalDate;
}

/** A track's pauses: it is paused while any source holds a pause. */
export interface PauseBook {
  /** Pause holds by source ('track', 'cohort:<id>'). */
  pauseHolds: Record<string, PauseHold>;
  /** The first day of the current pause, while paused. */
  pausedSince?: LocalDate;
  /** Calendar days paused in all, over every ended pause. */
  pausedDaysTotal: number;
}

export function emptyPauseBook(): PauseBook {
  return { pauseHolds: {}, pausedDaysTotal: 0 };
}

export function isPaused(book: PauseBook): boolean {
  return Object.keys(book.pauseHolds).length > 0;
}

export function pauseReasons(book: PauseBook): string[] {
  return Object.values(book.pauseHolds).map((h) => h.reason);
}

/**
 * Adds the source's hold (the first hold starts the pause). False, and nothing changed, when the
 * source holds a pause already.
 */
export function holdPause(book: PauseBook, reason: string, source: string, today: LocalDate): boolean {
  if (book.pauseHolds[source]) return false;
  if (!isPaused(book)) book.pausedSince = today;
  book.pauseHolds[source] = { reason, since: today };
  return true;
}

export interface ReleasedPause {
  /** False, and nothing changed, when the source held no pause. */
  released: boolean;
  /** Set when the last hold was released: the pause that ended and its calendar days, by which the track's dates move. */
  ended?: EndedPause;
}

export interface EndedPause {
  /** The pause's first day. */
  since: LocalDate;
  /** The day it ended (the resume). */
  until: LocalDate;
  /** Calendar days paused, since → until. */
  days: number;
}

/** Releases the source's hold; releasing the last one ends the pause and counts its days. */
export function releasePause(book: PauseBook, source: string, today: LocalDate): ReleasedPause {
  if (!book.pauseHolds[source]) return { released: false };
  delete book.pauseHolds[source];
  if (isPaused(book) || !book.pausedSince) return { released: true };
  const since = book.pausedSince;
  const days = pausedDays(since, today);
  book.pausedDaysTotal += days;
  book.pausedSince = undefined;
  return { released: true, ended: { since, until: today, days } };
}

/** Calendar days a track was paused, from the pause date (inclusive) to the resume date (exclusive). */
export function pausedDays(pausedOn: LocalDate, resumedOn: LocalDate): number {
  return Math.max(0, daysBetween(pausedOn, resumedOn));
}

/** A date moved by paused time, landing on a working day again. */
export function shiftByPause(date: LocalDate, days: number, closingDays: readonly LocalDate[] = []): LocalDate {
  return days === 0 ? date : nextWorkingDay(addDays(date, days), closingDays);
}

/**
 * The one rule for a track's dates when a pause ends: a date already reached when the pause began (on
 * or before its first day) keeps its day, so a phase that had begun keeps its start date; a date still
 * ahead moves by the days paused, landing on a working day. A date planned during the pause
 * (`plannedOn` after its first day, e.g. a problem reported while paused) moves only by the days paused
 * since it was planned.
 */
export function dateAfterPause(
  date: LocalDate,
  pause: EndedPause,
  closingDays: readonly LocalDate[] = [],
  plannedOn?: LocalDate,
): LocalDate {
  if (date <= pause.since) return date;
  const from = plannedOn !== undefined && plannedOn > pause.since ? plannedOn : pause.since;
  return shiftByPause(date, pausedDays(from, pause.until), closingDays);
}
