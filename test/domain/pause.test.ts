import { describe, expect, it } from 'vitest';
import { TRACK_PAUSE_SOURCE, cohortPauseSource, emptyPauseBook, holdPause, isPaused, pauseReasons, releasePause } from '../../domain/pause.js';

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
    expect(releasePause(book, TRACK_PAUSE_SOURCE, '2026-04-27')).toEqual({ released: true, ended: { since: '2026-03-02', days: 56 } });
    expect(book).toEqual({ pauseHolds: {}, pausedSince: undefined, pausedDaysTotal: 56 });

    // A second pause adds its days to the total.
    holdPause(book, 'ferie', TRACK_PAUSE_SOURCE, '2026-07-06');
    expect(releasePause(book, TRACK_PAUSE_SOURCE, '2026-07-20').ended?.days).toBe(14);
    expect(book.pausedDaysTotal).toBe(70);
  });
});
