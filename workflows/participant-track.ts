// The participant track: a citizen's 12 months (work-readiness training, job training in a company),
// the outcome and the retention follow-ups, as one durable workflow per enrolment. The track keeps an
// agenda of dated tasks (phase ends, attendance checks, deadlines, check-ins, follow-ups); a single
// loop sleeps until the next one is due, and signals and updates change the agenda in between.
// Continue-as-new at every phase change keeps each run's history small.
import {
  allHandlersFinished, condition, continueAsNew, log, patched, proxyActivities, setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { TrackRecipient } from '../activities/participant/mail.js';
import type { OverdueNotice } from '../activities/digest.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';
import { addWeeks, instantAt, localDateAt, mondayOf, parseLocalDate, type LocalDate } from '../domain/calendar.js';
import {
  answerDueOn, attendanceReminderOn, checkAttendanceWeek, firstEmployerContactDueOn, mentorReminderOn, phaseDates, placementCheckIns,
  retentionFollowUps,
} from '../domain/participant-schedule.js';
import { TRACK_PAUSE_SOURCE, dateAfterPause, holdPause, isPaused, pauseReasons, releasePause, shiftByPause } from '../domain/pause.js';
import { keepSearchAttribute } from './keep-search-attributes.js';
import {
  HIRE_KINDS, TRACK_OUTCOME_KINDS, answerRetentionUpdate, assignMentorUpdate, dropOutUpdate, participantSummaryQuery,
  pauseTrackSignal, pauseTrackUpdate, placeParticipantUpdate, recordAttendanceUpdate, recordEmployerContactUpdate, recordTrackOutcomeUpdate,
  resumeTrackSignal, resumeTrackUpdate, tickTrainingTopicUpdate, transferUpdate,
  type ParticipantTrackInput, type ParticipantTrackPhase, type ParticipantTrackState, type PauseInput, type TrackSummary, type TrackTask,
} from '../contracts/participant-track.js';
import { PHASE } from '../contracts/search-attributes.js';
import { passOnRejection, reject as rejectAs, REJECTION } from '../contracts/rejection.js';
import { evidenceOf, reasonOf } from '../contracts/text-refs.js';

const { projectParticipantTrack, writeAttendance, assignParticipantMentor, placeParticipantInCompany } =
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: [REJECTION.participantTrack] },
  });
const { recordOutcome } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
});
const { sendParticipantMail, sendParticipantDigest } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY,
});

/** Reminders and phase changes happen at this local time on their (working) day. */
const DUE_TIME = '09:00';
/** Continue-as-new before a run's history grows past this, even within a phase. */
const MAX_HISTORY_EVENTS = 4000;
/**
 * Work that fell due before the track began running (a track started with dates in the past) is told
 * in one digest to the coordinator instead of one e-mail per reminder. Removal: deprecatePatch once no
 * track started before this release is open (18 months plus pauses), then drop the check.
 */
const CATCH_UP_DIGEST = 'catch-up-digest';
/** A resume moves only the dates not yet reached when the pause began. */
const PAUSE_KEEPS_REACHED_DATES = 'pause-keeps-reached-dates';
const ACTIVE_PHASES: readonly ParticipantTrackPhase[] = ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING', 'RETENTION'];
const TRAINING_PHASES: readonly ParticipantTrackPhase[] = ['ENROLLED', 'WORK_READINESS', 'JOB_TRAINING'];
const KIND_ORDER: Record<TrackTask['kind'], number> = {
  PHASE_END: 0, PLACEMENT: 1, OUTCOME: 2, ATTENDANCE: 3, MENTOR: 4, EMPLOYER_CONTACT: 5, CHECK_IN: 6, RETENTION_ASK: 7, RETENTION_ANSWER: 8,
};

const reject = (message: string, field: string) => rejectAs(REJECTION.participantTrack, message, field);

function checkDate(value: string, field: string): void {
  try {
    parseLocalDate(value);
  } catch {
    throw reject(`${field} must be a date of the form YYYY-MM-DD, got "${value}"`, field);
  }
}

