import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Activities } from '../activities/index.js';
import type { CampView } from '../activities/company/camps.js';
import { addWorkingDays, instantAt, type LocalDate } from '../domain/calendar.js';
import { anchoringCheckDates, milestoneDates, SEND_AT } from '../domain/camp-plan.js';
import { shiftByPause } from '../domain/pause.js';
import {
  anchoringAnswerUpdate,
  campAttendanceSignal,
  campInvitationWorkflowId,
  campRsvpSignal,
  companyTrackSummaryQuery,
  decideSelectionUpdate,
  pauseCompanyTrackUpdate,
  problemReportedSignal,
  resumeCompanyTrackUpdate,
  withdrawCompanySignal,
  type CompanyTrackInput,
  type CompanyTrackSummary,
} from '../contracts/index.js';
import { campInvitationWorkflow, companyTrackWorkflow } from '../workflows/index.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { COMPANY_PLAN } from './support/company-fixtures.js';
import { fetchHistoryChain, saveHistoryChain } from './support/histories.js';
import { startTimeSkippingServer, uniqueId } from './support/temporal.js';

// The fast workflow tier: the company track and its camp invitations on the time-skipping server with
// every activity replaced by an in-memory fake (no PostgreSQL, no SMTP). What the fakes were asked
// to do is the behaviour under test; the integration tests (company-track, company-pause,
// camp-invitation) run the same workflows against the real activities.

/** The cohort's camps: the boot camp in November 2027, two accelerator camps in 2028. */
const CAMPS: Record<string, LocalDate[]> = {
  'fast-2027-bootcamp': ['2027-11-15', '2027-11-16'],
  'fast-2027-camp-01': ['2028-02-07'],
  'fast-2027-camp-02': ['2028-09-04'],
};

interface Sent {
  at: number;
  what: string;
}

/** The activities as in-memory fakes, recording what they were asked to do and when (by the server's clock). */
function fakeActivities() {
  const sent: Sent[] = [];
  const outcomes: string[] = [];
  const slotsTaken = new Set<string>();
  const log = (what: string) => sent.push({ at: activityInfo().currentAttemptScheduledTimestampMs, what });
  const activities: Partial<Activities> = {
    municipalityClosingDays: async () => [],
    projectCompanyTrack: async () => undefined,
    reserveAcceleratorSlot: async ({ trackId }) => {
      if (slotsTaken.size > 0 && !slotsTaken.has(trackId))
        throw ApplicationFailure.create({ type: 'SlotsExceeded', message: 'the municipality has 1 accelerator slot', nonRetryable: true });
      slotsTaken.add(trackId);
      return { slots: 1, taken: slotsTaken.size };
    },
    recordOutcome: async (input) => {
      outcomes.push(`${input.kind} ${input.detail}`);
      return { outcomeId: 'outcome-1', ledgerEntryIds: [], amountOre: '0' };
    },
    sendCompanyMail: async ({ to, step }) => {
      log(`${to} ${step}`);
      return { sentNow: 1 };
    },
    sendCompanyDigest: async () => {
      log('COORDINATOR digest');
      return { sentNow: 1 };
    },
    ensureCampInvitation: async ({ campId }) => ({ invitationId: `inv-${campId}`, rsvp: 'PENDING', attended: null }),
    getCamp: async (campId): Promise<CampView> => ({
      campId,
      kind: 'CAMP',
      title: campId,
      uid: `${campId}@dobbeltspor`,
      days: CAMPS[campId]!,
      startTime: '09:00',
      endTime: '16:00',
      location: 'Kolding',
      sequence: 0,
      status: 'SCHEDULED',
    }),
    markCampHeld: async () => undefined,
    sendCampMail: async ({ campId, kind, step }) => {
      log(`CAMP ${campId} ${step ?? kind}`);
      return { sequence: 0, sentNow: 1, skipped: false };
    },
    sendCampCoordinatorList: async ({ campId, list }) => {
      log(`CAMP ${campId} list ${list}`);
      return { count: 0, sentNow: false };
    },
    sendCampNoShow: async () => undefined,
  };
  return { activities, sent, outcomes };
}

const input = (cvr: string): CompanyTrackInput => ({
  cohortId: 'fast-2027',
  companyId: `company-${cvr}`,
  cvr,
  partnershipId: 'fast-2027-621',
  municipalityCode: '621',
  year: 2027,
  plan: COMPANY_PLAN,
  bootCampId: 'fast-2027-bootcamp',
  campIds: ['fast-2027-camp-01', 'fast-2027-camp-02'],
  acceleratorStartsOn: '2028-01-03',
  acceleratorEndsOn: '2028-12-29',
});

