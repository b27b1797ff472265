// The participant track's decisions, without a server: its dated tasks, what is due next, what each
// request does (and when it is refused), what a pause shifts and when a run continues as new. The
// agenda is a reducer over serialisable state (domain/participant-track-state.ts): each event changes
// the state and returns effects (domain/participant-track-effects.ts) for the workflow to carry out, in
// order. Pure and deterministic: the day is given, and a behaviour that changed while tracks were
// running asks `patched` (the workflow's `patched()`, always true in tests of the current behaviour).
import { addWeeks, instantAt, localDateAt, mondayOf, type LocalDate } from './calendar.js';
import {
  answerDueOn,
  attendanceReminderOn,
  firstEmployerContactDueOn,
  mentorReminderOn,
  phaseDates,
  placementCheckIns,
  retentionFollowUps,
} from './participant-schedule.js';
import type { HeldBackNotice, MailData, ParticipantTrackEffect, TrackRecipient } from './participant-track-effects.js';
import {
  ACTIVE_PHASES,
  TRAINING_PHASES,
  type ParticipantTrackPhase,
  type ParticipantTrackState,
  type Placement,
  type TrackOutcomeKind,
  type TrackSummary,
  type TrackTask,
} from './participant-track-state.js';
import { dateAfterPause, holdPause, isPaused, pauseReasons, releasePause, shiftByPause } from './pause.js';
import { checkRequest, type ParticipantTrackRequest } from './participant-requests.js';
import { followUpSuffix, sequenceOf, stepAfterOutcome } from './outcome-sequence.js';
import { realTrackEnd } from './track-end.js';
import { BELOW_PLAN, DEFAULT_MINIMUM_SHARE, hoursPerWeekOn, weekAgainstPlan } from './attendance-plan.js';
import type { ParticipantPlan } from './programme.js';

/** Reminders and phase changes happen at this local time on their (working) day. */
export const DUE_TIME = '09:00';
/** Continue-as-new before a run's history grows past this, even within a phase. */
export const MAX_HISTORY_EVENTS = 4000;

/**
 * Behaviours that changed while tracks were running, by the id of their `patched()` marker. Only a
 * run begun before a patch's release can take its old branch (a run that begins later records the
 * marker), and each phase is a run of its own (about six months plus pauses; a retention run 26 weeks).
 * So each patch goes in three steps: (1) `patched()` as now; (2) `deprecatePatch()`, new branch only,
 * once a visibility query finds no open `participant-*` run started before the patch's release;
 * (3) the call removed, once none started before step 2's release. At step 2 the recorded histories
 * that took the old branch leave test/histories/ (no such run is open any more); every other one
 * must replay at each step.
 */
export const PARTICIPANT_PATCHES = {
  /**
   * The last week of work-readiness is checked after the phase ends (its grace period runs into job
   * training); tracks started before dropped that check. Released 2026-11-23: step 2 no earlier than
   * 2027-06 (later while a run begun before is paused), step 3 a phase length after step 2.
   */
  checkLastWorkReadinessWeek: 'check-last-work-readiness-week',
  /**
   * A resume moves only the dates not yet reached when the pause began (domain/pause.ts); tracks
   * resumed before moved every date, the start of job training too. Released 2026-11-30: step 2 no
   * earlier than 2027-06 (later while a run begun before is paused), step 3 a phase length after step 2.
   */
  pauseKeepsReachedDates: 'pause-keeps-reached-dates',
  /**
   * Work that fell due before a fresh track began running is told in one digest to the coordinator
   * instead of one e-mail per reminder. Released 2026-11-30: step 2 no earlier than 2027-06 (later
   * while a run begun before is paused), step 3 a phase length after step 2.
   */
  catchUpDigest: 'catch-up-digest',
  /**
   * An internship or education no longer ends the track: a sequence of outcomes follows the citizen
   * (internship → job, partial → full job), and a later hire restarts the follow-ups. Tracks that
   * recorded such an outcome before ended there. Released 2026-11-30: step 2 no earlier than 2027-06
   * (later while a run begun before is paused), step 3 a phase length after step 2.
   */
  outcomeSequence: 'outcome-sequence',
  /**
   * Each week's hours are checked against the plan's hours for the week (an under-activated week counts
   * toward the escalation as an absent one does) and the weeks of job training are followed too; tracks
   * started before counted any hours as present and stopped at job training. Released 2026-11-30: step
   * 2 no earlier than 2027-06 (later while a run begun before is paused), step 3 a phase length after step 2.
   */
  attendanceAgainstPlan: 'attendance-against-plan',
} as const;
export type { ParticipantTrackRequest } from './participant-requests.js';
export type ParticipantPatch = (typeof PARTICIPANT_PATCHES)[keyof typeof PARTICIPANT_PATCHES];

