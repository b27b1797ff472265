import type { FastifyRequest, RouteOptions } from 'fastify';
import { actorOf } from './audit.js';
import { AuthError, verifyToken } from './auth.js';
import type { AnonymousRefusals } from './anonymous-refusals.js';
import { actionOf, deny, type ApiDeps } from './context.js';
import { ApiError, UNAUTHENTICATED } from './errors.js';

/**
 * Authorisation by construction: what a request may do is decided on the route the router resolved
 * (its declared `config`), never on the URL as sent, which the router decodes and the client spells
 * as it likes (`/%61pi/emails`, `//api`, `/API`). A route is public only when it says so; every
 * other route needs a bearer token and must name the roles that may call it.
 */
export function isPublic(config: { public?: boolean } | undefined): boolean {
  return config?.public === true;
}

/** The OpenAPI operation of a route, told who may call it: the document cannot drift from the check. */
export function withAccess<S extends { description?: string }>(
  schema: S | undefined,
  config: { public?: boolean; roles?: readonly string[] } | undefined,
): S {
  const who = isPublic(config) ? 'Public.' : `Roles: ${(config?.roles ?? []).join(', ')}.`;
  return { ...(schema ?? ({} as S)), description: schema?.description ? `${who} ${schema.description}` : who };
}

/** Every route declares either `public: true` or its roles; `app.ready()` fails on one that does neither. */
export function undeclaredRoutes(routes: readonly Pick<RouteOptions, 'method' | 'url' | 'config'>[]): string[] {
  return routes
    .filter((r) => {
      const config = r.config as { public?: boolean; roles?: readonly string[] } | undefined;
      return !isPublic(config) && !(Array.isArray(config?.roles) && config.roles.length > 0);
    })
    .map((r) => `${[r.method].flat().join(',')} ${r.url}`);
}

/** The onRequest check every route gets: public routes pass, every other needs a token and a role it names. */
export async function authenticate(deps: ApiDeps, refusals: AnonymousRefusals, req: FastifyRequest): Promise<void> {
  const config = req.routeOptions.config;
  if (isPublic(config)) return;
  const header = req.headers.authorization;
  try {
    if (!header?.startsWith('Bearer '))
      throw new AuthError('send a bearer token: Authorization: Bearer <token> (scripts/issue-token.ts mints one)');
    req.principal = verifyToken(deps.config.LINK_SECRET, header.slice('Bearer '.length).trim());
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    await refusals.record(req.ip, { ...actorOf(undefined), action: actionOf(req), allowed: false, details: { reason: e.message } });
    throw new ApiError(401, UNAUTHENTICATED, e.message);
  }
  const roles = config.roles;
  // A route that names no roles is served to no one (app.ready() refuses such a route already).
  if (!roles?.length) await deny(deps.db, req, `route ${actionOf(req)} names no roles that may call it`);
  if (!roles!.includes(req.principal.role)) {
    const article = /^[aeiou]/.test(req.principal.role) ? 'an' : 'a';
    await deny(deps.db, req, `${article} ${req.principal.role} may not ${config.does ?? actionOf(req)}`);
  }
}
