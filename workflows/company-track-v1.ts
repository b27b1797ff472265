// The company track as it ran before its agenda (domain/company-agenda.ts): kept, unchanged, only so
// that tracks started before then replay and run to their end. companyTrackWorkflow takes this path
// when its history has no `company-agenda` marker. Frozen: change nothing here (a change would break
// those tracks); new behaviour goes into the agenda. Removal plan beside COMPANY_AGENDA in
// workflows/company-track.ts.
import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { patchApplies } from './patch-steps.js';
import type { Activities } from '../activities/index.js';
import { EMAIL_ACTIVITY } from '../contracts/email-activity.js';
import { addWorkingDays, daysBetween, instantAt, localDateAt, type LocalDate } from '../domain/calendar.js';
import { anchoringCheckDates, anchoringStatus, milestoneDates, SEND_AT, ANCHORING_REMINDER_WORKING_DAYS } from '../domain/camp-plan.js';
import {
  TRACK_PAUSE_SOURCE,
  dateAfterPause,
  emptyPauseBook,
  holdPause,
  isPaused,
  pausedDays,
  pauseReasons,
  releasePause,
  shiftByPause,
  type EndedPause,
} from '../domain/pause.js';
import { campInvitationWorkflow } from './camp-invitation.js';
import {
  anchoringAnswerUpdate,
  companyTrackSummaryQuery,
  decideSelectionUpdate,
  milestoneDoneSignal,
  pauseCompanyTrackUpdate,
  problemAcknowledgedSignal,
  resumeCompanyTrackUpdate,
  problemReportedSignal,
  withdrawCompanySignal,
  campWithdrawnSignal,
  type CampInvitationResult,
  type CompanyTrackInput,
  type CompanyTrackSummary,
  type MilestoneState,
} from '../contracts/company-track.js';
import { pauseTrackSignal, resumeTrackSignal } from '../contracts/pause.js';
import { PHASE } from '../contracts/search-attributes.js';
import { campSearchAttributes } from './camp-search-attributes.js';
import { keepSearchAttribute } from './keep-search-attributes.js';
import { REJECTION } from '../contracts/rejection.js';
import { reasonOf } from '../contracts/text-refs.js';
import { campInvitationWorkflowId } from '../contracts/workflow-ids.js';

const { projectCompanyTrack, municipalityClosingDays, reserveAcceleratorSlot, recordOutcome } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: [REJECTION.slotsExceeded],
  },
});
const { sendCompanyMail, sendCompanyDigest } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY,
});

/** Thrown inside the track when the company withdraws: every wait ends and the track closes. */
class Withdrawn extends Error {}

/** The ANCHORING outcome is recorded for a company whose social model is anchored. */
const ANCHORED_OUTCOME_STATUSES = ['ANCHORED'];
/**
 * Milestones already due when a company is selected into an accelerator under way are told to the
 * coordinator in one digest, not as a reminder and an overdue notice each. No steps of its own: this file
 * runs only the tracks begun before COMPANY_AGENDA and is removed at that patch's step 2 (deprecatePatch,
 * company-track.ts, once
 * `WorkflowType = "companyTrackWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * finds no run), this call with it.
 */
const CATCH_UP_DIGEST = 'catch-up-digest';
/**
 * A resume moves only the dates not yet reached when the pause began (as for participants). No steps of
 * its own: this file runs only the tracks begun before COMPANY_AGENDA and is removed at that patch's step
 * 2 (deprecatePatch, company-track.ts, once
 * `WorkflowType = "companyTrackWorkflow" AND ExecutionStatus = "Running" AND StartTime < "2026-11-30"`
 * finds no run), this call with it.
 */
const PAUSE_KEEPS_REACHED_DATES = 'pause-keeps-reached-dates';
const ENDED_PHASES: ReadonlyArray<CompanyTrackSummary['phase']> = ['COMPLETED', 'NOT_SELECTED', 'WITHDRAWN'];