/** What does not change during a track: who it is and the plan and calendar it runs on. */
export interface AgendaSetup {
  trackId: string;
  partnershipId: string;
  plan: ParticipantPlan;
  /** The municipality's closing days. */
  closingDays: readonly LocalDate[];
}

/** Something that happened to the track: a request that was accepted (and whose activity succeeded), or time passing. */
export type ParticipantTrackEvent =
  | { type: 'attendance-recorded'; weekStart: LocalDate; hours: number; present: boolean }
  | { type: 'mentor-assigned'; staffMemberId: string }
  | { type: 'topic-ticked'; topic: string; done: boolean }
  | { type: 'employer-contact-recorded'; on: LocalDate }
  | { type: 'placed'; companyId: string; role: Placement['role']; supportPersonId?: string }
  | { type: 'outcome-recorded'; kind: TrackOutcomeKind; occurredOn: LocalDate; hoursPerWeek?: number; outcomeId: string; amountOre: string }
  | { type: 'retention-answered'; weeks: number; stillEmployed: boolean; recorded?: { outcomeId: string; amountOre: string } }
  /** A pause by a source; ignored without a reason or once the track has ended. */
  | { type: 'paused'; reason: string | undefined; source: string }
  | { type: 'resumed'; source: string }
  | { type: 'dropped-out'; reason: string | undefined }
  | { type: 'transferred'; toTrackId: string; toPartnershipId: string; reason: string | undefined }
  /** A task's due time came (the task as it was due: one a request replaced meanwhile does not fire). */
  | { type: 'due'; taskId: string; dueOn: LocalDate }
  /** A fresh track began running at `begunAt` with tasks already due: fire them all, one digest instead of their e-mails. */
  | { type: 'caught-up'; begunAt: number };

/** What the loop does next. */
export type NextStep =
  | { kind: 'wait' }
  | { kind: 'sleep-until'; at: number }
  | { kind: 'fire'; due: Array<{ taskId: string; dueOn: LocalDate }> }
  | { kind: 'catch-up' };

const KIND_ORDER: Record<TrackTask['kind'], number> = {
  PHASE_END: 0,
  PLACEMENT: 1,
  OUTCOME: 2,
  ATTENDANCE: 3,
  MENTOR: 4,
  EMPLOYER_CONTACT: 5,
  CHECK_IN: 6,
  RETENTION_ASK: 7,
  RETENTION_ANSWER: 8,
};

/** When a task dated `date` is due; remembered, as the loop asks for every task on every turn. */
const dueInstants = new Map<LocalDate, number>();
export function dueAt(date: LocalDate): number {
  let at = dueInstants.get(date);
  if (at === undefined) dueInstants.set(date, (at = instantAt(date, DUE_TIME)));
  return at;
}

export function byDue(a: TrackTask, b: TrackTask): number {
  return a.dueOn.localeCompare(b.dueOn) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id);
}

/** The state of a track that starts now: its phase dates and first tasks. `startsOn` defaults to today. */
export function initialState(setup: AgendaSetup, startsOn: LocalDate | undefined, today: LocalDate): ParticipantTrackState {
  const { plan, closingDays } = setup;
  const dates = phaseDates(startsOn ?? today, plan, closingDays);
  const start = dates.workReadinessStartsOn;
  const tasks: TrackTask[] = [
    {
      id: 'phase-end:WORK_READINESS',
      kind: 'PHASE_END',
      what: 'work-readiness training ends; job training in a company starts',
      dueOn: dates.jobTrainingStartsOn,
    },
    attendanceTask(start, plan.attendance.graceDays, closingDays),
    { id: 'placement', kind: 'PLACEMENT', what: 'place the participant in a company for job training', dueOn: dates.jobTrainingStartsOn },
  ];
  if (start > today) tasks.push({ id: 'start', kind: 'PHASE_END', what: 'work-readiness training starts', dueOn: start });
  if (plan.mentor.required) {
    tasks.push({
      id: 'mentor',
      kind: 'MENTOR',
      what: 'assign a mentor',
      dueOn: mentorReminderOn(start, plan.mentor.remindAfterDays, closingDays),
    });
  }
  if (plan.ips) {
    tasks.push({
      id: 'employer-contact',
      kind: 'EMPLOYER_CONTACT',
      what: 'first employer contact (IPS)',
      dueOn: firstEmployerContactDueOn(start, plan.ips.firstEmployerContactDays, closingDays),
    });
  }
  return {
    phase: start > today ? 'ENROLLED' : 'WORK_READINESS',
    startedOn: start,
    phaseStartedOn: start,
    jobTrainingStartsOn: dates.jobTrainingStartsOn,
    jobTrainingEndsOn: dates.jobTrainingEndsOn,
    pauseHolds: {},
    pausedDaysTotal: 0,
    attendance: [],
    missedWeeksInRow: 0,
    topicsDone: [],
    tasks,
    outcomes: [],
    retention: [],
    version: 0,
  };
}

