// The decisions of one job opening (housing job-match; IPS job development): it waits for the job
// consultant's proposals, reminds the consultant when none has come within the programme's
// `matchWithinWorkingDays`, escalates to the city's steering coordinator when a second such span
// passes, and closes when the company accepts a resident (filled) or the opening is withdrawn.
// A proposal the company leaves unanswered for the programme's `answerWithinWorkingDays` brings the
// company a reminder with the same answer links; a second such span tells the job consultant, who
// proposed and keeps the company relation (the company's silence is no delay of the jobcentre's).
// A reducer over serialisable state that returns effects as plain data; the workflow
// (workflows/job-opening.ts) carries them out. Ids, kinds and dates only: no names, no free text.
import { addWorkingDays, type LocalDate } from './calendar.js';
import type { JobKind } from './programme.js';
export { DEFAULT_ANSWER_WITHIN_WORKING_DAYS } from './job-opening-defaults.js';
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
  /**
   * The programme's `jobOpenings.answerWithinWorkingDays`: absent, unanswered proposals are not
   * reminded (an opening begun before the reminders, until its workflow takes them up).
   */
  answerWithinWorkingDays?: number;
}

export interface JobProposal {
  matchId: string;
  trackId: string;
  proposedOn: LocalDate;
  status: JobMatchAnswer;
  decidedOn?: LocalDate;
}

/** A proposal in the summary, with its answer's deadline while it waits for one. */
export interface JobProposalSummary extends JobProposal {
  /** The day the company is reminded of its answer (absent once answered, or without answer reminders). */
  answerDueOn?: LocalDate;
  /** The company has been reminded; `answerEscalated`: the consultant has been told as well. */
  answerOverdue?: boolean;
  answerEscalated?: boolean;
}

