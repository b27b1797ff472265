// The workflows an operator must look at, read from Temporal itself (visibility and describe), not
// from the projection: a track whose workflow failed or whose tasks keep failing still shows its last
// phase in PostgreSQL. Each comes with its error, a link to the Temporal Web UI and what to do next.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Db } from '../../prisma/client.js';

type Timestamp = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;

export type StuckProblem = 'FAILED' | 'TERMINATED' | 'TIMED_OUT' | 'ACTIVITY_RETRYING' | 'WORKFLOW_TASK_FAILING';

export interface StuckAction {
  /**
   * `retry-email`: the operator's retry of the failed e-mails listed; `fix-cause`: an activity still
   * retrying on its own (fix what it fails on, e.g. the SMTP server); `reset`: the documented reset.
   */
  kind: 'retry-email' | 'fix-cause' | 'reset';
  /** The outbox rows to retry (retry-email). */
  outboxIds?: string[];
  /** The command to run once the cause is fixed (reset), as docs/stuck-workflows.md explains. */
  command?: string;
}

export interface StuckWorkflow {
  workflowId: string;
  runId: string;
  type: string;
  problem: StuckProblem;
  /** The error as Temporal holds it: the failure's message, the termination's reason, the last activity or task failure. */
  error: string;
  /** When the problem was last seen: the close time, or the last failed attempt's start. */
  since: string;
  /** Attempts so far of the retrying activity or the failing workflow task. */
  attempts?: number;
  /** The retrying activity's type. */
  activity?: string;
  /** E-mails of this workflow not sent (ids and status only; the addresses stay in the outbox). */
  emails: Array<{ id: string; status: string; attempts: number }>;
  action: StuckAction;
  temporalUrl: string;
}

export interface StuckWorkflowsOptions {
  namespace: string;
  /** Web UI base (TEMPORAL_UI_URL). */
  temporalUiUrl: string;
  /** An activity is stuck from this many attempts on (default 3). */
  minAttempts?: number;
  /** Closed workflows looked at: those closed in the last this many days (default 30). */
  days?: number;
  /** Running workflows described at most (default 2,000): describing each is one call to Temporal. */
  maxRunning?: number;
  now?: number;
}

export interface StuckWorkflowsResult {
  items: StuckWorkflow[];
  /** Running workflows described, and whether more were running than `maxRunning`. */
  runningScanned: number;
  runningTruncated: boolean;
}

const CLOSED_PROBLEMS: Record<string, StuckProblem> = { FAILED: 'FAILED', TERMINATED: 'TERMINATED', TIMED_OUT: 'TIMED_OUT' };
const DESCRIBE_CONCURRENCY = 8;

function tsToDate(ts: Timestamp): Date | undefined {
  if (!ts?.seconds && !ts?.nanos) return undefined;
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : (ts.seconds?.toNumber() ?? 0);
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
}

function webUiUrl(base: string, namespace: string, workflowId: string, runId: string): string {
  return `${base.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}/${encodeURIComponent(runId)}/history`;
}

/** The command that resets a workflow to its last good workflow task, once the cause is fixed (docs/stuck-workflows.md). */
function resetCommand(namespace: string, workflowId: string, runId: string): string {
  return `temporal workflow reset --namespace ${namespace} --workflow-id ${workflowId} --run-id ${runId} --type LastWorkflowTask --reason "<why, after the fix>"`;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function listAll(client: Client, query: string, max: number): Promise<{ items: WorkflowExecutionInfo[]; truncated: boolean }> {
  const items: WorkflowExecutionInfo[] = [];
  for await (const w of client.workflow.list({ query, pageSize: Math.min(max + 1, 1000) })) {
    if (items.length === max) return { items, truncated: true };
    items.push(w);
  }
  return { items, truncated: false };
}

const HistoryEventFilterType = proto.temporal.api.enums.v1.HistoryEventFilterType;

/** Why a closed run ended badly: its close event's failure message, termination reason or time-out. */
async function closeReason(client: Client, namespace: string, workflowId: string, runId: string, problem: StuckProblem): Promise<string> {
  const history = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution: { workflowId, runId },
    historyEventFilterType: HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
  });
  const event = history.history?.events?.[0];
  const failed = event?.workflowExecutionFailedEventAttributes?.failure;
  if (failed) return [failed.message, failed.cause?.message].filter(Boolean).join(': ') || 'failed';
  const terminated = event?.workflowExecutionTerminatedEventAttributes;
  if (terminated) return `terminated${terminated.identity ? ` by ${terminated.identity}` : ''}: ${terminated.reason || 'no reason given'}`;
  if (problem === 'TIMED_OUT') return 'the workflow ran past its execution timeout';
  return problem.toLowerCase();
}

