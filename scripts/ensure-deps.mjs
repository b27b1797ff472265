// Runs before `npm start` / `npm test` in plain Node: installs the npm dependencies when they are
// missing or older than the lockfile, so a fresh clone needs no manual `npm install`.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.log('[deps] installing npm dependencies (npm ci) …');
  try {
    execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
  } catch {
    console.error('[deps] npm ci failed: the npm registry must be reachable for the first install.');
    process.exit(1);
  }
}
