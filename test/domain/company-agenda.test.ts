import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, instantAt, isWorkingDay, localDateAt, type LocalDate } from '../../domain/calendar.js';
import { anchoringCheckDates, milestoneDates, SEND_AT } from '../../domain/camp-plan.js';
import {
  anchoringAnswerRefusal,
  carryOver,
  isFinished,
  nextWakeAt,
  pauseRefusal,
  reduceCompanyAgenda,
  resumeRefusal,
  selectionRefusal,
  shouldContinueAsNew,
  startCompanyAgenda,
  taskDueAt,
  type CompanyEffect,
  type CompanyEvent,
  type CompanySetup,
} from '../../domain/company-agenda.js';
import { cohortPauseSource, shiftByPause, TRACK_PAUSE_SOURCE } from '../../domain/pause.js';
import { COMPANY_PLAN } from '../support/company-fixtures.js';

// The company track's decisions without any server: the agenda is driven through a whole track by
// a small simulator that wakes it exactly when it asks to be woken, as the workflow does.

const SETUP: CompanySetup = {
  cohortId: 'klynge-1-2027',
  cvr: '55001234',
  plan: COMPANY_PLAN,
  bootCampId: 'klynge-1-2027-bootcamp',
  campIds: ['klynge-1-2027-camp-01', 'klynge-1-2027-camp-02', 'klynge-1-2027-coaching-01'],
  acceleratorStartsOn: '2028-01-03',
  acceleratorEndsOn: '2028-12-29',
};
const at = (date: LocalDate, time = '12:00') => instantAt(date, time);
const HOUR = 3_600_000;

interface Logged {
  at: number;
  effect: CompanyEffect;
}

/** Runs the agenda from its start through the events (each at its instant), waking it when it asks, until it finishes or `until`. */
function simulate(
  events: Array<{ at: number; event: CompanyEvent }>,
  opts: { closingDays?: LocalDate[]; until?: number; campsEndAt?: number } = {},
) {
  const closing = opts.closingDays ?? [];
  const start = startCompanyAgenda(SETUP, closing);
  let state = start.state;
  const log: Logged[] = start.effects.map((effect) => ({ at: at('2027-11-01'), effect }));
  const queue = [...events].sort((a, b) => a.at - b.at);
  // The camps end by themselves: the boot camp after its days, the accelerator's before its end.
  queue.push({
    at: at('2027-11-18'),
    event: { kind: 'camp-finished', campId: SETUP.bootCampId, result: { status: 'HELD', rsvp: 'YES', attended: true } },
  });
  const campsEndAt = opts.campsEndAt ?? at('2028-12-01');
  for (const campId of SETUP.campIds)
    queue.push({ at: campsEndAt, event: { kind: 'camp-finished', campId, result: { status: 'HELD', rsvp: 'YES', attended: true } } });
  queue.sort((a, b) => a.at - b.at);
  let now = at('2027-11-01');
  const until = opts.until ?? at('2031-01-01');
  const step = (event: CompanyEvent) => {
    const r = reduceCompanyAgenda(state, event, now);
    state = r.state;
    for (const effect of r.effects) log.push({ at: now, effect });
  };
  while (!isFinished(state)) {
    const wake = nextWakeAt(state, now);
    const next = queue[0];
    if (next && (wake === undefined || next.at <= wake)) {
      if (next.at > until) break;
      queue.shift();
      now = Math.max(now, next.at);
      step(next.event);
    } else if (wake !== undefined && wake <= until) {
      now = wake;
      step({ kind: 'tick' });
    } else break;
  }
  return { state, log, now };
}

const selectedOn = (date: LocalDate) => [
  { at: at(date), event: { kind: 'selection-deciding' } as CompanyEvent },
  { at: at(date) + 1, event: { kind: 'selection-decided', selected: true } as CompanyEvent },
];
const mails = (log: Logged[]) => log.flatMap((l) => (l.effect.kind === 'mail' ? [{ ...l.effect, at: l.at }] : []));
const steps = (log: Logged[]) => mails(log).map((m) => `${m.to} ${m.step}`);