function attendanceTask(week: LocalDate, graceDays: number, closingDays: readonly LocalDate[]): TrackTask {
  const monday = mondayOf(week);
  return {
    id: `attendance:${monday}`,
    kind: 'ATTENDANCE',
    what: `attendance for the week of ${monday}`,
    dueOn: attendanceReminderOn(monday, graceDays, closingDays),
  };
}

/**
 * One track's agenda: the state (mutated in place, serialisable at any time) and the decisions over it.
 * `phaseChanged` belongs to the run, not the state: a run that changed phase continues as new.
 */
export class ParticipantAgenda {
  /** Set when this run changed the phase: the next run starts from a small history. */
  phaseChanged = false;
  /** The tasks the loop was told are due (run-local: a task replaced by a request meanwhile does not fire). */
  private dueNow = new Map<string, TrackTask>();
  /** The effects of the step being applied, in order. */
  private readonly outbox: ParticipantTrackEffect[] = [];

  constructor(
    readonly state: ParticipantTrackState,
    private readonly setup: AgendaSetup,
    /** Whether a changed behaviour applies (the workflow's `patched()`); every patch applies by default. */
    private readonly patched: (patch: ParticipantPatch) => boolean = () => true,
    /** False for a run that continues an earlier one (continue-as-new or transfer): nothing to catch up. */
    private readonly fresh = true,
  ) {}

  get ended(): boolean {
    return !ACTIVE_PHASES.includes(this.state.phase);
  }

  get paused(): boolean {
    return isPaused(this.state);
  }

  /** Refuses a request the track cannot accept now, naming the field at fault (domain/participant-requests.ts). */
  check(request: ParticipantTrackRequest, today: LocalDate): void {
    checkRequest(this.state, this.setup, request, today);
  }

  /** Applies an event: changes the state and returns what the workflow must do, in order. */
  apply(event: ParticipantTrackEvent, today: LocalDate): ParticipantTrackEffect[] {
    this.step(event, today);
    return this.outbox.splice(0);
  }

  /**
   * The effects emitted so far in this step, while they are all synchronous (search-attribute
   * upserts): the workflow carries them out before it asks a patch, so its commands keep the order
   * recorded in histories (the phase's upsert before the patch's marker).
   */
  takeSynchronousEffects(): ParticipantTrackEffect[] {
    return this.outbox.every((e) => e.kind === 'phase') ? this.outbox.splice(0) : [];
  }

  private step(event: ParticipantTrackEvent, today: LocalDate): void {
    const s = this.state;
    switch (event.type) {
      case 'attendance-recorded': {
        const { weekStart, hours, present } = event;
        s.attendance = s.attendance.filter((a) => a.weekStart !== weekStart);
        s.attendance.push({ weekStart, hours, present });
        if (this.task(`attendance:${weekStart}`)?.overdue) this.removeTask(`attendance:${weekStart}`);
        break;
      }
      case 'mentor-assigned':
        s.mentorStaffId = event.staffMemberId;
        this.removeTask('mentor');
        break;
      case 'topic-ticked':
        s.topicsDone = s.topicsDone.filter((t) => t !== event.topic);
        if (event.done) s.topicsDone.push(event.topic);
        break;
      case 'employer-contact-recorded':
        s.employerContactOn ??= event.on;
        this.removeTask('employer-contact');
        break;
      case 'placed':
        return this.place(event, today);
      case 'outcome-recorded':
        this.recordOutcome(event, today);
        break;
      case 'retention-answered': {
        const { weeks, stillEmployed, recorded } = event;
        const followUp = s.retention.find((r) => r.weeks === weeks)!;
        if (stillEmployed && recorded) {
          s.outcomes.push({
            kind: 'RETENTION',
            occurredOn: followUp.on,
            retentionWeeks: weeks,
            outcomeId: recorded.outcomeId,
            amountOre: recorded.amountOre,
          });
        }
        followUp.answer = stillEmployed ? 'EMPLOYED' : 'NOT_EMPLOYED';
        this.removeTask(`retention-answer:${weeks}${followUpSuffix(s)}`);
        if (!stillEmployed || s.retention.every((r) => r.answer)) {
          this.end('COMPLETED', today, stillEmployed ? undefined : `no longer employed at the ${weeks}-week follow-up`);
        }
        break;
      }
      case 'paused':
        // A pause cannot be refused when it comes as a signal: without a reason, or for an ended track, it is ignored.
        if (!event.reason || this.ended) return;
        if (holdPause(s, event.reason, event.source, today)) s.version++;
        return this.emit({ kind: 'project' });
      case 'resumed':
        this.resume(event.source, today);
        return this.emit({ kind: 'project' });
      case 'dropped-out':
        this.end('DROPPED_OUT', today, event.reason);
        break;
      case 'transferred': {
        const carried = this.carriedTo(today);
        s.transferredToTrackId = event.toTrackId;
        this.end('TRANSFERRED', today, `transferred to partnership ${event.toPartnershipId}: ${event.reason}`);
        s.version++;
        this.emit({ kind: 'project' });
        return this.emit({ kind: 'hand-over', carried });
      }
      case 'due': {
        const t = this.dueTask(event.taskId, event.dueOn);
        if (t) this.fire(t);
        return;
      }
      case 'caught-up':
        return this.catchUp(event.begunAt);
    }
    s.version++;
    this.emit({ kind: 'project' });
  }

