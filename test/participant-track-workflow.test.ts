// The participant-track workflow on the time-skipping server with its activities replaced by in-memory
// fakes: the wiring between the agenda and Temporal (handlers, effects as activity calls, timers,
// continue-as-new, rejections) without PostgreSQL or SMTP. test/participant-track.test.ts runs the same
// workflow against the real activities.
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Activities } from '../activities/index.js';
import {
  answerRetentionUpdate,
  assignMentorUpdate,
  participantSummaryQuery,
  pauseTrackSignal,
  placeParticipantUpdate,
  recordAttendanceUpdate,
  recordTrackOutcomeUpdate,
  resumeTrackUpdate,
  transferUpdate,
  type ParticipantTrackInput,
  type TrackSummary,
} from '../contracts/participant-track.js';
import { REJECTION, reject } from '../contracts/rejection.js';
import { participantTrackWorkflowId } from '../contracts/workflow-ids.js';
import { addDays, localDateAt, mondayOf, type LocalDate } from '../domain/calendar.js';
import { phaseDates } from '../domain/participant-schedule.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { participantTrackWorkflow } from '../workflows/index.js';
import { PLAN } from './support/participant-agenda-driver.js';
import { startTimeSkippingServer, uniqueId } from './support/temporal.js';

type TrackActivities = Pick<
  Activities,
  | 'projectParticipantTrack'
  | 'writeAttendance'
  | 'assignParticipantMentor'
  | 'placeParticipantInCompany'
  | 'sendParticipantMail'
  | 'sendParticipantDigest'
  | 'recordOutcome'
>;
type Mail = Parameters<Activities['sendParticipantMail']>[0];

/** What the activities would have written and sent, kept in memory, by track. */
class FakeWorld {
  readonly mails: Mail[] = [];
  readonly digests: Array<Parameters<Activities['sendParticipantDigest']>[0]> = [];
  readonly projections: TrackSummary[] = [];
  readonly outcomes = new Map<string, Parameters<Activities['recordOutcome']>[0]>();
  readonly calls: string[] = [];
  /** Templates whose e-mails fail (as a bounced address would). */
  readonly failing = new Set<string>();

  activities(): TrackActivities {
    return {
      projectParticipantTrack: async (summary) => {
        this.projections.push(summary);
        return { written: true };
      },
      writeAttendance: async (input) => {
        this.calls.push(`writeAttendance:${input.trackId}:${input.weekStart}`);
        return { attendanceId: `attendance-${this.calls.length}` };
      },
      assignParticipantMentor: async (input) => {
        this.calls.push(`assignMentor:${input.trackId}:${input.staffMemberId}`);
        return { assignmentId: `assignment-${this.calls.length}` };
      },
      placeParticipantInCompany: async ({ trackId, companyId, supportPersonId }) => {
        if (companyId === 'company-elsewhere')
          throw reject(REJECTION.participantTrack, 'the company is not in the partnership', 'companyId');
        this.calls.push(`place:${trackId}:${companyId}`);
        return { role: 'ACCELERATOR', supportPersonId };
      },
      sendParticipantMail: async (input) => {
        if (this.failing.has(input.template)) throw ApplicationFailure.nonRetryable('mailbox unavailable', 'SmtpRejected');
        const sentNow = !this.mails.some((m) => m.idempotencyKey === input.idempotencyKey);
        if (sentNow) this.mails.push(input);
        return { outboxId: input.idempotencyKey, messageId: `<${input.idempotencyKey}@test>`, sentNow };
      },
      sendParticipantDigest: async (input) => {
        this.digests.push(input);
        return { outboxId: input.idempotencyKey, messageId: `<${input.idempotencyKey}@test>`, sentNow: true };
      },
      recordOutcome: async (input) => {
        this.outcomes.set(input.idempotencyKey, input);
        return { outcomeId: `outcome-${this.outcomes.size}`, ledgerEntryIds: [], amountOre: '1000000' };
      },
    };
  }

  mailsOf(trackId: string): string[] {
    return this.mails.filter((m) => m.trackId === trackId).map((m) => m.template);
  }
}

