import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portHolder } from '../scripts/ports.js';

const checkout = fileURLToPath(new URL('..', import.meta.url));

// What a user sees when a stack whose parent was killed still holds a port: the process, by pid.
describe('npm start with a port already taken', () => {
  let server: Server;
  let port: number;
  let cache: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    cache = mkdtempSync(join(tmpdir(), 'dobbeltspor-ports-cache-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(cache, { recursive: true, force: true });
  });

  it('finds the process listening on a port from /proc', () => {
    expect(portHolder(port)).toMatch(new RegExp(`^pid ${process.pid}: `));
  });

  it('names the process holding the port and starts nothing', () => {
    const res = spawnSync('npm', ['start'], {
      cwd: checkout,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        DOBBELTSPOR_CACHE_DIR: cache,
        API_PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        NO_COLOR: '1',
      },
    });
    expect(res.status, res.stdout + res.stderr).toBe(1);
    expect(res.stderr).toContain(`127.0.0.1:${port} (HTTP API and console) is taken by pid ${process.pid}: `);
    // Nothing was started: no Temporal state, no mail store in its cache directory.
    expect(readdirSync(cache)).toEqual([]);
  });
});