describe('company agenda: a whole track', () => {
  it("boot camp, selection, milestones, the accelerator's end and the anchoring checks, in order and on their days", () => {
    const checks = anchoringCheckDates(SETUP.acceleratorEndsOn, COMPANY_PLAN.anchoring.checksAtMonths);
    const [m1, m2] = milestoneDates(SETUP.acceleratorStartsOn, COMPANY_PLAN.milestones);
    const answers = (checkNo: number, date: LocalDate) =>
      (['COMPANY', 'EMPLOYMENT_ACTOR'] as const).map((respondent, i) => ({
        at: at(date) + i,
        event: { kind: 'anchoring-answer', answer: { checkNo, respondent, socialModelInUse: 'YES' } } as CompanyEvent,
      }));
    const { state, log } = simulate([
      ...selectedOn('2027-11-25'),
      { at: at('2028-02-01'), event: { kind: 'milestone-done', milestoneId: m1!.id, doneOn: '2028-02-01' } },
      ...answers(1, checks[0]!.on).slice(0, 1),
      ...answers(3, checks[2]!.on),
    ]);
    expect(state.summary).toMatchObject({
      phase: 'COMPLETED',
      anchoringStatus: 'ANCHORED',
      overdueCount: 1,
      nextDeadlineOn: null,
      nextDeadlineWhat: null,
    });
    expect(steps(log)).toEqual([
      'COMPANY selected',
      `COMPANY milestone:${m2!.id}:reminder`,
      `COORDINATOR milestone:${m2!.id}:overdue`,
      'COMPANY anchoring:1',
      'EMPLOYMENT_ACTOR anchoring:1',
      'EMPLOYMENT_ACTOR anchoring:1:reminder',
      'COMPANY anchoring:2',
      'EMPLOYMENT_ACTOR anchoring:2',
      'COMPANY anchoring:2:reminder',
      'EMPLOYMENT_ACTOR anchoring:2:reminder',
      'COMPANY anchoring:3',
      'EMPLOYMENT_ACTOR anchoring:3',
      'COORDINATOR anchoring-status',
    ]);
    const sent = mails(log);
    expect(localDateAt(sent.find((m) => m.step.endsWith(':reminder'))!.at)).toBe(m2!.remindOn);
    expect(sent.find((m) => m.step === `milestone:${m2!.id}:overdue`)!.at).toBe(instantAt(addWorkingDays(m2!.dueOn, 1), SEND_AT));
    expect(sent.filter((m) => m.step === 'anchoring:1').map((m) => m.at)).toEqual([
      instantAt(checks[0]!.on, SEND_AT),
      instantAt(checks[0]!.on, SEND_AT),
    ]);
    expect(log.map((l) => l.effect.kind).filter((k) => k === 'start-camp')).toHaveLength(1 + SETUP.campIds.length);
    // Priced against this company's accelerator end (the payment window counts from it).
    expect(log.at(-1)!.effect).toEqual({
      kind: 'record-anchoring-outcome',
      status: 'ANCHORED',
      occurredOn: checks[2]!.on,
      trackEndsOn: SETUP.acceleratorEndsOn,
    });
  });

  it('says what is due next, typed, and shows it as the label the lists know', () => {
    const [m1] = milestoneDates(SETUP.acceleratorStartsOn, COMPANY_PLAN.milestones);
    const { state } = simulate(selectedOn('2027-11-25'), { until: at('2028-01-10') });
    expect(state.next).toEqual({ what: 'milestone', milestoneId: m1!.id, on: m1!.dueOn });
    expect(state.summary).toMatchObject({ nextDeadlineWhat: `milestone:${m1!.id}`, nextDeadlineOn: m1!.dueOn });
    const later = simulate(selectedOn('2027-11-25'), { until: at('2029-01-10') }).state;
    expect(later.next).toEqual({ what: 'anchoring-check', checkNo: 1, on: anchoringCheckDates(SETUP.acceleratorEndsOn, [2])[0]!.on });
  });

  it("waits for the accelerator's camps before the anchoring begins", () => {
    const { state } = simulate(selectedOn('2027-11-25'), { until: at('2029-01-10'), campsEndAt: at('2029-01-15') });
    expect(state.summary.phase).toBe('ACCELERATOR');
    expect(state.next).toEqual({ what: 'accelerator-end', on: SETUP.acceleratorEndsOn });
    expect(simulate(selectedOn('2027-11-25'), { until: at('2029-01-16'), campsEndAt: at('2029-01-15') }).state.summary.phase).toBe(
      'ANCHORING',
    );
  });

  it('a company selected after milestones fell due gets them in one digest, not as reminders and notices', () => {
    const { state, log } = simulate(selectedOn('2028-07-20'), { until: at('2028-08-01') });
    const digest = log.find((l) => l.effect.kind === 'overdue-digest')!.effect;
    expect(digest).toEqual({
      kind: 'overdue-digest',
      selectedOn: '2028-07-20',
      milestones: milestoneDates(SETUP.acceleratorStartsOn, COMPANY_PLAN.milestones).map((m) => ({ title: m.title, dueOn: m.dueOn })),
    });
    expect(state.summary.overdueCount).toBe(2);
    expect(steps(log)).toEqual(['COMPANY selected']);
  });

  it('a company not selected is told so and ends once its boot camp is over', () => {
    const { state, log } = simulate([{ at: at('2027-11-10'), event: { kind: 'selection-decided', selected: false } }]);
    expect(state.summary.phase).toBe('NOT_SELECTED');
    expect(state.campsRunning).toEqual([]);
    expect(steps(log)).toEqual(['COMPANY not-selected']);
    expect(isFinished(state)).toBe(true);
  });

  it('a withdrawal takes the running camps out of the calendar and ends the track', () => {
    const { state, log } = simulate([...selectedOn('2027-11-25'), { at: at('2028-03-01'), event: { kind: 'withdraw' } }]);
    expect(state.summary.phase).toBe('WITHDRAWN');
    expect(log.at(-1)!.effect).toEqual({ kind: 'withdraw-camps', campIds: SETUP.campIds });
    expect(state.tasks).toEqual([]);
  });
});

