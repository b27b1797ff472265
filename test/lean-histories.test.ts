// What a participant track's history holds per week left alone: the timer, the reminder's activity,
// and the projection as one marker of a local activity (local-projection), not an activity of its own
// with the whole summary as its input. On the time-skipping server with in-memory activities.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TrackSummary } from '../contracts/participant-track.js';
import { participantTrackWorkflowId } from '../contracts/workflow-ids.js';
import { addDays, localDateAt } from '../domain/calendar.js';
import { phaseDates } from '../domain/participant-schedule.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { participantTrackWorkflow } from '../workflows/index.js';
import { PLAN } from './support/participant-agenda-driver.js';
import { startTimeSkippingServer, uniqueId } from './support/temporal.js';

describe('a participant track left alone: its history per week', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const projections: TrackSummary[] = [];
  const mails: string[] = [];
  const taskQueue = uniqueId('lean');

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    const ok = { outboxId: 'x', messageId: '<x@test>', sentNow: true };
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: {
        projectParticipantTrack: async (s: TrackSummary) => {
          projections.push(s);
          return { written: true };
        },
        sendParticipantMail: async (m: { idempotencyKey: string }) => {
          mails.push(m.idempotencyKey);
          return ok;
        },
        sendParticipantDigest: async () => ok,
      },
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('writes each projection through a local activity: one marker each, no activity task of its own', async () => {
    const trackId = uniqueId('cm9lean');
    const startsOn = localDateAt(Number(await env.currentTimeMs()));
    const handle = await env.client.workflow.start(participantTrackWorkflow, {
      taskQueue,
      workflowId: participantTrackWorkflowId(trackId),
      args: [
        { trackId, cohortId: 'klynge-1-2019', partnershipId: 'p-kolding', municipalityCode: '621', plan: PLAN, startsOn, closingDays: [] },
      ],
    });
    // Ten weeks into work-readiness, well before its end (one run, no continue-as-new).
    const until = addDays(startsOn, 70);
    expect(until < phaseDates(startsOn, PLAN).jobTrainingStartsOn).toBe(true);
    await env.sleep(Date.parse(`${until}T10:00:00Z`) - Number(await env.currentTimeMs()));
    await vi.waitFor(() => expect(mails.filter((k) => k.includes(':attendance-reminder:')).length).toBeGreaterThanOrEqual(9));
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const activities = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(activities).not.toContain('projectParticipantTrack');
    expect(activities.filter((a) => a === 'sendParticipantMail').length).toBe(mails.filter((k) => k.includes(trackId)).length);
    const markers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    // The projection still ran after every change: the start and each week's reminder.
    const mine = projections.filter((p) => p.trackId === trackId);
    expect(markers.length).toBe(mine.length);
    expect(mine.length).toBeGreaterThanOrEqual(10);
    const timers = events.filter((e) => e.timerFiredEventAttributes).length;
    // Each wake-up: its timer (2) and the task it wakes (3); each e-mail: its activity (3) and the task its
    // completion wakes (3); each projection: one marker. Before, a projection was an activity and a task
    // of its own (6). The start costs about 10.
    expect(timers).toBeGreaterThanOrEqual(9);
    expect(events.length).toBeLessThanOrEqual(5 * timers + 6 * activities.length + markers.length + 10);
  });
});
