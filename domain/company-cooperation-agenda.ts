// The light company track of programmes without an accelerator (housing job-match, Business
// Training, SIB/IPS): one cooperation per company and partnership. It keeps what happened with the
// company (openings, placements, hires), asks the company a follow-up check the programme's weeks
// after the cooperation starts and after each placement or hire, and sees that a problem the company
// reports gets quick help: the employment actor is mailed at once, reminded when it has not
// acknowledged the report within `problemAnswerWorkingDays`, and the steering contact (else the
// coordinator) is told after `escalateAfterWorkingDays`. A reducer over serialisable state that
// returns effects as plain data; workflows/company-cooperation.ts carries them out. Ids, kinds and
// dates only: the problem's text stays in PostgreSQL.
import { addWeeks, addWorkingDays, nextWorkingDay, type LocalDate } from './calendar.js';
import type { CooperationPlan } from './programme.js';
import { Refusal } from './refusal.js';

export type { CooperationPlan } from './programme.js';

/** The template's defaults (domain/programme.ts), for a programme file written before the block existed. */
export const DEFAULT_COOPERATION_PLAN: CooperationPlan = {
  followUpWeeks: [3, 12],
  problemAnswerWorkingDays: 1,
  escalateAfterWorkingDays: 2,
};

/** What began the cooperation: a registered opening, a placement, an employer contact, a problem report, or a coordinator. */
export const COOPERATION_CAUSES = ['JOB_OPENING', 'PLACEMENT', 'EMPLOYER_CONTACT', 'PROBLEM_REPORT', 'COORDINATOR'] as const;
export type CooperationCause = (typeof COOPERATION_CAUSES)[number];

export interface CooperationSetup {
  /** The CompanyCooperation row's id. */
  cooperationId: string;
  startedOn: LocalDate;
  cause: CooperationCause;
  plan: CooperationPlan;
  /** The municipality's own closing days, honoured beside the Danish holidays. */
  closingDays: LocalDate[];
}

export type CheckReason = 'START' | 'PLACEMENT' | 'HIRE';

export interface FollowUpCheck {
  checkNo: number;
  reason: CheckReason;
  /** The participant track placed or hired (absent for the check after the start). */
  trackId?: string;
  weeks: number;
  dueOn: LocalDate;
  askedOn?: LocalDate;
  answer?: 'WELL' | 'PROBLEM';
  answeredOn?: LocalDate;
}

export interface CooperationProblem {
  /** The report's AuditLog id; its text is in FreeText. */
  reportId: string;
  reportedOn: LocalDate;
  /** The follow-up check it answered, when reported by the check's link. */
  checkNo?: number;
  /** The employment actor acknowledges by this day, else it is reminded. */
  answerBy: LocalDate;
  /** Not acknowledged by this day: the steering contact (else the coordinator) is told. */
  escalateOn: LocalDate;
  acknowledgedOn?: LocalDate;
  reminded: boolean;
  escalated: boolean;
}

export interface CooperationState extends CooperationSetup {
  status: 'ACTIVE' | 'ENDED';
  endedOn?: LocalDate;
  openingIds: string[];
  placedTrackIds: string[];
  hiredTrackIds: string[];
  checks: FollowUpCheck[];
  problems: CooperationProblem[];
  /** Rises with every change, so an older projection never overwrites a newer one. */
  version: number;
}

/** What the operations tell a cooperation; the workflow adds the day it happens on. */
export type CooperationMessage =
  | { type: 'opening'; openingId: string }
  | { type: 'placement'; trackId: string }
  | { type: 'hire'; trackId: string }
  | { type: 'check-answered'; checkNo: number; answer: 'WELL' | 'PROBLEM'; reportId?: string }
  | { type: 'problem-reported'; reportId: string; checkNo?: number }
  | { type: 'problem-acknowledged'; reportId: string }
  | { type: 'end' }
  /** Begun again after its end (a new opening, placement or report): checks from that day, as at a start. */
  | { type: 'restart' };

export type CooperationEvent =
  | (CooperationMessage & { on: LocalDate })
  /** A day has come (the workflow's timer): checks, reminders and escalations due by it go out. */
  | { type: 'day'; today: LocalDate };

export type CooperationRecipient = 'company' | 'employment-actor' | 'steering';

export type CooperationEffect =
  | {
      type: 'mail';
      /** The outbox's idempotency key is made from it: one mail per business event. */
      key: string;
      template: 'company-cooperation-check' | 'company-problem-report' | 'company-problem-reminder' | 'company-problem-escalation';
      to: CooperationRecipient;
      /** The check the mail asks (its answer link names it). */
      checkNo?: number;
      /** The problem report the mail quotes. */
      reportId?: string;
      data: Record<string, string | number>;
    }
  | { type: 'project' };