describe('company agenda: refusals', () => {
  const fresh = () => startCompanyAgenda(SETUP, []).state;
  it('refuses a second selection, one under way, and one in the wrong phase', () => {
    let s = fresh();
    expect(selectionRefusal(s, 'yes')).toBe('selected must be true or false');
    expect(selectionRefusal(s, true)).toBeUndefined();
    s = reduceCompanyAgenda(s, { kind: 'selection-deciding' }, at('2027-11-20')).state;
    expect(selectionRefusal(s, true)).toBe('a selection decision for this company is being made');
    s = reduceCompanyAgenda(s, { kind: 'selection-refused' }, at('2027-11-20')).state;
    expect(selectionRefusal(s, true)).toBeUndefined();
    s = reduceCompanyAgenda(s, { kind: 'selection-decided', selected: true }, at('2027-11-20')).state;
    expect(selectionRefusal(s, false)).toBe('the company was already selected');
  });

  it('refuses a pause without a reason or held already, a resume of a pause the cohort holds, and an answer to a check not asked', () => {
    let s = fresh();
    expect(pauseRefusal(s, '  ')).toBe('give a reason for the pause');
    expect(resumeRefusal(s)).toBe('the track is not paused');
    s = reduceCompanyAgenda(s, { kind: 'pause', source: cohortPauseSource('klynge-1-2027'), reason: 'Nedlukning' }, at('2027-11-20')).state;
    expect(resumeRefusal(s)).toBe('the track is paused by its cohort; resume the cohort');
    s = reduceCompanyAgenda(s, { kind: 'pause', source: TRACK_PAUSE_SOURCE, reason: 'Ejerskifte' }, at('2027-11-20')).state;
    expect(pauseRefusal(s, 'igen')).toBe('the track is paused already');
    expect(s.summary).toMatchObject({ paused: true, pauseReasons: ['Nedlukning', 'Ejerskifte'] });
    expect(anchoringAnswerRefusal(s, { checkNo: 1, respondent: 'COMPANY', socialModelInUse: 'YES' })).toBe(
      'anchoring check 1 has not been asked',
    );
  });

  it('changes nothing, not even the version, for a signal it ignores', () => {
    const s = fresh();
    for (const event of [
      { kind: 'pause', source: 'track', reason: ' ' },
      { kind: 'resume', source: 'track' },
      { kind: 'milestone-done', milestoneId: 'x', doneOn: '2028-01-01' },
      { kind: 'problem-acknowledged', reportId: 'r' },
    ] as CompanyEvent[]) {
      const r = reduceCompanyAgenda(s, event, at('2027-11-20'));
      expect(r.state).toEqual(s);
      expect(r.effects).toEqual([]);
    }
  });
});

