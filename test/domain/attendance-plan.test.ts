import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { addDays, addWeeks, type LocalDate } from '../../domain/calendar.js';
import { plannedHoursOfWeek, weekAgainstPlan, weekStatus } from '../../domain/attendance-plan.js';
import { PARTICIPANT_PATCHES } from '../../domain/participant-agenda.js';
import { phaseDates } from '../../domain/participant-schedule.js';
import { programmeSchema, type ParticipantPlan } from '../../domain/programme.js';
import { AgendaDriver, PLAN, setupOf } from '../support/participant-agenda-driver.js';

const shipped = (file: string): ParticipantPlan =>
  programmeSchema.parse(parse(readFileSync(new URL(`../../programmes/${file}`, import.meta.url), 'utf8'))).participant;
const DUAL_TRACK = shipped('growth-partnership-2019.yaml');
const BUSINESS_TRAINING = shipped('business-training.yaml');
const MONDAY = '2026-01-05';
const period = (plan: ParticipantPlan, startsOn: LocalDate = MONDAY) => ({ startedOn: startsOn, ...phaseDates(startsOn, plan) });

describe("a week's planned hours", () => {
  it("are the programme's hours a week: about 10 on the dual track, 37 in Business Training", () => {
    expect(DUAL_TRACK.workReadiness.hoursPerWeek).toBe(10);
    expect(BUSINESS_TRAINING.jobTraining.hoursPerWeek).toBe(37);
    expect(plannedHoursOfWeek('2026-01-12', DUAL_TRACK, period(DUAL_TRACK))).toBe(10);
    // Business Training's third week is its first in a company: 37 hours there as well.
    expect(plannedHoursOfWeek('2026-01-19', BUSINESS_TRAINING, period(BUSINESS_TRAINING))).toBe(37);
  });

  it('leave out holidays, closing days, days before the start, after the end and before a resume', () => {
    // Easter 2026: Thursday 2 April, Good Friday 3 April, Easter Monday 6 April.
    expect(plannedHoursOfWeek('2026-03-30', BUSINESS_TRAINING, period(BUSINESS_TRAINING, '2026-03-02'))).toBe(22.2);
    expect(plannedHoursOfWeek('2026-04-06', DUAL_TRACK, period(DUAL_TRACK))).toBe(8);
    expect(plannedHoursOfWeek('2026-01-12', DUAL_TRACK, period(DUAL_TRACK), ['2026-01-16'])).toBe(8);
    expect(plannedHoursOfWeek('2026-01-05', DUAL_TRACK, period(DUAL_TRACK, '2026-01-07'))).toBe(6);
    expect(plannedHoursOfWeek('2026-01-12', DUAL_TRACK, period(DUAL_TRACK), [], '2026-01-15')).toBe(4);
    expect(plannedHoursOfWeek('2025-12-29', DUAL_TRACK, period(DUAL_TRACK))).toBe(0);
  });

  it("take each day's phase: a week across the phase change is planned at both figures", () => {
    const plan = { ...DUAL_TRACK, jobTraining: { ...DUAL_TRACK.jobTraining, hoursPerWeek: 30 } };
    // Work-readiness from Wednesday 2026-01-07, job training from Tuesday 2026-07-07: Monday at 10 ÷ 5, Tuesday to Friday at 30 ÷ 5.
    const p = period(plan, '2026-01-07');
    expect(p.jobTrainingStartsOn).toBe('2026-07-07');
    expect(plannedHoursOfWeek('2026-07-06', plan, p)).toBe(2 + 4 * 6);
  });

  it('never exceed the larger phase figure and never go below zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: -4, max: 60 }), (startOffset, week) => {
        const startsOn = addDays('2026-01-01', startOffset);
        const p = period(BUSINESS_TRAINING, startsOn);
        const hours = plannedHoursOfWeek(addWeeks(p.startedOn, week), BUSINESS_TRAINING, p);
        expect(hours).toBeGreaterThanOrEqual(0);
        expect(hours).toBeLessThanOrEqual(37);
      }),
    );
  });
});

describe('a week against the plan', () => {
  it('is under-activated below the share of its planned hours, absent without hours, as planned from the share on', () => {
    expect(weekStatus({ hours: 27.75, present: true }, 37, 0.75)).toBe('AS_PLANNED');
    expect(weekStatus({ hours: 27.5, present: true }, 37, 0.75)).toBe('UNDER_ACTIVATED');
    expect(weekStatus({ hours: 1, present: true }, 10, 0.75)).toBe('UNDER_ACTIVATED');
    expect(weekStatus({ hours: 0, present: true }, 10, 0.75)).toBe('ABSENT');
    expect(weekStatus({ hours: 8, present: false }, 10, 0.75)).toBe('ABSENT');
    expect(weekStatus(undefined, 10, 0.75)).toBe('NOT_RECORDED');
    expect(weekStatus(undefined, 0, 0.75)).toBe('NOTHING_PLANNED');
    expect(weekAgainstPlan('2026-01-14', { hours: 5, present: true }, DUAL_TRACK, period(DUAL_TRACK))).toEqual({
      weekStart: '2026-01-12',
      plannedHours: 10,
      hours: 5,
      status: 'UNDER_ACTIVATED',
    });
  });
});