describe('participant-track workflow with in-memory activities', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const world = new FakeWorld();
  const taskQueue = uniqueId('fast');

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: world.activities(),
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const today = async (): Promise<LocalDate> => localDateAt(Number(await env.currentTimeMs()));
  /** Skips to 10:00 UTC on `date`: after that day's 09:00 Copenhagen reminders. */
  const skipTo = async (date: LocalDate) => {
    const target = Date.parse(`${date}T10:00:00Z`);
    const now = Number(await env.currentTimeMs());
    if (target > now) await env.sleep(target - now);
  };
  const start = async (overrides: Partial<ParticipantTrackInput> = {}) => {
    const trackId = uniqueId('cm9track');
    const input: ParticipantTrackInput = {
      trackId,
      cohortId: 'klynge-1-2019',
      partnershipId: 'p-kolding',
      municipalityCode: '621',
      plan: PLAN,
      startsOn: await today(),
      closingDays: [],
      ...overrides,
    };
    const handle = await env.client.workflow.start(participantTrackWorkflow, {
      taskQueue,
      workflowId: participantTrackWorkflowId(trackId),
      args: [input],
    });
    return { trackId, handle, input };
  };
  const rejectionOf = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (e as WorkflowUpdateFailedError).cause as ApplicationFailure;
    return { type: cause.type, field: cause.details?.[0], message: cause.message };
  };

  it('runs a track left alone through work-readiness into job training: reminders as e-mails, a new run per phase, projections', async () => {
    const { trackId, handle, input } = await start();
    const dates = phaseDates(input.startsOn!, PLAN);
    await skipTo(addDays(dates.jobTrainingStartsOn, 10));
    await vi.waitFor(() => expect(world.mailsOf(trackId)).toContain('participant-placement-missing'));
    const mails = world.mailsOf(trackId);
    expect(mails).toEqual(
      expect.arrayContaining([
        'participant-attendance-reminder',
        'participant-attendance-escalation',
        'participant-mentor-missing',
        'participant-employer-contact-overdue',
      ]),
    );
    expect(mails.filter((m) => m === 'participant-attendance-reminder').length).toBeGreaterThanOrEqual(25);
    // Every e-mail is keyed by the track, once.
    const keys = world.mails.filter((m) => m.trackId === trackId).map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => k.startsWith(`participant:${trackId}:`))).toBe(true);
    // The phase change continued the workflow as new.
    const description = await handle.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
    const summary = await handle.query(participantSummaryQuery);
    expect(summary.phase).toBe('JOB_TRAINING');
    expect(world.projections.filter((p) => p.trackId === trackId).at(-1)).toMatchObject({
      phase: 'JOB_TRAINING',
      version: summary.version,
    });
  });

  it('turns each update into its activity and answers with the summary; a refused update calls nothing', async () => {
    const { trackId, handle, input } = await start();
    const week = mondayOf(input.startsOn!);
    const refused = await rejectionOf(
      handle.executeUpdate(recordAttendanceUpdate, { args: [{ weekStart: addDays(week, 1), hours: 5, recordedBy: 'staff-1' }] }),
    );
    expect(refused).toMatchObject({ type: REJECTION.participantTrack, field: 'weekStart' });
    expect(world.calls.filter((c) => c.includes(trackId))).toEqual([]);

    let s = await handle.executeUpdate(recordAttendanceUpdate, { args: [{ weekStart: week, hours: 10, recordedBy: 'staff-1' }] });
    expect(s.lastAttendance).toEqual({ weekStart: week, hours: 10, present: true });
    s = await handle.executeUpdate(assignMentorUpdate, { args: [{ staffMemberId: 'staff-2' }] });
    expect(s.mentorStaffId).toBe('staff-2');
    expect(world.calls.filter((c) => c.includes(trackId))).toEqual([
      `writeAttendance:${trackId}:${week}`,
      `assignMentor:${trackId}:staff-2`,
    ]);

    // The activity's own rejection reaches the caller unchanged.
    expect(await rejectionOf(handle.executeUpdate(placeParticipantUpdate, { args: [{ companyId: 'company-elsewhere' }] }))).toEqual({
      type: REJECTION.participantTrack,
      field: 'companyId',
      message: 'the company is not in the partnership',
    });
    s = await handle.executeUpdate(placeParticipantUpdate, { args: [{ companyId: 'company-1', supportPersonId: 'staff-3' }] });
    expect(s.placement).toMatchObject({ companyId: 'company-1', role: 'ACCELERATOR', startsOn: s.jobTrainingStartsOn });
    expect(s.pendingTasks.filter((t) => t.kind === 'CHECK_IN')).toHaveLength(2);
    expect(world.mails.filter((m) => m.trackId === trackId).map((m) => [m.template, m.to])).toEqual([
      ['participant-placement-welcome', 'companyContact'],
    ]);
    await handle.terminate('done');
  });

  it('a hire records the outcome once, asks the retention follow-ups and completes the workflow', async () => {
    const { trackId, handle, input } = await start({ plan: { ...PLAN, retentionFollowUpWeeks: [4] } });
    const startsOn = input.startsOn!;
    let s = await handle.executeUpdate(recordTrackOutcomeUpdate, {
      args: [{ kind: 'ORDINARY_JOB', occurredOn: startsOn, evidenceId: 'evidence-1' }],
    });
    expect(s.phase).toBe('RETENTION');
    expect(world.outcomes.get(`participant:${trackId}:outcome`)).toMatchObject({
      kind: 'ORDINARY_JOB',
      participantTrackId: trackId,
      evidenceId: 'evidence-1',
    });
    const followUp = s.retention[0]!;
    await skipTo(followUp.on);
    await vi.waitFor(() => expect(world.mailsOf(trackId)).toContain('participant-retention-check'));
    s = await handle.executeUpdate(answerRetentionUpdate, { args: [{ weeks: 4, stillEmployed: true, evidenceId: 'evidence-2' }] });
    expect(world.outcomes.get(`participant:${trackId}:retention:4`)).toMatchObject({
      kind: 'RETENTION',
      occurredOn: followUp.on,
      retentionWeeks: 4,
    });
    const result = await handle.result();
    expect(result).toMatchObject({ phase: 'COMPLETED', outcomes: [{ kind: 'ORDINARY_JOB' }, { kind: 'RETENTION' }] });
  });

  it('a pause signal holds the reminders; the resume moves the deadlines by the days paused', async () => {
    const { trackId, handle } = await start();
    const before = await handle.query(participantSummaryQuery);
    await handle.signal(pauseTrackSignal, { reasonId: 'reason-1' });
    await vi.waitFor(async () => expect((await handle.query(participantSummaryQuery)).paused).toBe(true));
    await skipTo(addDays(await today(), 28));
    expect(world.mailsOf(trackId)).toEqual([]);
    const s = await handle.executeUpdate(resumeTrackUpdate, { args: [{}] });
    expect(s.paused).toBe(false);
    expect(s.pausedDaysTotal).toBe(28);
    expect(s.jobTrainingStartsOn > before.jobTrainingStartsOn).toBe(true);
    await handle.terminate('done');
  });

  it('an e-mail that fails does not stop the track', async () => {
    world.failing.add('participant-mentor-missing');
    try {
      const { trackId, handle, input } = await start();
      await skipTo(addDays(input.startsOn!, 30));
      await vi.waitFor(() => expect(world.mailsOf(trackId)).toContain('participant-employer-contact-overdue'));
      expect(world.mailsOf(trackId)).not.toContain('participant-mentor-missing');
      expect((await handle.query(participantSummaryQuery)).overdue.map((t) => t.id)).toContain('mentor');
      await handle.terminate('done');
    } finally {
      world.failing.delete('participant-mentor-missing');
    }
  });

  it('a track enrolled with its start weeks ago tells the coordinator in one digest', async () => {
    const startsOn = addDays(await today(), -35);
    const { trackId, handle } = await start({ startsOn });
    await vi.waitFor(() => expect(world.digests.filter((d) => d.trackId === trackId)).toHaveLength(1));
    expect(world.mailsOf(trackId)).toEqual([]);
    const digest = world.digests.find((d) => d.trackId === trackId)!;
    expect(digest).toMatchObject({
      idempotencyKey: `participant:${trackId}:digest:track-start`,
      to: 'coordinator',
      begunOn: await today(),
    });
    expect(digest.notices.map((n) => n.template)).toContain('participant-mentor-missing');
    await handle.terminate('done');
  });

  it('a transfer ends the track and hands its progress over', async () => {
    const { handle } = await start();
    await handle.executeUpdate(assignMentorUpdate, { args: [{ staffMemberId: 'staff-2' }] });
    const { summary, carried } = await handle.executeUpdate(transferUpdate, {
      args: [{ toTrackId: 'cm9next', toPartnershipId: 'p-vejen', reasonId: 'reason-1' }],
    });
    expect(summary).toMatchObject({ phase: 'TRANSFERRED', transferredToTrackId: 'cm9next' });
    expect(carried.mentorStaffId).toBeUndefined();
    expect(carried.tasks.map((t) => t.id)).toEqual(expect.arrayContaining(['placement', 'mentor']));
    expect((await handle.result()).phase).toBe('TRANSFERRED');
  });
});