  /** What the loop does next at instant `now`; `begunAt` is when this run began. */
  next(now: number, begunAt: number): NextStep {
    if (this.paused) return { kind: 'wait' };
    const due = this.dueTasks(now + 1);
    if (this.fresh && due.some((t) => dueAt(t.dueOn) < begunAt) && this.patched(PARTICIPANT_PATCHES.catchUpDigest))
      return { kind: 'catch-up' };
    if (due.length > 0) {
      this.dueNow = new Map(due.map((t) => [t.id, t]));
      return { kind: 'fire', due: due.map((t) => ({ taskId: t.id, dueOn: t.dueOn })) };
    }
    const pending = this.state.tasks.filter((t) => !t.overdue).map((t) => dueAt(t.dueOn));
    return pending.length ? { kind: 'sleep-until', at: Math.min(...pending) } : { kind: 'wait' };
  }

  /** A run changed phase, or its history grew long: the next run starts from the state alone. */
  shouldContinueAsNew(run: { historyLength: number; continueAsNewSuggested: boolean }): boolean {
    return this.phaseChanged || run.historyLength > MAX_HISTORY_EVENTS || run.continueAsNewSuggested;
  }

  /** The track's real end on `today`: job training's end as pauses moved it, a running pause included (domain/track-end.ts). */
  trackEndsOn(today: LocalDate): LocalDate {
    return realTrackEnd(this.state.jobTrainingEndsOn, this.state, today, this.setup.closingDays);
  }

  /**
   * The record of the track's next outcome (the idempotency key makes a retried update record it
   * once): the first keeps the key it always had, each later one is numbered in the sequence.
   */
  outcomeRecord(kind: TrackOutcomeKind, occurredOn: LocalDate, hoursPerWeek?: number) {
    const n = sequenceOf(this.state).length + 1;
    return {
      idempotencyKey: this.key(n === 1 ? 'outcome' : `outcome:${n}`),
      participantTrackId: this.setup.trackId,
      kind,
      occurredOn,
      hoursPerWeek,
    };
  }

  /** The record of a retention follow-up answered "still employed": it counts from the follow-up's date. */
  retentionRecord(weeks: number) {
    const followUp = this.state.retention.find((r) => r.weeks === weeks)!;
    return {
      idempotencyKey: this.key(`retention:${weeks}${followUpSuffix(this.state)}`),
      participantTrackId: this.setup.trackId,
      kind: 'RETENTION' as const,
      occurredOn: followUp.on,
      retentionWeeks: weeks,
    };
  }

  summary(): TrackSummary {
    const s = this.state;
    const open = [...s.tasks].sort(byDue);
    const pending = open.filter((t) => !t.overdue);
    const next = pending[0];
    const phaseEndsOn =
      s.phase === 'ENROLLED'
        ? s.startedOn
        : s.phase === 'WORK_READINESS'
          ? s.jobTrainingStartsOn
          : s.phase === 'JOB_TRAINING'
            ? s.jobTrainingEndsOn
            : s.phase === 'RETENTION'
              ? s.retention[s.retention.length - 1]?.on
              : undefined;
    const lastAttendance = [...s.attendance].sort((a, b) => a.weekStart.localeCompare(b.weekStart)).pop();
    return {
      trackId: this.setup.trackId,
      phase: s.phase,
      paused: this.paused,
      pauseReasons: pauseReasons(s),
      startedOn: s.startedOn,
      phaseStartedOn: s.phaseStartedOn,
      phaseEndsOn,
      jobTrainingStartsOn: s.jobTrainingStartsOn,
      jobTrainingEndsOn: s.jobTrainingEndsOn,
      nextDeadline: next ? { on: next.dueOn, what: next.what } : undefined,
      lastAttendance,
      attendancePlan: this.attendancePlan(),
      mentorStaffId: s.mentorStaffId,
      employerContactOn: s.employerContactOn,
      placement: s.placement,
      trainingTopics: this.setup.plan.trainingTopics.map((topic) => ({ topic, done: s.topicsDone.includes(topic) })),
      pendingTasks: pending,
      overdue: open.filter((t) => t.overdue),
      outcomes: s.outcomes,
      retention: s.retention,
      pausedDaysTotal: s.pausedDaysTotal,
      endedOn: s.endedOn,
      endReason: s.endReason,
      transferredToTrackId: s.transferredToTrackId,
      version: s.version,
    };
  }