/** The pre-agenda company track (see the head of this file). */
export async function companyTrackWorkflowV1(input: CompanyTrackInput): Promise<CompanyTrackSummary> {
  const { workflowId } = workflowInfo();
  const trackId = workflowId;
  const locale = input.locale ?? 'da';
  const today = (): LocalDate => localDateAt(Date.now());
  const s: CompanyTrackSummary = {
    cohortId: input.cohortId,
    cvr: input.cvr,
    phase: 'RECRUITED',
    selected: null,
    bootCamp: null,
    camps: [],
    milestones: [],
    anchoringChecks: [],
    anchoringAnswers: [],
    anchoringStatus: null,
    problemReports: [],
    nextDeadlineOn: null,
    nextDeadlineWhat: null,
    overdueCount: 0,
    paused: false,
    pauseReasons: [],
    pausedDaysTotal: 0,
  };
  let dirty = false;
  let closingDays: LocalDate[] = [];
  /** A selection update is taking the slot: a second decision meanwhile is refused. */
  let deciding = false;
  let withdrawn = false;
  const children: Array<ChildWorkflowHandle<typeof campInvitationWorkflow>> = [];

  // The company's own dates, which a resume moves while they are still ahead.
  const pauses = emptyPauseBook();
  const paused = () => isPaused(pauses);
  /** The end of this company's accelerator: the cohort's, moved by the company's pauses during its accelerator. */
  // Each date keeps the day it was planned: a pause that began before moves it by the days paused
  // since then only (a company selected, or a problem reported, while paused).
  let acceleratorEndsOn = input.acceleratorEndsOn;
  let acceleratorStartedOn: LocalDate | null = null;
  let acceleratorEnded = false;
  const milestonePlan: Array<{ title: string; remindOn: LocalDate; plannedOn: LocalDate; state: MilestoneState }> = [];
  const checkPlan: Array<{
    checkNo: number;
    monthsAfterEnd: number;
    remindOn: LocalDate;
    plannedOn: LocalDate;
    reminderPassed: boolean;
    state: CompanyTrackSummary['anchoringChecks'][number];
  }> = [];
  let anchoringClose: { on: LocalDate; plannedOn: LocalDate } | null = null;
  const escalations = new Set<{ dueOn: LocalDate; plannedOn: LocalDate }>();

  const moveOwnDates = (ended: EndedPause): void => {
    if (ended.days === 0) return;
    const resumedOn = today();
    // The participant track's rule (domain/pause.ts): dates reached when the pause began keep their
    // day. Tracks resumed before this change moved every date still pending (the plan:
    // PAUSE_KEEPS_REACHED_DATES).
    const keepReached = patchApplies(PAUSE_KEEPS_REACHED_DATES);
    const shift = (d: LocalDate, plannedOn: LocalDate) => {
      if (keepReached) return dateAfterPause(d, ended, closingDays, plannedOn);
      const days = plannedOn > ended.since ? pausedDays(plannedOn, resumedOn) : ended.days;
      return days > 0 ? shiftByPause(d, days, closingDays) : d;
    };
    if (s.phase === 'ACCELERATOR' && !acceleratorEnded && acceleratorStartedOn)
      acceleratorEndsOn = shift(acceleratorEndsOn, acceleratorStartedOn);
    for (const m of milestonePlan) {
      if (m.state.doneOn || m.state.overdue) continue;
      m.remindOn = shift(m.remindOn, m.plannedOn);
      m.state.dueOn = shift(m.state.dueOn, m.plannedOn);
    }
    for (const c of checkPlan) {
      if (!c.state.asked) c.state.on = shift(c.state.on, c.plannedOn);
      if (!c.reminderPassed) c.remindOn = shift(c.remindOn, c.plannedOn);
    }
    if (anchoringClose) anchoringClose.on = shift(anchoringClose.on, anchoringClose.plannedOn);
    for (const e of escalations) e.dueOn = shift(e.dueOn, e.plannedOn);
    s.nextDeadlineOn = currentDeadline() ?? s.nextDeadlineOn;
  };
  /** The date the summary's next deadline names, as moved by pauses. */
  const currentDeadline = (): LocalDate | null => {
    const [what, id] = (s.nextDeadlineWhat ?? '').split(':');
    if (what === 'milestone') return s.milestones.find((m) => m.id === id)?.dueOn ?? null;
    if (what === 'accelerator-end') return acceleratorEndsOn;
    if (what === 'anchoring-check') return s.anchoringChecks.find((c) => String(c.checkNo) === id)?.on ?? null;
    if (what === 'anchoring-answers') return checkPlan.find((c) => String(c.checkNo) === id)?.remindOn ?? null;
    if (what === 'anchoring-close') return anchoringClose?.on ?? null;
    return null;
  };
  const pauseChanged = (): void => {
    s.paused = paused();
    s.pauseReasons = pauseReasons(pauses);
    s.pausedDaysTotal = pauses.pausedDaysTotal;
    dirty = true;
  };

  const project = async (): Promise<void> => {
    dirty = false;
    keepSearchAttribute(PHASE, s.phase);
    await projectCompanyTrack({
      trackId,
      workflowId,
      cohortId: input.cohortId,
      companyId: input.companyId,
      partnershipId: input.partnershipId,
      phase: s.phase,
      paused: s.paused,
      nextDeadlineOn: s.nextDeadlineOn,
      nextDeadlineWhat: s.nextDeadlineWhat,
      overdueCount: s.overdueCount,
      anchoringStatus: s.anchoringStatus,
      summary: s as unknown as Record<string, unknown>,
    });
  };
  const mail = async (
    to: 'COMPANY' | 'EMPLOYMENT_ACTOR' | 'COORDINATOR',
    template: string,
    step: string,
    data: Record<string, unknown>,
    reportId?: string,
  ): Promise<void> => {
    try {
      await sendCompanyMail({
        trackId,
        cohortId: input.cohortId,
        companyId: input.companyId,
        partnershipId: input.partnershipId,
        to,
        template,
        step,
        data,
        reportId,
        locale,
        workflowId,
      });
    } catch (e) {
      if (!(e instanceof ActivityFailure)) throw e;
      // Left in the outbox (FAILED or PENDING with its error) for operators; the track goes on.
      log.warn('e-mail not delivered', { template, step, error: e.cause?.message ?? e.message });
    }
  };
  const startCamp = async (campId: string): Promise<ChildWorkflowHandle<typeof campInvitationWorkflow>> => {
    const child = await startChild(campInvitationWorkflow, {
      workflowId: campInvitationWorkflowId(campId, input.cvr),
      args: [
        {
          campId,
          companyId: input.companyId,
          cvr: input.cvr,
          reminderWorkingDays: input.plan.campReminderWorkingDays,
          closingDays,
          locale,
          // The boot camp is announced at once; the accelerator's camps their lead time ahead. Plans of
          // tracks started before lead times existed have none: their camps are announced at once, as before.
          invitationLeadWeeks: campId === input.bootCampId ? undefined : (input.plan.invitationLeadWeeks as number | undefined),
        },
      ],
      // A camp's follow-up finishes even when the company's track has ended.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: campSearchAttributes(),
    });
    children.push(child);
    return child;
  };

  /** A camp child that failed (its activities gave up) is shown to operators; the track goes on. */
  const childFailed = (campId: string, e: unknown): void => {
    log.error('camp invitation failed', { campId, error: (e as Error).message });
    s.camps.push({ campId, status: 'FAILED', rsvp: 'PENDING', attended: null });
    dirty = true;
  };

  // ---- messages ----
  setHandler(companyTrackSummaryQuery, () => s);
  setHandler(
    decideSelectionUpdate,
    async ({ selected }) => {
      deciding = true;
      if (selected) {
        try {
          await reserveAcceleratorSlot({ trackId, cohortId: input.cohortId, municipalityCode: input.municipalityCode });
        } catch (e) {
          deciding = false;
          // Rejects the update with the activity's reason; the track's state is unchanged.
          if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure) {
            throw ApplicationFailure.create({
              type: e.cause.type ?? 'SelectionRefused',
              message: e.cause.message,
              details: e.cause.details as unknown[] | undefined,
              nonRetryable: true,
            });
          }
          throw e;
        }
      }
      s.selected = selected;
      s.phase = selected ? 'ACCELERATOR' : 'NOT_SELECTED';
      dirty = true;
      return { selected, phase: s.phase };
    },
    {
      validator: ({ selected }) => {
        if (typeof selected !== 'boolean') throw new Error('selected must be true or false');
        if (s.selected !== null) throw new Error(`the company was already ${s.selected ? 'selected' : 'not selected'}`);
        if (deciding) throw new Error('a selection decision for this company is being made');
        if (s.phase !== 'BOOT_CAMP' && s.phase !== 'SELECTION') throw new Error(`no selection in phase ${s.phase}`);
      },
    },
  );
  setHandler(withdrawCompanySignal, () => {
    if (!ENDED_PHASES.includes(s.phase)) withdrawn = true;
  });
  /** Adds the source's hold; false when it holds one already. */
  const pauseFrom = (source: string, reason: string): boolean => {
    if (!holdPause(pauses, reason.trim(), source, today())) return false;
    pauseChanged();
    return true;
  };
  /** Releases the source's hold; the last one to go moves the own dates by the days paused. */
  const resumeFrom = (source: string): boolean => {
    const { released, ended } = releasePause(pauses, source, today());
    if (!released) return false;
    if (ended) moveOwnDates(ended);
    pauseChanged();
    return true;
  };
  // Signals cannot be rejected: a pause without a reason, or of an ended track, is ignored.
  setHandler(pauseTrackSignal, (p) => {
    const reason = reasonOf(p);
    if (!reason?.trim() || ENDED_PHASES.includes(s.phase)) return;
    pauseFrom(p.source ?? TRACK_PAUSE_SOURCE, reason);
  });
  setHandler(resumeTrackSignal, (r) => {
    resumeFrom(r?.source ?? TRACK_PAUSE_SOURCE);
  });
  // The same holds by update, for a coordinator or operator pausing this one track: answered (once the
  // projection shows it), or rejected.
  setHandler(
    pauseCompanyTrackUpdate,
    async (input) => {
      pauseFrom(TRACK_PAUSE_SOURCE, reasonOf(input)!);
      await project();
      return s;
    },
    {
      validator: (input) => {
        if (!reasonOf(input)?.trim()) throw new Error('give a reason for the pause');
        if (ENDED_PHASES.includes(s.phase)) throw new Error(`the track has ended (${s.phase})`);
        if (pauses.pauseHolds[TRACK_PAUSE_SOURCE]) throw new Error('the track is paused already');
      },
    },
  );
  setHandler(
    resumeCompanyTrackUpdate,
    async () => {
      resumeFrom(TRACK_PAUSE_SOURCE);
      await project();
      return s;
    },
    {
      validator: () => {
        if (!pauses.pauseHolds[TRACK_PAUSE_SOURCE]) {
          throw new Error(isPaused(pauses) ? 'the track is paused by its cohort; resume the cohort' : 'the track is not paused');
        }
      },
    },
  );
  setHandler(milestoneDoneSignal, ({ milestoneId, doneOn }) => {
    const m = s.milestones.find((x) => x.id === milestoneId);
    if (m && !m.doneOn) {
      m.doneOn = doneOn;
      dirty = true;
    }
  });
  setHandler(
    anchoringAnswerUpdate,
    (answer) => {
      s.anchoringAnswers.push({ ...answer, answeredOn: today() });
      dirty = true;
      return s;
    },
    {
      validator: (answer) => {
        const check = s.anchoringChecks.find((c) => c.checkNo === answer.checkNo);
        if (!check || !check.asked) throw new Error(`anchoring check ${answer.checkNo} has not been asked`);
        if (s.anchoringStatus !== null) throw new Error('the anchoring follow-up is closed');
        if (!['YES', 'PARTLY', 'NO'].includes(answer.socialModelInUse)) throw new Error('socialModelInUse must be YES, PARTLY or NO');
        if (s.anchoringAnswers.some((a) => a.checkNo === answer.checkNo && a.respondent === answer.respondent)) {
          throw new Error(`check ${answer.checkNo} was already answered by ${answer.respondent}`);
        }
      },
    },
  );
  setHandler(problemAcknowledgedSignal, ({ reportId }) => {
    const r = s.problemReports.find((x) => x.reportId === reportId);
    if (r && !r.acknowledged) {
      r.acknowledged = true;
      dirty = true;
    }
  });
  setHandler(problemReportedSignal, async ({ reportId }) => {
    if (s.problemReports.some((r) => r.reportId === reportId)) return;
    const report = { reportId, reportedOn: today(), acknowledged: false, escalated: false };
    s.problemReports.push(report);
    const reportedAt = Date.now();
    const escalation = {
      dueOn: addWorkingDays(report.reportedOn, input.plan.problemReportEscalationWorkingDays, closingDays),
      plannedOn: report.reportedOn,
    };
    escalations.add(escalation);
    // Due at the same time of day, the given number of working days later (moved by a pause meanwhile).
    const dueAt = () => reportedAt + daysBetween(report.reportedOn, escalation.dueOn) * 86_400_000;
    await mail('EMPLOYMENT_ACTOR', 'company-problem-report', `problem:${reportId}`, { acknowledgeBy: escalation.dueOn }, reportId);
    await project();
    // The escalation waits while the track is paused. Unpaused, the timed wait comes first even when
    // the report is acknowledged already: its timer is part of the histories of running tracks.
    let due = false;
    for (;;) {
      if (paused()) {
        // A track that ends while paused (withdrawn, not selected) escalates nothing.
        const over = () => withdrawn || ENDED_PHASES.includes(s.phase);
        await condition(() => report.acknowledged || !paused() || over());
        if (report.acknowledged || over()) break;
      } else if (await condition(() => report.acknowledged || paused(), Math.max(0, dueAt() - Date.now()))) {
        if (report.acknowledged) break;
      } else {
        due = true;
        break;
      }
    }
    escalations.delete(escalation);
    if (due) {
      report.escalated = true;
      await mail(
        'COORDINATOR',
        'company-problem-escalation',
        `problem:${reportId}:escalation`,
        { reportedOn: report.reportedOn },
        reportId,
      );
    }
    await project();
  });

  /**
   * Waits until `at()` (epoch ms; a resume may move it), waking early to project state changes; true
   * once the time has come. The time does not come while the track is paused.
   */
  const waitUntil = async (at: () => number, done: () => boolean = () => false): Promise<boolean> => {
    for (;;) {
      if (withdrawn) throw new Withdrawn();
      if (done()) return false;
      if (paused()) {
        await condition(() => dirty || done() || withdrawn || !paused());
        if (dirty) await project();
        continue;
      }
      if (Date.now() >= at()) return true;
      await condition(() => dirty || done() || withdrawn || paused(), at() - Date.now());
      if (dirty) await project();
    }
  };

  closingDays = await municipalityClosingDays(input.municipalityCode);
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof Withdrawn)) throw e;
    // Every camp still ahead is taken out of the company's calendar by its own workflow.
    for (const child of children) await child.signal(campWithdrawnSignal).catch(() => undefined);
    s.phase = 'WITHDRAWN';
    s.nextDeadlineOn = null;
    s.nextDeadlineWhat = null;
    await condition(allHandlersFinished);
    await project();
    return s;
  }

  async function run(): Promise<CompanyTrackSummary> {
    // ---- recruitment and boot camp ----
    await project();
    s.phase = 'BOOT_CAMP';
    const bootCamp = await startCamp(input.bootCampId);
    s.nextDeadlineWhat = 'selection';
    await project();
    const bootCampDone = bootCamp.result().then(
      (r: CampInvitationResult) => {
        s.bootCamp = { rsvp: r.rsvp, attended: r.attended };
        if (s.phase === 'BOOT_CAMP') s.phase = 'SELECTION';
        dirty = true;
      },
      (e: unknown) => {
        log.error('boot camp invitation failed', { campId: input.bootCampId, error: (e as Error).message });
        if (s.phase === 'BOOT_CAMP') s.phase = 'SELECTION';
        dirty = true;
      },
    );
    while (s.selected === null) {
      await condition(() => dirty || s.selected !== null || withdrawn);
      if (withdrawn) throw new Withdrawn();
      if (dirty) await project();
    }
    await project();

    if (!s.selected) {
      await mail('COMPANY', 'company-not-selected', 'not-selected', {});
      await bootCampDone;
      s.nextDeadlineOn = null;
      s.nextDeadlineWhat = null;
      await condition(allHandlersFinished);
      await project();
      return s;
    }

    // ---- the accelerator ----
    await mail('COMPANY', 'company-selected', 'selected', { startsOn: input.acceleratorStartsOn });
    const camps = await Promise.all(input.campIds.map((id) => startCamp(id)));
    const campsDone = Promise.all(
      camps.map((c, i) =>
        c.result().then(
          (r: CampInvitationResult) => {
            s.camps.push({ campId: r.campId, status: r.status, rsvp: r.rsvp, attended: r.attended });
            dirty = true;
          },
          (e: unknown) => childFailed(input.campIds[i]!, e),
        ),
      ),
    );
    acceleratorStartedOn = today();
    const planned = milestoneDates(input.acceleratorStartsOn, input.plan.milestones, closingDays);
    s.milestones = planned.map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn }));
    for (const m of planned) {
      milestonePlan.push({
        title: m.title,
        remindOn: m.remindOn,
        plannedOn: acceleratorStartedOn,
        state: s.milestones.find((x) => x.id === m.id)!,
      });
    }
    const selectedAt = Date.now();
    const dueBeforeSelection = milestonePlan.filter((m) => instantAt(m.state.dueOn, SEND_AT) < selectedAt);
    if (dueBeforeSelection.length > 0 && patchApplies(CATCH_UP_DIGEST)) {
      for (const m of dueBeforeSelection) {
        m.state.overdue = true;
        s.overdueCount++;
      }
      try {
        await sendCompanyDigest({
          trackId,
          cohortId: input.cohortId,
          companyId: input.companyId,
          partnershipId: input.partnershipId,
          workflowId,
          locale,
          selectedOn: acceleratorStartedOn,
          milestones: dueBeforeSelection.map((m) => ({ title: m.title, dueOn: m.state.dueOn })),
        });
      } catch (e) {
        if (!(e instanceof ActivityFailure)) throw e;
        log.warn('e-mail not delivered', { template: 'company-overdue-digest', error: e.cause?.message ?? e.message });
      }
    }
    for (const m of milestonePlan) {
      const { state } = m;
      // Overdue at the selection: in the digest already.
      if (state.overdue) continue;
      s.nextDeadlineOn = state.dueOn;
      s.nextDeadlineWhat = `milestone:${state.id}`;
      await project();
      if (
        await waitUntil(
          () => instantAt(m.remindOn, SEND_AT),
          () => !!state.doneOn,
        )
      ) {
        await mail('COMPANY', 'company-milestone-reminder', `milestone:${state.id}:reminder`, { milestone: m.title, dueOn: state.dueOn });
      }
      const overdueAt = () => instantAt(addWorkingDays(state.dueOn, 1, closingDays), SEND_AT);
      if (await waitUntil(overdueAt, () => !!state.doneOn)) {
        state.overdue = true;
        s.overdueCount++;
        await mail('COORDINATOR', 'company-milestone-overdue', `milestone:${state.id}:overdue`, { milestone: m.title, dueOn: state.dueOn });
        await project();
      }
    }
    s.nextDeadlineOn = acceleratorEndsOn;
    s.nextDeadlineWhat = 'accelerator-end';
    await project();
    await waitUntil(() => instantAt(acceleratorEndsOn, '17:00'));
    acceleratorEnded = true;
    await Promise.all([bootCampDone, campsDone]);

    // ---- anchoring after the accelerator ----
    s.phase = 'ANCHORING';
    // The checks count from the end of this company's accelerator.
    const checks = anchoringCheckDates(acceleratorEndsOn, input.plan.anchoring.checksAtMonths, closingDays);
    s.anchoringChecks = checks.map((c) => ({ checkNo: c.checkNo, on: c.on, asked: false }));
    for (const [i, c] of checks.entries()) {
      checkPlan.push({
        checkNo: c.checkNo,
        monthsAfterEnd: c.monthsAfterEnd,
        remindOn: c.remindOn,
        plannedOn: today(),
        reminderPassed: false,
        state: s.anchoringChecks[i]!,
      });
    }
    const answered = (checkNo: number, who: 'COMPANY' | 'EMPLOYMENT_ACTOR') =>
      s.anchoringAnswers.some((a) => a.checkNo === checkNo && a.respondent === who);
    for (const c of checkPlan) {
      const { state } = c;
      s.nextDeadlineOn = state.on;
      s.nextDeadlineWhat = `anchoring-check:${c.checkNo}`;
      await project();
      await waitUntil(() => instantAt(state.on, SEND_AT));
      state.asked = true;
      const data = { checkNo: c.checkNo, monthsAfterEnd: c.monthsAfterEnd, answerBy: c.remindOn };
      await mail('COMPANY', 'company-anchoring-check', `anchoring:${c.checkNo}`, { ...data, reminder: false });
      await mail('EMPLOYMENT_ACTOR', 'company-anchoring-check', `anchoring:${c.checkNo}`, { ...data, reminder: false });
      s.nextDeadlineOn = c.remindOn;
      s.nextDeadlineWhat = `anchoring-answers:${c.checkNo}`;
      await project();
      const both = () => answered(c.checkNo, 'COMPANY') && answered(c.checkNo, 'EMPLOYMENT_ACTOR');
      if (await waitUntil(() => instantAt(c.remindOn, SEND_AT), both)) {
        const answerBy = addWorkingDays(c.remindOn, ANCHORING_REMINDER_WORKING_DAYS, closingDays);
        for (const who of ['COMPANY', 'EMPLOYMENT_ACTOR'] as const) {
          if (!answered(c.checkNo, who))
            await mail(who, 'company-anchoring-check', `anchoring:${c.checkNo}:reminder`, { ...data, answerBy, reminder: true });
        }
      }
      c.reminderPassed = true;
    }
    // The last check's answers are awaited one more reminder period before the follow-up closes.
    const last = checkPlan[checkPlan.length - 1];
    if (last) {
      const close = { on: addWorkingDays(last.remindOn, ANCHORING_REMINDER_WORKING_DAYS, closingDays), plannedOn: today() };
      anchoringClose = close;
      s.nextDeadlineOn = close.on;
      s.nextDeadlineWhat = 'anchoring-close';
      await project();
      await waitUntil(
        () => instantAt(close.on, SEND_AT),
        () => answered(last.checkNo, 'COMPANY') && answered(last.checkNo, 'EMPLOYMENT_ACTOR'),
      );
      anchoringClose = null;
    }
    s.anchoringStatus = anchoringStatus(s.anchoringAnswers);
    s.phase = 'COMPLETED';
    s.nextDeadlineOn = null;
    s.nextDeadlineWhat = null;
    await project();
    await mail('COORDINATOR', 'company-anchoring-status', 'anchoring-status', { status: s.anchoringStatus });
    if (ANCHORED_OUTCOME_STATUSES.includes(s.anchoringStatus)) {
      try {
        await recordOutcome({
          idempotencyKey: `anchoring:${trackId}`,
          companyTrackId: trackId,
          kind: 'ANCHORING',
          occurredOn: today(),
          trackEndsOn: acceleratorEndsOn,
          detail: s.anchoringStatus,
          evidenceRef: `anchoring-checks:${trackId}`,
        });
      } catch (e) {
        if (!(e instanceof ActivityFailure)) throw e;
        log.warn('anchoring outcome not recorded', { error: e.cause?.message ?? e.message });
      }
    }
    await condition(allHandlersFinished);
    await project();
    return s;
  }
}
