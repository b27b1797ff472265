import { describe, expect, it } from 'vitest';
import {
  answerDeadlines,
  applyJobOpeningEvent,
  initialJobOpeningState,
  jobOpeningSummary,
  nextWakeOn,
  proposalDeadlines,
  type JobOpeningState,
} from '../../domain/job-opening-agenda.js';
import { Refusal } from '../../domain/refusal.js';

// Opened Thursday 2024-03-21: Maundy Thursday (28 March), Good Friday (29) and Easter Monday (1 April)
// fall within the first ten working days.
const opening = (over: Partial<Parameters<typeof initialJobOpeningState>[0]> = {}): JobOpeningState =>
  initialJobOpeningState({
    openingId: 'ckopening0001',
    kind: 'APPRENTICESHIP',
    openedOn: '2024-03-21',
    matchWithinWorkingDays: 10,
    closingDays: [],
    ...over,
  });

const mails = (effects: ReturnType<typeof applyJobOpeningEvent>) => effects.flatMap((e) => (e.type === 'mail' ? [e.template] : []));

describe('job opening agenda: waiting for a proposal', () => {
  it('counts the programme’s working days past Easter and the municipality’s closing days', () => {
    expect(proposalDeadlines(opening())).toEqual({ remindOn: '2024-04-09', escalateOn: '2024-04-23' });
    // A jobcentre closed on 2 April pushes the reminder a working day on.
    expect(proposalDeadlines(opening({ closingDays: ['2024-04-02'] })).remindOn).toBe('2024-04-10');
  });

  it('reminds the consultant once when no proposal came in time, then escalates to the steering coordinator once', () => {
    const s = opening();
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-08' }))).toEqual([]);
    expect(nextWakeOn(s)).toBe('2024-04-09');
    const remind = applyJobOpeningEvent(s, { type: 'day', today: '2024-04-09' });
    expect(remind).toContainEqual(expect.objectContaining({ type: 'mail', template: 'job-opening-no-proposal', to: 'consultant' }));
    expect(jobOpeningSummary(s)).toMatchObject({ overdue: true, escalated: false, nextDeadline: { on: '2024-04-09' } });
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-10' }))).toEqual([]);
    expect(nextWakeOn(s)).toBe('2024-04-23');
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-23' }))).toEqual(['job-opening-escalation']);
    expect(applyJobOpeningEvent(s, { type: 'day', today: '2024-05-30' })).toEqual([]);
    expect(nextWakeOn(s)).toBeUndefined();
    expect(jobOpeningSummary(s).escalated).toBe(true);
  });

  it('a day that comes late sends the reminder and the escalation together, each once', () => {
    const s = opening();
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-06-03' }))).toEqual([
      'job-opening-no-proposal',
      'job-opening-escalation',
    ]);
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-06-04' }))).toEqual([]);
  });
});

