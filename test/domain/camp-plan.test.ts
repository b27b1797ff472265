import { describe, expect, it } from 'vitest';
import { holidayName, isWorkingDay } from '../../domain/calendar.js';
import {
  invitationDate,
  anchoringCheckDates,
  anchoringStatus,
  campDays,
  milestoneDates,
  nudgeDate,
  planBootCamp,
  planCohortCamps,
  reminderDates,
} from '../../domain/camp-plan.js';
import type { CompanyPlan } from '../../domain/programme.js';

const plan: CompanyPlan = {
  bootCamp: { month: 11, days: 2, location: 'Kolding' },
  campReminderWorkingDays: [14, 2],
  invitationLeadWeeks: 6,
  accelerator: { length: { months: 12 }, campEveryWeeks: 7, coachingEveryWeeks: 4 },
  milestones: [
    { id: 'onboarding', title: 'Onboarding programme designed', dueAfter: { months: 3 } },
    { id: 'buddies', title: 'Staff trained as buddies', dueAfter: { months: 6 } },
  ],
  anchoring: { checksAtMonths: [2, 4, 6] },
  problemReportEscalationWorkingDays: 1,
};

describe('the boot camp', () => {
  it('is two working days in November of the cohort year', () => {
    // 15 November 2026 is a Sunday: Monday and Tuesday.
    expect(planBootCamp({ cohortId: 'k', year: 2026, plan }).days).toEqual(['2026-11-16', '2026-11-17']);
    // 15 November 2019 is a Friday: the second day is the Monday after.
    expect(planBootCamp({ cohortId: 'k', year: 2019, plan }).days).toEqual(['2019-11-15', '2019-11-18']);
  });

  it("follows the cohort plan's own start date and honours municipal closing days", () => {
    const camp = planBootCamp({ cohortId: 'k', year: 2026, plan, bootCampStartOn: '2026-11-19', closingDays: ['2026-11-20'] });
    expect(camp.days).toEqual(['2026-11-19', '2026-11-23']);
    expect(camp.moved).toBe(false);
  });

  it('has as many days as the plan says', () => {
    expect(campDays('2026-12-22', 3)).toEqual(['2026-12-22', '2026-12-23', '2026-12-28']);
    expect(planBootCamp({ cohortId: 'k', year: 2026, plan: { ...plan, bootCamp: { month: 11, days: 1 } } }).days).toEqual(['2026-11-16']);
  });
});

describe("the accelerator's camps and coaching", () => {
  const p = planCohortCamps({ cohortId: 'k1', year: 2026, plan });

  it("starts on the first working day of January after the boot camp and lasts the plan's length", () => {
    expect(p.acceleratorStartsOn).toBe('2027-01-04'); // 1 January is a holiday, the 2nd and 3rd a weekend
    expect(p.acceleratorEndsOn).toBe('2028-01-03');
  });

  it('puts a camp every seven weeks, each on a working day, with stable ids', () => {
    const camps = p.camps.filter((c) => c.kind === 'CAMP');
    expect(camps.map((c) => c.id)).toEqual([
      'k1-camp-01',
      'k1-camp-02',
      'k1-camp-03',
      'k1-camp-04',
      'k1-camp-05',
      'k1-camp-06',
      'k1-camp-07',
    ]);
    expect(camps.map((c) => c.days[0])).toEqual([
      '2027-02-22',
      '2027-04-12',
      '2027-05-31',
      '2027-07-19',
      '2027-09-06',
      '2027-10-25',
      '2027-12-13',
    ]);
    for (const c of p.camps) for (const d of c.days) expect(isWorkingDay(d)).toBe(true);
  });

  it('a camp whose naive date is a public holiday moves to the next working day', () => {
    const coaching = p.camps.find((c) => c.id === 'k1-coaching-03')!;
    expect(holidayName(coaching.naiveDate)).toBe('Anden påskedag');
    expect(coaching.days).toEqual(['2027-03-30']);
    expect(coaching.moved).toBe(true);

    // Ascension Day 2027 (Thursday 6 May) → Friday 7 May.
    const onAscension = planCohortCamps({ cohortId: 'k2', year: 2026, plan, acceleratorStartsOn: '2027-03-18' }).camps.find(
      (c) => c.id === 'k2-camp-01',
    )!;
    expect(onAscension.naiveDate).toBe('2027-05-06');
    expect(holidayName('2027-05-06')).toBe('Kristi Himmelfartsdag');
    expect(onAscension.days).toEqual(['2027-05-07']);
  });

  it("skips a municipality's closing day as well", () => {
    const camp = planCohortCamps({ cohortId: 'k', year: 2026, plan, closingDays: ['2027-02-22'] }).camps.find((c) => c.id === 'k-camp-01')!;
    expect(camp.days).toEqual(['2027-02-23']);
  });

  it('never puts a coaching session on a camp day', () => {
    const coaching = p.camps.find((c) => c.id === 'k1-coaching-07')!;
    expect(coaching.naiveDate).toBe('2027-07-19'); // the day of camp 4
    expect(coaching.days).toEqual(['2027-07-20']);
  });

  it('has no coaching when the plan has none, and the camps are in date order', () => {
    const q = planCohortCamps({ cohortId: 'k', year: 2026, plan: { ...plan, accelerator: { length: { months: 12 }, campEveryWeeks: 6 } } });
    expect(q.camps.every((c) => c.kind === 'CAMP')).toBe(true);
    const firsts = p.camps.map((c) => c.days[0]!);
    expect([...firsts].sort()).toEqual(firsts);
  });
});

