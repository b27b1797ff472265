import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isWorkingDay } from '../../domain/calendar.js';
import {
  TRACK_PAUSE_SOURCE,
  cohortPauseSource,
  dateAfterPause,
  emptyPauseBook,
  holdPause,
  isPaused,
  pauseReasons,
  releasePause,
  shiftByPause,
} from '../../domain/pause.js';

describe('pause holds', () => {
  it('is paused while any source holds a pause; the last release ends it and counts its days', () => {
    const book = emptyPauseBook();
    expect(holdPause(book, 'sygdom', TRACK_PAUSE_SOURCE, '2026-03-02')).toBe(true);
    expect(holdPause(book, 'igen', TRACK_PAUSE_SOURCE, '2026-03-03')).toBe(false);
    expect(holdPause(book, 'nedlukning', cohortPauseSource('klynge-1'), '2026-03-09')).toBe(true);
    expect(book.pausedSince).toBe('2026-03-02');
    expect(pauseReasons(book)).toEqual(['sygdom', 'nedlukning']);

    // Releasing the cohort's hold leaves the track's own: still paused, nothing counted.
    expect(releasePause(book, 'cohort:klynge-1', '2026-03-16')).toEqual({ released: true });
    expect(isPaused(book)).toBe(true);
    expect(book.pausedDaysTotal).toBe(0);
    expect(releasePause(book, 'cohort:klynge-1', '2026-03-16')).toEqual({ released: false });

    // The last hold: the pause ran from 2 March to 27 April, 56 days.
    expect(releasePause(book, TRACK_PAUSE_SOURCE, '2026-04-27')).toEqual({
      released: true,
      ended: { since: '2026-03-02', until: '2026-04-27', days: 56 },
    });
    expect(book).toEqual({ pauseHolds: {}, pausedSince: undefined, pausedDaysTotal: 56 });

    // A second pause adds its days to the total.
    holdPause(book, 'ferie', TRACK_PAUSE_SOURCE, '2026-07-06');
    expect(releasePause(book, TRACK_PAUSE_SOURCE, '2026-07-20').ended?.days).toBe(14);
    expect(book.pausedDaysTotal).toBe(70);
  });
});

// The one rule both tracks apply when a pause ends (domain/pause.ts): dates reached when the pause
// began stay, dates still ahead move by the days paused.
describe('dateAfterPause', () => {
  const day = (offset: number) => addDays('2026-01-05', offset);
  /** A pause of 0–120 days beginning somewhere in 2026–2027, and a date within two years of it. */
  const scenario = fc
    .record({ since: fc.integer({ min: 0, max: 700 }), days: fc.integer({ min: 0, max: 120 }), date: fc.integer({ min: -400, max: 700 }) })
    .map(({ since, days, date }) => ({ pause: { since: day(since), until: day(since + days), days }, date: day(since + date) }));

  it('keeps every date reached when the pause began', () => {
    fc.assert(
      fc.property(scenario, ({ pause, date }) => {
        fc.pre(date <= pause.since);
        expect(dateAfterPause(date, pause)).toBe(date);
      }),
    );
  });

  it('moves every date still ahead by at least the days paused, onto a working day', () => {
    fc.assert(
      fc.property(scenario, ({ pause, date }) => {
        fc.pre(date > pause.since && pause.days > 0);
        const moved = dateAfterPause(date, pause);
        expect(isWorkingDay(moved)).toBe(true);
        expect(daysBetween(date, moved)).toBeGreaterThanOrEqual(pause.days);
        expect(moved).toBe(shiftByPause(date, pause.days));
      }),
    );
  });

  it('keeps the order of dates: a phase never ends before it starts', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 400 }), ({ pause, date }, length) => {
        const end = addDays(date, length);
        expect(dateAfterPause(date, pause) <= dateAfterPause(end, pause)).toBe(true);
      }),
    );
  });

  it('moves a date planned during the pause only by the days paused since it was planned', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 60 }), ({ pause, date }, plannedAfter) => {
        fc.pre(pause.days > plannedAfter);
        const plannedOn = addDays(pause.since, plannedAfter);
        fc.pre(date > plannedOn);
        expect(dateAfterPause(date, pause, [], plannedOn)).toBe(shiftByPause(date, pause.days - plannedAfter));
      }),
    );
  });

  it('job training that began before the pause keeps its start; its end moves (2027-07-05 stays)', () => {
    const pause = { since: '2027-08-02', until: '2027-09-27', days: 56 };
    expect(dateAfterPause('2027-07-05', pause)).toBe('2027-07-05');
    expect(dateAfterPause('2028-01-05', pause)).toBe(shiftByPause('2028-01-05', 56));
    // Before this rule the start moved by the whole pause.
    expect(shiftByPause('2027-07-05', 56)).toBe('2027-08-30');
  });
});