  /** Planned against recorded hours and the flag (domain/attendance-plan.ts). */
  private attendancePlan(): TrackSummary['attendancePlan'] {
    const s = this.state;
    const { plan } = this.setup;
    const escalateAfter = plan.attendance.escalateAfterWeeks;
    const day = s.phase === 'ENROLLED' || s.phase === 'WORK_READINESS' ? s.startedOn : s.jobTrainingStartsOn;
    return {
      hoursPerWeek: hoursPerWeekOn(day, plan, s),
      // A running track's plan may predate the field: it takes the default.
      minimumShareOfPlannedHours: plan.attendance.minimumShareOfPlannedHours ?? DEFAULT_MINIMUM_SHARE,
      lastCheckedWeek: s.lastCheckedWeek,
      weeksBelowPlanInRow: s.missedWeeksInRow,
      flagged: s.missedWeeksInRow > 0,
      escalated: s.missedWeeksInRow >= escalateAfter,
    };
  }

  /** The tasks not yet fired whose due time is before `before`, in the order they fire. */
  dueTasks(before: number): TrackTask[] {
    return this.state.tasks.filter((t) => !t.overdue && dueAt(t.dueOn) < before).sort(byDue);
  }

  /** Marks a change the loop and the projection must see (the workflow's loop wakes on a new version). */
  touch(): void {
    this.state.version++;
  }

