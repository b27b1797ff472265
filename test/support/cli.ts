import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Harness } from './temporal.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/dobbeltspor.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment the CLI as typed gets against a harness: its Temporal server, task queue and database. */
export function cliEnv(h: Harness): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: h.env.address,
    TEMPORAL_NAMESPACE: 'default',
    TASK_QUEUE: h.taskQueue,
    DATABASE_URL: h.database.url,
    NO_COLOR: '1',
  };
}

/** `npx dobbeltspor <args>` as a subprocess from the checkout's root: its exit code and output. */
export function runCli(env: NodeJS.ProcessEnv, args: string[], timeout = 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
