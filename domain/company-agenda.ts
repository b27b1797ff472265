// The company track's decisions as a reducer over serialisable state: `reduceCompanyAgenda(state,
// event, now)` gives the next state and the effects (e-mails, camp invitations, an outcome) for the
// workflow to carry out. Dated tasks (milestone reminders and overdue notices, the accelerator's end,
// anchoring checks with their reminders and close, problem-report escalations) wait in `tasks`; a
// pause holds them all back and its end moves those still ahead by the one rule of domain/pause.ts.
// Pure and deterministic: `now` (epoch ms) is the only clock. Ids, dates and plan data only.
import { addDays, addWorkingDays, daysBetween, instantAt, isWorkingDay, localDateAt, nextWorkingDay, type LocalDate } from './calendar.js';
import {
  ANCHORING_REMINDER_WORKING_DAYS,
  SEND_AT,
  anchoringCheckDates,
  anchoringStatus,
  milestoneDates,
  type AnchoringStatus,
  type SocialModelUse,
} from './camp-plan.js';
import {
  TRACK_PAUSE_SOURCE,
  dateAfterPause,
  emptyPauseBook,
  holdPause,
  isPaused,
  pauseReasons,
  releasePause,
  type EndedPause,
  type PauseBook,
} from './pause.js';
import type { CompanyPlan } from './programme.js';

export type RsvpAnswer = 'PENDING' | 'YES' | 'NO';
export type CompanyTrackPhase =
  'RECRUITED' | 'BOOT_CAMP' | 'SELECTION' | 'ACCELERATOR' | 'ANCHORING' | 'COMPLETED' | 'NOT_SELECTED' | 'WITHDRAWN';
/** How a camp invitation ended (see contracts/company-track.ts, CampInvitationResult). */
export type CampInvitationStatus = 'HELD' | 'CANCELLED' | 'PAST' | 'WITHDRAWN';

export interface MilestoneState {
  id: string;
  title: string;
  dueOn: LocalDate;
  doneOn?: LocalDate;
  overdue?: boolean;
}

export interface AnchoringAnswer {
  checkNo: number;
  respondent: 'COMPANY' | 'EMPLOYMENT_ACTOR';
  socialModelInUse: SocialModelUse;
  /** Are the trained buddies still in their role? */
  buddiesActive?: boolean;
  /** Participants onboarded since the last check. */
  participantsOnboarded?: number;
  answeredOn: LocalDate;
}

export interface ProblemReportState {
  /** The row holding the report (free text stays in PostgreSQL). */
  reportId: string;
  reportedOn: LocalDate;
  acknowledged: boolean;
  escalated: boolean;
}

/** What the company track shows: its query's answer and its projection. */
export interface CompanyTrackSummary {
  cohortId: string;
  cvr: string;
  phase: CompanyTrackPhase;
  selected: boolean | null;
  bootCamp: { rsvp: RsvpAnswer; attended: boolean | null } | null;
  /** FAILED: the camp's workflow gave up (see its history). */
  camps: Array<{ campId: string; status: CampInvitationStatus | 'FAILED'; rsvp: RsvpAnswer; attended: boolean | null }>;
  milestones: MilestoneState[];
  anchoringChecks: Array<{ checkNo: number; on: LocalDate; asked: boolean }>;
  anchoringAnswers: AnchoringAnswer[];
  anchoringStatus: AnchoringStatus | null;
  problemReports: ProblemReportState[];
  nextDeadlineOn: LocalDate | null;
  /** The next deadline as a label (`milestone:<id>`, `anchoring-check:<n>`, …), written from `CompanyAgenda.next`. */
  nextDeadlineWhat: string | null;
  overdueCount: number;
  /** Paused while any source holds a pause (the track itself, or its cohort): its own reminders wait. */
  paused: boolean;
  pauseReasons: string[];
  /** Calendar days paused in all; the company's own dates have moved by them. */
  pausedDaysTotal: number;
}