export interface CooperationSummary {
  cooperationId: string;
  status: 'ACTIVE' | 'ENDED';
  cause: CooperationCause;
  startedOn: LocalDate;
  endedOn?: LocalDate;
  openings: number;
  placements: number;
  hires: number;
  checks: FollowUpCheck[];
  problems: CooperationProblem[];
  /** Problem reports not yet acknowledged by the employment actor. */
  openProblems: number;
  nextDeadline?: { on: LocalDate; what: string };
  version: number;
}

export function initialCooperationState(setup: CooperationSetup): CooperationState {
  const s: CooperationState = {
    ...setup,
    status: 'ACTIVE',
    openingIds: [],
    placedTrackIds: [],
    hiredTrackIds: [],
    checks: [],
    problems: [],
    version: 0,
  };
  scheduleChecks(s, 'START', setup.startedOn);
  return s;
}

/** A check for each of the plan's weeks after `from`, on a working day; one already due that day serves for both. */
function scheduleChecks(s: CooperationState, reason: CheckReason, from: LocalDate, trackId?: string): void {
  for (const weeks of s.plan.followUpWeeks) {
    const dueOn = nextWorkingDay(addWeeks(from, weeks), s.closingDays);
    if (s.checks.some((c) => !c.askedOn && c.dueOn === dueOn)) continue;
    // Numbers are never reused (a link names its check by number), also after unasked checks were dropped.
    const checkNo = Math.max(0, ...s.checks.map((c) => c.checkNo)) + 1;
    s.checks.push({ checkNo, reason, ...(trackId ? { trackId } : {}), weeks, dueOn });
  }
}

/** Throws a Refusal naming the field when the event cannot happen in this state; changes nothing. */
export function checkCooperationEvent(s: CooperationState, e: CooperationEvent): void {
  if (e.type === 'day') return;
  if (s.status === 'ENDED' && e.type !== 'problem-acknowledged' && e.type !== 'restart')
    throw new Refusal(`the cooperation ended on ${s.endedOn}: start it again first`, 'cooperationId');
  switch (e.type) {
    case 'opening':
      if (!e.openingId) throw new Refusal('openingId is required', 'openingId');
      return;
    case 'placement':
    case 'hire':
      if (!e.trackId) throw new Refusal('trackId is required', 'trackId');
      return;
    case 'check-answered': {
      const c = s.checks.find((x) => x.checkNo === e.checkNo);
      if (!c) throw new Refusal(`no follow-up check ${e.checkNo} in this cooperation`, 'checkNo');
      if (!c.askedOn) throw new Refusal(`follow-up check ${e.checkNo} is not due until ${c.dueOn}`, 'checkNo');
      if (c.answer) throw new Refusal(`follow-up check ${e.checkNo} is answered already`, 'checkNo');
      if (e.answer === 'PROBLEM' && !e.reportId) throw new Refusal('a problem answer carries its report', 'reportId');
      return;
    }
    case 'problem-reported':
      if (!e.reportId) throw new Refusal('reportId is required', 'reportId');
      if (s.problems.some((p) => p.reportId === e.reportId)) throw new Refusal(`problem report ${e.reportId} is known already`, 'reportId');
      return;
    case 'problem-acknowledged': {
      const p = s.problems.find((x) => x.reportId === e.reportId);
      if (!p) throw new Refusal(`no problem report ${e.reportId} in this cooperation`, 'reportId');
      if (p.acknowledgedOn) throw new Refusal(`problem report ${e.reportId} was acknowledged on ${p.acknowledgedOn}`, 'reportId');
      return;
    }
    case 'end':
    case 'restart':
      return;
  }
}

/** Applies an event (checked first) and returns the effects to carry out, in order. */
export function applyCooperationEvent(s: CooperationState, e: CooperationEvent): CooperationEffect[] {
  checkCooperationEvent(s, e);
  const effects: CooperationEffect[] = [];
  const before = JSON.stringify(s);
  switch (e.type) {
    case 'opening':
      if (!s.openingIds.includes(e.openingId)) s.openingIds.push(e.openingId);
      break;
    case 'placement':
      if (!s.placedTrackIds.includes(e.trackId)) {
        s.placedTrackIds.push(e.trackId);
        scheduleChecks(s, 'PLACEMENT', e.on, e.trackId);
      }
      break;
    case 'hire':
      if (!s.hiredTrackIds.includes(e.trackId)) {
        s.hiredTrackIds.push(e.trackId);
        scheduleChecks(s, 'HIRE', e.on, e.trackId);
      }
      break;
    case 'check-answered': {
      const c = s.checks.find((x) => x.checkNo === e.checkNo)!;
      c.answer = e.answer;
      c.answeredOn = e.on;
      if (e.answer === 'PROBLEM') effects.push(...report(s, e.reportId!, e.on, e.checkNo));
      break;
    }
    case 'problem-reported':
      effects.push(...report(s, e.reportId, e.on, e.checkNo));
      break;
    case 'problem-acknowledged':
      s.problems.find((x) => x.reportId === e.reportId)!.acknowledgedOn = e.on;
      break;
    case 'end':
      if (s.status !== 'ENDED') {
        s.status = 'ENDED';
        s.endedOn = e.on;
        // Checks not yet asked are not asked after the end (nor at once on a restart).
        s.checks = s.checks.filter((c) => c.askedOn);
      }
      break;
    case 'restart':
      if (s.status === 'ENDED') {
        s.status = 'ACTIVE';
        delete s.endedOn;
        scheduleChecks(s, 'START', e.on);
      }
      break;
    case 'day':
      effects.push(...dueMails(s, e.today));
      break;
  }
  if (JSON.stringify(s) !== before) {
    s.version++;
    effects.push({ type: 'project' });
  }
  return effects;
}

