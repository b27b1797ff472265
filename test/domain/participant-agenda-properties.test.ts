// Properties of the participant agenda under pauses and days off, over random tracks: random start
// days, municipal closing days, and pauses and resumes from the track and its cohort in any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isWorkingDay, type LocalDate } from '../../domain/calendar.js';
import type { ParticipantTrackState } from '../../domain/participant-track-state.js';
import { AgendaDriver, setupOf } from '../support/participant-agenda-driver.js';

const EPOCH = '2026-01-01';
const SOURCES = ['track', 'cohort:klynge-1-2019'] as const;

/** A start day in 2026–2029 and up to eight closing days within its first two years. */
const track = fc
  .record({
    start: fc.integer({ min: 0, max: 4 * 365 }),
    closing: fc.array(fc.integer({ min: 0, max: 730 }), { maxLength: 8 }),
  })
  .map(({ start, closing }) => {
    const startsOn = addDays(EPOCH, start);
    return { startsOn, closingDays: [...new Set(closing.map((c) => addDays(startsOn, c)))].sort() };
  });

type PauseOp = { day: number; op: 'pause' | 'resume'; source: (typeof SOURCES)[number]; reason?: string };
/** Pauses and resumes within the track's first 15 months, in any order, some without a reason (ignored). */
const pauseScript = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: 450 }),
      op: fc.constantFrom('pause' as const, 'resume' as const),
      source: fc.constantFrom(...SOURCES),
      reason: fc.option(fc.constantFrom('reason-1', 'reason-2'), { nil: undefined, freq: 5 }),
    }),
    { maxLength: 10 },
  )
  .map((ops) => [...ops].sort((a, b) => a.day - b.day));

function play(d: AgendaDriver, startsOn: LocalDate, ops: PauseOp[], afterEach?: () => void): void {
  for (const { day, op, source, reason } of ops) {
    const on = addDays(startsOn, day);
    if (op === 'pause') d.on(on, { type: 'paused', reason, source });
    else d.on(on, { type: 'resumed', source });
    afterEach?.();
  }
}

/** The dates the track plans by: every pending task and the phase boundaries. */
function plannedDates(s: ParticipantTrackState): LocalDate[] {
  return [...s.tasks.filter((t) => !t.overdue).map((t) => t.dueOn), s.jobTrainingStartsOn, s.jobTrainingEndsOn];
}

describe('participant agenda properties', () => {
  it('never plans a task, nor sends a reminder, on a weekend, a holiday or a closing day', () => {
    fc.assert(
      fc.property(
        track,
        pauseScript,
        fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
        ({ startsOn, closingDays }, ops, placedOn) => {
          const d = new AgendaDriver(setupOf({ closingDays }), startsOn);
          const check = () => {
            for (const date of plannedDates(d.state)) expect(isWorkingDay(date, closingDays), date).toBe(true);
          };
          check();
          if (placedOn !== undefined) d.on(addDays(startsOn, placedOn), { type: 'placed', companyId: 'company-1', role: 'ACCELERATOR' });
          play(d, startsOn, ops, check);
          for (const source of SOURCES) d.on(addDays(startsOn, 451), { type: 'resumed', source });
          check();
          d.runTo(addDays(startsOn, 900));
          // Reminders go out on working days; the welcome answers the placement on the day it is made.
          for (const { on, effect } of d.asked) {
            if (effect.kind === 'mail' && effect.template !== 'participant-placement-welcome')
              expect(isWorkingDay(on, closingDays), `${effect.template} on ${on}`).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a resume moves only the dates not yet reached when the pause began, each by at least the days paused', () => {
    fc.assert(
      fc.property(
        track,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 120 }),
        ({ startsOn, closingDays }, pauseDay, days) => {
          const d = new AgendaDriver(setupOf({ closingDays }), startsOn);
          const since = addDays(startsOn, pauseDay);
          d.on(since, { type: 'paused', reason: 'reason-1', source: 'track' });
          const before = structuredClone(d.state);
          d.on(addDays(since, days), { type: 'resumed', source: 'track' });
          const after = d.state;
          expect(after.startedOn).toBe(before.startedOn);
          expect(after.phaseStartedOn).toBe(before.phaseStartedOn);
          const moved = (was: LocalDate, now: LocalDate) => {
            if (was <= since) expect(now, `${was} was reached on ${since}`).toBe(was);
            else {
              expect(daysBetween(was, now)).toBeGreaterThanOrEqual(days);
              expect(isWorkingDay(now, closingDays)).toBe(true);
            }
          };
          moved(before.jobTrainingStartsOn, after.jobTrainingStartsOn);
          moved(before.jobTrainingEndsOn, after.jobTrainingEndsOn);
          for (const t of before.tasks) {
            const now = after.tasks.find((x) => x.id === t.id);
            if (t.overdue)
              expect(now, t.id).toEqual(t); // what is overdue stays overdue, as it was
            else if (t.kind !== 'ATTENDANCE') moved(t.dueOn, now!.dueOn);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pausing and resuming in any order loses no deadline and sends nothing twice', () => {
    fc.assert(
      fc.property(track, pauseScript, ({ startsOn, closingDays }, ops) => {
        const d = new AgendaDriver(setupOf({ closingDays }), startsOn);
        const uniqueTaskIds = () => {
          const ids = d.state.tasks.map((t) => t.id);
          expect(new Set(ids).size, ids.join()).toBe(ids.length);
        };
        play(d, startsOn, ops, uniqueTaskIds);
        for (const source of SOURCES) d.on(addDays(startsOn, 451), { type: 'resumed', source });
        d.runTo(addDays(startsOn, 1000));
        uniqueTaskIds();
        const keys = d.asked.flatMap(({ effect }) => (effect.kind === 'mail' ? [effect.idempotencyKey] : []));
        expect(new Set(keys).size).toBe(keys.length);
        const deadlines = d.asked.flatMap(({ effect }) =>
          effect.kind === 'mail' && !effect.template.startsWith('participant-attendance') ? [effect.template] : [],
        );
        expect(deadlines.sort()).toEqual([
          'participant-employer-contact-overdue',
          'participant-mentor-missing',
          'participant-outcome-due',
          'participant-placement-missing',
        ]);
        // A track enrolled on a day off starts on the next working day.
        const phases = d.asked.flatMap(({ effect }) => (effect.kind === 'phase' ? [effect.phase] : []));
        expect(phases).toEqual(isWorkingDay(startsOn, closingDays) ? ['JOB_TRAINING'] : ['WORK_READINESS', 'JOB_TRAINING']);
        expect(d.state.tasks.filter((t) => !t.overdue)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('counts every paused day once: the days between the first hold and the last release, over every pause', () => {
    fc.assert(
      fc.property(track, pauseScript, ({ startsOn }, ops) => {
        const d = new AgendaDriver(setupOf(), startsOn);
        // An independent count: who holds a pause, and since when the track has been paused.
        const holders = new Set<string>();
        let since: LocalDate | undefined;
        let total = 0;
        for (const { day, op, source, reason } of ops) {
          const on = addDays(startsOn, day);
          if (op === 'pause' && reason) {
            if (holders.size === 0) since = on;
            holders.add(source);
          } else if (op === 'resume' && holders.delete(source) && holders.size === 0) total += daysBetween(since!, on);
        }
        play(d, startsOn, ops);
        expect(d.state.pausedDaysTotal).toBe(total);
        expect(d.agenda.paused).toBe(holders.size > 0);
        expect(d.agenda.summary().pauseReasons).toHaveLength(holders.size);
      }),
      { numRuns: 200 },
    );
  });
});