describe('company track, fast tier (time-skipping server, in-memory activities)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    bundle = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
  });
  // A server of each test's own: every one begins at today's clock, before the cohort's boot camp.
  beforeEach(async () => {
    env = await startTimeSkippingServer();
  });
  afterEach(() => env?.teardown());

  /** Runs `fn` with a worker of the fakes on a task queue of its own. */
  async function withWorker<T>(fn: (taskQueue: string, fakes: ReturnType<typeof fakeActivities>) => Promise<T>): Promise<T> {
    const fakes = fakeActivities();
    const taskQueue = uniqueId('fast');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: bundle,
      activities: fakes.activities,
    });
    return worker.runUntil(fn(taskQueue, fakes));
  }
  const sleepUntil = async (ms: number) => {
    const now = Number(await env.currentTimeMs());
    if (ms > now) await env.sleep(ms - now);
  };
  const steps = (sent: Sent[], prefix = '') => sent.map((s) => s.what).filter((w) => w.startsWith(prefix));

  it('runs a whole track: boot camp, selection, camps, milestones, continue-as-new into the anchoring, the checks and the anchored outcome', async () => {
    await withWorker(async (taskQueue, { sent, outcomes }) => {
      const handle = await env.client.workflow.start(companyTrackWorkflow, {
        taskQueue,
        workflowId: uniqueId('company-fast-2027'),
        args: [input('11110001')],
      });
      await sleepUntil(instantAt('2027-11-17', '10:00'));
      await env.client.workflow
        .getHandle(campInvitationWorkflowId('fast-2027-bootcamp', '11110001'))
        .signal(campAttendanceSignal, { attended: true });
      await expect.poll(async () => (await handle.query(companyTrackSummaryQuery)).phase, { timeout: 20_000 }).toBe('SELECTION');
      expect(await handle.executeUpdate(decideSelectionUpdate, { args: [{ selected: true }] })).toEqual({
        selected: true,
        phase: 'ACCELERATOR',
      });

      // Into the anchoring (the camps are over) the run continues as new; the last check is answered by both.
      const checks = anchoringCheckDates('2028-12-29', COMPANY_PLAN.anchoring.checksAtMonths);
      await sleepUntil(instantAt(checks[2]!.on, '12:00'));
      for (const respondent of ['COMPANY', 'EMPLOYMENT_ACTOR'] as const) {
        await handle.executeUpdate(anchoringAnswerUpdate, { args: [{ checkNo: 3, respondent, socialModelInUse: 'YES' }] });
      }
      const result: CompanyTrackSummary = await handle.result();
      expect(result).toMatchObject({ phase: 'COMPLETED', anchoringStatus: 'ANCHORED', overdueCount: 2, nextDeadlineWhat: null });
      expect(result.camps.map((c) => [c.campId, c.status]).sort()).toEqual([
        ['fast-2027-camp-01', 'HELD'],
        ['fast-2027-camp-02', 'HELD'],
      ]);
      expect(outcomes).toEqual(['ANCHORING ANCHORED']);

      const [m1, m2] = milestoneDates('2028-01-03', COMPANY_PLAN.milestones);
      expect(steps(sent).filter((w) => !w.startsWith('CAMP'))).toEqual([
        'COMPANY selected',
        `COMPANY milestone:${m1!.id}:reminder`,
        `COORDINATOR milestone:${m1!.id}:overdue`,
        `COMPANY milestone:${m2!.id}:reminder`,
        `COORDINATOR milestone:${m2!.id}:overdue`,
        'COMPANY anchoring:1',
        'EMPLOYMENT_ACTOR anchoring:1',
        'COMPANY anchoring:1:reminder',
        'EMPLOYMENT_ACTOR anchoring:1:reminder',
        'COMPANY anchoring:2',
        'EMPLOYMENT_ACTOR anchoring:2',
        'COMPANY anchoring:2:reminder',
        'EMPLOYMENT_ACTOR anchoring:2:reminder',
        'COMPANY anchoring:3',
        'EMPLOYMENT_ACTOR anchoring:3',
        'COORDINATOR anchoring-status',
      ]);
      expect(sent.find((s) => s.what === `COMPANY milestone:${m1!.id}:reminder`)!.at - instantAt(m1!.remindOn, SEND_AT)).toBeLessThan(
        60_000,
      );
      // The accelerator's camps are announced their lead time ahead, not at the selection.
      expect(steps(sent, 'CAMP fast-2027-camp-02 invitation')).toHaveLength(1);
      expect(sent.find((s) => s.what === 'CAMP fast-2027-camp-02 invitation')!.at).toBeGreaterThan(instantAt('2028-07-01'));

      // Boot camp to the accelerator's end in one run, the anchoring in another: the carried agenda went on.
      const chain = await fetchHistoryChain(env.client, handle.workflowId, handle.firstExecutionRunId);
      expect(chain).toHaveLength(2);
      expect(chain[0]!.events!.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
      // Each projection is a local activity's marker, not an activity of its own with the summary as its input.
      const activities = chain.flatMap((h) => h.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []));
      expect(activities).not.toContain('projectCompanyTrack');
      expect(chain.flatMap((h) => h.events!).some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toBe(true);
      await saveHistoryChain(env.client, handle.workflowId, handle.firstExecutionRunId, 'agenda-whole-path', 'company');
    });
  });

  it("a problem report's escalation is a task: it survives continue-as-new into the anchoring and a pause, and goes out once on its moved day", async () => {
    await withWorker(async (taskQueue, { sent }) => {
      const handle = await env.client.workflow.start(companyTrackWorkflow, {
        taskQueue,
        workflowId: uniqueId('company-fast-2027'),
        args: [input('11110002')],
      });
      await sleepUntil(instantAt('2027-11-17', '10:00'));
      await env.client.workflow
        .getHandle(campInvitationWorkflowId('fast-2027-bootcamp', '11110002'))
        .signal(campAttendanceSignal, { attended: false });
      await expect.poll(async () => (await handle.query(companyTrackSummaryQuery)).phase, { timeout: 20_000 }).toBe('SELECTION');
      await handle.executeUpdate(decideSelectionUpdate, { args: [{ selected: true }] });

      // Reported an hour before the accelerator ends (Friday 29 December 2028, 17:00).
      const reportedAt = instantAt('2028-12-29', '16:00');
      await sleepUntil(reportedAt);
      await handle.signal(problemReportedSignal, { reportId: 'report-1' });
      // The anchoring begins: the track continues as new, the escalation still open.
      await sleepUntil(instantAt('2028-12-29', '18:00'));
      await expect
        .poll(async () => (await fetchHistoryChain(env.client, handle.workflowId, handle.firstExecutionRunId)).length, { timeout: 20_000 })
        .toBe(2);
      expect(await handle.query(companyTrackSummaryQuery)).toMatchObject({
        phase: 'ANCHORING',
        problemReports: [{ reportId: 'report-1', reportedOn: '2028-12-29', acknowledged: false, escalated: false }],
      });

      // Paused two days over the New Year by update: the escalation, due the next working day (2 January), moves to the 4th.
      await sleepUntil(instantAt('2028-12-30', '12:00'));
      expect(await handle.executeUpdate(pauseCompanyTrackUpdate, { args: [{ reasonId: 'reason-1' }] })).toMatchObject({ paused: true });
      await sleepUntil(instantAt('2029-01-01', '12:00'));
      expect(await handle.executeUpdate(resumeCompanyTrackUpdate)).toMatchObject({ paused: false, pausedDaysTotal: 2 });
      const dueOn = shiftByPause(addWorkingDays('2028-12-29', 1), 2);
      expect(dueOn).toBe('2029-01-04');
      const dueAt = instantAt(dueOn, '16:00');
      await sleepUntil(dueAt - 3_600_000);
      expect(steps(sent, 'COORDINATOR problem')).toEqual([]);
      await sleepUntil(dueAt + 3_600_000);
      await expect.poll(() => steps(sent, 'COORDINATOR problem'), { timeout: 20_000 }).toEqual(['COORDINATOR problem:report-1:escalation']);
      // At the time of day the report came in (the signal's, a moment after 16:00).
      expect(sent.find((s) => s.what.startsWith('COORDINATOR problem'))!.at - dueAt).toBeGreaterThanOrEqual(0);
      expect(sent.find((s) => s.what.startsWith('COORDINATOR problem'))!.at - dueAt).toBeLessThan(60_000);
      expect(steps(sent, 'EMPLOYMENT_ACTOR')).toEqual(['EMPLOYMENT_ACTOR problem:report-1']);

      await handle.signal(withdrawCompanySignal);
      expect((await handle.result()).phase).toBe('WITHDRAWN');
      await saveHistoryChain(env.client, handle.workflowId, handle.firstExecutionRunId, 'agenda-report-continued-paused', 'company');
    });
  });

  it('a camp invitation alone: scheduled its lead time ahead, reminded, followed up after attendance', async () => {
    await withWorker(async (taskQueue, { sent }) => {
      const campId = 'fast-2027-camp-01';
      const handle = await env.client.workflow.start(campInvitationWorkflow, {
        taskQueue,
        workflowId: uniqueId('camp-fast'),
        args: [{ campId, companyId: 'company-x', cvr: '11110003', reminderWorkingDays: [14, 2], invitationLeadWeeks: 6 }],
      });
      // Six weeks before the camp's 7 February: 27 December.
      await sleepUntil(instantAt('2027-12-24'));
      expect(steps(sent)).toEqual([]);
      await sleepUntil(instantAt('2027-12-28'));
      await expect.poll(() => steps(sent), { timeout: 20_000 }).toEqual([`CAMP ${campId} invitation`]);
      await handle.signal(campRsvpSignal, { answer: 'YES' });
      await sleepUntil(instantAt('2028-02-08'));
      await handle.signal(campAttendanceSignal, { attended: true });
      expect((await handle.result()).status).toBe('HELD');
      expect(steps(sent)).toEqual([
        `CAMP ${campId} invitation`,
        `CAMP ${campId} reminder-14`,
        `CAMP ${campId} list non-responders`,
        `CAMP ${campId} reminder-2`,
        `CAMP ${campId} follow-up`,
      ]);
    });
  });
});
