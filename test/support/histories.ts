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
  for (let runId: string | undefined = firstRunId; runId; ) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push(history);
    const last = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return histories;
}

export async function saveHistoryChain(client: Client, workflowId: string, firstRunId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const chain = await fetchHistoryChain(client, workflowId, firstRunId);
  chain.forEach((history, i) => {
    writeFileSync(`${HISTORIES_DIR}${name}-run${i + 1}.json`, JSON.stringify(HistoryMessage.toObject(HistoryMessage.fromObject(history), JSON_FORM)) + '\n');
  });
}

export function loadRecordedHistories(): Array<{ name: string; workflowId: string; history: History }> {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, workflowId: f.replace(/\.json$/, ''), history: HistoryMessage.fromObject(JSON.parse(readFileSync(HISTORIES_DIR + f, 'utf8'))) }));
}
