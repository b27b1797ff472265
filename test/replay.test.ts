import { readFileSync, readdirSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { writeBrokenWorkflows } from './fixtures/participant-track-breaking-change.js';
import { HISTORIES_DIR, loadRecordedHistories } from './support/histories.js';

// Histories recorded from real runs: RECORD_HISTORIES=1 npx vitest run test/participant-track.test.ts
// (participant tracks, at the top of test/histories/; test/api-writes.test.ts records outcome-sequence-*), test/cohort.test.ts and
// test/cohort-search-attributes.test.ts (cohort/; cohort.test.ts writes klynge-1-2019-late-track-adopted.json), test/company-track.test.ts and
// test/company-pause.test.ts (company/), test/camp-invitation.test.ts (camp/), and
// test/no-floods.test.ts (company/ and camp/), test/housing-job-match.test.ts and test/sib-job-openings.test.ts (job-opening/), test/company-cooperation.test.ts (company-cooperation/); test/company-track-fast.test.ts records the company
// agenda's (company/agenda-*). Record one test with -t "<name>" so the histories of
// older shapes stay as they are.
// Every one must replay against the current workflows: a change that fails here would break
// workflows that are running; put it behind `patched()`.
const histories = loadRecordedHistories();

async function replay(workflowsPath: string, recorded = histories) {
  const results: Array<{ workflowId: string; error?: unknown }> = [];
  for await (const r of Worker.runReplayHistories({ workflowsPath, replayName: 'replay-test' }, recorded)) results.push(r);
  return results;
}

describe('replay of recorded participant-track histories', () => {
  it('has recorded histories of every scenario, each run small', () => {
    const names = histories.map((h) => h.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'full-track-run1.json',
        'full-track-run3.json',
        'pause-resume-run1.json',
        'placement-missing-run2.json',
        // Tracks started with dates in the past (catch-up-digest) and paused during job training (pause-keeps-reached-dates).
        'started-in-the-past-run1.json',
        'pause-in-job-training-run2.json',
        // Started with search attributes (a dev server) and dates in the past, by the workflow as it was before the
        // agenda (06530cd) with in-memory activities: the phase's upsert comes before a patch's marker, as it must stay.
        'phase-upsert-catch-up-run1.json',
        // The projection as a local activity (local-projection): a marker per projection.
        'local-projection-full-track-run1.json',
        'local-projection-placement-missing-run1.json',
        // An internship, then the job that follows it: the track goes on into retention (outcome-sequence).
        'outcome-sequence-internship-then-job-run1.json',
      ]),
    );
    for (const h of histories) expect(h.history.events?.length ?? 0, h.name).toBeLessThan(2000);
  });

  it('keeps personal data out of the histories', () => {
    for (const f of readdirSync(HISTORIES_DIR).filter((x) => x.endsWith('.json'))) {
      // Payloads are base64: decode them all and look for the test world's names and addresses.
      const text = readFileSync(HISTORIES_DIR + f, 'utf8');
      const decoded = [...text.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)]
        .map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'))
        .join('\n');
      expect(decoded).toContain('"trackId"');
      for (const personal of ['Amina', 'Hansen', '@jobvejen.dk', '@kolding.dk', 'Søren'])
        expect(decoded, `${personal} in ${f}`).not.toContain(personal);
    }
  });

  it('replays every history against the current workflows', async () => {
    const results = await replay(WORKFLOWS_PATH);
    expect(results).toHaveLength(histories.length);
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
  });

  it('catches a breaking change to the workflow', async () => {
    const results = await replay(writeBrokenWorkflows());
    expect(results).toHaveLength(histories.length);
    for (const r of results) {
      expect(r.error, r.workflowId).toBeInstanceOf(DeterminismViolationError);
    }
  });
});

describe.each([
  {
    subdir: 'cohort',
    // klynge-1-2019.json: a late enrolment started as the cohort's child; -late-track-adopted: started by the client, adopted;
    // -children-in-batches: the cohort's children started in batches.
    expected: [
      'klynge-1-2019.json',
      'klynge-1-2019-search-attributes-run1.json',
      'klynge-1-2019-late-track-adopted.json',
      'klynge-1-2019-children-in-batches.json',
    ],
  },
  {
    subdir: 'company',
    expected: [
      'whole-path-run1.json',
      'paused-twice-run1.json',
      'selected-late-run1.json',
      'selected-a-year-ahead-run1.json',
      // The agenda (company-agenda patch): a whole path over two runs (continue-as-new into the anchoring), an escalation
      // carried into the new run and moved by a pause, and the integration tests' runs.
      'agenda-whole-path-run1.json',
      'agenda-whole-path-run2.json',
      'agenda-report-continued-paused-run2.json',
      'agenda-whole-path-integration-run2.json',
      'agenda-paused-twice-run2.json',
      'agenda-selected-late-run1.json',
      'agenda-selected-a-year-ahead-run1.json',
      // The projection as a local activity (local-projection).
      'agenda-local-projection-whole-path-run2.json',
      'agenda-local-projection-report-continued-paused-run2.json',
    ],
  },
  { subdir: 'camp', expected: ['boot-camp-attended-run1.json', 'boot-camp-declined-run1.json', 'scheduled-invitation-run1.json'] },
  // Job openings (test/housing-job-match.test.ts): filled by the company's link; reminded, escalated, then
  // filled by the API; declined by link, waiting again, withdrawn. test/sib-job-openings.test.ts (answer-reminders):
  // a proposal unanswered, the company reminded, the consultant told, then filled; one answered after its reminder.
  {
    subdir: 'job-opening',
    expected: [
      'filled-by-link-run1.json',
      'escalated-then-filled-run1.json',
      'declined-then-withdrawn-run1.json',
      'answer-reminded-escalated-then-filled-run1.json',
      'answer-reminded-then-filled-run1.json',
    ],
  },
  // A company's cooperation without an accelerator (test/company-cooperation.test.ts): an opening, the
  // follow-up check answered with a problem by its link, reminded, escalated, acknowledged.
  { subdir: 'company-cooperation', expected: ['problem-escalated-run1.json'] },
])('replay of recorded $subdir histories', ({ subdir, expected }) => {
  const recorded = loadRecordedHistories(subdir);

  it('replays every one against the current workflows', async () => {
    expect(recorded.map((h) => h.name)).toEqual(expect.arrayContaining(expected));
    const results = await replay(WORKFLOWS_PATH, recorded);
    expect(results).toHaveLength(recorded.length);
    for (const r of results) expect(r.error, r.workflowId).toBeUndefined();
  });
});
