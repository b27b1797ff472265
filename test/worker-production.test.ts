import { spawnSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneCheckout } from './support/clone.js';

// Nothing listens here: a worker that got past its configuration and its bundle fails differently.
const UNREACHABLE = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1' };
const REAL_SECRET = 'k3J9x2QmV7pL0sR4tY8uW1zA6bC5dE2f';

const runWorker = (env: Record<string, string>, cwd?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...UNREACHABLE, ...env },
  });

// The worker signs the personal links in every invitation: in production it must not sign them with
// the published default secret, any more than the API may accept them.
describe('the worker in production', () => {
  it.each<[string, Record<string, string>]>([
    ['the published default', {}],
    ["docker-compose's placeholder", { LINK_SECRET: 'change-me-to-a-long-random-secret' }],
  ])('refuses to start with %s LINK_SECRET, naming the variable', (_what, env) => {
    for (const production of [{ NODE_ENV: 'production' }, { DEPLOYMENT: 'production' }] as Record<string, string>[]) {
      const res = runWorker({ ...production, ...env });
      expect(res.status, res.stderr).toBe(78);
      expect(res.stderr).toContain('The worker does not start: LINK_SECRET');
    }
  });

  it('with a real secret gets past its configuration (and stops at the absent Temporal server)', () => {
    const res = runWorker({ NODE_ENV: 'production', LINK_SECRET: REAL_SECRET, WORKER_WORKFLOW_BUNDLE: 'source' });
    expect(res.status).not.toBe(78);
    expect(res.stderr).not.toContain('LINK_SECRET');
  });
});

// Production workers load `npm run bundle`'s prebuilt bundle instead of bundling at start, and must
// never run one older than the workflow code beside it. In a clone, so the checkout's dist/ is untouched.
describe("the production worker's prebuilt workflow bundle", () => {
  let clone: string;
  const production = { NODE_ENV: 'production', LINK_SECRET: REAL_SECRET };
  beforeAll(() => {
    clone = cloneCheckout(['node_modules', 'prisma/generated']);
  });
  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('is required: without one the worker does not start and says how to build it', () => {
    const res = runWorker(production, clone);
    expect(res.status, res.stderr).toBe(78);
    expect(res.stderr).toContain(
      'The worker does not start: the prebuilt workflow bundle dist/workflow-bundle.js cannot be used: it has not been built yet',
    );
    expect(res.stderr).toContain('npm run bundle');
  });

  it('is loaded once built, and refused, naming the file, once the workflow code changed', () => {
    const bundled = spawnSync('npm', ['run', '--silent', 'bundle'], { cwd: clone, encoding: 'utf8', timeout: 170_000 });
    expect(bundled.status, bundled.stderr + bundled.stdout).toBe(0);
    const fresh = runWorker(production, clone);
    expect(fresh.status, fresh.stderr).not.toBe(78);
    expect(fresh.stderr).not.toContain('workflow bundle');

    // A file the workflows import, not only the workflows themselves.
    appendFileSync(join(clone, 'domain', 'calendar.ts'), '\n// changed after the bundle was built\n');
    const stale = runWorker(production, clone);
    expect(stale.status, stale.stderr).toBe(78);
    expect(stale.stderr).toContain('cannot be used: domain/calendar.ts changed since it was built');

    // Bundling at start is still there for who asks for it.
    const source = runWorker({ ...production, WORKER_WORKFLOW_BUNDLE: 'source' }, clone);
    expect(source.status, source.stderr).not.toBe(78);
    expect(source.stderr).not.toContain('workflow bundle');
  }, 180_000);
});
