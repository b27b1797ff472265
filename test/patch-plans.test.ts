// Every patch of the running workflows with its plan and the recorded histories of each step
// (workflows/patch-steps.ts): step 1, today, replays the histories recorded before the patch and
// those recorded with it; step 2 (the patch deprecated) is built from the same workflow code with
// only the patch's id added to DEPRECATED_PATCHES, and replays the histories recorded with it.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import webpack from 'webpack';
import { describe, expect, it } from 'vitest';
import { PARTICIPANT_PATCHES } from '../domain/participant-agenda.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { loadRecordedHistories } from './support/histories.js';

const WORKFLOWS_DIR = fileURLToPath(new URL('../workflows/', import.meta.url));
const GENERATED = fileURLToPath(new URL('./fixtures/generated/', import.meta.url));

interface Plan {
  /** Histories recorded before the patch: no marker. */
  before: string[];
  /** Histories recorded with the patch: its marker. */
  with: string[];
  /** Why a step has no recorded history. */
  missing?: string;
}

/** By workflow type and patch id (the old company track and the participant track share an id). */
const PLANS: Record<string, Record<string, Plan>> = {
  cohortWorkflow: {
    'client-starts-late-tracks': { before: ['cohort/klynge-1-2019.json'], with: ['cohort/klynge-1-2019-late-track-adopted.json'] },
    'pause-company-tracks': { before: ['cohort/klynge-1-2019.json'], with: ['cohort/klynge-1-2019-late-track-adopted.json'] },
    'reason-ids': { before: ['cohort/klynge-1-2019.json'], with: ['cohort/klynge-1-2019-late-track-adopted.json'] },
    'children-in-batches': {
      before: ['cohort/klynge-1-2019.json', 'cohort/klynge-1-2019-late-track-adopted.json'],
      with: ['cohort/klynge-1-2019-children-in-batches.json'],
    },
    'child-search-attributes': {
      before: [],
      with: ['cohort/klynge-1-2019-search-attributes-run1.json'],
      missing: 'before: the patch is asked only of a cohort started with search attributes, and none was recorded before it',
    },
  },
  campInvitationWorkflow: {
    'invitation-lead-time': {
      before: ['camp/boot-camp-attended-run1.json', 'camp/boot-camp-declined-run1.json'],
      with: ['camp/scheduled-invitation-run1.json'],
    },
  },
  companyTrackWorkflow: {
    'company-agenda': {
      before: ['company/whole-path-run1.json', 'company/paused-twice-run1.json', 'company/selected-a-year-ahead-run1.json'],
      with: ['company/agenda-whole-path-run1.json', 'company/agenda-paused-twice-run1.json', 'company/agenda-selected-late-run1.json'],
    },
    'catch-up-digest': { before: ['company/selected-a-year-ahead-run1.json'], with: ['company/selected-late-run1.json'] },
    'local-projection': {
      before: ['company/agenda-whole-path-run1.json', 'company/agenda-report-continued-paused-run1.json'],
      with: ['company/agenda-local-projection-whole-path-run1.json', 'company/agenda-local-projection-report-continued-paused-run1.json'],
    },
    'pause-keeps-reached-dates': {
      before: ['company/paused-twice-run1.json'],
      with: [],
      missing: 'with: asked only by company-track-v1.ts, which runs only tracks begun before company-agenda; none can be recorded now',
    },
  },
  jobOpeningWorkflow: {
    'answer-reminders': {
      before: ['job-opening/filled-by-link-run1.json', 'job-opening/declined-then-withdrawn-run1.json'],
      with: ['job-opening/answer-reminded-escalated-then-filled-run1.json', 'job-opening/answer-reminded-then-filled-run1.json'],
    },
  },
  participantTrackWorkflow: {
    [PARTICIPANT_PATCHES.checkLastWorkReadinessWeek]: {
      before: ['full-track-run1.json', 'missing-attendance-run1.json'],
      with: ['pause-in-job-training-run1.json', 'placement-missing-run1.json'],
    },
    [PARTICIPANT_PATCHES.pauseKeepsReachedDates]: { before: ['pause-resume-run1.json'], with: ['pause-in-job-training-run2.json'] },
    [PARTICIPANT_PATCHES.catchUpDigest]: {
      before: [],
      with: ['started-in-the-past-run1.json', 'phase-upsert-catch-up-run1.json'],
      missing: 'before: no track started in the past was recorded before the patch',
    },
    'local-projection': {
      before: ['full-track-run1.json', 'placement-missing-run1.json', 'cohort-lock-down-paid-run1.json'],
      with: ['local-projection-full-track-run1.json', 'local-projection-placement-missing-run1.json'],
    },
    [PARTICIPANT_PATCHES.outcomeSequence]: {
      before: [],
      with: ['outcome-sequence-internship-then-job-run1.json'],
      missing: 'before: the patch is asked only when an internship or education is recorded, and no history recorded before it holds one',
    },
    [PARTICIPANT_PATCHES.attendanceAgainstPlan]: {
      before: ['full-track-run1.json', 'missing-attendance-run1.json'],
      with: ['cohort-lock-down-paid-run1.json', 'cohort-lock-down-paid-run2.json'],
    },
  },
};

const TYPE_OF_FILE: Record<string, string> = {
  'cohort.ts': 'cohortWorkflow',
  'camp-invitation.ts': 'campInvitationWorkflow',
  'company-track.ts': 'companyTrackWorkflow',
  'company-track-v1.ts': 'companyTrackWorkflow',
  'job-opening.ts': 'jobOpeningWorkflow',
  'participant-track.ts': 'participantTrackWorkflow',
  'participant-track-projection.ts': 'participantTrackWorkflow',
};

