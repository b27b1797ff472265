import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type RouteOptions } from 'fastify';
import { authenticate, isPublic, undeclaredRoutes, withAccess } from './access.js';
import { AnonymousRefusals } from './anonymous-refusals.js';
import { API_DESCRIPTION } from './api-description.js';
import { anchoringLinkRoutes } from './anchoring-link-routes.js';
import { retentionLinkRoutes } from './retention-link-routes.js';
import { codecRoutes } from './codec-routes.js';
import { companyRoutes } from './company-routes.js';
import { companyTrackRoutes } from './company-track-routes.js';
import { companyCooperationRoutes } from './company-cooperation-routes.js';
import { consoleRoutes } from './console-routes.js';
import type { ApiDeps } from './context.js';
import { databaseErrorResponse } from './db-errors.js';
import { ApiError, operationErrorReply, VALIDATION_ERROR } from './errors.js';
import { refuseNulBytes } from './input-guards.js';
import { requestForLog } from './request-log.js';
import { boundRouteInput } from './schema-bounds.js';
import { operatorRoutes } from './operator-routes.js';
import { participantRoutes } from './participant-routes.js';
import { readRoutes } from './read-routes.js';
import { stuckRoutes } from './stuck-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { jobOpeningLinkRoutes } from './job-opening-link-routes.js';
import { jobOpeningRoutes } from './job-opening-routes.js';
import { calendarRoutes } from './calendar-routes.js';
import { workQueueRoutes } from './work-queue-routes.js';
import { claimRoutes } from './claim-routes.js';
import { staffRoutes } from './staff-routes.js';
import { simulateRoutes } from './simulate-routes.js';
import { stepRoutes } from './step-routes.js';
import { supportRoutes } from './support-routes.js';
import { waitlistRoutes } from './waitlist-routes.js';
import { writeRoutes } from './write-routes.js';
import { attendanceWeekRoutes } from './attendance-week-routes.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  hidden: boolean;
  /** Served without a bearer token (declared `public: true`). */
  public: boolean;
  /** The roles that may call it (empty for a public route). */
  roles: readonly string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

export interface CreateApiOptions extends ApiDeps {
  logger?: boolean;
  /** Where the request log goes when `logger` is on (standard output unless given). */
  logStream?: NodeJS.WritableStream;
  /** Requests one client address may make a minute (default API_RATE_LIMIT_PER_MINUTE, else 600). */
  rateLimitPerMinute?: number;
}

/** `body.cvr`, `query.limit`, `params.trackId`: the field a schema validation error is about. */
function fieldOf(error: FastifyError): string {
  const first = error.validation?.[0];
  const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
  if (!first) return context;
  const params = first.params as { missingProperty?: string; additionalProperty?: string };
  const path = first.instancePath.split('/').filter(Boolean);
  const leaf = params.missingProperty ?? params.additionalProperty;
  return [context, ...path, ...(leaf ? [leaf] : [])].join('.');
}

/** The part of the request one of Fastify's own client errors is about. */
function fieldOfClientError(code: unknown): string | undefined {
  if (typeof code !== 'string') return undefined;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_INVALID_TYPE') return 'headers.content-type';
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return 'headers.content-length';
  if (code.startsWith('FST_ERR_CTP_') || code === 'FST_ERR_BAD_URL') return code === 'FST_ERR_BAD_URL' ? 'url' : 'body';
  return undefined;
}

function validationMessage(error: FastifyError, field: string): string {
  const first = error.validation?.[0];
  const params = first?.params as { missingProperty?: string; additionalProperty?: string } | undefined;
  if (params?.missingProperty) return `${field} is required`;
  if (params?.additionalProperty) return `${field} is not a known field`;
  return `${field} ${first?.message ?? 'is invalid'}`;
}

/**
 * The HTTP API: the coordinator's operations, the operator's actions, the company's invitations, the
 * read side for the console (PostgreSQL projection only), the console itself and the OpenAPI
 * document at /docs (JSON at /docs/json).
 */
