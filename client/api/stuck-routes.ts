import type { FastifyInstance } from 'fastify';
import { listStuckWorkflows } from '../operations/stuck-workflows.js';
import type { ApiDeps } from './context.js';
import { errorResponses } from './schemas.js';

const stuckItem = {
  type: 'object',
  properties: {
    workflowId: { type: 'string' },
    runId: { type: 'string' },
    type: { type: 'string', description: 'the workflow type, e.g. participantTrackWorkflow' },
    problem: { type: 'string', enum: ['FAILED', 'TERMINATED', 'TIMED_OUT', 'ACTIVITY_RETRYING', 'WORKFLOW_TASK_FAILING'] },
    error: { type: 'string' },
    since: { type: 'string', description: 'when the problem was last seen (UTC)' },
    attempts: { type: 'integer' },
    activity: { type: 'string' },
    emails: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' }, attempts: { type: 'integer' } } },
    },
    action: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['retry-email', 'fix-cause', 'reset'] },
        outboxIds: { type: 'array', items: { type: 'string' } },
        command: { type: 'string' },
      },
    },
    temporalUrl: { type: 'string' },
  },
} as const;

/** Stuck workflows for the operator, read from Temporal (client/operations/stuck-workflows.ts). */
export function stuckRoutes(app: FastifyInstance, { client, db, config }: ApiDeps): void {
  app.get<{ Querystring: { minAttempts?: number; days?: number; maxRunning?: number } }>(
    '/api/workflows/stuck',
    {
      config: { roles: ['operator'], does: 'list stuck workflows' },
      schema: {
        tags: ['operator'],
        summary:
          'Workflows that failed, were terminated or timed out, or whose activity keeps retrying or whose workflow task keeps failing — read from Temporal, with the error, the Web UI link and the action to take',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            minAttempts: {
              type: 'integer',
              minimum: 2,
              maximum: 1000,
              description: 'an activity counts as stuck from this attempt on (default 3)',
            },
            days: { type: 'integer', minimum: 1, maximum: 365, description: 'closed workflows of the last this many days (default 30)' },
            maxRunning: { type: 'integer', minimum: 1, maximum: 20000, description: 'running workflows described at most (default 2,000)' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: stuckItem },
              runningScanned: { type: 'integer' },
              runningTruncated: { type: 'boolean' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) =>
      listStuckWorkflows({ client, db }, { namespace: config.TEMPORAL_NAMESPACE, temporalUiUrl: config.TEMPORAL_UI_URL, ...req.query }),
  );
}