/** The patches each workflow file asks, with the comment written above each id's constant. */
function patchesInSource(): Array<{ file: string; type: string; id: string; plan: string }> {
  const found: Array<{ file: string; type: string; id: string; plan: string }> = [];
  for (const file of readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.ts') && f !== 'patch-steps.ts')) {
    const source = readFileSync(WORKFLOWS_DIR + file, 'utf8');
    for (const call of source.matchAll(/patchApplies\(([A-Z_]+)\)/g)) {
      const constant = new RegExp(`((?:/\\*\\*(?:[^*]|\\*(?!/))*\\*/\\n)?)const ${call[1]} = '([a-z-]+)';`).exec(source);
      expect(constant, `${file}: ${call[1]}`).not.toBeNull();
      found.push({ file, type: TYPE_OF_FILE[file] ?? '?', id: constant![2]!, plan: constant![1]! });
    }
  }
  return found;
}

const all = new Map(
  [
    ...loadRecordedHistories(),
    ...loadRecordedHistories('cohort'),
    ...loadRecordedHistories('company'),
    ...loadRecordedHistories('camp'),
    ...loadRecordedHistories('job-opening'),
  ].map((h) => [h.name, h]),
);
const byPath = (path: string) => {
  const h = all.get(path.split('/').pop()!);
  if (!h) throw new Error(`no recorded history ${path}`);
  return { ...h, workflowId: path };
};
const markersOf = (path: string): string[] =>
  (byPath(path).history.events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
const typeOf = (path: string) => byPath(path).history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

async function replay(paths: string[], deprecated: string[] = []) {
  const results: Array<{ workflowId: string; error?: unknown }> = [];
  const options = deprecated.length ? { bundlerOptions: { webpackConfigHook: withDeprecated(deprecated) } } : {};
  for await (const r of Worker.runReplayHistories(
    { workflowsPath: WORKFLOWS_PATH, replayName: 'patch-plans', ...options },
    paths.map(byPath),
  ))
    results.push(r);
  return results;
}

/** The workflows as they are, but for patch-steps.ts with these ids deprecated (step 2 of their plans). */
function withDeprecated(ids: string[]) {
  const source = readFileSync(`${WORKFLOWS_DIR}patch-steps.ts`, 'utf8');
  const line = 'new Set<string>([])';
  if (!source.includes(line)) throw new Error('patch-steps.ts no longer lists DEPRECATED_PATCHES as this test expects: update the test');
  mkdirSync(GENERATED, { recursive: true });
  const file = `${GENERATED}patch-steps-deprecated.ts`;
  writeFileSync(file, source.replace(line, `new Set<string>(${JSON.stringify(ids)})`));
  return (config: webpack.Configuration): webpack.Configuration => ({
    ...config,
    plugins: [...(config.plugins ?? []), new webpack.NormalModuleReplacementPlugin(/[\\/]patch-steps\.js$/, file)],
  });
}

describe('patch plans: every patch of workflows/ with its plan and the histories of its steps', () => {
  const inSource = patchesInSource();

  it('every patch asked in workflows/ is planned here, with its steps written beside its id', () => {
    const asked = new Set(inSource.map((p) => `${p.type} ${p.id}`));
    for (const id of Object.values(PARTICIPANT_PATCHES)) asked.add(`participantTrackWorkflow ${id}`);
    const planned = new Set(Object.entries(PLANS).flatMap(([type, plans]) => Object.keys(plans).map((id) => `${type} ${id}`)));
    expect([...asked].sort()).toEqual([...planned].sort());
    for (const p of inSource) {
      expect(p.plan, `${p.file} ${p.id}: its plan`).toMatch(/deprecatePatch/);
      expect(p.plan, `${p.file} ${p.id}: the query that decides step 2`).toMatch(/StartTime|patch-steps/);
      expect(p.plan, `${p.file} ${p.id}: when the call goes`).toMatch(/remov|go(es)?\b|delete/i);
    }
  });

  it('the histories named before a patch lack its marker and those named with it hold it', () => {
    for (const [type, plans] of Object.entries(PLANS))
      for (const [id, plan] of Object.entries(plans)) {
        if (!plan.before.length || !plan.with.length) expect(plan.missing, `${type} ${id}: why a step has no history`).toBeDefined();
        for (const path of plan.before) {
          expect(typeOf(path), path).toBe(type);
          expect(markersOf(path), path).not.toContain(id);
        }
        for (const path of plan.with) {
          expect(typeOf(path), path).toBe(type);
          expect(markersOf(path), path).toContain(id);
        }
      }
  });

  it('step 1 (today): histories recorded before each patch and with it replay', async () => {
    const paths = [...new Set(Object.values(PLANS).flatMap((plans) => Object.values(plans).flatMap((p) => [...p.before, ...p.with])))];
    const results = await replay(paths);
    expect(results.map((r) => r.workflowId).sort()).toEqual([...paths].sort());
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
  });

  it('step 2 (deprecatePatch): the histories recorded with a patch replay; a history that took the old branch does not, so it leaves', async () => {
    // The cohort's late enrolment: deprecated, an update adopts the track and starts no child.
    const id = 'client-starts-late-tracks';
    const results = await replay([...PLANS.cohortWorkflow![id]!.with, ...PLANS.cohortWorkflow![id]!.before], [id]);
    const errorOf = (path: string) => results.find((r) => r.workflowId === path)?.error;
    expect(errorOf('cohort/klynge-1-2019-late-track-adopted.json')).toBeUndefined();
    expect(errorOf('cohort/klynge-1-2019.json')).toBeInstanceOf(DeterminismViolationError);
  });
});
