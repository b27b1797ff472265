import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('`npm run build` compiles the CLI, which then runs the compiled JavaScript until a source changes', () => {
    const built = run('npm', ['run', '--silent', 'build']);
    expect(built.status, built.stderr + built.stdout).toBe(0);
    const compiled = join(clone, 'dist', 'cli', 'main.js');
    // A line only the compiled file has shows which code ran.
    writeFileSync(compiled, `console.error('ran the compiled CLI');\n${readFileSync(compiled, 'utf8')}`);
    const fresh = run(process.execPath, ['bin/dobbeltspor.js', '--version']);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stderr).toContain('ran the compiled CLI');
    expect(fresh.stderr).not.toContain('compiling');

    const program = join(clone, 'client', 'cli', 'program.ts');
    writeFileSync(
      program,
      readFileSync(program, 'utf8').replace("'print the version of Dobbeltspor'", "'print the version of this Dobbeltspor'"),
    );
    const changed = run(process.execPath, ['bin/dobbeltspor.js', '--help']);
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stderr).toContain('client/cli/program.ts changed since it was built');
    expect(changed.stderr).not.toContain('ran the compiled CLI');
    expect(changed.stdout).toContain('print the version of this Dobbeltspor');
  }, 180_000);

  it('`npm run worker` compiles the worker to JavaScript and runs it (then asks for its configuration)', () => {
    rmSync(generated(), { recursive: true, force: true });
    rmSync(join(clone, 'dist', 'worker'), { recursive: true, force: true });
    const res = run('npm', ['run', '--silent', 'worker']);
    expect(res.stderr).toContain('compiling the worker to JavaScript');
    expect(res.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    expect(res.stderr).toMatch(/DATABASE_URL must be set for the worker/);
    expect(res.stderr).toContain(join('dist', 'worker', 'main.js'));
    expect(existsSync(join(generated(), 'client.ts'))).toBe(true);
  }, 180_000);

  it('the worker entry gets past its imports without a generated client (then asks for its configuration)', () => {
    rmSync(generated(), { recursive: true, force: true });
    const res = run(process.execPath, ['--import', 'tsx', 'scripts/entry.ts', 'worker/main.ts']);
    expect(res.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND/);
    expect(res.stderr).toMatch(/DATABASE_URL must be set for the worker/);
    expect(existsSync(join(generated(), 'client.ts'))).toBe(true);
  }, 180_000);
});