describe('company agenda: problem reports', () => {
  it('tells the employment actor at once and escalates to the coordinator a working day later, at the time of the report', () => {
    const reportedAt = at('2028-03-03', '14:30'); // a Friday
    const { log } = simulate([...selectedOn('2027-11-25'), { at: reportedAt, event: { kind: 'problem-reported', reportId: 'r1' } }], {
      until: at('2028-03-10'),
    });
    const sent = mails(log).filter((m) => m.reportId === 'r1');
    expect(sent.map((m) => [m.to, m.template, m.at])).toEqual([
      ['EMPLOYMENT_ACTOR', 'company-problem-report', reportedAt],
      ['COORDINATOR', 'company-problem-escalation', at('2028-03-06', '14:30')],
    ]);
    expect(sent[0]!.data).toEqual({ acknowledgeBy: '2028-03-06' });
  });

  it('an acknowledged report is not escalated; a report told twice is one report', () => {
    const { state, log } = simulate(
      [
        ...selectedOn('2027-11-25'),
        { at: at('2028-03-03'), event: { kind: 'problem-reported', reportId: 'r1' } },
        { at: at('2028-03-03') + 5, event: { kind: 'problem-reported', reportId: 'r1' } },
        { at: at('2028-03-04'), event: { kind: 'problem-acknowledged', reportId: 'r1' } },
      ],
      { until: at('2028-03-20') },
    );
    expect(
      mails(log)
        .filter((m) => m.reportId === 'r1')
        .map((m) => m.template),
    ).toEqual(['company-problem-report']);
    expect(state.summary.problemReports).toEqual([{ reportId: 'r1', reportedOn: '2028-03-03', acknowledged: true, escalated: false }]);
  });

  it('a report made while paused escalates by the days paused after it; no handler waits, the escalation is a task', () => {
    const events: Array<{ at: number; event: CompanyEvent }> = [
      ...selectedOn('2027-11-25'),
      { at: at('2028-03-01'), event: { kind: 'pause', source: TRACK_PAUSE_SOURCE, reason: 'Ejerskifte' } },
      { at: at('2028-03-06'), event: { kind: 'problem-reported', reportId: 'r1' } },
      { at: at('2028-03-10'), event: { kind: 'resume', source: TRACK_PAUSE_SOURCE } },
    ];
    const { log } = simulate(events, { until: at('2028-03-31') });
    const escalation = mails(log).find((m) => m.template === 'company-problem-escalation')!;
    expect(localDateAt(escalation.at)).toBe(shiftByPause(addWorkingDays('2028-03-06', 1), 4));
  });
});

describe('company agenda: continue-as-new', () => {
  it('never with a camp running or a selection being decided; into the anchoring; the next run starts from the carried state', () => {
    const history = { length: 100, suggested: false };
    const s = startCompanyAgenda(SETUP, []).state;
    expect(shouldContinueAsNew(s, { length: 50_000, suggested: true })).toBe(false);
    const selection = reduceCompanyAgenda(s, { kind: 'camp-finished', campId: SETUP.bootCampId, result: null }, at('2027-11-18')).state;
    expect(selection.summary.phase).toBe('SELECTION');
    // Not at the selection's start, when the coordinator's updates come; with a long history, yes.
    expect(shouldContinueAsNew(selection, history)).toBe(false);
    expect(shouldContinueAsNew(selection, { length: 5000, suggested: false })).toBe(true);
    const deciding = reduceCompanyAgenda(selection, { kind: 'selection-deciding' }, at('2027-11-20')).state;
    expect(shouldContinueAsNew(deciding, { length: 50_000, suggested: true })).toBe(false);
    const next = carryOver(selection);
    expect(next.runPhase).toBe('SELECTION');
    expect(shouldContinueAsNew(next, { length: 100, suggested: true })).toBe(true);
    // The carried state is plain data: through JSON (the payload converter) it is the same.
    expect(JSON.parse(JSON.stringify(next))).toEqual(next);
    // Into the anchoring (every camp over), the track continues as new.
    const { state } = simulate(selectedOn('2027-11-25'), { until: at('2029-01-10') });
    expect(state.summary.phase).toBe('ANCHORING');
    expect(shouldContinueAsNew(state, history)).toBe(true);
    expect(shouldContinueAsNew(carryOver(state), history)).toBe(false);
  });
});

// ---- properties ----