describe('job opening agenda: proposals and answers', () => {
  it('a proposal stops the clock and mails the company; its acceptance fills the opening', () => {
    const s = opening();
    const proposed = applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm1', trackId: 't1', on: '2024-03-25' });
    expect(proposed).toContainEqual(expect.objectContaining({ template: 'job-match-proposal', to: 'company', matchId: 'm1' }));
    expect(s.phase).toBe('AWAITING_ANSWER');
    expect(nextWakeOn(s)).toBeUndefined();
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-05-01' }))).toEqual([]);
    const filled = applyJobOpeningEvent(s, { type: 'answered', matchId: 'm1', accepted: true, on: '2024-03-27' });
    expect(mails(filled)).toEqual(['job-opening-filled']);
    expect(jobOpeningSummary(s)).toMatchObject({ phase: 'FILLED', filledByTrackId: 't1', closedOn: '2024-03-27' });
    expect(() => applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm2', trackId: 't2', on: '2024-03-28' })).toThrow(/filled already/);
  });

  it('a decline starts a new wait of the programme’s working days from the day of the answer', () => {
    const s = opening();
    applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm1', trackId: 't1', on: '2024-03-22' });
    applyJobOpeningEvent(s, { type: 'answered', matchId: 'm1', accepted: false, on: '2024-04-10' });
    expect(s.phase).toBe('AWAITING_PROPOSAL');
    expect(jobOpeningSummary(s).proposalDueOn).toBe('2024-04-24');
    // The first wait's reminder is not sent for the new wait.
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-23' }))).toEqual([]);
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-24' }))).toEqual(['job-opening-no-proposal']);
  });

  it('a decline while another proposal awaits its answer keeps waiting for that answer', () => {
    const s = opening();
    applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm1', trackId: 't1', on: '2024-03-22' });
    applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm2', trackId: 't2', on: '2024-03-22' });
    applyJobOpeningEvent(s, { type: 'answered', matchId: 'm1', accepted: false, on: '2024-03-25' });
    expect(s.phase).toBe('AWAITING_ANSWER');
  });

  it('refuses, naming the field and changing nothing: the same resident twice, an unknown or answered proposal, a closed opening', () => {
    const s = opening();
    applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm1', trackId: 't1', on: '2024-03-22' });
    const before = JSON.stringify(s);
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof Refusal ? e.field : 'not a refusal';
      }
      return 'no refusal';
    };
    expect(refusal(() => applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm9', trackId: 't1', on: '2024-03-22' }))).toBe('trackId');
    expect(refusal(() => applyJobOpeningEvent(s, { type: 'answered', matchId: 'nope', accepted: true, on: '2024-03-22' }))).toBe('matchId');
    expect(JSON.stringify(s)).toBe(before);
    applyJobOpeningEvent(s, { type: 'answered', matchId: 'm1', accepted: false, on: '2024-03-22' });
    expect(refusal(() => applyJobOpeningEvent(s, { type: 'answered', matchId: 'm1', accepted: true, on: '2024-03-22' }))).toBe('matchId');
    applyJobOpeningEvent(s, { type: 'withdrawn', on: '2024-03-25' });
    expect(s.phase).toBe('WITHDRAWN');
    expect(nextWakeOn(s)).toBeUndefined();
    expect(refusal(() => applyJobOpeningEvent(s, { type: 'withdrawn', on: '2024-03-26' }))).toBe('openingId');
  });

  it('raises the version with every change and only then asks for a projection', () => {
    const s = opening();
    expect(applyJobOpeningEvent(s, { type: 'day', today: '2024-03-22' })).toEqual([]);
    expect(s.version).toBe(0);
    expect(applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm1', trackId: 't1', on: '2024-03-22' }).at(-1)).toEqual({
      type: 'project',
    });
    expect(s.version).toBe(1);
  });

  it('keeps ids, kinds and dates only in its state and effects', () => {
    const s = opening();
    const effects = [
      ...applyJobOpeningEvent(s, { type: 'day', today: '2024-06-03' }),
      ...applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm1', trackId: 't1', on: '2024-06-03' }),
    ];
    const text = JSON.stringify([s, effects]);
    expect(text).not.toMatch(/@|\d{6}-?\d{4}/);
  });
});

