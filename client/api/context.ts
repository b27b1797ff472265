import type { Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import type { Db } from '../../prisma/client.js';
import { actorOf, writeAudit } from './audit.js';
import type { Principal, Role } from './auth.js';
import { ForbiddenError, NotFoundError } from './errors.js';

export type ApiConfig = Pick<Config, 'LINK_SECRET' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE' | 'TASK_QUEUE' | 'PUBLIC_BASE_URL'> &
  // Defaults as in config/index.ts when not given.
  Partial<Pick<Config, 'API_RATE_LIMIT_PER_MINUTE' | 'LINK_DAYS_AFTER_CAMP'>>;

export interface ApiDeps {
  client: Client;
  db: Db;
  config: ApiConfig;
  /** The clock operations judge "today" by (default the machine's): tests on a time-skipping server pass the server's. */
  now?: () => number | Promise<number>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set from the bearer token on every non-public route. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** No bearer token needed (the console's files, the docs, signed links). */
    public?: boolean;
    /** The roles that may call the route at all; scope checks follow in the handler. */
    roles?: readonly Role[];
    /** What the route does, in words for a refusal: "list e-mails". */
    does?: string;
  }
}

export function actionOf(req: FastifyRequest): string {
  return `${req.method} ${req.routeOptions.url ?? req.url}`;
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('route has no principal: it must not be public');
  return req.principal;
}

/** Refuses the request: writes the refusal to the audit log, then throws 403. */
export async function deny(db: Db, req: FastifyRequest, message: string, entity?: { entity: string; entityId: string }): Promise<never> {
  await writeAudit(db, {
    ...actorOf(req.principal),
    action: actionOf(req),
    entity: entity?.entity,
    entityId: entity?.entityId,
    allowed: false,
    details: { reason: message },
  });
  throw new ForbiddenError(message);
}

/**
 * Refuses without telling that the thing exists: audited as `deny` is, answered 404 with the message
 * an unknown id gets, so trying ids tells the caller nothing about what others have registered.
 */
export async function denyAsNotFound(
  db: Db,
  req: FastifyRequest,
  reason: string,
  entity: { entity: string; entityId: string },
  notFoundMessage: string,
): Promise<never> {
  await writeAudit(db, { ...actorOf(req.principal), action: actionOf(req), ...entity, allowed: false, details: { reason } });
  throw new NotFoundError(notFoundMessage);
}

/** Records an allowed write in the audit log. */
export async function audited(
  db: Db,
  req: FastifyRequest,
  entity: { entity: string; entityId: string },
  details?: Record<string, unknown>,
): Promise<void> {
  await writeAudit(db, { ...actorOf(req.principal), action: actionOf(req), ...entity, allowed: true, details });
}

export function temporalUiUrl(config: ApiConfig, workflowId: string): string {
  const base = config.TEMPORAL_UI_URL.replace(/\/$/, '');
  return `${base}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
}
