// The participant agenda on its own: what a track asks for day by day, what each request does and when
// it is refused, what the changed behaviours (patches) did before, without Temporal, PostgreSQL or SMTP.
import { describe, expect, it } from 'vitest';
import { addDays, isWorkingDay, type LocalDate } from '../../domain/calendar.js';
import {
  PARTICIPANT_PATCHES,
  ParticipantAgenda,
  initialState,
  reduce,
  type ParticipantTrackRequest,
} from '../../domain/participant-agenda.js';
import type { ParticipantTrackEffect } from '../../domain/participant-track-effects.js';
import { Refusal } from '../../domain/refusal.js';
import { trainingWeeks } from '../../domain/participant-schedule.js';
import { AgendaDriver, PLAN, setupOf } from '../support/participant-agenda-driver.js';

const MONDAY = '2026-01-05';
const KEY = 'participant:cm9track0000000000000000';

function refusal(
  agenda: ParticipantAgenda,
  request: ParticipantTrackRequest,
  today: LocalDate,
): { message: string; field: string } | undefined {
  try {
    agenda.check(request, today);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(Refusal);
    return { message: (e as Refusal).message, field: (e as Refusal).field };
  }
}

const kinds = (effects: ParticipantTrackEffect[]) =>
  effects.map((e) => (e.kind === 'mail' ? `mail:${e.template}` : e.kind === 'phase' ? `phase:${e.phase}` : e.kind));

describe('a new track', () => {
  it('starting today is in work-readiness with its first deadlines on working days', () => {
    const state = initialState(setupOf(), MONDAY, MONDAY);
    expect(state.phase).toBe('WORK_READINESS');
    expect(Object.fromEntries(state.tasks.map((t) => [t.id, t.dueOn]))).toEqual({
      'phase-end:WORK_READINESS': '2026-07-06',
      'attendance:2026-01-05': '2026-01-13', // the Sunday plus two working days' grace
      placement: '2026-07-06',
      mentor: '2026-01-19',
      'employer-contact': '2026-02-04',
    });
  });

  it('starting later waits enrolled for its first day', () => {
    const state = initialState(setupOf(), '2026-03-02', MONDAY);
    expect(state.phase).toBe('ENROLLED');
    expect(state.tasks.find((t) => t.id === 'start')).toMatchObject({ kind: 'PHASE_END', dueOn: '2026-03-02' });
  });

  it('without a mentor requirement or IPS has no such deadlines', () => {
    const plan = { ...PLAN, mentor: { required: false, remindAfterDays: 14 }, ips: undefined };
    expect(initialState(setupOf({ plan }), MONDAY, MONDAY).tasks.map((t) => t.kind)).toEqual(['PHASE_END', 'ATTENDANCE', 'PLACEMENT']);
  });
});