/** The newest failure of a workflow task (non-determinism, a bug that throws), read from the history's end. */
async function lastWorkflowTaskFailure(client: Client, namespace: string, workflowId: string, runId: string): Promise<string> {
  const history = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace,
    execution: { workflowId, runId },
    maximumPageSize: 100,
  });
  for (const event of history.history?.events ?? []) {
    const failure = event.workflowTaskFailedEventAttributes?.failure;
    if (failure) return [failure.message, failure.cause?.message].filter(Boolean).join(': ') || 'the workflow task failed';
  }
  return 'the workflow task keeps failing';
}

/** The outbox row an operator's retry or resend works on: `email-retry-<outboxId>-<n>`, `email-resend-<outboxId>-<n>`. */
const resentOutboxId = (workflowId: string) => /^email-(?:retry|resend)-(.+)-\d+$/.exec(workflowId)?.[1];

/**
 * The e-mails of each workflow: the rows it wrote, and for an operator's retry the row it retries.
 * Only ids, status and attempts: the addresses and subjects stay in the outbox.
 */
async function emailsOf(db: Db, workflowIds: string[]): Promise<Map<string, StuckWorkflow['emails']>> {
  const resent = new Map(
    workflowIds.flatMap((id) => {
      const outboxId = resentOutboxId(id);
      return outboxId ? [[outboxId, id] as const] : [];
    }),
  );
  const rows = workflowIds.length
    ? await db.emailOutbox.findMany({
        where: { OR: [{ workflowId: { in: workflowIds }, status: { not: 'SENT' } }, { id: { in: [...resent.keys()] } }] },
        select: { id: true, workflowId: true, status: true, attempts: true },
        orderBy: { createdAt: 'asc' },
      })
    : [];
  const byWorkflow = new Map<string, StuckWorkflow['emails']>();
  for (const r of rows) {
    const owner = resent.get(r.id) ?? r.workflowId!;
    byWorkflow.set(owner, [...(byWorkflow.get(owner) ?? []), { id: r.id, status: r.status, attempts: r.attempts }]);
  }
  return byWorkflow;
}

/**
 * Lists the workflows that need an operator: failed, terminated or timed out (closed in the last
 * `days`, and not since reset or restarted under the same id), and running ones whose workflow task
 * keeps failing or whose activity has been tried `minAttempts` times or more. Newest problem first.
 */
