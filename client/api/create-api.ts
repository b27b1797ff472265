import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { actorOf, writeAudit } from './audit.js';
import { AuthError, verifyToken } from './auth.js';
import { codecRoutes } from './codec-routes.js';
import { companyRoutes } from './company-routes.js';
import { companyTrackRoutes } from './company-track-routes.js';
import { consoleRoutes } from './console-routes.js';
import { actionOf, deny, type ApiDeps } from './context.js';
import { ApiError, statusForOperationError, UNAUTHENTICATED, VALIDATION_ERROR } from './errors.js';
import { operatorRoutes } from './operator-routes.js';
import { readRoutes } from './read-routes.js';
import { writeRoutes } from './write-routes.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

export interface CreateApiOptions extends ApiDeps {
  logger?: boolean;
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

function validationMessage(error: FastifyError, field: string): string {
  const first = error.validation?.[0];
  const params = first?.params as { missingProperty?: string; additionalProperty?: string } | undefined;
  if (params?.missingProperty) return `${field} is required`;
  if (params?.additionalProperty) return `${field} is not a known field`;
  return `${field} ${first?.message ?? 'is invalid'}`;
}

async function authenticate(deps: ApiDeps, req: FastifyRequest): Promise<void> {
  const config = req.routeOptions.config;
  // Unknown routes fall through to the 404 handler.
  if (config.public || !req.url.startsWith('/api/') || req.routeOptions.url === undefined) return;
  const header = req.headers.authorization;
  try {
    if (!header?.startsWith('Bearer ')) throw new AuthError('send a bearer token: Authorization: Bearer <token> (scripts/issue-token.ts mints one)');
    req.principal = verifyToken(deps.config.LINK_SECRET, header.slice('Bearer '.length).trim());
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    await writeAudit(deps.db, { ...actorOf(undefined), action: actionOf(req), allowed: false, details: { reason: e.message } });
    throw new ApiError(401, UNAUTHENTICATED, e.message);
  }
  const roles = config.roles;
  if (!roles) throw new Error(`route ${actionOf(req)} declares no roles`);
  if (!roles.includes(req.principal.role)) {
    const article = /^[aeiou]/.test(req.principal.role) ? 'an' : 'a';
    await deny(deps.db, req, `${article} ${req.principal.role} may not ${config.does ?? actionOf(req)}`);
  }
}

/**
 * The HTTP API: the coordinator's operations, the operator's actions, the company's invitations, the
 * read side for the console (PostgreSQL projection only), the console itself and the OpenAPI
 * document at /docs (JSON at /docs/json).
 */
export async function createApi(opts: CreateApiOptions): Promise<FastifyInstance> {
  const deps: ApiDeps = { client: opts.client, db: opts.db, config: opts.config };
  const app = Fastify({
    logger: opts.logger ?? false,
    routerOptions: { maxParamLength: 512 }, // a personal link's signed token is over 100 characters (Fastify's default)
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
  });
  app.decorateRequest('principal', undefined);
  // Every route as registered, so a test can hold the OpenAPI document against it.
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    const hidden = Boolean((r.schema as { hide?: boolean } | undefined)?.hide);
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url, hidden });
  });
  app.decorate('registeredRoutes', routes);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Dobbeltspor API',
        version: '0.1.0',
        description:
          'Cohorts, participant and company tracks, and the operator console. Every route under /api needs a bearer token (role coordinator, operator, caseworker or company; scripts/issue-token.ts mints one); /health and the personal links /rsvp/{token} (answer) and /rsvp/{token}/feedback are public. Refusals are answered 403 and written to the audit log, as is every write.',
      },
      servers: [{ url: opts.config.PUBLIC_BASE_URL }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.addHook('onRequest', (req) => authenticate(deps, req));
  // The personal links' pages post plain HTML forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler((error: FastifyError & { code?: unknown; field?: unknown; issues?: unknown }, req, reply) => {
    if (error.validation) {
      const field = fieldOf(error);
      return reply.code(400).send({ error: VALIDATION_ERROR, message: validationMessage(error, field), field });
    }
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).send({ error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large).
    if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: 'BAD_REQUEST', message: error.message });
    }
    const status = statusForOperationError(error);
    if (status) {
      return reply.code(status).send({
        error: typeof error.code === 'string' ? error.code : VALIDATION_ERROR,
        message: error.message,
        ...(typeof error.field === 'string' ? { field: error.field } : {}),
        // A file's problems, each with its path (and line) in the file.
        ...(Array.isArray(error.issues) ? { issues: error.issues } : {}),
      });
    }
    req.log.error(error);
    return reply.code(500).send({ error: 'INTERNAL', message: 'the server failed; see its log' });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` }));

  readRoutes(app, deps);
  operatorRoutes(app, deps);
  companyRoutes(app, deps);
  companyTrackRoutes(app, deps);
  writeRoutes(app, deps);
  consoleRoutes(app);
  codecRoutes(app, deps);
  return app;
}