export async function createApi(opts: CreateApiOptions): Promise<FastifyInstance> {
  const deps: ApiDeps = { client: opts.client, db: opts.db, config: opts.config, now: opts.now };
  const app = Fastify({
    logger: opts.logger ? { serializers: { req: requestForLog }, ...(opts.logStream ? { stream: opts.logStream } : {}) } : false,
    routerOptions: { maxParamLength: 512 }, // a personal link's signed token is over 100 characters (Fastify's default)
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
    // The router's own refusals, before any route: answered like every other error, without echoing the path.
    frameworkErrors: (error, _req, raw) => {
      const reply = raw as unknown as { code(status: number): { send(body: object): unknown } };
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
        return reply.code(414).send({ error: 'URI_TOO_LONG', message: 'url: a path segment is longer than 512 characters', field: 'url' });
      return reply
        .code(400)
        .send({ error: 'BAD_REQUEST', message: 'url: the path is not a valid URL (a malformed %-escape?)', field: 'url' });
    },
  });
  app.decorateRequest('principal', undefined);
  const refusals = new AnonymousRefusals(deps.db);
  app.addHook('onClose', () => refusals.close());

  // Counted before authentication, so a flood of anonymous requests is cut off early too.
  const perMinute = opts.rateLimitPerMinute ?? opts.config.API_RATE_LIMIT_PER_MINUTE ?? 600;
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'RATE_LIMITED', `too many requests: at most ${ctx.max} a minute; try again in ${ctx.after}`),
  });

  // Every route as registered, with what it declares: checked when the API gets ready.
  const declared: RouteOptions[] = [];
  app.addHook('onRoute', (r) => {
    declared.push(r);
    boundRouteInput(r);
    // Added after the rate limiter's own hook, so it runs after it: on the route the router resolved.
    r.onRequest = [...[r.onRequest ?? []].flat(), (req) => authenticate(deps, refusals, req)];
  });
  app.decorate('registeredRoutes', {
    getter: () =>
      declared.flatMap((r) => {
        const config = r.config as { public?: boolean; roles?: readonly string[] } | undefined;
        const hidden = Boolean((r.schema as { hide?: boolean } | undefined)?.hide);
        return [r.method]
          .flat()
          .filter((m) => m !== 'HEAD')
          .map((method) => ({ method, url: r.url, hidden, public: isPublic(config), roles: config?.roles ?? [] }));
      }),
  });
  app.addHook('onReady', async () => {
    const undeclared = undeclaredRoutes(declared);
    if (undeclared.length) throw new Error(`routes that are neither public nor name their roles are not served: ${undeclared.join('; ')}`);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Dobbeltspor API',
        version: '0.1.0',
        description: API_DESCRIPTION,
      },
      servers: [{ url: opts.config.PUBLIC_BASE_URL }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url, route }) => ({
      schema: withAccess(schema, route.config as { public?: boolean; roles?: readonly string[] } | undefined),
      url,
    }),
  });
  // The documentation is public: its own routes say so.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (r) => {
      r.config = { ...r.config, public: true };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  });

  app.addHook('preValidation', async (req) => refuseNulBytes(req));
  // The personal links' pages post plain HTML forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler((error: FastifyError & { code?: unknown; field?: unknown; issues?: unknown }, req, reply) => {
    // Prisma's own text names the server's files and the database's internals: never sent.
    const database = databaseErrorResponse(error);
    if (database) {
      if (database.status >= 500) req.log.error(error);
      return reply.code(database.status).send(database.body);
    }
    if (error.validation) {
      const field = fieldOf(error);
      return reply.code(400).send({ error: VALIDATION_ERROR, message: validationMessage(error, field), field });
    }
    if (error instanceof ApiError) {
      return reply
        .code(error.statusCode)
        .send({ error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large).
    if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      const field = fieldOfClientError(error.code);
      return reply
        .code(error.statusCode)
        .send({ error: 'BAD_REQUEST', message: field ? `${field}: ${error.message}` : error.message, ...(field ? { field } : {}) });
    }
    const answer = operationErrorReply(error);
    if (answer) return reply.code(answer.status).send(answer.body);
    req.log.error(error);
    return reply.code(500).send({ error: 'INTERNAL', message: 'the server failed; see its log' });
  });
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (req, reply) =>
    reply.code(404).send({ error: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` }),
  );

  readRoutes(app, deps);
  operatorRoutes(app, deps);
  stuckRoutes(app, deps);
  dashboardRoutes(app, deps);
  calendarRoutes(app, deps);
  workQueueRoutes(app, deps);
  companyRoutes(app, deps);
  anchoringLinkRoutes(app, deps);
  retentionLinkRoutes(app, deps);
  companyTrackRoutes(app, deps);
  companyCooperationRoutes(app, deps);
  writeRoutes(app, deps);
  simulateRoutes(app, deps);
  attendanceWeekRoutes(app, deps);
  staffRoutes(app, deps);
  claimRoutes(app, deps);
  stepRoutes(app, deps);
  supportRoutes(app, deps);
  participantRoutes(app, deps);
  waitlistRoutes(app, deps);
  jobOpeningRoutes(app, deps);
  jobOpeningLinkRoutes(app, deps);
  consoleRoutes(app);
  codecRoutes(app, deps);
  return app;
}