describe('reminders, milestones and anchoring checks', () => {
  it('reminds 14 and 2 working days before the first day', () => {
    expect(reminderDates('2026-11-16', [2, 14])).toEqual([
      { key: 'reminder-14', on: '2026-10-27' },
      { key: 'reminder-2', on: '2026-11-12' },
    ]);
    // Over Christmas: 2 working days before 4 January 2027 is 29 December 2026.
    expect(reminderDates('2027-01-04', [2])).toEqual([{ key: 'reminder-2', on: '2026-12-29' }]);
    // A reminder already in the past for a camp planned at short notice is dropped.
    expect(reminderDates('2026-11-16', [14, 2], [], '2026-11-01')).toEqual([{ key: 'reminder-2', on: '2026-11-12' }]);
  });

  it('nudges non-responders seven working days before', () => {
    expect(nudgeDate('2026-11-16')).toBe('2026-11-05');
  });

  it('dates milestones from the accelerator start', () => {
    expect(milestoneDates('2027-01-04', plan.milestones)).toEqual([
      { id: 'onboarding', title: 'Onboarding programme designed', dueOn: '2027-04-05', remindOn: '2027-03-24' },
      { id: 'buddies', title: 'Staff trained as buddies', dueOn: '2027-07-05', remindOn: '2027-06-28' },
    ]);
  });

  it('checks anchoring 2, 4 and 6 months after the end, on working days', () => {
    expect(anchoringCheckDates('2028-01-03', [6, 2, 4])).toEqual([
      { checkNo: 1, monthsAfterEnd: 2, on: '2028-03-03', remindOn: '2028-03-10' },
      { checkNo: 2, monthsAfterEnd: 4, on: '2028-05-03', remindOn: '2028-05-10' },
      { checkNo: 3, monthsAfterEnd: 6, on: '2028-07-03', remindOn: '2028-07-10' },
    ]);
  });

  it('closes with a status from the latest answered check', () => {
    expect(anchoringStatus([])).toBe('UNKNOWN');
    expect(
      anchoringStatus([
        { checkNo: 1, socialModelInUse: 'NO' },
        { checkNo: 3, socialModelInUse: 'YES' },
        { checkNo: 3, socialModelInUse: 'YES' },
      ]),
    ).toBe('ANCHORED');
    expect(
      anchoringStatus([
        { checkNo: 2, socialModelInUse: 'YES' },
        { checkNo: 2, socialModelInUse: 'NO' },
      ]),
    ).toBe('PARTLY_ANCHORED');
    expect(anchoringStatus([{ checkNo: 2, socialModelInUse: 'NO' }])).toBe('NOT_ANCHORED');
  });
});

describe('invitationDate', () => {
  it('is the lead time before the first day, on the working day on or before; none without a lead time (at once)', () => {
    // Six weeks before Monday 21 February 2028.
    expect(invitationDate('2028-02-21', 6)).toBe('2028-01-10');
    // Six weeks before Tuesday 3 April 2029 is Tuesday 20 February; a closing day moves it back a day.
    expect(invitationDate('2029-04-03', 6)).toBe('2029-02-20');
    expect(invitationDate('2029-04-03', 6, ['2029-02-20'])).toBe('2029-02-19');
    // Six weeks before 5 February 2027 is Christmas Day: the working day before, 23 December (24 is a day off).
    expect(invitationDate('2027-02-05', 6)).toBe('2026-12-23');
    expect(invitationDate('2028-02-21', 0)).toBe('2028-02-21');
    expect(invitationDate('2028-02-21', undefined)).toBeUndefined();
    for (const d of ['2028-01-10', '2029-02-19', '2026-12-23']) expect(isWorkingDay(d)).toBe(true);
  });
});
