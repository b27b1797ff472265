import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where provisioned binaries and jars live: outside the repository, so fresh clones and CI on the
 * same machine reuse them. Override with DOBBELTSPOR_CACHE_DIR.
 */
export function cacheDir(...sub: string[]): string {
  const root = process.env.DOBBELTSPOR_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dobbeltspor');
  const dir = join(root, ...sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}