export async function listStuckWorkflows(ctx: { client: Client; db: Db }, opts: StuckWorkflowsOptions): Promise<StuckWorkflowsResult> {
  const { client, db } = ctx;
  const { namespace } = opts;
  const minAttempts = opts.minAttempts ?? 3;
  const now = opts.now ?? Date.now();
  const after = new Date(now - (opts.days ?? 30) * 86_400_000).toISOString();
  const found: Array<Omit<StuckWorkflow, 'emails' | 'action' | 'temporalUrl'>> = [];

  const closed = await listAll(
    client,
    `(ExecutionStatus = 'Failed' OR ExecutionStatus = 'Terminated' OR ExecutionStatus = 'TimedOut') AND CloseTime > '${after}'`,
    500,
  );
  const closedItems = await mapLimit(closed.items, DESCRIBE_CONCURRENCY, async (w) => {
    const problem = CLOSED_PROBLEMS[w.status.name];
    if (!problem) return undefined;
    // A run reset or started again under the same id is no longer stuck.
    const latest = await client.workflow
      .getHandle(w.workflowId)
      .describe()
      .catch(() => undefined);
    if (latest && latest.runId !== w.runId) return undefined;
    return {
      workflowId: w.workflowId,
      runId: w.runId,
      type: w.type,
      problem,
      error: await closeReason(client, namespace, w.workflowId, w.runId, problem),
      since: (w.closeTime ?? w.startTime).toISOString(),
    };
  });
  for (const item of closedItems) if (item) found.push(item);

  const maxRunning = opts.maxRunning ?? 2000;
  const running = await listAll(client, `ExecutionStatus = 'Running'`, maxRunning);
  const runningItems = await mapLimit(running.items, DESCRIBE_CONCURRENCY, async (w) => {
    const d = await client.workflow
      .getHandle(w.workflowId, w.runId)
      .describe()
      .catch(() => undefined);
    if (!d) return [];
    const items: Array<Omit<StuckWorkflow, 'emails' | 'action' | 'temporalUrl'>> = [];
    const task = d.raw.pendingWorkflowTask;
    if (task && (task.attempt ?? 1) > 1) {
      items.push({
        workflowId: w.workflowId,
        runId: w.runId,
        type: w.type,
        problem: 'WORKFLOW_TASK_FAILING',
        attempts: task.attempt ?? undefined,
        error: await lastWorkflowTaskFailure(client, namespace, w.workflowId, w.runId),
        since: (tsToDate(task.startedTime) ?? tsToDate(task.scheduledTime) ?? w.startTime).toISOString(),
      });
    }
    for (const a of d.raw.pendingActivities ?? []) {
      if ((a.attempt ?? 1) < minAttempts) continue;
      items.push({
        workflowId: w.workflowId,
        runId: w.runId,
        type: w.type,
        problem: 'ACTIVITY_RETRYING',
        attempts: a.attempt ?? undefined,
        activity: a.activityType?.name ?? undefined,
        error: a.lastFailure?.message || 'no failure recorded yet',
        since: (tsToDate(a.lastStartedTime) ?? tsToDate(a.scheduledTime) ?? w.startTime).toISOString(),
      });
    }
    return items;
  });
  for (const items of runningItems) found.push(...items);

  const emails = await emailsOf(db, [...new Set(found.map((f) => f.workflowId))]);
  const items = found
    // An operator's retry that failed is settled once its e-mail went out by a later retry.
    .filter(
      (f) =>
        !(resentOutboxId(f.workflowId) && (emails.get(f.workflowId) ?? []).every((e) => e.status === 'SENT') && emails.has(f.workflowId)),
    )
    .map((f): StuckWorkflow => {
      const unsent = (emails.get(f.workflowId) ?? []).filter((e) => e.status !== 'SENT');
      const failed = unsent.filter((e) => e.status === 'FAILED').map((e) => e.id);
      // A failed e-mail is retried by the operator's own action; an activity still retrying needs its
      // cause fixed, and it retries on its own; a failed, terminated or wedged workflow is reset, as documented.
      const action: StuckAction = failed.length
        ? { kind: 'retry-email', outboxIds: failed }
        : f.problem === 'ACTIVITY_RETRYING'
          ? { kind: 'fix-cause' }
          : { kind: 'reset', command: resetCommand(namespace, f.workflowId, f.runId) };
      return { ...f, emails: unsent, action, temporalUrl: webUiUrl(opts.temporalUiUrl, namespace, f.workflowId, f.runId) };
    })
    .sort((a, b) => (a.since < b.since ? 1 : a.since > b.since ? -1 : a.workflowId.localeCompare(b.workflowId)));
  return { items, runningScanned: running.items.length, runningTruncated: running.truncated };
}
