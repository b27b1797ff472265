import { describe, expect, it } from 'vitest';
import {
  applyCooperationEvent,
  cooperationSummary,
  DEFAULT_COOPERATION_PLAN,
  initialCooperationState,
  isSettled,
  nextWakeOn,
  type CooperationEffect,
  type CooperationState,
} from '../../domain/company-cooperation-agenda.js';
import { programmeSchema } from '../../domain/programme.js';
import { Refusal } from '../../domain/refusal.js';

// Started Thursday 2024-03-21: Maundy Thursday (28 March), Good Friday (29) and Easter Monday (1 April) follow.
const cooperation = (over: Partial<Parameters<typeof initialCooperationState>[0]> = {}): CooperationState =>
  initialCooperationState({
    cooperationId: 'ckcooperation01',
    startedOn: '2024-03-21',
    cause: 'JOB_OPENING',
    plan: DEFAULT_COOPERATION_PLAN,
    closingDays: [],
    ...over,
  });
const mails = (effects: CooperationEffect[]) => effects.flatMap((e) => (e.type === 'mail' ? [`${e.template}>${e.to}:${e.key}`] : []));

describe('cooperation agenda: follow-up checks', () => {
  it('asks the company the plan’s weeks after the start, on a working day, once', () => {
    const s = cooperation({ plan: { ...DEFAULT_COOPERATION_PLAN, followUpWeeks: [2, 12] } });
    // Two weeks after 21 March is Thursday 4 April; twelve weeks is 13 June.
    expect(s.checks.map((c) => [c.checkNo, c.reason, c.dueOn])).toEqual([
      [1, 'START', '2024-04-04'],
      [2, 'START', '2024-06-13'],
    ]);
    expect(nextWakeOn(s)).toBe('2024-04-04');
    expect(mails(applyCooperationEvent(s, { type: 'day', today: '2024-04-03' }))).toEqual([]);
    expect(mails(applyCooperationEvent(s, { type: 'day', today: '2024-04-04' }))).toEqual(['company-cooperation-check>company:check:1']);
    expect(mails(applyCooperationEvent(s, { type: 'day', today: '2024-04-05' }))).toEqual([]);
    expect(nextWakeOn(s)).toBe('2024-06-13');
  });

  it('moves a check off a holiday and the municipality’s closing day', () => {
    // One week after 22 March is Good Friday: the check goes out on Tuesday 2 April, or the 3rd when the jobcentre closes the 2nd.
    const plan = { ...DEFAULT_COOPERATION_PLAN, followUpWeeks: [1] };
    expect(cooperation({ startedOn: '2024-03-22', plan }).checks[0]!.dueOn).toBe('2024-04-02');
    expect(cooperation({ startedOn: '2024-03-22', plan, closingDays: ['2024-04-02'] }).checks[0]!.dueOn).toBe('2024-04-03');
  });

  it('adds checks after each placement and hire, once per track, and one check serves a day asked twice', () => {
    const s = cooperation({ cause: 'PLACEMENT' });
    applyCooperationEvent(s, { type: 'placement', trackId: 'track-1', on: '2024-03-21' });
    // The placement on the start day adds no second check for the same days.
    expect(s.checks).toHaveLength(2);
    applyCooperationEvent(s, { type: 'hire', trackId: 'track-1', on: '2024-05-02' });
    applyCooperationEvent(s, { type: 'hire', trackId: 'track-1', on: '2024-05-03' });
    expect(s.checks.map((c) => [c.reason, c.trackId ?? null, c.dueOn])).toEqual([
      ['START', null, '2024-04-11'],
      ['START', null, '2024-06-13'],
      ['HIRE', 'track-1', '2024-05-23'],
      ['HIRE', 'track-1', '2024-07-25'],
    ]);
    expect(cooperationSummary(s)).toMatchObject({ placements: 1, hires: 1, openings: 0 });
  });

  it('takes an answer only to a check asked and not answered; a problem answer reports the problem', () => {
    const s = cooperation();
    expect(() => applyCooperationEvent(s, { type: 'check-answered', checkNo: 1, answer: 'WELL', on: '2024-04-01' })).toThrow(
      /not due until/,
    );
    applyCooperationEvent(s, { type: 'day', today: '2024-04-11' });
    expect(() => applyCooperationEvent(s, { type: 'check-answered', checkNo: 9, answer: 'WELL', on: '2024-04-11' })).toThrow(Refusal);
    expect(() => applyCooperationEvent(s, { type: 'check-answered', checkNo: 1, answer: 'PROBLEM', on: '2024-04-11' })).toThrow(
      /carries its report/,
    );
    const effects = applyCooperationEvent(s, { type: 'check-answered', checkNo: 1, answer: 'PROBLEM', reportId: '41', on: '2024-04-11' });
    expect(mails(effects)).toEqual(['company-problem-report>employment-actor:problem:41']);
    expect(s.problems[0]).toMatchObject({ reportId: '41', checkNo: 1 });
    expect(() => applyCooperationEvent(s, { type: 'check-answered', checkNo: 1, answer: 'WELL', on: '2024-04-12' })).toThrow(
      /answered already/,
    );
  });
});