/** What the agenda needs of the track's input (CompanyTrackInput has it all). */
export interface CompanySetup {
  cohortId: string;
  cvr: string;
  plan: Pick<CompanyPlan, 'milestones' | 'anchoring' | 'problemReportEscalationWorkingDays'>;
  bootCampId: string;
  campIds: string[];
  acceleratorStartsOn: LocalDate;
  acceleratorEndsOn: LocalDate;
}

/** What is due next, typed; the summary shows it as `deadlineLabel`. */
export type Deadline =
  | { what: 'selection' }
  | { what: 'milestone'; milestoneId: string; on: LocalDate }
  | { what: 'accelerator-end'; on: LocalDate }
  | { what: 'anchoring-check'; checkNo: number; on: LocalDate }
  | { what: 'anchoring-answers'; checkNo: number; on: LocalDate }
  | { what: 'anchoring-close'; on: LocalDate };

interface Dated {
  /** The day it falls due (a working day), moved by pauses. */
  on: LocalDate;
  /** The day it was planned: a pause that began before moves it only by the days paused since. */
  plannedOn: LocalDate;
}
export type AgendaTask = Dated &
  (
    | { kind: 'milestone-reminder'; milestoneId: string }
    | { kind: 'milestone-overdue'; milestoneId: string }
    | { kind: 'accelerator-end' }
    | { kind: 'anchoring-check'; checkNo: number }
    | { kind: 'anchoring-reminder'; checkNo: number }
    | { kind: 'anchoring-close' }
    /** Due at the report's time of day (`reportedAt`, epoch ms), the plan's working days later. */
    | { kind: 'escalation'; reportId: string; reportedAt: number }
  );

export type Recipient = 'COMPANY' | 'EMPLOYMENT_ACTOR' | 'COORDINATOR';
export type CompanyEffect =
  | { kind: 'mail'; to: Recipient; template: string; step: string; data: Record<string, unknown>; reportId?: string }
  /** Milestones already due when the company was selected, told to the coordinator at once. */
  | { kind: 'overdue-digest'; selectedOn: LocalDate; milestones: Array<{ title: string; dueOn: LocalDate }> }
  /** One camp invitation child; the accelerator's camps are announced their lead time ahead, the boot camp at once. */
  | { kind: 'start-camp'; campId: string; announceAhead: boolean }
  /** The company left: the running camp invitations take their camps out of its calendar. */
  | { kind: 'withdraw-camps'; campIds: string[] }
  /** `trackEndsOn`: this company's accelerator end, moved by its pauses (the payment window counts from it). */
  | { kind: 'record-anchoring-outcome'; status: AnchoringStatus; occurredOn: LocalDate; trackEndsOn: LocalDate };

export type CompanyEvent =
  /** Every task due by `now` falls due (the workflow's timer fired). */
  | { kind: 'tick' }
  | { kind: 'selection-deciding' }
  | { kind: 'selection-refused' }
  | { kind: 'selection-decided'; selected: boolean }
  /** A camp invitation child ended; `result` null: it failed. */
  | { kind: 'camp-finished'; campId: string; result: { status: CampInvitationStatus; rsvp: RsvpAnswer; attended: boolean | null } | null }
  | { kind: 'pause'; source: string; reason: string }
  | { kind: 'resume'; source: string }
  | { kind: 'milestone-done'; milestoneId: string; doneOn: LocalDate }
  | { kind: 'anchoring-answer'; answer: Omit<AnchoringAnswer, 'answeredOn'> }
  | { kind: 'problem-reported'; reportId: string }
  | { kind: 'problem-acknowledged'; reportId: string }
  | { kind: 'withdraw' };