describe('the agenda checks attendance against the plan', () => {
  const businessTraining = () => new AgendaDriver(setupOf({ plan: BUSINESS_TRAINING }), MONDAY);
  const attendance = (d: AgendaDriver, weekStart: LocalDate, hours: number) =>
    d.on(addDays(weekStart, 4), { type: 'attendance-recorded', weekStart, hours, present: hours > 0 });

  it('escalates an under-activated week of Business Training (37 hours planned, escalated after one week)', () => {
    const d = businessTraining();
    d.on(MONDAY, { type: 'mentor-assigned', staffMemberId: 'staff-1' });
    attendance(d, '2026-01-05', 30);
    attendance(d, '2026-01-12', 12);
    d.runTo('2026-01-21');
    const escalations = d.asked.flatMap(({ on, effect }) =>
      effect.kind === 'mail' && effect.template === 'participant-attendance-escalation' ? [{ on, data: effect.data }] : [],
    );
    expect(escalations).toEqual([
      { on: '2026-01-20', data: { weekStart: '2026-01-12', weeksInRow: 1, status: 'UNDER_ACTIVATED', hours: 12, plannedHours: 37 } },
    ]);
    expect(d.agenda.summary().attendancePlan).toEqual({
      hoursPerWeek: 37,
      minimumShareOfPlannedHours: 0.75,
      lastCheckedWeek: { weekStart: '2026-01-12', plannedHours: 37, hours: 12, status: 'UNDER_ACTIVATED' },
      weeksBelowPlanInRow: 1,
      flagged: true,
      escalated: true,
    });
    // A week at the plan clears the flag.
    attendance(d, '2026-01-19', 37);
    d.runTo('2026-01-28');
    expect(d.agenda.summary().attendancePlan).toMatchObject({ weeksBelowPlanInRow: 0, flagged: false, escalated: false });
  });

  it('follows the weeks of job training as well, to its end', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-07-01', { type: 'placed', companyId: 'company-1', role: 'ACCELERATOR' });
    d.runTo('2026-07-22');
    expect(d.state.phase).toBe('JOB_TRAINING');
    expect(d.mails()).toContain('participant-attendance-reminder:2026-07-14');
    attendance(d, '2026-07-20', 3);
    d.runTo('2026-07-29');
    expect(d.agenda.summary().attendancePlan?.lastCheckedWeek).toEqual({
      weekStart: '2026-07-20',
      plannedHours: PLAN.jobTraining.hoursPerWeek,
      hours: 3,
      status: 'UNDER_ACTIVATED',
    });
    d.runTo('2027-02-01');
    const last = d.state.tasks.filter((t) => t.kind === 'ATTENDANCE' && !t.overdue);
    expect(last).toEqual([]);
    expect(
      d
        .mails()
        .filter((m) => m.startsWith('participant-attendance-reminder'))
        .pop(),
    ).toBe('participant-attendance-reminder:2027-01-12');
  });

  it('after a pause in job training, checks again from the week of the resume with its hours planned from that day', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-08-03', { type: 'paused', reason: 'reason-1', source: 'track' });
    d.on('2026-09-09', { type: 'resumed', source: 'track' });
    expect(d.state.tasks.filter((t) => t.kind === 'ATTENDANCE' && !t.overdue).map((t) => t.id)).toEqual(['attendance:2026-09-07']);
    attendance(d, '2026-09-07', 6);
    d.runTo('2026-09-16');
    expect(d.agenda.summary().attendancePlan?.lastCheckedWeek).toEqual({
      weekStart: '2026-09-07',
      plannedHours: 6,
      hours: 6,
      status: 'AS_PLANNED',
    });
  });

  it('before its patch: any hours counted as present, and job training was not followed', () => {
    const before = [
      PARTICIPANT_PATCHES.checkLastWorkReadinessWeek,
      PARTICIPANT_PATCHES.pauseKeepsReachedDates,
      PARTICIPANT_PATCHES.catchUpDigest,
    ];
    const d = new AgendaDriver(setupOf({ plan: BUSINESS_TRAINING }), MONDAY, undefined, before);
    d.on(MONDAY, { type: 'mentor-assigned', staffMemberId: 'staff-1' });
    attendance(d, '2026-01-05', 1);
    d.runTo('2026-02-02');
    // One hour of 37 passed as attended; only the unrecorded second week was reminded and escalated, none of job training.
    expect(d.mails().filter((m) => m.startsWith('participant-attendance'))).toEqual([
      'participant-attendance-reminder:2026-01-20',
      'participant-attendance-escalation:2026-01-20',
    ]);
  });
});