describe('a track left alone', () => {
  it('reminds every missing week, escalates every second, and names each deadline once, through job training to the outcome', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.runTo('2027-03-01');
    const mails = d.mails();
    expect(mails.slice(0, 5)).toEqual([
      'participant-attendance-reminder:2026-01-13',
      'participant-mentor-missing:2026-01-19',
      'participant-attendance-reminder:2026-01-20',
      'participant-attendance-escalation:2026-01-20',
      'participant-attendance-reminder:2026-01-27',
    ]);
    // Every week of work-readiness and of job training (to 2027-01-06): 26 + 27, each escalated every second week.
    const weeks = trainingWeeks('2026-01-05', '2027-01-06');
    expect(weeks).toHaveLength(53);
    expect(mails.filter((m) => m.startsWith('participant-attendance-reminder'))).toHaveLength(weeks.length);
    expect(mails.filter((m) => m.startsWith('participant-attendance-escalation'))).toHaveLength(26);
    expect(mails.filter((m) => !m.startsWith('participant-attendance'))).toEqual([
      'participant-mentor-missing:2026-01-19',
      'participant-employer-contact-overdue:2026-02-04',
      'participant-placement-missing:2026-07-06',
      'participant-outcome-due:2027-01-06',
    ]);
    // Every reminder on a working day, and every e-mail keyed once.
    for (const { on } of d.asked) expect(isWorkingDay(on), on).toBe(true);
    const keys = d.asked.flatMap(({ effect }) => (effect.kind === 'mail' ? [effect.idempotencyKey] : []));
    expect(new Set(keys).size).toBe(keys.length);
    expect(d.asked.filter((a) => a.effect.kind === 'phase')).toEqual([
      { on: '2026-07-06', effect: { kind: 'phase', phase: 'JOB_TRAINING' } },
    ]);
    expect(d.state.phase).toBe('JOB_TRAINING');
    expect(d.agenda.summary().overdue.map((t) => t.id)).toContain('outcome');
  });

  it('continues as new after a phase change, or when the history grows long', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    expect(d.agenda.shouldContinueAsNew({ historyLength: 100, continueAsNewSuggested: false })).toBe(false);
    expect(d.agenda.shouldContinueAsNew({ historyLength: 4001, continueAsNewSuggested: false })).toBe(true);
    expect(d.agenda.shouldContinueAsNew({ historyLength: 100, continueAsNewSuggested: true })).toBe(true);
    d.runTo('2026-07-06');
    expect(d.agenda.shouldContinueAsNew({ historyLength: 100, continueAsNewSuggested: false })).toBe(true);
  });

  it('sleeps until the next task, and waits without a timer while paused', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    const begun = d.now;
    expect(d.agenda.next(d.now, begun)).toEqual({ kind: 'sleep-until', at: Date.parse('2026-01-13T08:00:00Z') });
    d.on(MONDAY, { type: 'paused', reason: 'reason-1', source: 'track' });
    expect(d.agenda.next(d.now, begun)).toEqual({ kind: 'wait' });
  });
});

