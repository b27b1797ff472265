// The limit of bench/simulated-time.ts: a track that does nothing but wait for its timers and run
// no-op activities, as many of each as the real track's what-if run counts.
import { proxyActivities, sleep } from '@temporalio/workflow';

const { noopActivity } = proxyActivities<{ noopActivity(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export async function minimalTrackWorkflow(plan: Array<{ at: number; activities: number }>): Promise<void> {
  for (const step of plan) {
    const wait = step.at - Date.now();
    if (wait > 0) await sleep(wait);
    for (let i = 0; i < step.activities; i++) await noopActivity();
  }
}
