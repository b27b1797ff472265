import type { FastifyInstance } from 'fastify';
import type { ApiConfig } from '../../client/api/context.js';
import { createApi } from '../../client/api/create-api.js';
import { TEST_CONFIG, type Harness } from './temporal.js';

/** The API's configuration against a harness: its test server's namespace and task queue. */
export function testApiConfig(h: Harness): ApiConfig {
  return {
    LINK_SECRET: TEST_CONFIG.LINK_SECRET,
    PUBLIC_BASE_URL: TEST_CONFIG.PUBLIC_BASE_URL,
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    TEMPORAL_NAMESPACE: h.env.namespace ?? 'default',
    TASK_QUEUE: h.taskQueue,
  };
}

/** The HTTP API over a harness's Temporal client and database. */
export function createTestApi(h: Harness): Promise<FastifyInstance> {
  return createApi({ client: h.env.client, db: h.db, config: testApiConfig(h) });
}
