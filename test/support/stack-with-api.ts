// The real stack as the end-to-end tests meet it: a harness (its own database, SMTP sink and
// time-skipping server) with the real worker, and the HTTP API judging "today" by the test server's
// clock, as the workflows do.
import type { FastifyInstance } from 'fastify';
import { createApi } from '../../client/api/create-api.js';
import { testApiConfig } from './api.js';
import { createHarness, type Harness } from './temporal.js';

export interface StackWithApi {
  h: Harness;
  app: FastifyInstance;
  /** Closes the API, then the harness. */
  close(): Promise<void>;
}

export async function startStackWithApi(): Promise<StackWithApi> {
  const h = await createHarness();
  try {
    await h.startWorker();
    const app = await createApi({
      client: h.env.client,
      db: h.db,
      config: testApiConfig(h),
      now: async () => Number(await h.env.currentTimeMs()),
    });
    return {
      h,
      app,
      async close() {
        await app.close();
        await h.close();
      },
    };
  } catch (e) {
    await h.close();
    throw e;
  }
}