describe('requests', () => {
  const agenda = () => new AgendaDriver(setupOf(), MONDAY).agenda;

  it.each<[ParticipantTrackRequest, string, string]>([
    [{ type: 'record-attendance', weekStart: '2026-01-06', hours: 5, recordedBy: 'staff-1' }, 'weekStart', 'is not the Monday of a week'],
    [{ type: 'record-attendance', weekStart: '2025-12-29', hours: 5, recordedBy: 'staff-1' }, 'weekStart', 'outside the training period'],
    [{ type: 'record-attendance', weekStart: MONDAY, hours: 200, recordedBy: 'staff-1' }, 'hours', 'between 0 and 168'],
    [{ type: 'record-attendance', weekStart: MONDAY, hours: 5, recordedBy: '' }, 'recordedBy', 'recordedBy is required'],
    [{ type: 'assign-mentor', staffMemberId: '' }, 'staffMemberId', 'staffMemberId is required'],
    [{ type: 'tick-topic', topic: 'Svømning' }, 'topic', '"Svømning" is not a topic of the training plan'],
    [{ type: 'record-employer-contact', on: '5. januar' }, 'on', 'on must be a date of the form YYYY-MM-DD, got "5. januar"'],
    [{ type: 'record-employer-contact', on: '2026-01-06' }, 'on', 'the contact date 2026-01-06 is in the future'],
    [{ type: 'place', companyId: '' }, 'companyId', 'companyId is required'],
    [{ type: 'record-outcome', kind: 'LOTTERY' as never, occurredOn: MONDAY, evidence: 'ev-1' }, 'kind', 'kind must be one of'],
    [{ type: 'record-outcome', kind: 'ORDINARY_JOB', occurredOn: '2026-01-06', evidence: 'ev-1' }, 'occurredOn', 'is in the future'],
    [
      { type: 'record-outcome', kind: 'ORDINARY_JOB', occurredOn: '2026-01-02', evidence: 'ev-1' },
      'occurredOn',
      'before the track started',
    ],
    [
      { type: 'record-outcome', kind: 'PARTIAL_JOB', occurredOn: MONDAY, evidence: 'ev-1' },
      'hoursPerWeek',
      'a partial job needs its hours a week',
    ],
    [
      { type: 'record-outcome', kind: 'ORDINARY_JOB', occurredOn: MONDAY, hoursPerWeek: 169, evidence: 'ev-1' },
      'hoursPerWeek',
      'between 0 and 168',
    ],
    [
      { type: 'record-outcome', kind: 'ORDINARY_JOB', occurredOn: MONDAY, evidence: undefined },
      'evidenceRef',
      'an evidence reference is required',
    ],
    [{ type: 'answer-retention', weeks: 4, evidence: 'ev-1' }, 'phase', 'no retention follow-ups in phase WORK_READINESS'],
    [{ type: 'pause', reason: undefined }, 'reason', 'a reason is required'],
    [{ type: 'drop-out', reason: '' }, 'reason', 'a reason is required'],
    [
      { type: 'transfer', toTrackId: 'cm9track0000000000000000', toPartnershipId: 'p-vejen', reason: 'r' },
      'toTrackId',
      'must name a new track',
    ],
    [
      { type: 'transfer', toTrackId: 'cm9other', toPartnershipId: 'p-kolding', reason: 'r' },
      'toPartnershipId',
      'must name another partnership',
    ],
    [{ type: 'transfer', toTrackId: 'cm9other', toPartnershipId: 'p-vejen', reason: undefined }, 'reason', 'a reason is required'],
  ])('refuses %j naming %s', (request, field, message) => {
    const refused = refusal(agenda(), request, MONDAY);
    expect(refused?.field).toBe(field);
    expect(refused?.message).toContain(message);
  });

  it('accepts well-formed requests', () => {
    const a = agenda();
    for (const request of [
      { type: 'record-attendance', weekStart: MONDAY, hours: 0, recordedBy: 'staff-1' },
      { type: 'assign-mentor', staffMemberId: 'staff-2' },
      { type: 'tick-topic', topic: 'Transporttræning' },
      { type: 'record-employer-contact', on: MONDAY },
      { type: 'place', companyId: 'company-1' },
      { type: 'record-outcome', kind: 'PARTIAL_JOB', occurredOn: MONDAY, hoursPerWeek: 15, evidence: 'ev-1' },
      { type: 'pause', reason: 'reason-1' },
      { type: 'resume' },
      { type: 'drop-out', reason: 'reason-1' },
      { type: 'transfer', toTrackId: 'cm9other', toPartnershipId: 'p-vejen', reason: 'reason-1' },
    ] satisfies ParticipantTrackRequest[]) {
      expect(refusal(a, request, MONDAY), request.type).toBeUndefined();
    }
  });

  it('an ended track refuses everything, and ignores a pause signal', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    expect(kinds(d.on(MONDAY, { type: 'dropped-out', reason: 'reason-1' }))).toEqual(['phase:DROPPED_OUT', 'project']);
    expect(d.state).toMatchObject({ phase: 'DROPPED_OUT', endedOn: MONDAY, endReason: 'reason-1', tasks: [] });
    for (const type of ['resume', 'pause'] as const) {
      expect(refusal(d.agenda, { type, reason: 'r' } as ParticipantTrackRequest, MONDAY)).toEqual({
        message: 'the track has ended (DROPPED_OUT)',
        field: 'phase',
      });
    }
    const version = d.state.version;
    expect(d.on(MONDAY, { type: 'paused', reason: 'reason-2', source: 'track' })).toEqual([]);
    expect(d.state.version).toBe(version);
  });

  it('records a week: an overdue reminder is settled, a missing week is not escalated twice', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.runTo('2026-01-13');
    expect(d.agenda.summary().overdue.map((t) => t.id)).toEqual(['attendance:2026-01-05']);
    expect(kinds(d.on('2026-01-13', { type: 'attendance-recorded', weekStart: MONDAY, hours: 10, present: true }))).toEqual(['project']);
    expect(d.agenda.summary().overdue).toEqual([]);
    expect(d.agenda.summary().lastAttendance).toEqual({ weekStart: MONDAY, hours: 10, present: true });
  });

  it('a placement plans its check-ins and welcomes the company, keyed by the company', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    const effects = d.on('2026-05-04', { type: 'placed', companyId: 'company-1', role: 'ACCELERATOR', supportPersonId: 'staff-3' });
    expect(effects).toEqual([
      { kind: 'project' },
      {
        kind: 'mail',
        idempotencyKey: `${KEY}:placement-welcome:company-1`,
        template: 'participant-placement-welcome',
        to: 'companyContact',
        data: { startsOn: '2026-07-06', endsOn: '2027-01-06', checkIns: ['2026-10-06', '2027-01-05'], hoursPerWeek: 10 },
      },
    ]);
    d.runTo('2027-01-06');
    expect(d.mails().filter((m) => m.startsWith('participant-check-in'))).toEqual([
      'participant-check-in:2026-10-06',
      'participant-check-in:2026-10-06',
      'participant-check-in:2027-01-05',
      'participant-check-in:2027-01-05',
    ]);
    expect(d.mails()).not.toContain('participant-placement-missing:2026-07-06');
  });

  it('a hire starts the retention follow-ups; a "no" ends the track with its reason', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    const hire = d.on('2026-03-02', {
      type: 'outcome-recorded',
      kind: 'ORDINARY_JOB',
      occurredOn: '2026-03-02',
      outcomeId: 'o-1',
      amountOre: '100',
    });
    expect(kinds(hire)).toEqual(['phase:RETENTION', 'project']);
    expect(d.state.retention).toEqual([
      { weeks: 4, on: '2026-03-30' },
      { weeks: 13, on: '2026-06-01' },
      { weeks: 26, on: '2026-08-31' },
    ]);
    expect(refusal(d.agenda, { type: 'answer-retention', weeks: 4, evidence: 'ev-1' }, '2026-03-02')?.message).toBe(
      'the 4-week follow-up is not due before 2026-03-30',
    );
    d.runTo('2026-03-30');
    expect(d.mails()).toContain('participant-retention-check:2026-03-30');
    expect(d.agenda.check({ type: 'answer-retention', weeks: 4, evidence: 'ev-1' }, '2026-03-30')).toBeUndefined();
    d.on('2026-03-31', { type: 'retention-answered', weeks: 4, stillEmployed: true, recorded: { outcomeId: 'o-2', amountOre: '50' } });
    expect(d.state.outcomes.map((o) => o.kind)).toEqual(['ORDINARY_JOB', 'RETENTION']);
    expect(refusal(d.agenda, { type: 'answer-retention', weeks: 4, evidence: 'ev-1' }, '2026-03-31')?.message).toBe(
      'the 4-week follow-up is answered already',
    );
    d.runTo('2026-06-10'); // five working days after the 13-week follow-up (5 June, Constitution Day, is a day off)
    expect(d.mails()).toContain('participant-retention-overdue:2026-06-09');
    const no = d.on('2026-06-10', { type: 'retention-answered', weeks: 13, stillEmployed: false });
    expect(kinds(no)).toEqual(['phase:COMPLETED', 'project']);
    expect(d.state).toMatchObject({ phase: 'COMPLETED', endReason: 'no longer employed at the 13-week follow-up', tasks: [] });
  });

  it('an internship leaves the track open for the job that follows; both are in its sequence', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    const internship = d.on('2026-08-03', {
      type: 'outcome-recorded',
      kind: 'INTERNSHIP',
      occurredOn: '2026-08-03',
      outcomeId: 'o-1',
      amountOre: '0',
    });
    expect(kinds(internship)).toEqual(['project']);
    expect(d.agenda.ended).toBe(false);
    expect(d.patchesAsked).toContain(PARTICIPANT_PATCHES.outcomeSequence);
    expect(d.agenda.outcomeRecord('ORDINARY_JOB', '2026-09-01').idempotencyKey).toBe(`${KEY}:outcome:2`);
    d.on('2026-09-01', { type: 'outcome-recorded', kind: 'ORDINARY_JOB', occurredOn: '2026-09-01', outcomeId: 'o-2', amountOre: '100' });
    expect(d.state.phase).toBe('RETENTION');
    expect(d.state.outcomes.map((o) => o.kind)).toEqual(['INTERNSHIP', 'ORDINARY_JOB']);
  });

  it('before the patch, an outcome that is not a hire completed the track', () => {
    const d = new AgendaDriver(setupOf(), MONDAY, undefined, []);
    expect(
      kinds(
        d.on('2026-08-03', { type: 'outcome-recorded', kind: 'EDUCATION', occurredOn: '2026-08-03', outcomeId: 'o-1', amountOre: '0' }),
      ),
    ).toEqual(['phase:COMPLETED', 'project']);
    expect(d.agenda.ended).toBe(true);
  });

  it('NONE ends the track; asks no patch, as it always ended it', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    expect(
      kinds(d.on('2026-08-03', { type: 'outcome-recorded', kind: 'NONE', occurredOn: '2026-08-03', outcomeId: 'o-1', amountOre: '0' })),
    ).toEqual(['phase:COMPLETED', 'project']);
    expect(d.patchesAsked).not.toContain(PARTICIPANT_PATCHES.outcomeSequence);
  });

  it('an internship after job training ended leaves the next outcome due', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.runTo('2027-01-11');
    d.on('2027-01-11', { type: 'outcome-recorded', kind: 'INTERNSHIP', occurredOn: '2027-01-11', outcomeId: 'o-1', amountOre: '0' });
    expect(d.state.phase).toBe('JOB_TRAINING');
    expect(d.agenda.summary().overdue.find((t) => t.id === 'outcome')?.what).toBe('record what follows the internship');
  });

  it('a partial job becoming a full one restarts the follow-ups from the new hire, under keys of their own', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-03-02', {
      type: 'outcome-recorded',
      kind: 'PARTIAL_JOB',
      occurredOn: '2026-03-02',
      hoursPerWeek: 15,
      outcomeId: 'o-1',
      amountOre: '100',
    });
    d.runTo('2026-03-30');
    expect(d.agenda.check({ type: 'record-outcome', kind: 'ORDINARY_JOB', occurredOn: '2026-04-06', evidence: 'ev-2' }, '2026-04-06')).toBe(
      undefined,
    );
    d.on('2026-04-06', { type: 'outcome-recorded', kind: 'ORDINARY_JOB', occurredOn: '2026-04-06', outcomeId: 'o-2', amountOre: '200' });
    expect(d.state).toMatchObject({ phase: 'RETENTION', hiredOn: '2026-04-06', hires: 2 });
    expect(d.state.retention.map((r) => r.on)).toEqual(['2026-05-04', '2026-07-06', '2026-10-05']);
    expect(d.state.tasks.map((t) => t.id).sort()).toEqual(['retention:13:h2', 'retention:26:h2', 'retention:4:h2']);
    expect(d.agenda.retentionRecord(4).idempotencyKey).toBe(`${KEY}:retention:4:h2`);
    d.runTo('2026-05-04');
    const keys = d.asked.flatMap(({ effect }) => (effect.kind === 'mail' ? [effect.idempotencyKey] : []));
    expect(keys).toContain(`${KEY}:retention:4:h2`);
    expect(keys).toContain(`${KEY}:retention:4`);
    expect(d.agenda.check({ type: 'answer-retention', weeks: 4, evidence: 'ev-3' }, '2026-05-04')).toBeUndefined();
  });

  it('refuses an outcome dated before the last one, and the same outcome twice', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-08-03', { type: 'outcome-recorded', kind: 'INTERNSHIP', occurredOn: '2026-08-03', outcomeId: 'o-1', amountOre: '0' });
    expect(
      refusal(d.agenda, { type: 'record-outcome', kind: 'ORDINARY_JOB', occurredOn: '2026-08-01', evidence: 'e' }, '2026-08-10'),
    ).toEqual({
      field: 'occurredOn',
      message: 'the outcome date 2026-08-01 is before the last outcome (INTERNSHIP on 2026-08-03)',
    });
    expect(
      refusal(d.agenda, { type: 'record-outcome', kind: 'INTERNSHIP', occurredOn: '2026-08-03', evidence: 'e' }, '2026-08-10'),
    ).toEqual({
      field: 'kind',
      message: 'INTERNSHIP on 2026-08-03 is recorded already',
    });
  });

  it('a transfer hands over progress without what belongs to the partnership', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-01-12', { type: 'mentor-assigned', staffMemberId: 'staff-2' });
    d.on('2026-02-02', { type: 'placed', companyId: 'company-1', role: 'OWN_SOCIAL_ECONOMY' });
    d.on('2026-02-02', { type: 'topic-ticked', topic: 'Transporttræning', done: true });
    const effects = d.on('2026-02-09', { type: 'transferred', toTrackId: 'cm9other', toPartnershipId: 'p-vejen', reason: 'reason-1' });
    expect(kinds(effects)).toEqual(['phase:TRANSFERRED', 'project', 'hand-over']);
    const carried = (effects[2] as Extract<ParticipantTrackEffect, { kind: 'hand-over' }>).carried;
    expect(carried).toMatchObject({ phase: 'WORK_READINESS', topicsDone: ['Transporttræning'], version: 0 });
    expect(carried.mentorStaffId).toBeUndefined();
    expect(carried.placement).toBeUndefined();
    expect(carried.tasks.filter((t) => ['placement', 'mentor'].includes(t.id))).toEqual([
      expect.objectContaining({ id: 'placement', dueOn: '2026-07-06' }),
      expect.objectContaining({ id: 'mentor', dueOn: '2026-02-23' }),
    ]);
    expect(d.state).toMatchObject({
      phase: 'TRANSFERRED',
      transferredToTrackId: 'cm9other',
      endReason: 'transferred to partnership p-vejen: reason-1',
    });
  });
});