describe('cooperation agenda: problem reports get quick help', () => {
  it('mails the employment actor at once, reminds it after the answer days and tells the steering contact after the escalation days, counted past Easter', () => {
    const s = cooperation();
    const version = s.version;
    expect(mails(applyCooperationEvent(s, { type: 'problem-reported', reportId: '7', on: '2024-03-27' }))).toEqual([
      'company-problem-report>employment-actor:problem:7',
    ]);
    expect(s.version).toBe(version + 1);
    // One working day after Wednesday 27 March is Tuesday 2 April (Maundy Thursday to Easter Monday are off); two is the 3rd.
    expect(s.problems[0]).toMatchObject({ answerBy: '2024-04-02', escalateOn: '2024-04-03' });
    expect(nextWakeOn(s)).toBe('2024-04-02');
    expect(cooperationSummary(s).nextDeadline).toEqual({ on: '2024-04-02', what: 'acknowledge problem report 7' });
    expect(mails(applyCooperationEvent(s, { type: 'day', today: '2024-04-02' }))).toEqual([
      'company-problem-reminder>employment-actor:problem:7:reminder',
    ]);
    expect(mails(applyCooperationEvent(s, { type: 'day', today: '2024-04-03' }))).toEqual([
      'company-problem-escalation>steering:problem:7:escalation',
    ]);
    expect(mails(applyCooperationEvent(s, { type: 'day', today: '2024-04-04' }))).toEqual([]);
    expect(cooperationSummary(s)).toMatchObject({ openProblems: 1 });
  });

  it('an acknowledgement stops the reminder and the escalation; a second one, or one of an unknown report, is refused', () => {
    const s = cooperation();
    applyCooperationEvent(s, { type: 'problem-reported', reportId: '7', on: '2024-03-27' });
    applyCooperationEvent(s, { type: 'problem-acknowledged', reportId: '7', on: '2024-03-27' });
    expect(mails(applyCooperationEvent(s, { type: 'day', today: '2024-04-10' }))).toEqual([]);
    expect(cooperationSummary(s).openProblems).toBe(0);
    expect(() => applyCooperationEvent(s, { type: 'problem-acknowledged', reportId: '7', on: '2024-03-28' })).toThrow(/acknowledged on/);
    const before = JSON.stringify(s);
    expect(() => applyCooperationEvent(s, { type: 'problem-acknowledged', reportId: '8', on: '2024-03-28' })).toThrow(Refusal);
    expect(() => applyCooperationEvent(s, { type: 'problem-reported', reportId: '7', on: '2024-03-28' })).toThrow(/known already/);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('an ended cooperation asks no more checks and takes no news, but its open problem still reaches the steering contact', () => {
    const s = cooperation();
    applyCooperationEvent(s, { type: 'problem-reported', reportId: '7', on: '2024-03-27' });
    applyCooperationEvent(s, { type: 'end', on: '2024-03-27' });
    expect(() => applyCooperationEvent(s, { type: 'opening', openingId: 'o1', on: '2024-03-28' })).toThrow(/ended on 2024-03-27/);
    expect(isSettled(s)).toBe(false);
    expect(mails(applyCooperationEvent(s, { type: 'day', today: '2024-06-20' }))).toEqual([
      'company-problem-reminder>employment-actor:problem:7:reminder',
      'company-problem-escalation>steering:problem:7:escalation',
    ]);
    expect(isSettled(s)).toBe(true);
  });
});

describe('cooperation agenda: begun again after its end', () => {
  it('a restart asks the start’s checks again from that day; a restart of a running cooperation changes nothing', () => {
    const s = cooperation({ plan: { ...DEFAULT_COOPERATION_PLAN, followUpWeeks: [3] } });
    const running = JSON.stringify(s);
    expect(applyCooperationEvent(s, { type: 'restart', on: '2024-04-02' })).toEqual([]);
    expect(JSON.stringify(s)).toBe(running);
    applyCooperationEvent(s, { type: 'end', on: '2024-04-02' });
    expect(nextWakeOn(s)).toBeUndefined();
    applyCooperationEvent(s, { type: 'restart', on: '2024-05-02' });
    expect(cooperationSummary(s)).toMatchObject({ status: 'ACTIVE' });
    expect(s.endedOn).toBeUndefined();
    expect(s.checks.filter((c) => !c.askedOn).map((c) => c.dueOn)).toEqual(['2024-05-23']);
    applyCooperationEvent(s, { type: 'opening', openingId: 'o2', on: '2024-05-02' });
    expect(cooperationSummary(s).openings).toBe(1);
  });
});

describe('programme template: the cooperation block', () => {
  const base = {
    id: 'x',
    name: 'X',
    kind: 'HOUSING_JOB_MATCH',
    participant: {
      workReadiness: { length: { weeks: 4 }, hoursPerWeek: 10 },
      jobTraining: { length: { months: 6 } },
      attendance: {},
      mentor: { required: false },
    },
    price: { perParticipant: '1' },
    rateCard: { lines: [{ id: 'job', outcome: 'ORDINARY_JOB', description: 'Job', amount: '1' }] },
  };
  it('takes the defaults and refuses an escalation before the reminder, naming the field', () => {
    expect(programmeSchema.parse({ ...base, cooperation: {} }).cooperation).toEqual(DEFAULT_COOPERATION_PLAN);
    const bad = programmeSchema.safeParse({ ...base, cooperation: { problemAnswerWorkingDays: 3, escalateAfterWorkingDays: 3 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['cooperation.escalateAfterWorkingDays']);
  });
});