/** An instant between the selection and the end of the anchoring, at any time of day. */
const instant = fc.integer({ min: at('2027-12-01', '00:00'), max: at('2029-09-01', '00:00') });
const closingDays = fc.uniqueArray(
  fc.integer({ min: 0, max: 700 }).map((d) => addDays('2027-12-01', d)),
  { maxLength: 40 },
);
/** The days the plan dates something: a pause that begins there before the sending hour is the hard case. */
const plannedDays = [
  ...milestoneDates(SETUP.acceleratorStartsOn, COMPANY_PLAN.milestones).flatMap((m) => [m.remindOn, m.dueOn, addWorkingDays(m.dueOn, 1)]),
  ...anchoringCheckDates(SETUP.acceleratorEndsOn, COMPANY_PLAN.anchoring.checksAtMonths).flatMap((c) => [c.on, c.remindOn]),
];
const pauseStart = fc.oneof(
  instant,
  fc.constantFrom(...plannedDays).map((d) => at(d, '06:00')),
);
/** Pauses from either source, in any order, each eventually resumed at any hour of any day. */
const pauses = fc
  .array(
    fc.record({
      from: pauseStart,
      hours: fc.integer({ min: 0, max: 90 * 24 }),
      source: fc.constantFrom(TRACK_PAUSE_SOURCE, cohortPauseSource('klynge-1-2027')),
    }),
    { maxLength: 4 },
  )
  .map((ps) =>
    ps.flatMap(({ from, hours, source }) => [
      { at: from, event: { kind: 'pause', source, reason: 'Pause' } as CompanyEvent },
      { at: from + hours * HOUR + 1, event: { kind: 'resume', source } as CompanyEvent },
    ]),
  );
const reports = fc.uniqueArray(
  fc.record({ at: instant, id: fc.integer({ min: 1, max: 9999 }), ackAfterHours: fc.option(fc.integer({ min: 1, max: 200 })) }),
  { selector: (r) => r.id, maxLength: 4 },
);

const TASK_TEMPLATES = ['company-milestone-reminder', 'company-milestone-overdue', 'company-anchoring-check', 'company-problem-escalation'];

