// How a personal link below /rsvp/ is served: a public, rate-limited route whose `:token` is checked by
// the schema, then opened (the signed token verified, its thing loaded) before the link's own page or
// answer; a link that fails either step gets the link's Danish "not valid" page, never an API error
// body. Each link's texts, forms and operations stay in its routes file.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../prisma/client.js';
import { actorOf, writeAudit } from './audit.js';
import { actionOf, type ApiDeps } from './context.js';
import { LINK_RATE_LIMIT, LINK_TOKEN_PARAM, linkErrorHandler, linkRefusal } from './personal-link-page.js';
import { errorResponses } from './schemas.js';

type NotValid = (reply: FastifyReply, status?: number) => unknown;

/** A request to a personal link: its token, and the form's fields or the page's query. */
export type LinkRequest<Body = unknown, Query = unknown> = FastifyRequest<{
  Params: { token: string };
  Body: Body;
  Querystring: Query;
}>;

export interface LinkRoute<Opened, Body, Query> {
  /** The route's line in the API document. */
  summary: string;
  querystring?: object;
  body?: object;
  /** Verifies the token and loads what the link is about; what it throws goes to the link's refusal. */
  open: (req: LinkRequest<Body, Query>) => Promise<Opened>;
  /** The page once the link is open. */
  respond: (req: LinkRequest<Body, Query>, reply: FastifyReply, opened: Opened) => unknown;
}

export interface PersonalLink {
  /** The API document's tags for the link's routes. */
  tags: string[];
  /** The link's page for a link that is not valid: forged (403) or unknown (404, the default). */
  notValid: NotValid;
  /** The page for what `open` throws; by default linkRefusal's (forged: 403, audited; unknown: 404). */
  refusal?: (req: FastifyRequest, reply: FastifyReply, e: unknown) => unknown;
}

/**
 * One personal link's routes: `page` registers the GET that shows it (opening records nothing: mail
 * scanners open links too), `answer` the POST its form sends.
 */
export function personalLinkRoutes(app: FastifyInstance, db: Db, link: PersonalLink) {
  const errorHandler = linkErrorHandler(link.notValid);
  const refusal = link.refusal ?? linkRefusal(db, link.notValid);

  function options<O, B, Q>(route: LinkRoute<O, B, Q>) {
    return {
      config: { public: true, rateLimit: LINK_RATE_LIMIT },
      errorHandler,
      schema: {
        tags: link.tags,
        summary: route.summary,
        security: [],
        params: LINK_TOKEN_PARAM,
        ...(route.querystring ? { querystring: route.querystring } : {}),
        ...(route.body ? { body: route.body } : {}),
        response: { 200: { description: 'an HTML page' }, ...errorResponses },
      },
    };
  }

  const handler =
    <O, B, Q>(route: LinkRoute<O, B, Q>) =>
    async (req: LinkRequest<B, Q>, reply: FastifyReply) => {
      let opened: O;
      try {
        opened = await route.open(req);
      } catch (e) {
        return refusal(req, reply, e);
      }
      return route.respond(req, reply, opened);
    };

  return {
    page<O, Q = unknown>(url: string, route: LinkRoute<O, unknown, Q>) {
      app.get<{ Params: { token: string }; Querystring: Q }>(url, options(route), handler(route));
    },
    answer<O, B>(url: string, route: LinkRoute<O, B, unknown>) {
      app.post<{ Params: { token: string }; Body: B }>(url, options(route), handler(route));
    },
  };
}

/** What a personal link's operations need: the API's clients and the secret the links are signed with. */
export const linkContext = ({ client, db, config }: ApiDeps) => ({
  client,
  db,
  taskQueue: config.TASK_QUEUE,
  namespace: config.TEMPORAL_NAMESPACE,
  linkSecret: config.LINK_SECRET,
});

/** Audits an answer refused after its link was checked (no one signed in: the link is the actor). */
export const auditRefusedAnswer = (
  db: Db,
  req: FastifyRequest,
  entity: { entity: string; entityId: string },
  details: { reason: string } & Record<string, unknown>,
) => writeAudit(db, { ...actorOf(undefined), action: actionOf(req), ...entity, allowed: false, details });
