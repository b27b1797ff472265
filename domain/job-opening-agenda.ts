// The decisions of one job opening (housing job-match; IPS job development): it waits for the job
// consultant's proposals, reminds the consultant when none has come within the programme's
// `matchWithinWorkingDays`, escalates to the city's steering coordinator when a second such span
// passes, and closes when the company accepts a resident (filled) or the opening is withdrawn.
// A reducer over serialisable state that returns effects as plain data; the workflow
// (workflows/job-opening.ts) carries them out. Ids, kinds and dates only: no names, no free text.
import { addWorkingDays, type LocalDate } from './calendar.js';
import type { JobKind } from './programme.js';
import { Refusal } from './refusal.js';

export type JobOpeningPhase = 'AWAITING_PROPOSAL' | 'AWAITING_ANSWER' | 'FILLED' | 'WITHDRAWN';
export type JobMatchAnswer = 'PROPOSED' | 'ACCEPTED' | 'DECLINED';

export interface JobOpeningSetup {
  openingId: string;
  kind: JobKind;
  openedOn: LocalDate;
  /** The programme's `jobOpenings.matchWithinWorkingDays`. */
  matchWithinWorkingDays: number;
  /** The municipality's own closing days, honoured beside the Danish holidays. */
  closingDays: LocalDate[];
}

export interface JobProposal {
  matchId: string;
  trackId: string;
  proposedOn: LocalDate;
  status: JobMatchAnswer;
  decidedOn?: LocalDate;
}

export interface JobOpeningState extends JobOpeningSetup {
  phase: JobOpeningPhase;
  /** Since when the opening has waited for a proposal: the day it opened, or the last decline. */
  waitingSince: LocalDate;
  proposals: JobProposal[];
  /** Reminders and escalations sent, by key (`remind:<waitingSince>`, `escalate:<waitingSince>`), each once. */
  sent: string[];
  filledByTrackId?: string;
  closedOn?: LocalDate;
  /** Rises with every change, so an older projection never overwrites a newer one. */
  version: number;
}

export type JobOpeningEvent =
  | { type: 'proposed'; matchId: string; trackId: string; on: LocalDate }
  | { type: 'answered'; matchId: string; accepted: boolean; on: LocalDate }
  | { type: 'withdrawn'; on: LocalDate }
  /** A day has come (the workflow's timer): reminders and escalations due by it are sent. */
  | { type: 'day'; today: LocalDate };

export type JobOpeningRecipient = 'company' | 'consultant' | 'steering';

export type JobOpeningEffect =
  | {
      type: 'mail';
      /** The outbox's idempotency key is made from it: one mail per business event. */
      key: string;
      template: 'job-match-proposal' | 'job-opening-no-proposal' | 'job-opening-escalation' | 'job-opening-filled';
      to: JobOpeningRecipient;
      matchId?: string;
      data: Record<string, string | number>;
    }
  | { type: 'project' };

export interface JobOpeningSummary {
  openingId: string;
  kind: JobKind;
  phase: JobOpeningPhase;
  openedOn: LocalDate;
  waitingSince: LocalDate;
  /** When a proposal is due (absent once one is awaiting the company's answer or the opening is closed). */
  proposalDueOn?: LocalDate;
  nextDeadline?: { on: LocalDate; what: string };
  /** No proposal within the programme's working days. */
  overdue: boolean;
  escalated: boolean;
  proposals: JobProposal[];
  filledByTrackId?: string;
  closedOn?: LocalDate;
  version: number;
}

export function initialJobOpeningState(setup: JobOpeningSetup): JobOpeningState {
  return { ...setup, phase: 'AWAITING_PROPOSAL', waitingSince: setup.openedOn, proposals: [], sent: [], version: 0 };
}

export const isClosed = (s: JobOpeningState): boolean => s.phase === 'FILLED' || s.phase === 'WITHDRAWN';

/** The day a proposal is due, and the day the missing proposal goes to the city's steering coordinator. */
export function proposalDeadlines(s: Pick<JobOpeningState, 'waitingSince' | 'matchWithinWorkingDays' | 'closingDays'>): {
  remindOn: LocalDate;
  escalateOn: LocalDate;
} {
  const remindOn = addWorkingDays(s.waitingSince, s.matchWithinWorkingDays, s.closingDays);
  return { remindOn, escalateOn: addWorkingDays(remindOn, s.matchWithinWorkingDays, s.closingDays) };
}

/** Throws a Refusal naming the field when the event cannot happen in this state; changes nothing. */
export function checkJobOpeningEvent(s: JobOpeningState, e: JobOpeningEvent): void {
  if (e.type === 'day') return;
  if (isClosed(s)) throw new Refusal(`opening ${s.openingId} is ${s.phase === 'FILLED' ? 'filled' : 'withdrawn'} already`, 'openingId');
  switch (e.type) {
    case 'proposed':
      if (!e.matchId) throw new Refusal('matchId is required', 'matchId');
      if (!e.trackId) throw new Refusal('trackId is required', 'trackId');
      if (s.proposals.some((p) => p.trackId === e.trackId))
        throw new Refusal(`track ${e.trackId} has been proposed for opening ${s.openingId} already`, 'trackId');
      return;
    case 'answered': {
      const p = s.proposals.find((x) => x.matchId === e.matchId);
      if (!p) throw new Refusal(`no proposal ${e.matchId} for opening ${s.openingId}`, 'matchId');
      if (p.status !== 'PROPOSED') throw new Refusal(`proposal ${e.matchId} is ${p.status.toLowerCase()} already`, 'matchId');
      return;
    }
    case 'withdrawn':
      return;
  }
}