describe('job opening agenda: a proposal the company leaves unanswered', () => {
  // Proposed Friday 2024-03-22; five working days past Maundy Thursday, Good Friday and Easter Monday.
  const proposedOpening = (over: Partial<Parameters<typeof initialJobOpeningState>[0]> = {}) => {
    const s = opening({ answerWithinWorkingDays: 5, ...over });
    applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm1', trackId: 't1', on: '2024-03-22' });
    return s;
  };

  it('counts the answer’s working days past Easter: the company is reminded, then the consultant told', () => {
    expect(answerDeadlines({ proposedOn: '2024-03-22' }, { answerWithinWorkingDays: 5, closingDays: [] })).toEqual({
      remindOn: '2024-04-03',
      escalateOn: '2024-04-10',
    });
    expect(nextWakeOn(proposedOpening())).toBe('2024-04-03');
    expect(jobOpeningSummary(proposedOpening())).toMatchObject({
      nextDeadline: { on: '2024-04-03', what: 'the company answers the proposal' },
      overdue: false,
      proposals: [{ matchId: 'm1', answerDueOn: '2024-04-03', answerOverdue: false }],
    });
  });

  it('reminds the company once with the proposal’s links, then tells the consultant once', () => {
    const s = proposedOpening();
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-02' }))).toEqual([]);
    const remind = applyJobOpeningEvent(s, { type: 'day', today: '2024-04-03' });
    expect(remind).toContainEqual({
      type: 'mail',
      key: 'answer-remind:m1',
      template: 'job-match-answer-reminder',
      to: 'company',
      matchId: 'm1',
      data: { proposedOn: '2024-03-22', dueOn: '2024-04-03', workingDays: 5 },
    });
    expect(remind.at(-1)).toEqual({ type: 'project' });
    expect(jobOpeningSummary(s)).toMatchObject({ overdue: true, escalated: false, nextDeadline: { on: '2024-04-03' } });
    expect(jobOpeningSummary(s).nextDeadline?.what).toMatch(/told on 2024-04-10/);
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-04' }))).toEqual([]);
    expect(nextWakeOn(s)).toBe('2024-04-10');
    const escalate = applyJobOpeningEvent(s, { type: 'day', today: '2024-04-10' });
    expect(escalate).toContainEqual(
      expect.objectContaining({ key: 'answer-escalate:m1', template: 'job-match-answer-escalation', to: 'consultant', matchId: 'm1' }),
    );
    expect(applyJobOpeningEvent(s, { type: 'day', today: '2024-05-30' })).toEqual([]);
    expect(nextWakeOn(s)).toBeUndefined();
    expect(jobOpeningSummary(s)).toMatchObject({ overdue: true, escalated: true, proposals: [{ answerEscalated: true }] });
  });

  it('an answer after the reminder stops the escalation', () => {
    const s = proposedOpening();
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-03' }))).toEqual(['job-match-answer-reminder']);
    applyJobOpeningEvent(s, { type: 'answered', matchId: 'm1', accepted: false, on: '2024-04-05' });
    // Waiting for a new proposal now: its own deadline, not the answer's escalation.
    expect(nextWakeOn(s)).toBe(proposalDeadlines(s).remindOn);
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-10' }))).toEqual([]);
    expect(jobOpeningSummary(s)).toMatchObject({ overdue: false, escalated: false, proposals: [{ status: 'DECLINED' }] });
    expect(jobOpeningSummary(s).proposals[0]).not.toHaveProperty('answerDueOn');
  });

  it('a late day sends each proposal’s reminder and escalation together, each once; two proposals each their own', () => {
    const s = proposedOpening();
    applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm2', trackId: 't2', on: '2024-04-08' });
    expect(nextWakeOn(s)).toBe('2024-04-03');
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-12' }))).toEqual([
      'job-match-answer-reminder',
      'job-match-answer-escalation',
    ]);
    expect(nextWakeOn(s)).toBe('2024-04-15');
    expect(applyJobOpeningEvent(s, { type: 'day', today: '2024-04-15' })).toContainEqual(
      expect.objectContaining({ key: 'answer-remind:m2', matchId: 'm2' }),
    );
    // A fill closes the opening: the other proposal's answer is no longer awaited.
    applyJobOpeningEvent(s, { type: 'answered', matchId: 'm2', accepted: true, on: '2024-04-16' });
    expect(nextWakeOn(s)).toBeUndefined();
    expect(mails(applyJobOpeningEvent(s, { type: 'day', today: '2024-06-01' }))).toEqual([]);
  });

  it('without the programme’s answer days (an opening begun before the reminders) nothing changes', () => {
    const s = opening();
    applyJobOpeningEvent(s, { type: 'proposed', matchId: 'm1', trackId: 't1', on: '2024-03-22' });
    expect(nextWakeOn(s)).toBeUndefined();
    expect(applyJobOpeningEvent(s, { type: 'day', today: '2024-06-01' })).toEqual([]);
    expect(jobOpeningSummary(s)).not.toHaveProperty('nextDeadline');
  });
});
