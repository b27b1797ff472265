import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueToken } from '../client/api/auth.js';
import { createApi } from '../client/api/create-api.js';
import { loadProgrammeFile } from '../client/operations/files.js';
import { FIXTURE, seedConsoleFixture } from './support/console-fixtures.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const SECRET = 'dashboard-figures-secret-for-signed-links-0123456789';
const PROGRAMME_FILE = fileURLToPath(new URL('../programmes/growth-partnership-2019.yaml', import.meta.url));

/**
 * The dashboard keeps a cohort's PbR figures a minute. A page refreshing every minute must not wait
 * for the report each time: figures up to ten minutes old are answered at once while they are made
 * afresh for the next call; older ones are made afresh before the answer.
 */
describe("the cohort dashboard's kept PbR figures", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const start = Date.now();

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedConsoleFixture(t.db, { linkSecret: SECRET, participantTracks: 30, companyTracks: 6 });
    const programme = await loadProgrammeFile(PROGRAMME_FILE);
    await t.db.programme.update({ where: { id: FIXTURE.programmes.dual }, data: { config: programme as never } });
    app = await createApi({
      client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      db: t.db,
      config: {
        LINK_SECRET: SECRET,
        PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
        TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
        TEMPORAL_NAMESPACE: 'default',
        TASK_QUEUE: 'dashboard-figures-test',
      },
    });
    // Only the clock the figures are dated by moves on command; timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await app?.close();
    await t?.drop();
  });

  const madeAt = async (): Promise<string> => {
    const operator = issueToken(SECRET, { sub: 'operator@dobbeltspor.dk', role: 'operator', scope: {} }, 3600);
    const res = await app.inject({
      method: 'GET',
      url: `/api/cohorts/${FIXTURE.cohorts.first}/dashboard`,
      headers: { authorization: `Bearer ${operator}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as { available: boolean; computedAt: string };
    expect(results.available).toBe(true);
    return results.computedAt;
  };
  const at = (ms: number) => new Date(start + ms).toISOString();

  it('answers figures a minute old at once, makes them afresh for the next call, and waits only for old ones', async () => {
    vi.setSystemTime(start);
    expect(await madeAt()).toBe(at(0));
    vi.setSystemTime(start + 30_000);
    expect(await madeAt()).toBe(at(0));

    // A minute on: the kept figures come back at once, the report is made meanwhile.
    vi.setSystemTime(start + 61_000);
    expect(await madeAt()).toBe(at(0));
    await expect.poll(madeAt, { timeout: 20_000 }).toBe(at(61_000));

    // More than ten minutes after they were made the figures are too old to show: made afresh first.
    vi.setSystemTime(start + 61_000 + 11 * 60_000);
    expect(await madeAt()).toBe(at(61_000 + 11 * 60_000));
  });
});