describe('firing', () => {
  it('a due task that a request removed or replaced while the e-mails of its turn went out does not fire', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-05-04', { type: 'placed', companyId: 'company-1', role: 'ACCELERATOR' });
    d.runTo('2026-10-05');
    const next = d.agenda.next(Date.parse('2026-10-06T08:00:00Z'), 0);
    expect(next.kind === 'fire' && next.due).toContainEqual({ taskId: 'check-in:midway:company-1', dueOn: '2026-10-06' });
    // The same company placed again: its check-ins are planned anew (same ids, new tasks).
    d.agenda.apply({ type: 'placed', companyId: 'company-1', role: 'ACCELERATOR' }, '2026-10-06');
    expect(d.agenda.apply({ type: 'due', taskId: 'check-in:midway:company-1', dueOn: '2026-10-06' }, '2026-10-06')).toEqual([]);
    expect(d.state.tasks.find((t) => t.id === 'check-in:midway:company-1')).toBeDefined();
  });
});

describe('pause and resume', () => {
  it('holds the reminders while paused and moves the dates still ahead; weeks inside the pause are not checked', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-02-02', { type: 'employer-contact-recorded', on: '2026-02-02' });
    d.on('2026-02-02', { type: 'paused', reason: 'reason-1', source: 'track' });
    d.runTo('2026-03-30');
    const before = d.mails().length;
    d.on('2026-03-30', { type: 'resumed', source: 'track' });
    expect(d.mails()).toHaveLength(before);
    expect(d.state.pausedDaysTotal).toBe(56);
    expect(d.state.jobTrainingStartsOn).toBe('2026-08-31');
    expect(d.state.tasks.filter((t) => !t.overdue && t.kind === 'ATTENDANCE').map((t) => t.id)).toEqual(['attendance:2026-03-30']);
  });

  it('a cohort pause and the track’s own overlap: the track runs again when both are released', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-02-02', { type: 'paused', reason: 'reason-1', source: 'cohort:klynge-1-2019' });
    d.on('2026-02-09', { type: 'paused', reason: 'reason-2', source: 'track' });
    d.on('2026-02-16', { type: 'resumed', source: 'cohort:klynge-1-2019' });
    expect(d.agenda.paused).toBe(true);
    expect(d.agenda.summary().pauseReasons).toEqual(['reason-2']);
    d.on('2026-03-02', { type: 'resumed', source: 'track' });
    expect(d.agenda.paused).toBe(false);
    expect(d.state.pausedDaysTotal).toBe(28);
  });

  it('a resume that releases nothing changes nothing but is still projected', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    const version = d.state.version;
    expect(d.on(MONDAY, { type: 'resumed', source: 'track' })).toEqual([{ kind: 'project' }]);
    expect(d.state.version).toBe(version);
  });
});

