import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The worker signs the personal links in every invitation: in production it must not sign them with
// the published default secret, any more than the API may accept them.
const runWorker = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    encoding: 'utf8',
    timeout: 60_000,
    // Nothing listens here: a worker that got past its configuration would fail differently.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1', ...env },
  });

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
    const res = runWorker({ NODE_ENV: 'production', LINK_SECRET: 'k3J9x2QmV7pL0sR4tY8uW1zA6bC5dE2f' });
    expect(res.status).not.toBe(78);
    expect(res.stderr).not.toContain('LINK_SECRET');
  });
});
