// What a run under time skipping spent, read from the histories: from some root workflows, every run of
// each (continue-as-new followed back from the latest) and every child they started, counted by
// workflow type: runs, workflow tasks, timers started and fired, activities, local activities
// (markers), children, the seconds spent in activities and workflow tasks (the clock stands still
// while anything runs, so those spans are wall time), and the distinct instants at which timers fired
// (each one a round of the time-skipping server, which moves the clock only once nothing is running).
// And each workflow's plan for the minimal workflow: its wake-ups (the instants its timers fired) with
// the activities and local activities it ran after each.
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';

export interface TypeCounts {
  workflows: number;
  runs: number;
  workflowTasks: number;
  timersStarted: number;
  timersFired: number;
  activities: number;
  localActivities: number;
  children: number;
  /** Activities by type. */
  byActivity: Record<string, number>;
  /** Seconds from scheduled to closed: activities, and workflow tasks (local activities run inside them). */
  activitySeconds: number;
  workflowTaskSeconds: number;
}

/** One wake-up of a workflow: the instant (epoch ms), then its activities and local activities. */
export interface PlanStep {
  at: number;
  activities: number;
  localActivities: number;
}

export interface HistoryCounts {
  byType: Record<string, TypeCounts>;
  /** Distinct instants (ms) at which any timer fired. */
  timerInstants: number;
  /** Each workflow's wake-ups, by workflow id. */
  plans: Record<string, PlanStep[]>;
}

function ms(t: unknown): number {
  const time = t as { seconds?: { toNumber?: () => number } | number | string; nanos?: number } | undefined;
  const s = time?.seconds;
  return (typeof s === 'object' && s?.toNumber ? s.toNumber() : Number(s ?? 0)) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

const CLOSED_ACTIVITY = [
  'activityTaskCompletedEventAttributes',
  'activityTaskFailedEventAttributes',
  'activityTaskTimedOutEventAttributes',
  'activityTaskCanceledEventAttributes',
] as const;

/** Every run of `workflowId`, last to first. */
async function runsOf(client: Client, workflowId: string): Promise<History[]> {
  const runs: History[] = [];
  for (let runId: string | undefined = undefined; ;) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.push(history);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId) return runs;
  }
}

export async function countHistories(client: Client, roots: string[]): Promise<HistoryCounts> {
  const byType: Record<string, TypeCounts> = {};
  const plans: Record<string, PlanStep[]> = {};
  const instants = new Set<number>();
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const batch = queue.splice(0, 16).filter((id) => !seen.has(id));
    batch.forEach((id) => seen.add(id));
    const histories = await Promise.all(batch.map((id) => runsOf(client, id)));
    for (const [w, latestFirst] of histories.entries()) {
      const runs = [...latestFirst].reverse();
      const plan: PlanStep[] = [{ at: ms(runs[0]?.events?.[0]?.eventTime), activities: 0, localActivities: 0 }];
      plans[batch[w]!] = plan;
      const type = runs[0]?.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'unknown';
      const c = (byType[type] ??= {
        workflows: 0,
        runs: 0,
        workflowTasks: 0,
        timersStarted: 0,
        timersFired: 0,
        activities: 0,
        localActivities: 0,
        children: 0,
        byActivity: {},
        activitySeconds: 0,
        workflowTaskSeconds: 0,
      });
      c.workflows++;
      for (const run of runs) {
        c.runs++;
        const timeOf = new Map((run.events ?? []).map((e) => [String(e.eventId), ms(e.eventTime)]));
        const sinceScheduled = (e: { scheduledEventId?: unknown } | null | undefined, at: number) =>
          (at - (timeOf.get(String(e?.scheduledEventId)) ?? at)) / 1000;
        for (const e of run.events ?? []) {
          const at = ms(e.eventTime);
          const closed = CLOSED_ACTIVITY.map((k) => e[k]).find((x) => x);
          if (closed) c.activitySeconds += sinceScheduled(closed, at);
          if (e.workflowTaskCompletedEventAttributes) {
            c.workflowTasks++;
            c.workflowTaskSeconds += sinceScheduled(e.workflowTaskCompletedEventAttributes, at);
          } else if (e.timerStartedEventAttributes) c.timersStarted++;
          else if (e.timerFiredEventAttributes) {
            c.timersFired++;
            instants.add(at);
            plan.push({ at, activities: 0, localActivities: 0 });
          } else if (e.activityTaskScheduledEventAttributes) {
            c.activities++;
            plan[plan.length - 1]!.activities++;
            const name = e.activityTaskScheduledEventAttributes.activityType?.name ?? '?';
            c.byActivity[name] = (c.byActivity[name] ?? 0) + 1;
          } else if (e.markerRecordedEventAttributes?.markerName?.includes('local_activity')) {
            c.localActivities++;
            plan[plan.length - 1]!.localActivities++;
          } else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
            c.children++;
            const child = e.startChildWorkflowExecutionInitiatedEventAttributes.workflowId;
            if (child && !seen.has(child)) queue.push(child);
          }
        }
      }
    }
  }
  return { byType, timerInstants: instants.size, plans };
}

/** One line a workflow type: its figures per workflow and month of workflow time. */
export function countLines(counts: Omit<HistoryCounts, 'plans'>, months: number): string[] {
  const per = (n: number, w: number) => (n / w / months).toFixed(1);
  return Object.entries(counts.byType).map(([type, c]) => {
    const acts = Object.entries(c.byActivity)
      .map(([k, n]) => `${k} ${per(n, c.workflows)}`)
      .join(', ');
    return `    ${type} ×${c.workflows}: a workflow-month ${per(c.workflowTasks, c.workflows)} workflow tasks, ${per(c.timersStarted, c.workflows)} timers started (${per(c.timersFired, c.workflows)} fired), ${per(c.activities, c.workflows)} activities${acts ? ` (${acts})` : ''}, ${per(c.localActivities, c.workflows)} local activities; ${c.runs} runs, ${c.children} children; ${c.activitySeconds.toFixed(1)} s in activities, ${c.workflowTaskSeconds.toFixed(1)} s in workflow tasks`;
  });
}