describe('a track enrolled with its start in the past', () => {
  it('catches up in one digest instead of a reminder each', () => {
    const d = new AgendaDriver(setupOf(), '2026-03-02', '2026-01-05');
    d.runTo('2026-03-02');
    const effects = d.asked.map((a) => a.effect);
    expect(effects.filter((e) => e.kind === 'mail')).toEqual([]);
    const digest = effects.find((e) => e.kind === 'digest');
    expect(digest).toMatchObject({ idempotencyKey: `${KEY}:digest:track-start`, to: 'coordinator', begunOn: '2026-03-02' });
    expect(digest?.kind === 'digest' && digest.notices.map((n) => n.template)).toEqual(
      expect.arrayContaining([
        'participant-attendance-reminder',
        'participant-attendance-escalation',
        'participant-mentor-missing',
        'participant-employer-contact-overdue',
      ]),
    );
    expect(new Set(d.patchesAsked)).toEqual(new Set([PARTICIPANT_PATCHES.catchUpDigest, PARTICIPANT_PATCHES.attendanceAgainstPlan]));
  });

  it('before the catch-up-digest patch, sent each reminder by itself', () => {
    const d = new AgendaDriver(setupOf(), '2026-03-02', '2026-01-05', [
      PARTICIPANT_PATCHES.checkLastWorkReadinessWeek,
      PARTICIPANT_PATCHES.pauseKeepsReachedDates,
    ]);
    d.runTo('2026-03-02');
    expect(d.asked.some((a) => a.effect.kind === 'digest')).toBe(false);
    expect(d.mails().filter((m) => m.startsWith('participant-attendance-reminder'))).toHaveLength(7);
  });
});