  // ── firing due tasks ──────────────────────────────────────────────────────────────────────────
  /**
   * Fires a due task (a no-op when a request removed it meanwhile); with `heldBack`, its e-mails are
   * collected there for a digest instead of sent.
   */
  private fire(t: TrackTask, heldBack?: HeldBackNotice[]): void {
    const s = this.state;
    if (!s.tasks.includes(t)) return;
    const { plan, closingDays } = this.setup;
    const mail = (key: string, template: string, to: TrackRecipient, data: MailData = {}) => {
      if (heldBack) heldBack.push({ template, data });
      else this.emit({ kind: 'mail', idempotencyKey: this.key(key), template, to, data });
    };
    const markOverdue = () => {
      t.overdue = true;
    };
    switch (t.kind) {
      case 'PHASE_END':
        this.removeTask(t.id);
        if (t.id === 'start') this.setPhase('WORK_READINESS', t.dueOn);
        else if (t.id === 'phase-end:WORK_READINESS') {
          this.setPhase('JOB_TRAINING', t.dueOn);
          if (!this.patched(PARTICIPANT_PATCHES.checkLastWorkReadinessWeek)) this.removeTasks((x) => x.kind === 'ATTENDANCE' && !x.overdue);
          this.addTask({
            id: 'phase-end:JOB_TRAINING',
            kind: 'PHASE_END',
            what: 'job training ends; the outcome is due',
            dueOn: s.jobTrainingEndsOn,
          });
        } else if (t.id === 'phase-end:JOB_TRAINING') {
          this.addTask({ id: 'outcome', kind: 'OUTCOME', what: 'record the outcome of the track', dueOn: t.dueOn, overdue: true });
          mail('outcome-due', 'participant-outcome-due', 'coordinator', { endedOn: t.dueOn });
        }
        break;
      case 'ATTENDANCE': {
        const week = t.id.slice('attendance:'.length);
        const record = s.attendance.find((a) => a.weekStart === week);
        // Against the plan: the week's planned hours decide; before, any hours counted as present.
        const checked = this.patched(PARTICIPANT_PATCHES.attendanceAgainstPlan)
          ? weekAgainstPlan(week, record, plan, s, closingDays, s.attendanceCountsFrom)
          : undefined;
        const missed = checked ? BELOW_PLAN.includes(checked.status) : !record || !record.present || record.hours === 0;
        if (record || checked?.status === 'NOTHING_PLANNED') this.removeTask(t.id);
        else markOverdue();
        if (checked) s.lastCheckedWeek = checked;
        if (missed) {
          s.missedWeeksInRow++;
          if (!record) mail(`attendance-reminder:${week}`, 'participant-attendance-reminder', 'responsibleStaff', { weekStart: week });
          if (s.missedWeeksInRow % plan.attendance.escalateAfterWeeks === 0) {
            mail(`attendance-escalation:${week}`, 'participant-attendance-escalation', 'coordinator', {
              weekStart: week,
              weeksInRow: s.missedWeeksInRow,
              ...(checked ? { status: checked.status, hours: checked.hours ?? 0, plannedHours: checked.plannedHours } : {}),
            });
          }
        } else if (checked?.status !== 'NOTHING_PLANNED') s.missedWeeksInRow = 0;
        // Against the plan, the weeks of job training are followed as well.
        const followUntil = checked ? s.jobTrainingEndsOn : s.jobTrainingStartsOn;
        const next = addWeeks(week, 1);
        if (TRAINING_PHASES.includes(s.phase) && next < followUntil)
          this.addTask(attendanceTask(next, plan.attendance.graceDays, closingDays));
        break;
      }
      case 'MENTOR':
        if (s.mentorStaffId) this.removeTask(t.id);
        else {
          markOverdue();
          mail('mentor-missing', 'participant-mentor-missing', 'coordinator', { startedOn: s.startedOn, dueOn: t.dueOn });
        }
        break;
      case 'EMPLOYER_CONTACT':
        if (s.employerContactOn) this.removeTask(t.id);
        else {
          markOverdue();
          mail('employer-contact-overdue', 'participant-employer-contact-overdue', 'coordinator', {
            startedOn: s.startedOn,
            dueOn: t.dueOn,
          });
        }
        break;
      case 'PLACEMENT':
        if (s.placement) this.removeTask(t.id);
        else {
          markOverdue();
          mail('placement-missing', 'participant-placement-missing', 'coordinator', { jobTrainingStartsOn: s.jobTrainingStartsOn });
        }
        break;
      case 'CHECK_IN': {
        this.removeTask(t.id);
        const checkIn = t.id.split(':')[1] === 'midway' ? 'midway' : 'end';
        const data = { checkIn, midway: checkIn === 'midway', on: t.dueOn, endsOn: s.placement?.endsOn ?? s.jobTrainingEndsOn };
        mail(`${t.id}:support`, 'participant-check-in', 'supportPerson', data);
        if (s.placement) mail(`${t.id}:company:${s.placement.companyId}`, 'participant-check-in', 'companyContact', data);
        break;
      }
      case 'RETENTION_ASK': {
        this.removeTask(t.id);
        const weeks = Number(t.id.split(':')[1]);
        const answerBy = answerDueOn(t.dueOn, closingDays);
        this.addTask({
          id: `retention-answer:${weeks}${followUpSuffix(s)}`,
          kind: 'RETENTION_ANSWER',
          what: `answer to the ${weeks}-week retention follow-up`,
          dueOn: answerBy,
        });
        mail(`retention:${weeks}${followUpSuffix(s)}`, 'participant-retention-check', 'supportPerson', {
          weeks,
          hiredOn: s.hiredOn ?? '',
          answerBy,
        });
        break;
      }
      case 'RETENTION_ANSWER':
        markOverdue();
        mail(`${t.id}:overdue`, 'participant-retention-overdue', 'coordinator', { weeks: Number(t.id.split(':')[1]), dueOn: t.dueOn });
        break;
      case 'OUTCOME':
        markOverdue();
        break;
    }
  }

  /**
   * A fresh track whose dates lie partly in the past: every task that fell due before it began running
   * is fired in order (each week's attendance check adds the next) without its e-mail, and the
   * coordinator gets one digest listing what was overdue at the start (the attendance reminders would
   * have gone to the responsible staff member, often the same person; the coordinator shares out the work).
   */
  private catchUp(begunAt: number): void {
    const heldBack: HeldBackNotice[] = [];
    const today = localDateAt(begunAt);
    for (let round = this.dueTasks(begunAt); round.length > 0 && !this.ended && !this.paused; round = this.dueTasks(begunAt)) {
      for (const t of round) {
        if (this.ended || this.paused) break;
        this.fire(t, heldBack);
      }
    }
    if (heldBack.length > 0)
      this.emit({ kind: 'digest', idempotencyKey: this.key('digest:track-start'), to: 'coordinator', begunOn: today, notices: heldBack });
  }

