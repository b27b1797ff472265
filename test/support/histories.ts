// Recorded workflow histories for the replay test. Tests call saveHistoryChain after a real run;
// with RECORD_HISTORIES=1 every run of the chain (continue-as-new) is written to test/histories/.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { temporal } from '@temporalio/proto';

const HistoryMessage = temporal.api.history.v1.History;
const JSON_FORM = { longs: String, enums: String, bytes: String } as const;

export const HISTORIES_DIR = fileURLToPath(new URL('../histories/', import.meta.url));

/** The histories of a workflow's runs, first to last, following continue-as-new. */
export async function fetchHistoryChain(client: Client, workflowId: string, firstRunId: string): Promise<History[]> {
  const histories: History[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push(history);
    const last = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return histories;
}

/** The checkout's root, which failures' stack traces in a history name; recorded files say `.` instead. */
const CHECKOUT_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

/** A history as the JSON stored in test/histories/, with the checkout's path taken out of stack traces. */
export function historyJson(history: History): string {
  return `${JSON.stringify(HistoryMessage.toObject(HistoryMessage.fromObject(history), JSON_FORM))
    .split(CHECKOUT_ROOT)
    .join('.')}\n`;
}

/** With RECORD_HISTORIES=1, writes every run of the chain to `test/histories/<subdir>/<name>-run<N>.json`. */
export async function saveHistoryChain(client: Client, workflowId: string, firstRunId: string, name: string, subdir = ''): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const dir = `${HISTORIES_DIR}${subdir ? `${subdir}/` : ''}`;
  mkdirSync(dir, { recursive: true });
  const chain = await fetchHistoryChain(client, workflowId, firstRunId);
  chain.forEach((history, i) => writeFileSync(`${dir}${name}-run${i + 1}.json`, historyJson(history)));
}

/** The recorded histories in `test/histories/<subdir>/` (participant tracks at the top). */
export function loadRecordedHistories(subdir = ''): Array<{ name: string; workflowId: string; history: History }> {
  const dir = `${HISTORIES_DIR}${subdir ? `${subdir}/` : ''}`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f,
      workflowId: f.replace(/\.json$/, ''),
      history: HistoryMessage.fromObject(JSON.parse(readFileSync(dir + f, 'utf8'))),
    }));
}