describe('behaviours before their patch, for tracks that ran them', () => {
  it('check-last-work-readiness-week: the last week of work-readiness was not checked', () => {
    const without = new AgendaDriver(setupOf(), MONDAY, undefined, [
      PARTICIPANT_PATCHES.pauseKeepsReachedDates,
      PARTICIPANT_PATCHES.catchUpDigest,
    ]);
    const withPatch = new AgendaDriver(setupOf(), MONDAY);
    without.runTo('2026-07-08');
    withPatch.runTo('2026-07-08');
    expect(withPatch.mails()).toContain('participant-attendance-reminder:2026-07-07');
    expect(without.mails()).not.toContain('participant-attendance-reminder:2026-07-07');
    expect(without.patchesAsked.filter((p) => p !== PARTICIPANT_PATCHES.attendanceAgainstPlan)).toEqual([
      PARTICIPANT_PATCHES.checkLastWorkReadinessWeek,
    ]);
  });

  it('pause-keeps-reached-dates: a resume moved every date, the start of job training too', () => {
    const run = (patches?: Parameters<typeof Array.prototype.includes>[0][]) => {
      const d = new AgendaDriver(setupOf(), MONDAY, undefined, patches);
      d.on('2026-07-06', { type: 'placed', companyId: 'company-1', role: 'ACCELERATOR' });
      d.on('2026-08-03', { type: 'paused', reason: 'reason-1', source: 'track' });
      d.on('2026-09-07', { type: 'resumed', source: 'track' });
      return d.state;
    };
    const now = run();
    const before = run([PARTICIPANT_PATCHES.checkLastWorkReadinessWeek, PARTICIPANT_PATCHES.catchUpDigest]);
    expect(now.jobTrainingStartsOn).toBe('2026-07-06');
    expect(before.jobTrainingStartsOn).toBe(addDays('2026-07-06', 35));
    expect(now.jobTrainingEndsOn).toBe(before.jobTrainingEndsOn);
    expect(now.placement?.startsOn).toBe('2026-07-06');
  });
});