  // ── requests that plan ahead ──────────────────────────────────────────────────────────────────
  private place(event: Extract<ParticipantTrackEvent, { type: 'placed' }>, today: LocalDate): void {
    const s = this.state;
    const { plan, closingDays } = this.setup;
    const startsOn = s.phase === 'JOB_TRAINING' ? today : s.jobTrainingStartsOn;
    const endsOn = s.jobTrainingEndsOn;
    s.placement = { companyId: event.companyId, role: event.role, supportPersonId: event.supportPersonId, startsOn, endsOn };
    this.removeTask('placement');
    this.removeTasks((t) => t.kind === 'CHECK_IN');
    const checkIns = placementCheckIns(startsOn, endsOn, plan.placementCheckIns, closingDays);
    for (const c of checkIns) {
      this.addTask({
        id: `check-in:${c.checkIn}:${event.companyId}`,
        kind: 'CHECK_IN',
        what: `${c.checkIn} check-in of the placement`,
        dueOn: c.on,
      });
    }
    s.version++;
    this.emit({ kind: 'project' });
    this.emit({
      kind: 'mail',
      idempotencyKey: this.key(`placement-welcome:${event.companyId}`),
      template: 'participant-placement-welcome',
      to: 'companyContact',
      data: {
        startsOn,
        endsOn,
        checkIns: checkIns.map((c) => c.on),
        hoursPerWeek: plan.jobTraining.hoursPerWeek ?? plan.workReadiness.hoursPerWeek,
      },
    });
  }

  /**
   * One outcome of the sequence (domain/outcome-sequence.ts): a hire starts (or restarts) the
   * follow-ups from its date, NONE ends the track, an internship or education leaves it open for
   * what follows (tracks that recorded one before the patch ended there).
   */
  private recordOutcome(event: Extract<ParticipantTrackEvent, { type: 'outcome-recorded' }>, today: LocalDate): void {
    const s = this.state;
    const { kind, occurredOn, hoursPerWeek, outcomeId, amountOre } = event;
    s.outcomes.push({ kind, occurredOn, hoursPerWeek, outcomeId, amountOre });
    const step = stepAfterOutcome(kind);
    if (step === 'hire') {
      // A state from before the count knew of one hire at most.
      s.hires = (s.hires ?? (s.hiredOn ? 1 : 0)) + 1;
      s.hiredOn = occurredOn;
      this.setPhase('RETENTION', today);
      s.tasks = [];
      s.retention = retentionFollowUps(occurredOn, this.setup.plan.retentionFollowUpWeeks, this.setup.closingDays);
      for (const r of s.retention) {
        this.addTask({
          id: `retention:${r.weeks}${followUpSuffix(s)}`,
          kind: 'RETENTION_ASK',
          what: `retention follow-up ${r.weeks} weeks after the hire`,
          dueOn: r.on,
        });
      }
      if (s.retention.length === 0) this.end('COMPLETED', today);
    } else if (step === 'end' || !this.patched(PARTICIPANT_PATCHES.outcomeSequence)) {
      this.end('COMPLETED', today, step === 'end' && s.phase === 'RETENTION' ? 'no longer in a job or education' : undefined);
    } else if (s.phase !== 'RETENTION' && !s.tasks.some((t) => t.id === 'phase-end:JOB_TRAINING' || t.id === 'start')) {
      // Job training is over: what follows the internship or education is due.
      this.addTask({ id: 'outcome', kind: 'OUTCOME', what: `record what follows the ${kind.toLowerCase()}`, dueOn: today, overdue: true });
    }
  }

  /** Releases the source's pause; the last release moves the dates still ahead and restarts the attendance checks. */
  private resume(source: string, today: LocalDate): void {
    const s = this.state;
    const { plan, closingDays } = this.setup;
    const { released, ended: pauseEnded } = releasePause(s, source, today);
    if (!released) return;
    if (pauseEnded) {
      const { since, days } = pauseEnded;
      // A pause moves only the dates still ahead when it began: job training that had started keeps
      // its start, follow-ups already asked keep their dates.
      const shift = this.patched(PARTICIPANT_PATCHES.pauseKeepsReachedDates)
        ? (d: LocalDate) => dateAfterPause(d, pauseEnded, closingDays)
        : (d: LocalDate) => shiftByPause(d, days, closingDays);
      for (const t of s.tasks) if (!t.overdue) t.dueOn = shift(t.dueOn);
      s.jobTrainingStartsOn = shift(s.jobTrainingStartsOn);
      s.jobTrainingEndsOn = shift(s.jobTrainingEndsOn);
      if (s.placement) {
        s.placement.endsOn = shift(s.placement.endsOn);
        if (s.placement.startsOn > since) s.placement.startsOn = shift(s.placement.startsOn);
      }
      for (const r of s.retention) if (!r.answer) r.on = shift(r.on);
      // Weeks inside the pause are not checked; checking starts again with the week of the resume, whose
      // hours are planned from the resume (against the plan, in job training too).
      this.removeTasks((t) => t.kind === 'ATTENDANCE' && !t.overdue);
      const againstPlan = TRAINING_PHASES.includes(s.phase) && this.patched(PARTICIPANT_PATCHES.attendanceAgainstPlan);
      if (againstPlan) s.attendanceCountsFrom = today;
      const resumesChecks = againstPlan
        ? mondayOf(today) < s.jobTrainingEndsOn
        : TRAINING_PHASES.includes(s.phase) && mondayOf(today) < s.jobTrainingStartsOn && s.phase !== 'JOB_TRAINING';
      if (resumesChecks) this.addTask(attendanceTask(today, plan.attendance.graceDays, closingDays));
      s.missedWeeksInRow = 0;
    }
    s.version++;
  }