export interface CompanyAgenda {
  setup: CompanySetup;
  /** Raised on every change: the workflow projects the summary when it moved. */
  version: number;
  summary: CompanyTrackSummary;
  next: Deadline | null;
  tasks: AgendaTask[];
  closingDays: LocalDate[];
  pauses: PauseBook;
  /** This company's accelerator end: the cohort's, moved by the company's pauses during its accelerator. */
  acceleratorEndsOn: LocalDate;
  acceleratorStartedOn: LocalDate | null;
  acceleratorEnded: boolean;
  anchoringStartedOn: LocalDate | null;
  anchoringPlan: Array<{ checkNo: number; monthsAfterEnd: number }>;
  /** Camp invitation children started by this run and not ended (the track continues as new only without any). */
  campsRunning: string[];
  /** A selection update is reserving the slot: a second decision meanwhile is refused. */
  deciding: boolean;
  /** The phase this run began in: the track continues as new at a phase boundary. */
  runPhase: CompanyTrackPhase;
}

export interface AgendaStep {
  state: CompanyAgenda;
  effects: CompanyEffect[];
}

const DAY_MS = 86_400_000;
const ENDED_PHASES: readonly CompanyTrackPhase[] = ['COMPLETED', 'NOT_SELECTED', 'WITHDRAWN'];
/** A run's history is kept well below Temporal's limits (the participant track's figure). */
export const MAX_HISTORY_EVENTS = 4000;

/** A new track: the boot camp's invitation goes out, the selection is awaited. */
export function startCompanyAgenda(setup: CompanySetup, closingDays: LocalDate[]): AgendaStep {
  const state: CompanyAgenda = {
    setup,
    version: 1,
    next: { what: 'selection' },
    tasks: [],
    closingDays,
    pauses: emptyPauseBook(),
    acceleratorEndsOn: setup.acceleratorEndsOn,
    acceleratorStartedOn: null,
    acceleratorEnded: false,
    anchoringStartedOn: null,
    anchoringPlan: [],
    campsRunning: [setup.bootCampId],
    deciding: false,
    runPhase: 'BOOT_CAMP',
    summary: {
      cohortId: setup.cohortId,
      cvr: setup.cvr,
      phase: 'BOOT_CAMP',
      selected: null,
      bootCamp: null,
      camps: [],
      milestones: [],
      anchoringChecks: [],
      anchoringAnswers: [],
      anchoringStatus: null,
      problemReports: [],
      nextDeadlineOn: null,
      nextDeadlineWhat: 'selection',
      overdueCount: 0,
      paused: false,
      pauseReasons: [],
      pausedDaysTotal: 0,
    },
  };
  return { state, effects: [{ kind: 'start-camp', campId: setup.bootCampId, announceAhead: false }] };
}

export function isEnded(state: CompanyAgenda): boolean {
  return ENDED_PHASES.includes(state.summary.phase);
}

/** The track's workflow returns: withdrawn, or ended with no camp still running and no escalation left to wait for. */
export function isFinished(state: CompanyAgenda): boolean {
  if (state.summary.phase === 'WITHDRAWN') return true;
  return isEnded(state) && state.campsRunning.length === 0 && (state.tasks.length === 0 || isPaused(state.pauses));
}

/** The instant a task falls due. */
export function taskDueAt(task: AgendaTask): number {
  if (task.kind === 'escalation') return task.reportedAt + daysBetween(task.plannedOn, task.on) * DAY_MS;
  return localInstant(task.on, task.kind === 'accelerator-end' ? '17:00' : SEND_AT);
}