describe('personal data', () => {
  it('effects carry ids, dates, numbers and the names of templates and roles only', () => {
    const d = new AgendaDriver(setupOf(), MONDAY);
    d.on('2026-02-02', { type: 'placed', companyId: 'company-1', role: 'ACCELERATOR', supportPersonId: 'staff-3' });
    d.on('2026-03-02', { type: 'paused', reason: 'reason-1', source: 'track' });
    d.on('2026-03-16', { type: 'resumed', source: 'track' });
    d.runTo('2027-01-10');
    d.on('2027-01-11', { type: 'outcome-recorded', kind: 'ORDINARY_JOB', occurredOn: '2027-01-11', outcomeId: 'o-1', amountOre: '100' });
    d.runTo('2027-08-01');
    const ids = new Set([
      'company-1',
      'staff-3',
      'midway',
      'end',
      'coordinator',
      'responsibleStaff',
      'supportPerson',
      'companyContact',
      'NOT_RECORDED',
      'ABSENT',
      'UNDER_ACTIVATED',
      '',
    ]);
    const strings = (v: unknown): string[] =>
      typeof v === 'string'
        ? [v]
        : Array.isArray(v)
          ? v.flatMap(strings)
          : v && typeof v === 'object'
            ? Object.values(v).flatMap(strings)
            : [];
    const texts = d.asked.flatMap(({ effect }) =>
      effect.kind === 'mail' ? strings(effect.data) : effect.kind === 'digest' ? strings(effect.notices) : [],
    );
    expect(texts.length).toBeGreaterThan(50);
    for (const text of texts) expect(/^\d{4}-\d{2}-\d{2}$/.test(text) || ids.has(text) || text.startsWith('participant-'), text).toBe(true);
  });
});

