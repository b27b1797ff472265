import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export class ProvisionError extends Error {
  override name = 'ProvisionError';
}

/** Runs a command, returning its output; throws ProvisionError with the tail of stderr on failure. */
export function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (res.error) throw new ProvisionError(`${cmd} could not be run: ${res.error.message}`);
  if (res.status !== 0) {
    const tail = `${res.stderr ?? ''}${res.stdout ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new ProvisionError(`${cmd} ${args.join(' ')} exited with ${res.status}:\n${tail}`);
  }
  return String(res.stdout ?? '');
}

export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function log(step: string, message: string): void {
  process.stderr.write(`[provision:${step}] ${message}\n`);
}

/** Times a provisioning step and logs how long it took. */
export function timed<T>(step: string, what: string, fn: () => T): T {
  const started = Date.now();
  log(step, `${what} …`);
  const result = fn();
  log(step, `${what} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