/** instantAt, remembered: the agenda asks for the same few instants at every step. */
const instants = new Map<string, number>();
function localInstant(date: LocalDate, time: string): number {
  const key = `${date}T${time}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    if (instants.size > 5000) instants.clear();
    ms = instantAt(date, time);
    instants.set(key, ms);
  }
  return ms;
}

/**
 * When the workflow should wake next; undefined while paused or with nothing dated ahead. A task
 * that fell due on a day off (a resume or a late wake-up on a Saturday) waits for the next working
 * day's sending hour: nothing dated goes out on a weekend, a holiday or a closing day.
 */
export function nextWakeAt(state: CompanyAgenda, now: number): number | undefined {
  if (isPaused(state.pauses) || state.tasks.length === 0) return undefined;
  const at = Math.min(...state.tasks.map(taskDueAt));
  if (at > now || isWorkingDay(localDateAt(now), state.closingDays)) return at;
  return instantAt(nextWorkingDay(addDays(localDateAt(now), 1), state.closingDays), SEND_AT);
}

/**
 * Continue as new when the anchoring begins (the accelerator's year behind, its months of checks
 * ahead) or with a long history, but never with a camp invitation running: its result goes to the
 * run that started it (the children are abandoned, not terminated, when their parent's run closes,
 * but a new run could not hear them end). Nor while a selection is being decided. Not at the
 * selection either: that is when the coordinator's updates come, and an update that reaches a run
 * in the moment it continues as new may be lost.
 */
export function shouldContinueAsNew(state: CompanyAgenda, history: { length: number; suggested: boolean }): boolean {
  if (isEnded(state) || state.campsRunning.length > 0 || state.deciding) return false;
  const intoAnchoring = state.summary.phase === 'ANCHORING' && state.runPhase !== 'ANCHORING';
  return intoAnchoring || history.suggested || history.length > MAX_HISTORY_EVENTS;
}

/** The state the next run starts from. */
export function carryOver(state: CompanyAgenda): CompanyAgenda {
  return { ...clone(state), runPhase: state.summary.phase };
}

export function deadlineLabel(d: Deadline | null): string | null {
  if (!d) return null;
  if (d.what === 'milestone') return `milestone:${d.milestoneId}`;
  if (d.what === 'anchoring-check' || d.what === 'anchoring-answers') return `${d.what}:${d.checkNo}`;
  return d.what;
}

// ---- refusals of updates (the state is unchanged) ----

export function selectionRefusal(state: CompanyAgenda, selected: unknown): string | undefined {
  const s = state.summary;
  if (typeof selected !== 'boolean') return 'selected must be true or false';
  if (s.selected !== null) return `the company was already ${s.selected ? 'selected' : 'not selected'}`;
  if (state.deciding) return 'a selection decision for this company is being made';
  if (s.phase !== 'BOOT_CAMP' && s.phase !== 'SELECTION') return `no selection in phase ${s.phase}`;
  return undefined;
}

export function pauseRefusal(state: CompanyAgenda, reason: string | undefined): string | undefined {
  if (!reason?.trim()) return 'give a reason for the pause';
  if (isEnded(state)) return `the track has ended (${state.summary.phase})`;
  if (state.pauses.pauseHolds[TRACK_PAUSE_SOURCE]) return 'the track is paused already';
  return undefined;
}

export function resumeRefusal(state: CompanyAgenda): string | undefined {
  if (state.pauses.pauseHolds[TRACK_PAUSE_SOURCE]) return undefined;
  return isPaused(state.pauses) ? 'the track is paused by its cohort; resume the cohort' : 'the track is not paused';
}

export function anchoringAnswerRefusal(state: CompanyAgenda, answer: Omit<AnchoringAnswer, 'answeredOn'>): string | undefined {
  const s = state.summary;
  const check = s.anchoringChecks.find((c) => c.checkNo === answer.checkNo);
  if (!check || !check.asked) return `anchoring check ${answer.checkNo} has not been asked`;
  if (s.anchoringStatus !== null) return 'the anchoring follow-up is closed';
  if (!['YES', 'PARTLY', 'NO'].includes(answer.socialModelInUse)) return 'socialModelInUse must be YES, PARTLY or NO';
  if (s.anchoringAnswers.some((a) => a.checkNo === answer.checkNo && a.respondent === answer.respondent)) {
    return `check ${answer.checkNo} was already answered by ${answer.respondent}`;
  }
  return undefined;
}

// ---- the reducer ----

/** The state after `event` at `now`, with the effects to carry out in order. The given state is not changed. */
export function reduceCompanyAgenda(state: CompanyAgenda, event: CompanyEvent, now: number): AgendaStep {
  const s = clone(state);
  const effects: CompanyEffect[] = [];
  apply(s, event, now, effects);
  settle(s, now, effects);
  if (JSON.stringify(s) !== JSON.stringify(state)) s.version = state.version + 1;
  return { state: s, effects };
}

function apply(s: CompanyAgenda, e: CompanyEvent, now: number, effects: CompanyEffect[]): void {
  const today = localDateAt(now);
  const sum = s.summary;
  switch (e.kind) {
    case 'tick':
      return;
    case 'selection-deciding':
      s.deciding = true;
      return;
    case 'selection-refused':
      s.deciding = false;
      return;
    case 'selection-decided':
      s.deciding = false;
      if (sum.selected !== null || isEnded(s)) return;
      sum.selected = e.selected;
      if (e.selected) return selectInto(s, now, effects);
      sum.phase = 'NOT_SELECTED';
      effects.push({ kind: 'mail', to: 'COMPANY', template: 'company-not-selected', step: 'not-selected', data: {} });
      return;
    case 'camp-finished': {
      if (!s.campsRunning.includes(e.campId)) return;
      s.campsRunning = s.campsRunning.filter((id) => id !== e.campId);
      if (e.campId === s.setup.bootCampId) {
        if (e.result) sum.bootCamp = { rsvp: e.result.rsvp, attended: e.result.attended };
        if (sum.phase === 'BOOT_CAMP') sum.phase = 'SELECTION';
      } else {
        sum.camps.push({
          campId: e.campId,
          status: e.result?.status ?? 'FAILED',
          rsvp: e.result?.rsvp ?? 'PENDING',
          attended: e.result?.attended ?? null,
        });
      }
      return;
    }
    case 'pause':
      // A pause without a reason, or of an ended track, is ignored (a signal cannot be refused).
      if (!e.reason.trim() || isEnded(s)) return;
      holdPause(s.pauses, e.reason.trim(), e.source, today);
      return;
    case 'resume': {
      const { ended } = releasePause(s.pauses, e.source, today);
      if (ended && ended.days > 0) moveOwnDates(s, ended);
      return;
    }
    case 'milestone-done': {
      const m = sum.milestones.find((x) => x.id === e.milestoneId);
      if (!m || m.doneOn) return;
      m.doneOn = e.doneOn;
      s.tasks = s.tasks.filter((t) => !((t.kind === 'milestone-reminder' || t.kind === 'milestone-overdue') && t.milestoneId === m.id));
      return;
    }
    case 'anchoring-answer':
      if (anchoringAnswerRefusal(s, e.answer)) return;
      sum.anchoringAnswers.push({ ...e.answer, answeredOn: today });
      if (answeredByBoth(s, e.answer.checkNo))
        s.tasks = s.tasks.filter((t) => !(t.kind === 'anchoring-reminder' && t.checkNo === e.answer.checkNo));
      return;
    case 'problem-reported': {
      if (sum.problemReports.some((r) => r.reportId === e.reportId) || sum.phase === 'WITHDRAWN') return;
      sum.problemReports.push({ reportId: e.reportId, reportedOn: today, acknowledged: false, escalated: false });
      const on = addWorkingDays(today, s.setup.plan.problemReportEscalationWorkingDays, s.closingDays);
      s.tasks.push({ kind: 'escalation', reportId: e.reportId, reportedAt: now, on, plannedOn: today });
      effects.push({
        kind: 'mail',
        to: 'EMPLOYMENT_ACTOR',
        template: 'company-problem-report',
        step: `problem:${e.reportId}`,
        data: { acknowledgeBy: on },
        reportId: e.reportId,
      });
      return;
    }
    case 'problem-acknowledged': {
      const r = sum.problemReports.find((x) => x.reportId === e.reportId);
      if (!r || r.acknowledged) return;
      r.acknowledged = true;
      s.tasks = s.tasks.filter((t) => !(t.kind === 'escalation' && t.reportId === e.reportId));
      return;
    }
    case 'withdraw':
      if (isEnded(s)) return;
      sum.phase = 'WITHDRAWN';
      s.tasks = [];
      effects.push({ kind: 'withdraw-camps', campIds: [...s.campsRunning] });
      return;
  }
}

/** Selected: the accelerator's camps, its milestones (those already due told in one digest) and its end. */
function selectInto(s: CompanyAgenda, now: number, effects: CompanyEffect[]): void {
  const today = localDateAt(now);
  const { setup } = s;
  s.summary.phase = 'ACCELERATOR';
  effects.push({
    kind: 'mail',
    to: 'COMPANY',
    template: 'company-selected',
    step: 'selected',
    data: { startsOn: setup.acceleratorStartsOn },
  });
  for (const campId of setup.campIds) effects.push({ kind: 'start-camp', campId, announceAhead: true });
  s.campsRunning.push(...setup.campIds);
  s.acceleratorStartedOn = today;
  const planned = milestoneDates(setup.acceleratorStartsOn, setup.plan.milestones, s.closingDays);
  s.summary.milestones = planned.map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn }));
  const late = planned.filter((m) => instantAt(m.dueOn, SEND_AT) < now);
  for (const m of s.summary.milestones) {
    if (late.some((x) => x.id === m.id)) {
      m.overdue = true;
      s.summary.overdueCount++;
      continue;
    }
    const remindOn = planned.find((x) => x.id === m.id)!.remindOn;
    s.tasks.push({ kind: 'milestone-reminder', milestoneId: m.id, on: remindOn, plannedOn: today });
    s.tasks.push({ kind: 'milestone-overdue', milestoneId: m.id, on: addWorkingDays(m.dueOn, 1, s.closingDays), plannedOn: today });
  }
  if (late.length > 0)
    effects.push({ kind: 'overdue-digest', selectedOn: today, milestones: late.map((m) => ({ title: m.title, dueOn: m.dueOn })) });
  s.tasks.push({ kind: 'accelerator-end', on: setup.acceleratorEndsOn, plannedOn: today });
}

/** Fires what fell due, opens anchoring once the accelerator and its camps are over, closes it when answered, and sets the next deadline. */
function settle(s: CompanyAgenda, now: number, effects: CompanyEffect[]): void {
  for (;;) {
    if (!isPaused(s.pauses) && !isFinished(s) && isWorkingDay(localDateAt(now), s.closingDays)) {
      const due = s.tasks.filter((t) => taskDueAt(t) <= now).sort((a, b) => taskDueAt(a) - taskDueAt(b))[0];
      if (due) {
        s.tasks.splice(s.tasks.indexOf(due), 1);
        fire(s, due, now, effects);
        continue;
      }
    }
    if (s.summary.phase === 'ACCELERATOR' && s.acceleratorEnded && s.campsRunning.length === 0) {
      beginAnchoring(s, now);
      continue;
    }
    const last = s.anchoringPlan[s.anchoringPlan.length - 1];
    if (
      s.summary.phase === 'ANCHORING' &&
      last &&
      s.summary.anchoringChecks.find((c) => c.checkNo === last.checkNo)?.asked &&
      answeredByBoth(s, last.checkNo)
    ) {
      complete(s, now, effects);
      continue;
    }
    break;
  }
  s.next = nextDeadline(s);
  const sum = s.summary;
  sum.nextDeadlineWhat = deadlineLabel(s.next);
  sum.nextDeadlineOn = s.next && 'on' in s.next ? s.next.on : null;
  sum.paused = isPaused(s.pauses);
  sum.pauseReasons = pauseReasons(s.pauses);
  sum.pausedDaysTotal = s.pauses.pausedDaysTotal;
}

function fire(s: CompanyAgenda, t: AgendaTask, now: number, effects: CompanyEffect[]): void {
  const sum = s.summary;
  switch (t.kind) {
    case 'milestone-reminder': {
      const m = sum.milestones.find((x) => x.id === t.milestoneId)!;
      effects.push({
        kind: 'mail',
        to: 'COMPANY',
        template: 'company-milestone-reminder',
        step: `milestone:${m.id}:reminder`,
        data: { milestone: m.title, dueOn: m.dueOn },
      });
      return;
    }
    case 'milestone-overdue': {
      const m = sum.milestones.find((x) => x.id === t.milestoneId)!;
      m.overdue = true;
      sum.overdueCount++;
      effects.push({
        kind: 'mail',
        to: 'COORDINATOR',
        template: 'company-milestone-overdue',
        step: `milestone:${m.id}:overdue`,
        data: { milestone: m.title, dueOn: m.dueOn },
      });
      return;
    }
    case 'accelerator-end':
      s.acceleratorEnded = true;
      return;
    case 'anchoring-check': {
      sum.anchoringChecks.find((c) => c.checkNo === t.checkNo)!.asked = true;
      const answerBy = s.tasks.find((x) => x.kind === 'anchoring-reminder' && x.checkNo === t.checkNo)?.on;
      for (const to of ['COMPANY', 'EMPLOYMENT_ACTOR'] as const) {
        effects.push({
          kind: 'mail',
          to,
          template: 'company-anchoring-check',
          step: `anchoring:${t.checkNo}`,
          data: { ...checkData(s, t.checkNo), answerBy, reminder: false },
        });
      }
      return;
    }
    case 'anchoring-reminder': {
      const answerBy = addWorkingDays(t.on, ANCHORING_REMINDER_WORKING_DAYS, s.closingDays);
      for (const to of ['COMPANY', 'EMPLOYMENT_ACTOR'] as const) {
        if (answered(s, t.checkNo, to)) continue;
        effects.push({
          kind: 'mail',
          to,
          template: 'company-anchoring-check',
          step: `anchoring:${t.checkNo}:reminder`,
          data: { ...checkData(s, t.checkNo), answerBy, reminder: true },
        });
      }
      return;
    }
    case 'anchoring-close':
      complete(s, now, effects);
      return;
    case 'escalation': {
      const r = sum.problemReports.find((x) => x.reportId === t.reportId)!;
      if (r.acknowledged) return;
      r.escalated = true;
      effects.push({
        kind: 'mail',
        to: 'COORDINATOR',
        template: 'company-problem-escalation',
        step: `problem:${r.reportId}:escalation`,
        data: { reportedOn: r.reportedOn },
        reportId: r.reportId,
      });
      return;
    }
  }
}

/** The checks count from the end of this company's accelerator; the last one's answers are awaited one more reminder period. */
function beginAnchoring(s: CompanyAgenda, now: number): void {
  const today = localDateAt(now);
  s.summary.phase = 'ANCHORING';
  s.anchoringStartedOn = today;
  const checks = anchoringCheckDates(s.acceleratorEndsOn, s.setup.plan.anchoring.checksAtMonths, s.closingDays);
  s.summary.anchoringChecks = checks.map((c) => ({ checkNo: c.checkNo, on: c.on, asked: false }));
  s.anchoringPlan = checks.map((c) => ({ checkNo: c.checkNo, monthsAfterEnd: c.monthsAfterEnd }));
  for (const c of checks) {
    s.tasks.push({ kind: 'anchoring-check', checkNo: c.checkNo, on: c.on, plannedOn: today });
    s.tasks.push({ kind: 'anchoring-reminder', checkNo: c.checkNo, on: c.remindOn, plannedOn: today });
  }
  const last = checks[checks.length - 1];
  if (last)
    s.tasks.push({
      kind: 'anchoring-close',
      on: addWorkingDays(last.remindOn, ANCHORING_REMINDER_WORKING_DAYS, s.closingDays),
      plannedOn: today,
    });
}

/** The follow-up closes: the anchoring status to the coordinator, an anchored company's outcome recorded. */
function complete(s: CompanyAgenda, now: number, effects: CompanyEffect[]): void {
  const status = anchoringStatus(s.summary.anchoringAnswers);
  s.summary.anchoringStatus = status;
  s.summary.phase = 'COMPLETED';
  // Open escalations still fall due; the anchoring's own tasks are over.
  s.tasks = s.tasks.filter((t) => t.kind === 'escalation');
  effects.push({ kind: 'mail', to: 'COORDINATOR', template: 'company-anchoring-status', step: 'anchoring-status', data: { status } });
  if (status === 'ANCHORED')
    effects.push({ kind: 'record-anchoring-outcome', status, occurredOn: localDateAt(now), trackEndsOn: s.acceleratorEndsOn });
}

/** The one rule of domain/pause.ts: what was reached when the pause began keeps its day, the rest moves by the days paused. */
function moveOwnDates(s: CompanyAgenda, ended: EndedPause): void {
  const shift = (d: LocalDate, plannedOn: LocalDate | null) => dateAfterPause(d, ended, s.closingDays, plannedOn ?? undefined);
  for (const t of s.tasks) t.on = shift(t.on, t.plannedOn);
  if (s.summary.phase === 'ACCELERATOR' && !s.acceleratorEnded) s.acceleratorEndsOn = shift(s.acceleratorEndsOn, s.acceleratorStartedOn);
  for (const m of s.summary.milestones) if (!m.doneOn && !m.overdue) m.dueOn = shift(m.dueOn, s.acceleratorStartedOn);
  for (const c of s.summary.anchoringChecks) if (!c.asked) c.on = shift(c.on, s.anchoringStartedOn);
}

function nextDeadline(s: CompanyAgenda): Deadline | null {
  const sum = s.summary;
  if (sum.phase === 'BOOT_CAMP' || sum.phase === 'SELECTION') return { what: 'selection' };
  if (sum.phase === 'ACCELERATOR') {
    const m = sum.milestones.find((x) => !x.doneOn && !x.overdue);
    return m ? { what: 'milestone', milestoneId: m.id, on: m.dueOn } : { what: 'accelerator-end', on: s.acceleratorEndsOn };
  }
  if (sum.phase !== 'ANCHORING') return null;
  for (const c of sum.anchoringChecks) {
    if (!c.asked) return { what: 'anchoring-check', checkNo: c.checkNo, on: c.on };
    const reminder = s.tasks.find((t) => t.kind === 'anchoring-reminder' && t.checkNo === c.checkNo);
    if (reminder) return { what: 'anchoring-answers', checkNo: c.checkNo, on: reminder.on };
  }
  const close = s.tasks.find((t) => t.kind === 'anchoring-close');
  return close ? { what: 'anchoring-close', on: close.on } : null;
}

function checkData(s: CompanyAgenda, checkNo: number): { checkNo: number; monthsAfterEnd: number | undefined } {
  return { checkNo, monthsAfterEnd: s.anchoringPlan.find((c) => c.checkNo === checkNo)?.monthsAfterEnd };
}

function answered(s: CompanyAgenda, checkNo: number, who: AnchoringAnswer['respondent']): boolean {
  return s.summary.anchoringAnswers.some((a) => a.checkNo === checkNo && a.respondent === who);
}

function answeredByBoth(s: CompanyAgenda, checkNo: number): boolean {
  return answered(s, checkNo, 'COMPANY') && answered(s, checkNo, 'EMPLOYMENT_ACTOR');
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
