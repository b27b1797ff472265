import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../domain/calendar.js';
import {
  AttendanceWeekError,
  answerDueOn,
  attendanceReminderOn,
  checkAttendanceWeek,
  firstEmployerContactDueOn,
  jobTrainingEnd,
  mentorReminderOn,
  pausedDays,
  phaseDates,
  placementCheckIns,
  retentionFollowUps,
  shiftByPause,
  trainingWeeks,
} from '../../domain/participant-schedule.js';

const sixAndSix = { workReadiness: { length: { months: 6 }, hoursPerWeek: 10 }, jobTraining: { length: { months: 6 } } };

describe('participant schedule: phase dates', () => {
  it('runs six months of work-readiness and six of job training, each phase starting on a working day', () => {
    expect(phaseDates('2026-01-05', sixAndSix)).toEqual({
      workReadinessStartsOn: '2026-01-05',
      jobTrainingStartsOn: '2026-07-06', // 5 July 2026 is a Sunday
      jobTrainingEndsOn: '2027-01-06',
    });
  });

  it('a start on New Year’s Day begins on the next working day', () => {
    expect(phaseDates('2026-01-01', sixAndSix).workReadinessStartsOn).toBe('2026-01-02');
  });

  it('honours the Kolding variant of 26 weeks and the municipality’s closing days', () => {
    const kolding = { workReadiness: { length: { weeks: 13 }, hoursPerWeek: 37 }, jobTraining: { length: { weeks: 13 } } };
    const dates = phaseDates('2026-01-05', kolding, ['2026-04-06', '2026-04-07']);
    // 13 weeks after 5 January is Easter Monday, the jobcentre is also closed on the Tuesday.
    expect(dates.jobTrainingStartsOn).toBe('2026-04-08');
    expect(dates.jobTrainingEndsOn).toBe('2026-07-08');
    expect(jobTrainingEnd('2026-04-08', kolding)).toBe('2026-07-08');
  });
});

describe('participant schedule: reminders and deadlines', () => {
  it.each([
    ['2026-03-02', 2, '2026-03-10'], // Sunday 8 March + 2 working days
    ['2026-03-30', 2, '2026-04-08'], // Easter Monday is skipped
    ['2026-03-02', 0, '2026-03-09'],
  ])('a missing record for the week of %s with %i grace days is reminded on %s', (week, grace, expected) => {
    expect(attendanceReminderOn(week, grace)).toBe(expected);
  });

  it('lists the training weeks by their Mondays', () => {
    expect(trainingWeeks('2026-01-07', '2026-01-26')).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    expect(trainingWeeks('2026-01-05', '2026-01-05')).toEqual([]);
  });

  it('reminds of a missing mentor after N days, on a working day', () => {
    expect(mentorReminderOn('2026-01-05', 14)).toBe('2026-01-19');
    expect(mentorReminderOn('2026-01-05', 14, ['2026-01-19'])).toBe('2026-01-20');
  });

  it('IPS: the first employer contact is due on the last working day within 30 days', () => {
    expect(firstEmployerContactDueOn('2026-01-05', 30)).toBe('2026-02-04');
    expect(firstEmployerContactDueOn('2026-11-25', 30)).toBe('2026-12-23'); // 24 and 25 December are days off
  });

  it('schedules midway and end-of-placement check-ins', () => {
    expect(placementCheckIns('2026-07-06', '2027-01-06', ['midway', 'end'])).toEqual([
      { checkIn: 'midway', on: '2026-10-06' },
      { checkIn: 'end', on: '2027-01-05' },
    ]);
    expect(placementCheckIns('2026-07-06', '2026-12-28', ['end'])).toEqual([{ checkIn: 'end', on: '2026-12-23' }]);
  });

  it('follows up 4, 13 and 26 weeks after a hire, in order, on working days', () => {
    expect(retentionFollowUps('2026-03-02', [26, 4, 13])).toEqual([
      { weeks: 4, on: '2026-03-30' },
      { weeks: 13, on: '2026-06-01' },
      { weeks: 26, on: '2026-08-31' },
    ]);
    expect(retentionFollowUps('2026-03-09', [4])).toEqual([{ weeks: 4, on: '2026-04-07' }]); // Easter Monday
  });

  it('expects answers within five working days', () => {
    expect(answerDueOn('2026-03-30')).toBe('2026-04-09'); // across Maundy Thursday, Good Friday and Easter Monday
  });

  it('every computed date is a working day', () => {
    for (let d = 1; d <= 28; d++) {
      const start = `2026-12-${String(d).padStart(2, '0')}`;
      const dates = phaseDates(start, sixAndSix);
      for (const date of [...Object.values(dates), mentorReminderOn(start, 14), attendanceReminderOn('2026-12-21', 1)]) {
        expect(isWorkingDay(date), `${date} from ${start}`).toBe(true);
      }
    }
  });
});

describe('participant schedule: pauses', () => {
  it('counts paused calendar days and moves deadlines by them onto working days', () => {
    expect(pausedDays('2026-03-02', '2026-04-27')).toBe(56);
    expect(pausedDays('2026-03-02', '2026-03-01')).toBe(0);
    expect(shiftByPause('2026-03-10', 56)).toBe('2026-05-05');
    expect(shiftByPause('2026-03-19', 56)).toBe('2026-05-15'); // 14 May 2026 is Ascension Day
    expect(shiftByPause('2026-03-19', 0)).toBe('2026-03-19');
  });
});

describe('participant schedule: attendance validation', () => {
  const from = '2026-01-05';
  const until = '2026-07-06';
  it('accepts a Monday within the training with hours ≥ 0', () => {
    expect(() => checkAttendanceWeek('2026-01-05', 10, from, until)).not.toThrow();
    expect(() => checkAttendanceWeek('2026-06-29', 0, from, until)).not.toThrow();
  });
  it.each([
    ['2026-01-06', 10, 'weekStart'],
    ['2025-12-29', 10, 'weekStart'],
    ['2026-07-06', 10, 'weekStart'],
    ['2026-01-12', -1, 'hours'],
    ['not-a-date', 1, 'weekStart'],
  ])('rejects week %s with %d hours on field %s', (week, hours, field) => {
    try {
      checkAttendanceWeek(week, hours, from, until);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AttendanceWeekError);
      expect((e as AttendanceWeekError).field).toBe(field);
    }
  });
});