/** Applies an event (checked first) and returns the effects to carry out, in order. */
export function applyJobOpeningEvent(s: JobOpeningState, e: JobOpeningEvent): JobOpeningEffect[] {
  checkJobOpeningEvent(s, e);
  const effects: JobOpeningEffect[] = [];
  const before = JSON.stringify(s);
  switch (e.type) {
    case 'proposed':
      s.proposals.push({ matchId: e.matchId, trackId: e.trackId, proposedOn: e.on, status: 'PROPOSED' });
      s.phase = 'AWAITING_ANSWER';
      effects.push({
        type: 'mail',
        key: `proposal:${e.matchId}`,
        template: 'job-match-proposal',
        to: 'company',
        matchId: e.matchId,
        data: { proposedOn: e.on },
      });
      break;
    case 'answered': {
      const p = s.proposals.find((x) => x.matchId === e.matchId)!;
      p.status = e.accepted ? 'ACCEPTED' : 'DECLINED';
      p.decidedOn = e.on;
      if (e.accepted) {
        s.phase = 'FILLED';
        s.filledByTrackId = p.trackId;
        s.closedOn = e.on;
        effects.push({
          type: 'mail',
          key: `filled:${e.matchId}`,
          template: 'job-opening-filled',
          to: 'consultant',
          matchId: e.matchId,
          data: { filledOn: e.on },
        });
      } else if (!s.proposals.some((x) => x.status === 'PROPOSED')) {
        // A decline starts a new wait: the consultant has the programme's working days again.
        s.phase = 'AWAITING_PROPOSAL';
        s.waitingSince = e.on;
      }
      break;
    }
    case 'withdrawn':
      s.phase = 'WITHDRAWN';
      s.closedOn = e.on;
      break;
    case 'day':
      effects.push(...dueReminders(s, e.today));
      break;
  }
  if (JSON.stringify(s) !== before) {
    s.version++;
    effects.push({ type: 'project' });
  }
  return effects;
}

function dueReminders(s: JobOpeningState, today: LocalDate): JobOpeningEffect[] {
  if (s.phase !== 'AWAITING_PROPOSAL') return [];
  const { remindOn, escalateOn } = proposalDeadlines(s);
  const effects: JobOpeningEffect[] = [];
  const remindKey = `remind:${s.waitingSince}`;
  if (today >= remindOn && !s.sent.includes(remindKey)) {
    s.sent.push(remindKey);
    effects.push({
      type: 'mail',
      key: remindKey,
      template: 'job-opening-no-proposal',
      to: 'consultant',
      data: { openedOn: s.openedOn, waitingSince: s.waitingSince, dueOn: remindOn, workingDays: s.matchWithinWorkingDays },
    });
  }
  const escalateKey = `escalate:${s.waitingSince}`;
  if (today >= escalateOn && !s.sent.includes(escalateKey)) {
    s.sent.push(escalateKey);
    effects.push({
      type: 'mail',
      key: escalateKey,
      template: 'job-opening-escalation',
      to: 'steering',
      data: { openedOn: s.openedOn, waitingSince: s.waitingSince, dueOn: remindOn, workingDays: s.matchWithinWorkingDays },
    });
  }
  return effects;
}

/** The next day the opening must wake up for (a reminder or an escalation), or undefined. */
export function nextWakeOn(s: JobOpeningState): LocalDate | undefined {
  if (s.phase !== 'AWAITING_PROPOSAL') return undefined;
  const { remindOn, escalateOn } = proposalDeadlines(s);
  if (!s.sent.includes(`remind:${s.waitingSince}`)) return remindOn;
  if (!s.sent.includes(`escalate:${s.waitingSince}`)) return escalateOn;
  return undefined;
}

export function jobOpeningSummary(s: JobOpeningState): JobOpeningSummary {
  const waiting = s.phase === 'AWAITING_PROPOSAL';
  const { remindOn, escalateOn } = proposalDeadlines(s);
  const overdue = waiting && s.sent.includes(`remind:${s.waitingSince}`);
  const escalated = waiting && s.sent.includes(`escalate:${s.waitingSince}`);
  // An overdue proposal keeps its due day as the deadline, so lists sort it first.
  const nextDeadline = !waiting
    ? undefined
    : {
        on: remindOn,
        what: !overdue
          ? 'propose a resident'
          : escalated
            ? 'a proposal is overdue; the steering coordinator has been told'
            : `a proposal is overdue; the steering coordinator is told on ${escalateOn}`,
      };
  return {
    openingId: s.openingId,
    kind: s.kind,
    phase: s.phase,
    openedOn: s.openedOn,
    waitingSince: s.waitingSince,
    ...(waiting ? { proposalDueOn: remindOn } : {}),
    ...(nextDeadline ? { nextDeadline } : {}),
    overdue,
    escalated,
    proposals: s.proposals.map((p) => ({ ...p })),
    ...(s.filledByTrackId ? { filledByTrackId: s.filledByTrackId } : {}),
    ...(s.closedOn ? { closedOn: s.closedOn } : {}),
    version: s.version,
  };
}
