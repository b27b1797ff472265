import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const checkout = fileURLToPath(new URL('..', import.meta.url));

// A clone has no prisma/generated (it is ignored by git): the entry points must provision it
// themselves before their static imports need it, and `npm run db:generate` must really write it.
describe('a fresh clone: no generated Prisma client yet', () => {
  let clone: string;
  const generated = () => join(clone, 'prisma', 'generated');
  const run = (cmd: string, args: string[]) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    return spawnSync(cmd, args, { cwd: clone, encoding: 'utf8', env, timeout: 120_000 });
  };

  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'dobbeltspor-clone-'));
    // What a clone holds: the tracked files and new ones not ignored (so uncommitted work is tested too).
    const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: checkout, encoding: 'utf8' });
    expect(files.status).toBe(0);
    for (const file of files.stdout.split('\0').filter(Boolean)) {
      if (!existsSync(join(checkout, file))) continue;
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(checkout, file), join(clone, file));
    }
    // `npm ci` would give the same tree; the checkout's saves the download.
    symlinkSync(join(checkout, 'node_modules'), join(clone, 'node_modules'));
    expect(existsSync(generated())).toBe(false);
  });
  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('`npm run db:generate` writes the client', () => {
    const res = run('npm', ['run', '--silent', 'db:generate']);
    expect(res.status, res.stderr + res.stdout).toBe(0);
    expect(existsSync(join(generated(), 'client.ts'))).toBe(true);
  }, 180_000);

  it('the CLI provisions the client before it loads', () => {
    rmSync(generated(), { recursive: true, force: true });
    const res = run(process.execPath, ['bin/dobbeltspor.js', '--json', 'programme', 'validate', 'cohorts/klynge-1-2019.yaml']);
    expect(res.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    expect(res.status, res.stderr + res.stdout).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ valid: true, id: 'klynge-1-2019' });
  }, 180_000);

  it('the worker entry gets past its imports without a generated client (then asks for its configuration)', () => {
    rmSync(generated(), { recursive: true, force: true });
    const res = run(process.execPath, ['--import', 'tsx', 'scripts/entry.ts', 'worker/main.ts']);
    expect(res.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    expect(res.stderr).toMatch(/DATABASE_URL must be set for the worker/);
    expect(existsSync(join(generated(), 'client.ts'))).toBe(true);
  }, 180_000);
});