/** Passes an activity's validation rejection on to the caller of the update, unchanged. */
const rethrowRejection = passOnRejection(REJECTION.participantTrack);

const today = (): LocalDate => localDateAt(Date.now());

function initialState(input: ParticipantTrackInput, closingDays: LocalDate[]): ParticipantTrackState {
  const plan = input.plan;
  const dates = phaseDates(input.startsOn ?? today(), plan, closingDays);
  const start = dates.workReadinessStartsOn;
  const tasks: TrackTask[] = [
    { id: 'phase-end:WORK_READINESS', kind: 'PHASE_END', what: 'work-readiness training ends; job training in a company starts', dueOn: dates.jobTrainingStartsOn },
    attendanceTask(start, plan.attendance.graceDays, closingDays),
    { id: 'placement', kind: 'PLACEMENT', what: 'place the participant in a company for job training', dueOn: dates.jobTrainingStartsOn },
  ];
  if (start > today()) tasks.push({ id: 'start', kind: 'PHASE_END', what: 'work-readiness training starts', dueOn: start });
  if (plan.mentor.required) {
    tasks.push({ id: 'mentor', kind: 'MENTOR', what: 'assign a mentor', dueOn: mentorReminderOn(start, plan.mentor.remindAfterDays, closingDays) });
  }
  if (plan.ips) {
    tasks.push({
      id: 'employer-contact', kind: 'EMPLOYER_CONTACT', what: 'first employer contact (IPS)',
      dueOn: firstEmployerContactDueOn(start, plan.ips.firstEmployerContactDays, closingDays),
    });
  }
  return {
    phase: start > today() ? 'ENROLLED' : 'WORK_READINESS',
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

function attendanceTask(week: LocalDate, graceDays: number, closingDays: LocalDate[]): TrackTask {
  const monday = mondayOf(week);
  return { id: `attendance:${monday}`, kind: 'ATTENDANCE', what: `attendance for the week of ${monday}`, dueOn: attendanceReminderOn(monday, graceDays, closingDays) };
}

/** The participant's track from enrolment to the last retention follow-up (or an early end). */
export async function participantTrackWorkflow(input: ParticipantTrackInput): Promise<TrackSummary> {
  const { workflowId } = workflowInfo();
  const { plan, trackId } = input;
  // No await before the handlers are set: an update sent right after the start must find them.
  const closingDays = input.closingDays;
  const state: ParticipantTrackState = input.carried ?? initialState(input, closingDays);

  let woken = false;
  let phaseChanged = false;
  const ended = () => !ACTIVE_PHASES.includes(state.phase);
  const paused = () => isPaused(state);
  const changed = () => {
    state.version++;
    woken = true;
  };
  const task = (id: string) => state.tasks.find((t) => t.id === id);
  const removeTask = (id: string) => {
    state.tasks = state.tasks.filter((t) => t.id !== id);
  };
  const removeTasks = (pred: (t: TrackTask) => boolean) => {
    state.tasks = state.tasks.filter((t) => !pred(t));
  };
  const addTask = (t: TrackTask) => {
    removeTask(t.id);
    state.tasks.push(t);
  };
  const setPhase = (phase: ParticipantTrackPhase, on: LocalDate = today()) => {
    if (state.phase === phase) return;
    state.phase = phase;
    state.phaseStartedOn = on;
    phaseChanged = true;
    keepSearchAttribute(PHASE, phase);
  };
  const end = (phase: 'COMPLETED' | 'DROPPED_OUT' | 'TRANSFERRED', reason?: string) => {
    setPhase(phase);
    state.endedOn = today();
    if (reason) state.endReason = reason;
    state.tasks = [];
  };

  const summary = (): TrackSummary => {
    const open = [...state.tasks].sort(byDue);
    const pending = open.filter((t) => !t.overdue);
    const next = pending[0];
    const phaseEndsOn =
      state.phase === 'ENROLLED' ? state.startedOn
      : state.phase === 'WORK_READINESS' ? state.jobTrainingStartsOn
      : state.phase === 'JOB_TRAINING' ? state.jobTrainingEndsOn
      : state.phase === 'RETENTION' ? state.retention[state.retention.length - 1]?.on
      : undefined;
    const lastAttendance = [...state.attendance].sort((a, b) => a.weekStart.localeCompare(b.weekStart)).pop();
    return {
      trackId,
      phase: state.phase,
      paused: paused(),
      pauseReasons: pauseReasons(state),
      startedOn: state.startedOn,
      phaseStartedOn: state.phaseStartedOn,
      phaseEndsOn,
      jobTrainingStartsOn: state.jobTrainingStartsOn,
      jobTrainingEndsOn: state.jobTrainingEndsOn,
      nextDeadline: next ? { on: next.dueOn, what: next.what } : undefined,
      lastAttendance,
      mentorStaffId: state.mentorStaffId,
      employerContactOn: state.employerContactOn,
      placement: state.placement,
      trainingTopics: plan.trainingTopics.map((topic) => ({ topic, done: state.topicsDone.includes(topic) })),
      pendingTasks: pending,
      overdue: open.filter((t) => t.overdue),
      outcomes: state.outcomes,
      retention: state.retention,
      pausedDaysTotal: state.pausedDaysTotal,
      endedOn: state.endedOn,
      endReason: state.endReason,
      transferredToTrackId: state.transferredToTrackId,
      version: state.version,
    };
  };

  // Projections run one after another, each writing the summary as it is when it runs; an unchanged
  // summary is not written again.
  let projection: Promise<unknown> = Promise.resolve();
  let lastProjected = '';
  const project = (): Promise<unknown> => {
    projection = projection.then(async () => {
      const s = summary();
      const unversioned = JSON.stringify({ ...s, version: 0 });
      if (unversioned === lastProjected) return;
      await projectParticipantTrack(s);
      lastProjected = unversioned;
    });
    return projection;
  };

  const sendMail = async (key: string, template: string, to: TrackRecipient, data: Record<string, string | number | boolean | string[]> = {}) => {
    try {
      await sendParticipantMail({ trackId, workflowId, idempotencyKey: `participant:${trackId}:${key}`, template, to, data });
    } catch (e) {
      // A bounced reminder must not stop the track: the outbox row shows the failure to operators.
      log.warn('track e-mail failed', { key, template, error: (e as Error).message });
    }
  };

  // ── the agenda ──────────────────────────────────────────────────────────────────────────────
  /** Fires a due task; with `heldBack`, its e-mails are collected there for a digest instead of sent. */
  async function fire(t: TrackTask, heldBack?: OverdueNotice[]): Promise<void> {
    const markOverdue = () => {
      t.overdue = true;
    };
    const mail: typeof sendMail = async (key, template, to, data = {}) => {
      if (heldBack) heldBack.push({ template, data });
      else await sendMail(key, template, to, data);
    };
    switch (t.kind) {
      case 'PHASE_END':
        removeTask(t.id);
        if (t.id === 'start') setPhase('WORK_READINESS', t.dueOn);
        else if (t.id === 'phase-end:WORK_READINESS') {
          setPhase('JOB_TRAINING', t.dueOn);
          // The last week of work-readiness is checked after the phase ends (its grace period runs
          // into job training); tracks started before this change dropped that check.
          if (!patched('check-last-work-readiness-week')) removeTasks((x) => x.kind === 'ATTENDANCE' && !x.overdue);
          addTask({ id: 'phase-end:JOB_TRAINING', kind: 'PHASE_END', what: 'job training ends; the outcome is due', dueOn: state.jobTrainingEndsOn });
        } else if (t.id === 'phase-end:JOB_TRAINING') {
          addTask({ id: 'outcome', kind: 'OUTCOME', what: 'record the outcome of the track', dueOn: t.dueOn, overdue: true });
          await mail('outcome-due', 'participant-outcome-due', 'coordinator', { endedOn: t.dueOn });
        }
        return;
      case 'ATTENDANCE': {
        const week = t.id.slice('attendance:'.length);
        const record = state.attendance.find((a) => a.weekStart === week);
        const missed = !record || !record.present || record.hours === 0;
        if (record) removeTask(t.id);
        else markOverdue();
        if (missed) {
          state.missedWeeksInRow++;
          if (!record) await mail(`attendance-reminder:${week}`, 'participant-attendance-reminder', 'responsibleStaff', { weekStart: week });
          if (state.missedWeeksInRow % plan.attendance.escalateAfterWeeks === 0) {
            await mail(`attendance-escalation:${week}`, 'participant-attendance-escalation', 'coordinator', {
              weekStart: week, weeksInRow: state.missedWeeksInRow,
            });
          }
        } else state.missedWeeksInRow = 0;
        const next = addWeeks(week, 1);
        if (TRAINING_PHASES.includes(state.phase) && next < state.jobTrainingStartsOn) addTask(attendanceTask(next, plan.attendance.graceDays, closingDays));
        return;
      }
      case 'MENTOR':
        if (state.mentorStaffId) return removeTask(t.id);
        markOverdue();
        return mail('mentor-missing', 'participant-mentor-missing', 'coordinator', { startedOn: state.startedOn, dueOn: t.dueOn });
      case 'EMPLOYER_CONTACT':
        if (state.employerContactOn) return removeTask(t.id);
        markOverdue();
        return mail('employer-contact-overdue', 'participant-employer-contact-overdue', 'coordinator', { startedOn: state.startedOn, dueOn: t.dueOn });
      case 'PLACEMENT':
        if (state.placement) return removeTask(t.id);
        markOverdue();
        return mail('placement-missing', 'participant-placement-missing', 'coordinator', { jobTrainingStartsOn: state.jobTrainingStartsOn });
      case 'CHECK_IN': {
        removeTask(t.id);
        const checkIn = t.id.split(':')[1] === 'midway' ? 'midway' : 'end';
        const data = { checkIn, midway: checkIn === 'midway', on: t.dueOn, endsOn: state.placement?.endsOn ?? state.jobTrainingEndsOn };
        await mail(`${t.id}:support`, 'participant-check-in', 'supportPerson', data);
        if (state.placement) await mail(`${t.id}:company:${state.placement.companyId}`, 'participant-check-in', 'companyContact', data);
        return;
      }
      case 'RETENTION_ASK': {
        removeTask(t.id);
        const weeks = Number(t.id.split(':')[1]);
        const answerBy = answerDueOn(t.dueOn, closingDays);
        addTask({ id: `retention-answer:${weeks}`, kind: 'RETENTION_ANSWER', what: `answer to the ${weeks}-week retention follow-up`, dueOn: answerBy });
        return mail(`retention:${weeks}`, 'participant-retention-check', 'supportPerson', { weeks, hiredOn: state.hiredOn ?? '', answerBy });
      }
      case 'RETENTION_ANSWER':
        markOverdue();
        return mail(`${t.id}:overdue`, 'participant-retention-overdue', 'coordinator', { weeks: Number(t.id.split(':')[1]), dueOn: t.dueOn });
      case 'OUTCOME':
        return markOverdue();
    }
  }

  const dueTasks = (before = Date.now() + 1): TrackTask[] =>
    state.tasks.filter((t) => !t.overdue && instantAt(t.dueOn, DUE_TIME) < before).sort(byDue);

  /**
   * A fresh track whose dates lie partly in the past: every task that fell due before it began running
   * is fired in order (each week's attendance check adds the next) without its e-mail, and the
   * coordinator gets one digest listing what was overdue at the start.
   */
  const begunAt = workflowInfo().runStartTime.getTime();
  const fellDueBeforeStart = (t: TrackTask) => !input.carried && instantAt(t.dueOn, DUE_TIME) < begunAt;
  async function catchUp(): Promise<void> {
    const heldBack: OverdueNotice[] = [];
    for (let round = dueTasks(begunAt); round.length > 0 && !ended() && !paused(); round = dueTasks(begunAt)) {
      for (const t of round) {
        if (ended() || paused()) break;
        if (state.tasks.includes(t)) await fire(t, heldBack);
      }
    }
    if (heldBack.length === 0) return;
    // One e-mail to the coordinator, who shares out the work (the attendance reminders would have gone
    // to the responsible staff member, often the same person).
    try {
      await sendParticipantDigest({
        trackId, workflowId, idempotencyKey: `participant:${trackId}:digest:track-start`, to: 'coordinator', begunOn: localDateAt(begunAt), notices: heldBack,
      });
    } catch (e) {
      log.warn('track digest failed', { error: (e as Error).message });
    }
  }
  const nextDueAt = (): number | undefined => {
    const pending = state.tasks.filter((t) => !t.overdue).map((t) => instantAt(t.dueOn, DUE_TIME));
    return pending.length ? Math.min(...pending) : undefined;
  };

  // ── pause and resume ────────────────────────────────────────────────────────────────────────
  const pause = (p: PauseInput) => {
    const reason = reasonOf(p);
    if (ended() || !reason) return;
    if (holdPause(state, reason, p.source ?? TRACK_PAUSE_SOURCE, today())) changed();
  };
  const resume = (source = TRACK_PAUSE_SOURCE) => {
    const { released, ended: pauseEnded } = releasePause(state, source, today());
    if (!released) return;
    if (pauseEnded) {
      const { since, days } = pauseEnded;
      // A pause moves only the dates still ahead when it began (domain/pause.ts): job training that had
      // started keeps its start, follow-ups already asked keep their dates. Tracks resumed before this
      // change moved every date. Removal: deprecatePatch once no track paused before this release is
      // open (tracks last at most 18 months plus pauses), then drop the old branch.
      const shift = patched(PAUSE_KEEPS_REACHED_DATES)
        ? (d: LocalDate) => dateAfterPause(d, pauseEnded, closingDays)
        : (d: LocalDate) => shiftByPause(d, days, closingDays);
      for (const t of state.tasks) if (!t.overdue) t.dueOn = shift(t.dueOn);
      state.jobTrainingStartsOn = shift(state.jobTrainingStartsOn);
      state.jobTrainingEndsOn = shift(state.jobTrainingEndsOn);
      if (state.placement) {
        state.placement.endsOn = shift(state.placement.endsOn);
        if (state.placement.startsOn > since) state.placement.startsOn = shift(state.placement.startsOn);
      }
      for (const r of state.retention) if (!r.answer) r.on = shift(r.on);
      // Weeks inside the pause are not checked; checking starts again with the week of the resume.
      removeTasks((t) => t.kind === 'ATTENDANCE' && !t.overdue);
      if (TRAINING_PHASES.includes(state.phase) && mondayOf(today()) < state.jobTrainingStartsOn && state.phase !== 'JOB_TRAINING') {
        addTask(attendanceTask(today(), plan.attendance.graceDays, closingDays));
      }
      state.missedWeeksInRow = 0;
    }
    changed();
  };

  // ── messages ────────────────────────────────────────────────────────────────────────────────
  const mustBeActive = () => {
    if (ended()) throw reject(`the track has ended (${state.phase})`, 'phase');
  };
  const mustBeInTraining = () => {
    mustBeActive();
    if (!TRAINING_PHASES.includes(state.phase)) throw reject(`not possible in phase ${state.phase}`, 'phase');
  };
  const done = async (): Promise<TrackSummary> => {
    changed();
    await project();
    return summary();
  };

  setHandler(participantSummaryQuery, summary);

  setHandler(
    recordAttendanceUpdate,
    async ({ weekStart, hours, present, recordedBy }) => {
      const isPresent = present ?? hours > 0;
      await writeAttendance({ trackId, weekStart, hours, present: isPresent, recordedBy });
      state.attendance = state.attendance.filter((a) => a.weekStart !== weekStart);
      state.attendance.push({ weekStart, hours, present: isPresent });
      if (task(`attendance:${weekStart}`)?.overdue) removeTask(`attendance:${weekStart}`);
      return done();
    },
    {
      validator: ({ weekStart, hours, recordedBy }) => {
        mustBeInTraining();
        try {
          checkAttendanceWeek(weekStart, hours, state.startedOn, state.jobTrainingEndsOn);
        } catch (e) {
          throw reject((e as Error).message, (e as { field?: string }).field ?? 'weekStart');
        }
        if (!recordedBy) throw reject('recordedBy is required', 'recordedBy');
      },
    },
  );

  setHandler(
    assignMentorUpdate,
    async ({ staffMemberId }) => {
      await assignParticipantMentor({ trackId, staffMemberId }).catch(rethrowRejection);
      state.mentorStaffId = staffMemberId;
      removeTask('mentor');
      return done();
    },
    {
      validator: ({ staffMemberId }) => {
        mustBeInTraining();
        if (!staffMemberId) throw reject('staffMemberId is required', 'staffMemberId');
      },
    },
  );

  setHandler(
    tickTrainingTopicUpdate,
    ({ topic, done: isDone = true }) => {
      state.topicsDone = state.topicsDone.filter((t) => t !== topic);
      if (isDone) state.topicsDone.push(topic);
      return done();
    },
    {
      validator: ({ topic }) => {
        mustBeInTraining();
        if (!plan.trainingTopics.includes(topic)) throw reject(`"${topic}" is not a topic of the training plan`, 'topic');
      },
    },
  );

  setHandler(
    recordEmployerContactUpdate,
    ({ on }) => {
      state.employerContactOn ??= on;
      removeTask('employer-contact');
      return done();
    },
    {
      validator: ({ on }) => {
        mustBeInTraining();
        checkDate(on, 'on');
        if (on > today()) throw reject(`the contact date ${on} is in the future`, 'on');
      },
    },
  );

  setHandler(
    placeParticipantUpdate,
    async ({ companyId, supportPersonId }) => {
      const placed = await placeParticipantInCompany({ trackId, companyId, supportPersonId }).catch(rethrowRejection);
      const startsOn = state.phase === 'JOB_TRAINING' ? today() : state.jobTrainingStartsOn;
      const endsOn = state.jobTrainingEndsOn;
      state.placement = { companyId, role: placed.role, supportPersonId: placed.supportPersonId, startsOn, endsOn };
      removeTask('placement');
      removeTasks((t) => t.kind === 'CHECK_IN');
      const checkIns = placementCheckIns(startsOn, endsOn, plan.placementCheckIns, closingDays);
      for (const c of checkIns) {
        addTask({ id: `check-in:${c.checkIn}:${companyId}`, kind: 'CHECK_IN', what: `${c.checkIn} check-in of the placement`, dueOn: c.on });
      }
      changed();
      await project();
      await sendMail(`placement-welcome:${companyId}`, 'participant-placement-welcome', 'companyContact', {
        startsOn, endsOn, checkIns: checkIns.map((c) => c.on), hoursPerWeek: plan.jobTraining.hoursPerWeek ?? plan.workReadiness.hoursPerWeek,
      });
      return summary();
    },
    {
      validator: ({ companyId }) => {
        mustBeInTraining();
        if (!companyId) throw reject('companyId is required', 'companyId');
      },
    },
  );

  setHandler(
    recordTrackOutcomeUpdate,
    async ({ kind, occurredOn, hoursPerWeek, evidenceRef, evidenceId }) => {
      const recorded = await recordOutcome({
        idempotencyKey: `participant:${trackId}:outcome`, participantTrackId: trackId, kind, occurredOn, hoursPerWeek, evidenceRef, evidenceId,
      });
      state.outcomes.push({ kind, occurredOn, hoursPerWeek, outcomeId: recorded.outcomeId, amountOre: recorded.amountOre });
      if (HIRE_KINDS.includes(kind)) {
        state.hiredOn = occurredOn;
        setPhase('RETENTION');
        state.tasks = [];
        state.retention = retentionFollowUps(occurredOn, plan.retentionFollowUpWeeks, closingDays);
        for (const r of state.retention) {
          addTask({ id: `retention:${r.weeks}`, kind: 'RETENTION_ASK', what: `retention follow-up ${r.weeks} weeks after the hire`, dueOn: r.on });
        }
        if (state.retention.length === 0) end('COMPLETED');
      } else end('COMPLETED');
      return done();
    },
    {
      validator: ({ kind, occurredOn, hoursPerWeek, ...evidence }) => {
        mustBeInTraining();
        if (!TRACK_OUTCOME_KINDS.includes(kind)) throw reject(`kind must be one of ${TRACK_OUTCOME_KINDS.join(', ')}`, 'kind');
        checkDate(occurredOn, 'occurredOn');
        if (occurredOn > today()) throw reject(`the outcome date ${occurredOn} is in the future`, 'occurredOn');
        if (occurredOn < state.startedOn) throw reject(`the outcome date ${occurredOn} is before the track started`, 'occurredOn');
        if (kind === 'PARTIAL_JOB' && !(hoursPerWeek && hoursPerWeek > 0)) throw reject('a partial job needs its hours a week', 'hoursPerWeek');
        if (hoursPerWeek !== undefined && (hoursPerWeek < 0 || hoursPerWeek > 168)) throw reject('hoursPerWeek must be between 0 and 168', 'hoursPerWeek');
        if (!evidenceOf(evidence)) throw reject('an evidence reference is required', 'evidenceRef');
      },
    },
  );

  setHandler(
    answerRetentionUpdate,
    async ({ weeks, stillEmployed, evidenceRef, evidenceId }) => {
      const followUp = state.retention.find((r) => r.weeks === weeks)!;
      if (stillEmployed) {
        const recorded = await recordOutcome({
          idempotencyKey: `participant:${trackId}:retention:${weeks}`, participantTrackId: trackId, kind: 'RETENTION',
          occurredOn: followUp.on, retentionWeeks: weeks, evidenceRef, evidenceId,
        });
        state.outcomes.push({ kind: 'RETENTION', occurredOn: followUp.on, retentionWeeks: weeks, outcomeId: recorded.outcomeId, amountOre: recorded.amountOre });
      }
      followUp.answer = stillEmployed ? 'EMPLOYED' : 'NOT_EMPLOYED';
      removeTask(`retention-answer:${weeks}`);
      if (!stillEmployed || state.retention.every((r) => r.answer)) end('COMPLETED', stillEmployed ? undefined : `no longer employed at the ${weeks}-week follow-up`);
      return done();
    },
    {
      validator: ({ weeks, ...evidence }) => {
        mustBeActive();
        if (state.phase !== 'RETENTION') throw reject(`no retention follow-ups in phase ${state.phase}`, 'phase');
        const followUp = state.retention.find((r) => r.weeks === weeks);
        if (!followUp) throw reject(`there is no ${weeks}-week follow-up`, 'weeks');
        if (followUp.answer) throw reject(`the ${weeks}-week follow-up is answered already`, 'weeks');
        if (task(`retention:${weeks}`)) throw reject(`the ${weeks}-week follow-up is not due before ${followUp.on}`, 'weeks');
        if (!evidenceOf(evidence)) throw reject('an evidence reference is required', 'evidenceRef');
      },
    },
  );

  const checkPause = (p: PauseInput) => {
    mustBeActive();
    if (!reasonOf(p)) throw reject('a reason is required', 'reason');
  };
  // Signals cannot be rejected: a pause without a reason, or for an ended track, is ignored.
  setHandler(pauseTrackSignal, async (p) => {
    if (!reasonOf(p) || ended()) return;
    pause(p);
    await project();
  });
  setHandler(resumeTrackSignal, async (r) => {
    resume(r?.source);
    await project();
  });
  setHandler(
    pauseTrackUpdate,
    async (p) => {
      pause(p);
      await project();
      return summary();
    },
    { validator: checkPause },
  );
  setHandler(
    resumeTrackUpdate,
    async ({ source }) => {
      resume(source);
      await project();
      return summary();
    },
    { validator: (_: unknown) => mustBeActive() },
  );

  setHandler(
    dropOutUpdate,
    (input) => {
      end('DROPPED_OUT', reasonOf(input));
      return done();
    },
    {
      validator: (input) => {
        mustBeActive();
        if (!reasonOf(input)) throw reject('a reason is required', 'reason');
      },
    },
  );

  setHandler(
    transferUpdate,
    async ({ toTrackId, toPartnershipId, ...reason }) => {
      // The new track continues the progress; what belongs to this partnership stays behind.
      const carried: ParticipantTrackState = structuredCloneState(state);
      carried.mentorStaffId = undefined;
      carried.placement = undefined;
      carried.version = 0;
      carried.tasks = carried.tasks.filter((t) => t.kind !== 'CHECK_IN' && t.kind !== 'MENTOR' && t.kind !== 'PLACEMENT');
      if (TRAINING_PHASES.includes(carried.phase)) {
        carried.tasks.push({ id: 'placement', kind: 'PLACEMENT', what: 'place the participant in a company for job training', dueOn: maxDate(carried.jobTrainingStartsOn, today()) });
        if (plan.mentor.required) {
          carried.tasks.push({ id: 'mentor', kind: 'MENTOR', what: 'assign a mentor', dueOn: mentorReminderOn(today(), plan.mentor.remindAfterDays, closingDays) });
        }
      }
      state.transferredToTrackId = toTrackId;
      end('TRANSFERRED', `transferred to partnership ${toPartnershipId}: ${reasonOf(reason)}`);
      const s = await done();
      return { summary: s, carried };
    },
    {
      validator: ({ toTrackId, toPartnershipId, ...reason }) => {
        mustBeActive();
        if (!toTrackId || toTrackId === trackId) throw reject('toTrackId must name a new track', 'toTrackId');
        if (!toPartnershipId || toPartnershipId === input.partnershipId) throw reject('toPartnershipId must name another partnership', 'toPartnershipId');
        if (!reasonOf(reason)) throw reject('a reason is required', 'reason');
      },
    },
  );

  // ── the loop ────────────────────────────────────────────────────────────────────────────────
  keepSearchAttribute(PHASE, state.phase);
  changed();
  await project();
  while (!ended()) {
    const info = workflowInfo();
    if (phaseChanged || info.historyLength > MAX_HISTORY_EVENTS || info.continueAsNewSuggested) {
      // Finish what handlers are doing, so the next run starts from settled state.
      await condition(allHandlersFinished);
      await projection;
      if (ended()) break;
      await continueAsNew<typeof participantTrackWorkflow>({ ...input, startsOn: undefined, closingDays, carried: state });
    }
    woken = false;
    if (paused()) {
      // Reminders do not fire while paused.
      await condition(() => woken);
      continue;
    }
    const due = dueTasks();
    if (due.some(fellDueBeforeStart) && patched(CATCH_UP_DIGEST)) {
      await catchUp();
      changed();
      await project();
      continue;
    }
    if (due.length > 0) {
      for (const t of due) {
        if (ended() || paused()) break;
        if (state.tasks.includes(t)) await fire(t);
      }
      changed();
      await project();
      continue;
    }
    const at = nextDueAt();
    if (at === undefined) await condition(() => woken);
    else await condition(() => woken, Math.max(1, at - Date.now()));
  }
  await condition(allHandlersFinished);
  await project();
  return summary();
}

function byDue(a: TrackTask, b: TrackTask): number {
  return a.dueOn.localeCompare(b.dueOn) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id);
}

function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}

function structuredCloneState(s: ParticipantTrackState): ParticipantTrackState {
  return JSON.parse(JSON.stringify(s)) as ParticipantTrackState;
}
