import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isWorkingDay } from '../../domain/calendar.js';
import { dateAfterPause, emptyPauseBook, holdPause, releasePause, TRACK_PAUSE_SOURCE } from '../../domain/pause.js';
import { plannedAcceleratorEnd, projectedTrackEnd, realTrackEnd } from '../../domain/track-end.js';

const day = fc.integer({ min: 0, max: 2000 }).map((n) => addDays('2025-01-01', n));

describe("a track's real end", () => {
  it('is the planned end when no pause is running', () => {
    expect(realTrackEnd('2027-01-05', {}, '2026-06-01')).toBe('2027-01-05');
  });

  it('moves on by the days of a running pause that began before the end, as the resume will move it', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (since, paused, untilEnd) => {
        const plannedEnd = addDays(since, untilEnd);
        const today = addDays(since, paused);
        const book = emptyPauseBook();
        holdPause(book, 'nedlukning', TRACK_PAUSE_SOURCE, since);
        const whilePaused = realTrackEnd(plannedEnd, book, today);
        // The resume today moves the end to the very day the running pause already gives.
        const { ended } = releasePause(book, TRACK_PAUSE_SOURCE, today);
        expect(whilePaused).toBe(dateAfterPause(plannedEnd, ended!));
        if (plannedEnd <= since) expect(whilePaused).toBe(plannedEnd);
        else {
          expect(daysBetween(plannedEnd, whilePaused)).toBeGreaterThanOrEqual(paused);
          if (paused > 0) expect(isWorkingDay(whilePaused)).toBe(true);
        }
      }),
    );
  });

  it("reads the end a participant track projected and the accelerator's end a cohort planned, nothing else", () => {
    expect(projectedTrackEnd({ jobTrainingEndsOn: '2027-04-06', version: 3 })).toBe('2027-04-06');
    expect(projectedTrackEnd(null)).toBeUndefined();
    expect(projectedTrackEnd({ jobTrainingEndsOn: '2027-02-30' })).toBeUndefined();
    expect(plannedAcceleratorEnd({ calendar: { acceleratorEndsOn: '2028-12-29' } })).toBe('2028-12-29');
    expect(plannedAcceleratorEnd({ calendar: null })).toBeUndefined();
    expect(plannedAcceleratorEnd(null)).toBeUndefined();
  });
});
