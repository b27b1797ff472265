import { describe, expect, it } from 'vitest';
import { dateOfUtcMidnight, isLocalDate, localDateAt, utcMidnightOf } from '../../domain/calendar.js';
import { participantTimeline } from '../../client/api/timeline.js';
import { Prisma, type Db } from '../../prisma/client.js';
import { closingDaysByMunicipality, closingDaysOf } from '../../prisma/closing-days.js';

// Two kinds of Date reach the code: a PostgreSQL `date` column (midnight UTC, standing for that
// date) and an instant (a timestamp column, now). Near midnight in Copenhagen they part: an instant's
// UTC date is the day before.
describe('local dates: a stored date against an instant in Copenhagen', () => {
  const instants: Array<[string, string]> = [
    ['2026-03-01T23:30:00Z', '2026-03-02'], // winter, UTC+1: half past midnight on 2 March
    ['2026-06-30T22:30:00Z', '2026-07-01'], // summer, UTC+2
    ['2026-06-30T21:59:59Z', '2026-06-30'],
    ['2026-12-31T23:00:00Z', '2027-01-01'], // New Year's Day begins at 23:00 UTC
    ['2026-03-28T23:30:00Z', '2026-03-29'], // the night summer time begins
    ['2026-10-24T22:30:00Z', '2026-10-25'], // the night it ends
    ['2026-10-25T22:59:59Z', '2026-10-25'],
    ['2026-10-25T23:00:00Z', '2026-10-26'],
  ];
  it.each(instants)('the instant %s is %s in Copenhagen, whatever its UTC date', (iso, copenhagen) => {
    expect(localDateAt(Date.parse(iso))).toBe(copenhagen);
  });

  it('reads a date column as the date it stores and writes it back as midnight UTC', () => {
    for (const date of ['2026-01-01', '2026-03-29', '2026-10-25', '2026-12-31', '2028-02-29']) {
      expect(utcMidnightOf(date).toISOString()).toBe(`${date}T00:00:00.000Z`);
      expect(dateOfUtcMidnight(utcMidnightOf(date))).toBe(date);
    }
  });

  it('refuses to store what is no calendar date, rather than writing Invalid Date', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-5', '', '2026-01-01T00:00:00Z']) {
      expect(() => utcMidnightOf(bad)).toThrow(/not a/);
      expect(isLocalDate(bad)).toBe(false);
    }
    expect(isLocalDate('2028-02-29')).toBe(true);
  });

  it("shows an assignment ended just after midnight on the Copenhagen day it ended, and a week's attendance on its stored date", async () => {
    const none = { findMany: async () => [] };
    const db = {
      attendance: {
        findMany: async () => [
          {
            id: 'a1',
            weekStart: utcMidnightOf('2026-03-02'),
            hours: new Prisma.Decimal(10),
            present: true,
            note: null,
            recordedBy: 'mentor@example.dk',
          },
        ],
      },
      assignment: {
        findMany: async () => [
          {
            id: 's1',
            role: 'MENTOR',
            assignedAt: new Date('2026-01-05T08:00:00Z'),
            endedAt: new Date('2026-03-01T23:30:00Z'),
            staffMember: { name: 'Mentor' },
          },
        ],
      },
      outcome: none,
      emailOutbox: none,
      auditLog: none,
      // Not projected yet: the week is shown without its plan.
      participantTrack: { findUnique: async () => null },
    } as unknown as Db;
    const events = await participantTimeline(db, { id: 't1', workflowId: 'participant-t1' });
    expect(events.find((e) => e.kind === 'assignment')!.detail).toBe('until 2026-03-02');
    expect(events.find((e) => e.kind === 'attendance')).toMatchObject({ at: '2026-03-02', title: 'Week of 2026-03-02: 10 h' });
  });
});

describe('closing days, read one way', () => {
  it("answers a cohort's closing days sorted and once each, and each municipality's by code", async () => {
    const rows = [
      { code: '621', closingDays: [utcMidnightOf('2027-12-27'), utcMidnightOf('2027-06-04')] },
      { code: '630', closingDays: [utcMidnightOf('2027-06-04'), utcMidnightOf('2027-05-14')] },
    ];
    let asked: unknown;
    const db = { municipality: { findMany: async (args: { where: unknown }) => ((asked = args.where), rows) } } as unknown as Db;
    const where = { cohorts: { some: { cohortId: 'klynge-1-2027' } } };
    expect(await closingDaysOf(db, where)).toEqual(['2027-05-14', '2027-06-04', '2027-12-27']);
    expect(asked).toEqual(where);
    expect(await closingDaysByMunicipality(db, where)).toEqual(
      new Map([
        ['621', ['2027-06-04', '2027-12-27']],
        ['630', ['2027-05-14', '2027-06-04']],
      ]),
    );
  });
});
