// The what-if run (`cohort simulate`): the shipped example cohort through its 18 months without the
// engine, the CLI as typed with its CSV read back, and one participant track compared with the real
// workflow on the time-skipping server: the same e-mails, under the same keys (which carry their weeks).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Activities } from '../activities/index.js';
import type { ParticipantTrackInput } from '../contracts/participant-track.js';
import { participantTrackWorkflowId } from '../contracts/workflow-ids.js';
import { addMonths, localDateAt } from '../domain/calendar.js';
import { phaseDates, trainingWeeks } from '../domain/participant-schedule.js';
import { simulateCohort } from '../domain/what-if.js';
import { loadCohortFile } from '../client/operations/files.js';
import { simulateCohortFile } from '../client/operations/what-if.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { participantTrackWorkflow } from '../workflows/index.js';
import { PLAN, setupOf } from './support/participant-agenda-driver.js';
import { startTimeSkippingServer, uniqueId } from './support/temporal.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE = join(ROOT, 'cohorts/klynge-1-2019.yaml');

describe('cohort simulate: the example cohort without the engine', () => {
  it('sends one attendance reminder per unrecorded week of work-readiness and job training and ends each track where its dates say', async () => {
    const content = await loadCohortFile(EXAMPLE);
    const { summary, events } = simulateCohortFile(content);
    const participants = content.cohort.participants ?? [];
    const companies = content.cohort.partnerships.flatMap((p) => p.companies);
    expect(summary).toMatchObject({ participants: participants.length, companies: companies.length });
    expect(participants.length).toBeGreaterThan(0);
    for (const p of participants) {
      const trackId = `${content.cohort.id}-${p.ref}`;
      const mine = events.filter((e) => e.trackId === trackId);
      const dates = phaseDates(content.cohort.startsOn!, content.programme.participant);
      // Every week from the start until job training ends, each reminded once (its key names the week):
      // attendance is judged against the plan, which follows the weeks of job training too.
      const weeks = trainingWeeks(dates.workReadinessStartsOn, dates.jobTrainingEndsOn);
      const reminded = mine.filter((e) => e.what === 'participant-attendance-reminder').map((e) => e.key);
      expect(reminded).toEqual(weeks.map((w) => `participant:${trackId}:attendance-reminder:${w}`));
      expect(mine.find((e) => e.kind === 'phase' && e.what === 'JOB_TRAINING')?.on).toBe(dates.jobTrainingStartsOn);
      expect(mine.filter((e) => e.what === 'participant-outcome-due').map((e) => e.on)).toEqual([dates.jobTrainingEndsOn]);
    }
    // Every company selected when its boot camp ends: one selection e-mail each, every camp invited.
    expect(summary.mailsByTemplate['company-selected']).toBe(companies.length);
    expect(summary.byKind.outcome).toBe(0);
    // In time order.
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
  });

  it('follows the scenario: no company selected, every participant hired when job training ends', async () => {
    const content = await loadCohortFile(EXAMPLE);
    const { summary, events } = simulateCohortFile(content, { selectCompanies: false, hireEvery: 1 });
    const companies = content.cohort.partnerships.flatMap((p) => p.companies).length;
    expect(summary.mailsByTemplate['company-not-selected']).toBe(companies);
    expect(summary.mailsByTemplate['company-selected']).toBeUndefined();
    // Only the boot camp's invitations: the accelerator's camps are not started.
    expect(events.filter((e) => e.kind === 'camp-invitation').every((e) => e.what.endsWith('bootcamp'))).toBe(true);
    expect(summary.phasesAtEnd.company).toEqual({ NOT_SELECTED: companies });
    const participants = content.cohort.participants!.length;
    expect(summary.byKind.outcome).toBe(participants);
    expect(summary.mailsByTemplate['participant-retention-check']).toBeGreaterThanOrEqual(participants);
  });

  it('refuses a number of months it cannot run, naming the field', async () => {
    const content = await loadCohortFile(EXAMPLE);
    expect(() => simulateCohortFile(content, { months: 0 })).toThrow(expect.objectContaining({ field: 'months' }));
  });

  it('runs from the CLI as typed and writes every event as CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dobbeltspor-what-if-'));
    try {
      const csv = join(dir, 'events.csv');
      const res = spawnSync(
        process.execPath,
        ['bin/dobbeltspor.js', 'cohort', 'simulate', 'cohorts/klynge-1-2019.yaml', '--events', csv, '--json'],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      expect(res.status, res.stderr).toBe(0);
      const summary = JSON.parse(res.stdout) as { byKind: Record<string, number>; eventsFile: string };
      const lines = readFileSync(csv, 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('date;time;time_zone;track;track_id;kind;what;to;key');
      const rows = lines.slice(1).map((l) => l.split(';'));
      expect(rows.length).toBe(Object.values(summary.byKind).reduce((a, b) => a + b, 0));
      const reminder = rows.find((r) => r[6] === 'participant-attendance-reminder')!;
      // Reminders go out at 09:00 Copenhagen time.
      expect(reminder.slice(1, 3)).toEqual(['09:00', 'Europe/Copenhagen']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cohort simulate against the workflow under time skipping', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const mails: Array<Parameters<Activities['sendParticipantMail']>[0]> = [];
  const taskQueue = uniqueId('what-if');

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    const ok = { outboxId: 'x', messageId: '<x@test>', sentNow: true };
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: {
        projectParticipantTrack: async () => ({ written: true }),
        sendParticipantMail: async (input: (typeof mails)[number]) => {
          mails.push(input);
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

  it('sends the e-mails of a track left alone for eight months that the what-if run lists, under the same keys', async () => {
    const trackId = uniqueId('cm9whatif');
    const from = Number(await env.currentTimeMs());
    const input: ParticipantTrackInput = {
      trackId,
      cohortId: 'klynge-1-2019',
      partnershipId: 'p-kolding',
      municipalityCode: '621',
      plan: PLAN,
      startsOn: localDateAt(from),
      closingDays: [],
    };
    await env.client.workflow.start(participantTrackWorkflow, {
      taskQueue,
      workflowId: participantTrackWorkflowId(trackId),
      args: [input],
    });
    // 10:00 UTC: after that day's 09:00 Copenhagen reminders.
    const until = Date.parse(`${addMonths(input.startsOn!, 8)}T10:00:00Z`);
    const simulated = simulateCohort({
      from,
      until,
      participants: [{ setup: setupOf({ trackId, partnershipId: input.partnershipId }), startsOn: input.startsOn! }],
      companies: [],
      camps: [],
      closingDays: [],
    });
    const expected = simulated.events.filter((e) => e.kind === 'mail').map((e) => e.key);
    expect(expected.length).toBeGreaterThan(25);
    await env.sleep(until - from);
    const sent = () => mails.filter((m) => m.trackId === trackId).map((m) => m.idempotencyKey);
    await vi.waitFor(() => expect(sent().length).toBeGreaterThanOrEqual(expected.length), { timeout: 30_000 });
    expect(sent()).toEqual(expected);
  });
});
