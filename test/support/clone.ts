import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHECKOUT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A copy of the checkout as a clone has it: the tracked files and new ones not ignored (so uncommitted
 * work is tested too), nothing built. node_modules and the other `links` are symlinked from the checkout.
 */
export function cloneCheckout(links: string[] = ['node_modules']): string {
  const clone = mkdtempSync(join(tmpdir(), 'dobbeltspor-clone-'));
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: CHECKOUT, encoding: 'utf8' });
  if (files.status !== 0) throw new Error(`git ls-files failed: ${files.stderr}`);
  for (const file of files.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(CHECKOUT, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(CHECKOUT, file), join(clone, file));
  }
  for (const link of links) symlinkSync(join(CHECKOUT, link), join(clone, link));
  return clone;
}