function report(s: CooperationState, reportId: string, on: LocalDate, checkNo?: number): CooperationEffect[] {
  const answerBy = addWorkingDays(on, s.plan.problemAnswerWorkingDays, s.closingDays);
  const escalateOn = addWorkingDays(on, s.plan.escalateAfterWorkingDays, s.closingDays);
  s.problems.push({ reportId, reportedOn: on, ...(checkNo ? { checkNo } : {}), answerBy, escalateOn, reminded: false, escalated: false });
  return [
    {
      type: 'mail',
      key: `problem:${reportId}`,
      template: 'company-problem-report',
      to: 'employment-actor',
      reportId,
      data: { reportedOn: on, acknowledgeBy: answerBy },
    },
  ];
}

function dueMails(s: CooperationState, today: LocalDate): CooperationEffect[] {
  const effects: CooperationEffect[] = [];
  for (const p of s.problems) {
    if (p.acknowledgedOn) continue;
    if (!p.reminded && today >= p.answerBy) {
      p.reminded = true;
      effects.push({
        type: 'mail',
        key: `problem:${p.reportId}:reminder`,
        template: 'company-problem-reminder',
        to: 'employment-actor',
        reportId: p.reportId,
        data: { reportedOn: p.reportedOn, acknowledgeBy: p.answerBy, escalateOn: p.escalateOn },
      });
    }
    if (!p.escalated && today >= p.escalateOn) {
      p.escalated = true;
      effects.push({
        type: 'mail',
        key: `problem:${p.reportId}:escalation`,
        template: 'company-problem-escalation',
        to: 'steering',
        reportId: p.reportId,
        data: { reportedOn: p.reportedOn },
      });
    }
  }
  if (s.status === 'ENDED') return effects;
  for (const c of s.checks) {
    if (c.askedOn || today < c.dueOn) continue;
    c.askedOn = today;
    effects.push({
      type: 'mail',
      key: `check:${c.checkNo}`,
      template: 'company-cooperation-check',
      to: 'company',
      checkNo: c.checkNo,
      data: { checkNo: c.checkNo, weeks: c.weeks, reason: c.reason },
    });
  }
  return effects;
}

/** The next day the cooperation must wake up for (a check, a reminder, an escalation), or undefined. */
export function nextWakeOn(s: CooperationState): LocalDate | undefined {
  const days: LocalDate[] = [];
  for (const p of s.problems) {
    if (p.acknowledgedOn) continue;
    if (!p.reminded) days.push(p.answerBy);
    if (!p.escalated) days.push(p.escalateOn);
  }
  if (s.status === 'ACTIVE') for (const c of s.checks) if (!c.askedOn) days.push(c.dueOn);
  return days.sort()[0];
}

/** Nothing left to wait for: ended, with every problem acknowledged or escalated. */
export function isSettled(s: CooperationState): boolean {
  return s.status === 'ENDED' && nextWakeOn(s) === undefined;
}

export function cooperationSummary(s: CooperationState): CooperationSummary {
  const open = s.problems.filter((p) => !p.acknowledgedOn);
  const deadlines: Array<{ on: LocalDate; what: string }> = open.map((p) => ({
    on: p.answerBy,
    what: p.escalated
      ? `problem report ${p.reportId} not acknowledged; the steering contact has been told`
      : `acknowledge problem report ${p.reportId}`,
  }));
  if (s.status === 'ACTIVE') {
    const next = s.checks.filter((c) => !c.askedOn).sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1))[0];
    if (next) deadlines.push({ on: next.dueOn, what: `follow-up check ${next.checkNo} to the company` });
  }
  const nextDeadline = deadlines.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))[0];
  return {
    cooperationId: s.cooperationId,
    status: s.status,
    cause: s.cause,
    startedOn: s.startedOn,
    ...(s.endedOn ? { endedOn: s.endedOn } : {}),
    openings: s.openingIds.length,
    placements: s.placedTrackIds.length,
    hires: s.hiredTrackIds.length,
    checks: s.checks.map((c) => ({ ...c })),
    problems: s.problems.map((p) => ({ ...p })),
    openProblems: open.length,
    ...(nextDeadline ? { nextDeadline } : {}),
    version: s.version,
  };
}