export interface JobOpeningState extends JobOpeningSetup {
  phase: JobOpeningPhase;
  /** Since when the opening has waited for a proposal: the day it opened, or the last decline. */
  waitingSince: LocalDate;
  proposals: JobProposal[];
  /**
   * Reminders and escalations sent, by key, each once: `remind:<waitingSince>`, `escalate:<waitingSince>`
   * for a missing proposal; `answer-remind:<matchId>`, `answer-escalate:<matchId>` for a missing answer.
   */
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
      template:
        | 'job-match-proposal'
        | 'job-opening-no-proposal'
        | 'job-opening-escalation'
        | 'job-opening-filled'
        | 'job-match-answer-reminder'
        | 'job-match-answer-escalation';
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
  /** No proposal within the programme's working days, or a proposal without the company's answer within them. */
  overdue: boolean;
  escalated: boolean;
  proposals: JobProposalSummary[];
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

/** The day the company is reminded of a proposal's answer, and the day the consultant is told. */
export function answerDeadlines(
  p: Pick<JobProposal, 'proposedOn'>,
  s: Pick<JobOpeningState, 'closingDays'> & { answerWithinWorkingDays: number },
): { remindOn: LocalDate; escalateOn: LocalDate } {
  const remindOn = addWorkingDays(p.proposedOn, s.answerWithinWorkingDays, s.closingDays);
  return { remindOn, escalateOn: addWorkingDays(remindOn, s.answerWithinWorkingDays, s.closingDays) };
}

/** The proposals still waiting for the company's answer, when the opening reminds of answers at all. */
const unanswered = (s: JobOpeningState): JobProposal[] =>
  s.answerWithinWorkingDays === undefined || isClosed(s) ? [] : s.proposals.filter((p) => p.status === 'PROPOSED');

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
  if (s.phase !== 'AWAITING_PROPOSAL') return dueAnswerReminders(s, today);
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

/**
 * Each unanswered proposal past its day: the company is reminded (the proposal's links again), then
 * the consultant who proposed is told. Keyed by the proposal, so each goes once.
 */
function dueAnswerReminders(s: JobOpeningState, today: LocalDate): JobOpeningEffect[] {
  const effects: JobOpeningEffect[] = [];
  for (const p of unanswered(s)) {
    const { remindOn, escalateOn } = answerDeadlines(p, { ...s, answerWithinWorkingDays: s.answerWithinWorkingDays! });
    const data = { proposedOn: p.proposedOn, dueOn: remindOn, workingDays: s.answerWithinWorkingDays! };
    const remindKey = `answer-remind:${p.matchId}`;
    if (today >= remindOn && !s.sent.includes(remindKey)) {
      s.sent.push(remindKey);
      effects.push({ type: 'mail', key: remindKey, template: 'job-match-answer-reminder', to: 'company', matchId: p.matchId, data });
    }
    const escalateKey = `answer-escalate:${p.matchId}`;
    if (today >= escalateOn && !s.sent.includes(escalateKey)) {
      s.sent.push(escalateKey);
      effects.push({ type: 'mail', key: escalateKey, template: 'job-match-answer-escalation', to: 'consultant', matchId: p.matchId, data });
    }
  }
  return effects;
}

/** The next answer reminder or escalation due, over the unanswered proposals. */
function nextAnswerWakeOn(s: JobOpeningState): LocalDate | undefined {
  const days = unanswered(s).flatMap((p) => {
    const { remindOn, escalateOn } = answerDeadlines(p, { ...s, answerWithinWorkingDays: s.answerWithinWorkingDays! });
    if (!s.sent.includes(`answer-remind:${p.matchId}`)) return [remindOn];
    if (!s.sent.includes(`answer-escalate:${p.matchId}`)) return [escalateOn];
    return [];
  });
  return days.sort()[0];
}

/** The next day the opening must wake up for (a reminder or an escalation), or undefined. */
export function nextWakeOn(s: JobOpeningState): LocalDate | undefined {
  if (s.phase !== 'AWAITING_PROPOSAL') return nextAnswerWakeOn(s);
  const { remindOn, escalateOn } = proposalDeadlines(s);
  if (!s.sent.includes(`remind:${s.waitingSince}`)) return remindOn;
  if (!s.sent.includes(`escalate:${s.waitingSince}`)) return escalateOn;
  return undefined;
}

/** The proposals with their answers' deadlines, and the earliest one still waiting as the opening's deadline. */
function proposalsSummary(s: JobOpeningState): {
  proposals: JobProposalSummary[];
  answerDeadline?: JobOpeningSummary['nextDeadline'];
  overdue: boolean;
  escalated: boolean;
} {
  const waiting = new Set(unanswered(s).map((p) => p.matchId));
  let first: { on: LocalDate; overdue: boolean; escalated: boolean; escalateOn: LocalDate } | undefined;
  const proposals = s.proposals.map((p): JobProposalSummary => {
    if (!waiting.has(p.matchId)) return { ...p };
    const { remindOn, escalateOn } = answerDeadlines(p, { ...s, answerWithinWorkingDays: s.answerWithinWorkingDays! });
    const answerOverdue = s.sent.includes(`answer-remind:${p.matchId}`);
    const answerEscalated = s.sent.includes(`answer-escalate:${p.matchId}`);
    if (!first || remindOn < first.on) first = { on: remindOn, overdue: answerOverdue, escalated: answerEscalated, escalateOn };
    return { ...p, answerDueOn: remindOn, answerOverdue, answerEscalated };
  });
  if (!first) return { proposals, overdue: false, escalated: false };
  const what = !first.overdue
    ? 'the company answers the proposal'
    : first.escalated
      ? 'an answer is overdue; the company was reminded and the job consultant has been told'
      : `an answer is overdue; the company was reminded, the job consultant is told on ${first.escalateOn}`;
  return { proposals, answerDeadline: { on: first.on, what }, overdue: first.overdue, escalated: first.escalated };
}

export function jobOpeningSummary(s: JobOpeningState): JobOpeningSummary {
  const waiting = s.phase === 'AWAITING_PROPOSAL';
  const { remindOn, escalateOn } = proposalDeadlines(s);
  const answers = proposalsSummary(s);
  const overdue = (waiting && s.sent.includes(`remind:${s.waitingSince}`)) || answers.overdue;
  const escalated = (waiting && s.sent.includes(`escalate:${s.waitingSince}`)) || answers.escalated;
  // An overdue proposal keeps its due day as the deadline, so lists sort it first.
  const nextDeadline = !waiting
    ? answers.answerDeadline
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
    proposals: answers.proposals,
    ...(s.filledByTrackId ? { filledByTrackId: s.filledByTrackId } : {}),
    ...(s.closedOn ? { closedOn: s.closedOn } : {}),
    version: s.version,
  };
}