describe('company agenda: properties', () => {
  it('sends nothing dated on a weekend, a holiday or a closing day, whatever the pauses', () => {
    fc.assert(
      fc.property(closingDays, pauses, reports, (closing, ps, rs) => {
        const { log } = simulate(
          [
            ...selectedOn('2027-11-25'),
            ...ps,
            ...rs.map((r) => ({ at: r.at, event: { kind: 'problem-reported', reportId: `r${r.id}` } as CompanyEvent })),
          ],
          { closingDays: closing },
        );
        for (const m of mails(log).filter((x) => TASK_TEMPLATES.includes(x.template))) {
          expect(isWorkingDay(localDateAt(m.at), closing), `${m.step} on ${localDateAt(m.at)}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('pauses and resumes in any order lose and duplicate no task: every step goes out once, and the track completes', () => {
    fc.assert(
      fc.property(closingDays, pauses, (closing, ps) => {
        const { state, log } = simulate([...selectedOn('2027-11-25'), ...ps], { closingDays: closing });
        expect(state.summary.phase).toBe('COMPLETED');
        const all = steps(log);
        expect(new Set(all).size).toBe(all.length);
        const milestones = COMPANY_PLAN.milestones.map((m) => m.id);
        const checks = COMPANY_PLAN.anchoring.checksAtMonths.map((_, i) => i + 1);
        expect([...all].sort()).toEqual(
          [
            'COMPANY selected',
            'COORDINATOR anchoring-status',
            ...milestones.flatMap((id) => [`COMPANY milestone:${id}:reminder`, `COORDINATOR milestone:${id}:overdue`]),
            ...checks.flatMap((n) =>
              ['COMPANY', 'EMPLOYMENT_ACTOR'].flatMap((to) => [`${to} anchoring:${n}`, `${to} anchoring:${n}:reminder`]),
            ),
          ].sort(),
        );
        // A pause moves dates, never earlier than planned: each reminder on or after its planned day.
        const planned = milestoneDates(SETUP.acceleratorStartsOn, COMPANY_PLAN.milestones, closing);
        for (const m of planned) {
          const sentAt = mails(log).find((x) => x.step === `milestone:${m.id}:reminder`)!.at;
          expect(localDateAt(sentAt) >= m.remindOn).toBe(true);
        }
        expect(state.summary.pausedDaysTotal).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });

  it('a pause followed by its resume on the same day changes no date', () => {
    fc.assert(
      fc.property(instant, (from) => {
        const base = simulate(selectedOn('2027-11-25'), { until: from }).state;
        const paused = reduceCompanyAgenda(base, { kind: 'pause', source: TRACK_PAUSE_SOURCE, reason: 'kort' }, from).state;
        const resumed = reduceCompanyAgenda(paused, { kind: 'resume', source: TRACK_PAUSE_SOURCE }, from + 1).state;
        if (localDateAt(from) !== localDateAt(from + 1)) return;
        expect(resumed.tasks.map((t) => [t.kind, t.on])).toEqual(base.tasks.map((t) => [t.kind, t.on]));
        expect(resumed.summary.milestones).toEqual(base.summary.milestones);
      }),
      { numRuns: 200 },
    );
  });

  it('escalates each unacknowledged report exactly once, never an acknowledged one, never before it is due', () => {
    fc.assert(
      fc.property(pauses, reports, (ps, rs) => {
        const events = [
          ...selectedOn('2027-11-25'),
          ...ps,
          ...rs.flatMap((r) => [
            { at: r.at, event: { kind: 'problem-reported', reportId: `r${r.id}` } as CompanyEvent },
            ...(r.ackAfterHours === null
              ? []
              : [{ at: r.at + r.ackAfterHours * HOUR, event: { kind: 'problem-acknowledged', reportId: `r${r.id}` } as CompanyEvent }]),
          ]),
        ];
        const { state, log } = simulate(events);
        const escalations = mails(log).filter((m) => m.template === 'company-problem-escalation');
        for (const r of rs) {
          const report = state.summary.problemReports.find((x) => x.reportId === `r${r.id}`);
          const mine = escalations.filter((m) => m.reportId === `r${r.id}`);
          if (!report) {
            // Reported after the track ended: not taken in.
            expect(mine).toEqual([]);
            continue;
          }
          expect(mine.length).toBeLessThanOrEqual(1);
          expect(mine.length === 1).toBe(report.escalated);
          if (r.ackAfterHours === null) expect(mine).toHaveLength(1);
          const due = addWorkingDays(report.reportedOn, COMPANY_PLAN.problemReportEscalationWorkingDays);
          for (const m of mine) {
            expect(localDateAt(m.at) >= due).toBe(true);
            if (r.ackAfterHours !== null) expect(m.at).toBeLessThan(r.at + r.ackAfterHours * HOUR);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('every dated task that sends something lies on a working day of the municipality', () => {
    fc.assert(
      fc.property(closingDays, pauses, instant, (closing, ps, until) => {
        const { state } = simulate([...selectedOn('2027-11-25'), ...ps], { closingDays: closing, until });
        // The accelerator's end is the cohort's date (it sends nothing; the anchoring checks counted from it do).
        for (const t of state.tasks.filter((x) => x.kind !== 'accelerator-end'))
          expect(isWorkingDay(t.on, closing), `${t.kind} on ${t.on}`).toBe(true);
        for (const t of state.tasks) expect(Number.isFinite(taskDueAt(t))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('company agenda: waking', () => {
  it("a task already due on a working day is due at once; on a day off it waits for the next working day's sending hour", () => {
    const { state } = simulate(selectedOn('2027-11-25'), { until: at('2028-01-10') });
    const first = Math.min(...state.tasks.map(taskDueAt));
    expect(nextWakeAt(state, first - 1)).toBe(first);
    // Late on a Wednesday (2028-03-29): due now.
    expect(nextWakeAt(state, at('2028-03-29'))).toBe(first);
    // On a Saturday (2028-04-01): Monday 08:00; on Maundy Thursday (2028-04-13) the Tuesday after Easter.
    expect(nextWakeAt(state, at('2028-04-01'))).toBe(instantAt('2028-04-03', SEND_AT));
    expect(nextWakeAt(state, at('2028-04-13'))).toBe(instantAt('2028-04-18', SEND_AT));
    const paused = reduceCompanyAgenda(state, { kind: 'pause', source: TRACK_PAUSE_SOURCE, reason: 'Pause' }, at('2028-01-10')).state;
    expect(nextWakeAt(paused, at('2028-01-10'))).toBeUndefined();
  });
});