  /** The progress a new track continues from after a transfer; what belongs to this partnership stays behind. */
  private carriedTo(today: LocalDate): ParticipantTrackState {
    const { plan, closingDays } = this.setup;
    const carried = JSON.parse(JSON.stringify(this.state)) as ParticipantTrackState;
    carried.mentorStaffId = undefined;
    carried.placement = undefined;
    carried.version = 0;
    carried.tasks = carried.tasks.filter((t) => t.kind !== 'CHECK_IN' && t.kind !== 'MENTOR' && t.kind !== 'PLACEMENT');
    if (TRAINING_PHASES.includes(carried.phase)) {
      const placementDue = carried.jobTrainingStartsOn > today ? carried.jobTrainingStartsOn : today;
      carried.tasks.push({
        id: 'placement',
        kind: 'PLACEMENT',
        what: 'place the participant in a company for job training',
        dueOn: placementDue,
      });
      if (plan.mentor.required) {
        carried.tasks.push({
          id: 'mentor',
          kind: 'MENTOR',
          what: 'assign a mentor',
          dueOn: mentorReminderOn(today, plan.mentor.remindAfterDays, closingDays),
        });
      }
    }
    return carried;
  }

  // ── bookkeeping ───────────────────────────────────────────────────────────────────────────────
  /**
   * The very task the loop was told is due (a request may have removed or replaced it meanwhile: then
   * it is no longer on the agenda and does not fire); without the loop's word, the task of that id and date.
   */
  private dueTask(taskId: string, dueOn: LocalDate): TrackTask | undefined {
    return this.dueNow.get(taskId) ?? this.state.tasks.find((x) => x.id === taskId && x.dueOn === dueOn && !x.overdue);
  }

  private emit(effect: ParticipantTrackEffect): void {
    this.outbox.push(effect);
  }

  private key(what: string): string {
    return `participant:${this.setup.trackId}:${what}`;
  }

  private task(id: string): TrackTask | undefined {
    return this.state.tasks.find((t) => t.id === id);
  }

  private removeTask(id: string): void {
    this.state.tasks = this.state.tasks.filter((t) => t.id !== id);
  }

  private removeTasks(pred: (t: TrackTask) => boolean): void {
    this.state.tasks = this.state.tasks.filter((t) => !pred(t));
  }

  private addTask(t: TrackTask): void {
    this.removeTask(t.id);
    this.state.tasks.push(t);
  }

  private setPhase(phase: ParticipantTrackPhase, on: LocalDate): void {
    if (this.state.phase === phase) return;
    this.state.phase = phase;
    this.state.phaseStartedOn = on;
    this.phaseChanged = true;
    this.emit({ kind: 'phase', phase });
  }

  private end(phase: 'COMPLETED' | 'DROPPED_OUT' | 'TRANSFERRED', today: LocalDate, reason?: string): void {
    this.setPhase(phase, today);
    this.state.endedOn = today;
    if (reason) this.state.endReason = reason;
    this.state.tasks = [];
  }
}

/**
 * The agenda as a pure reducer: the state after the event and the effects, the given state untouched.
 * `patched` says which changed behaviours apply (all, by default).
 */
export function reduce(
  state: ParticipantTrackState,
  event: ParticipantTrackEvent,
  today: LocalDate,
  setup: AgendaSetup,
  patched?: (patch: ParticipantPatch) => boolean,
): { state: ParticipantTrackState; effects: ParticipantTrackEffect[] } {
  const agenda = new ParticipantAgenda(JSON.parse(JSON.stringify(state)) as ParticipantTrackState, setup, patched);
  const effects = agenda.apply(event, today);
  return { state: agenda.state, effects };
}