describe('effects before a patch is asked', () => {
  it('the phase upsert emitted before a patch check can be carried out first, and is not repeated after', () => {
    const setup = setupOf();
    const order: string[] = [];
    const agenda: ParticipantAgenda = new ParticipantAgenda(initialState(setup, MONDAY, MONDAY), setup, (patch) => {
      for (const e of agenda.takeSynchronousEffects()) order.push(kinds([e])[0]!);
      order.push(`patch:${patch}`);
      return true;
    });
    const next = agenda.next(Date.parse('2026-07-06T07:00:00Z'), 0);
    expect(next.kind).toBe('fire');
    const effects = next.kind === 'fire' ? next.due.flatMap((due) => agenda.apply({ type: 'due', ...due }, '2026-07-06')) : [];
    // The weeks' checks before the phase end ask their own patch; the phase's upsert comes right before the phase end's.
    const phase = order.indexOf('phase:JOB_TRAINING');
    expect(order.slice(phase)).toEqual(['phase:JOB_TRAINING', `patch:${PARTICIPANT_PATCHES.checkLastWorkReadinessWeek}`]);
    expect(order.filter((o) => !o.startsWith('patch:'))).toEqual(['phase:JOB_TRAINING']);
    expect(kinds(effects)).not.toContain('phase:JOB_TRAINING');
  });
});

describe('the reducer', () => {
  it('leaves the given state as it was and returns the next one', () => {
    const setup = setupOf();
    const state = initialState(setup, MONDAY, MONDAY);
    const frozen = JSON.stringify(state);
    const { state: next, effects } = reduce(state, { type: 'mentor-assigned', staffMemberId: 'staff-2' }, MONDAY, setup);
    expect(JSON.stringify(state)).toBe(frozen);
    expect(next.mentorStaffId).toBe('staff-2');
    expect(next.version).toBe(state.version + 1);
    expect(effects).toEqual([{ kind: 'project' }]);
  });
});
