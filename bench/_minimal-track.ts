// The limit of bench/simulated-time.ts: a workflow that does nothing but wait for its timers and run
// no-op activities and local activities, as many of each, at the same instants, as one workflow of the
// real run did (its plan read from the real run's histories, bench/_history-counts.ts).
import { proxyActivities, proxyLocalActivities, sleep } from '@temporalio/workflow';

interface Noop {
  noopActivity(): Promise<void>;
}
const { noopActivity } = proxyActivities<Noop>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<Noop>({ startToCloseTimeout: '30 seconds' });

export async function minimalTrackWorkflow(plan: Array<{ at: number; activities: number; localActivities?: number }>): Promise<void> {
  for (const step of plan) {
    const wait = step.at - Date.now();
    if (wait > 0) await sleep(wait);
    for (let i = 0; i < step.activities; i++) await noopActivity();
    for (let i = 0; i < (step.localActivities ?? 0); i++) await local.noopActivity();
  }
}
