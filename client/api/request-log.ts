import type { FastifyRequest } from 'fastify';

/**
 * A personal link's token is the company's key to its answer: it never goes to the request log. The
 * path is redacted by the route the router resolved (any route with a `:token` parameter) and, for a
 * request that matched no route, by its decoded spelling (`/rsvp/…`, `/%72svp/…`, `/rsvp/forankring/…`).
 */
export function redactedUrl(req: Pick<FastifyRequest, 'url'> & { routeOptions?: { url?: string } }): string {
  const route = req.routeOptions?.url;
  if (route?.includes(':token')) return route;
  const [path = '', query] = req.url.split('?', 2);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: judge the raw spelling.
  }
  // Everything after /rsvp/: the anchoring links carry their token one segment further in.
  if (/\/rsvp\//i.test(decoded)) return decoded.replace(/(\/rsvp\/).*/i, '$1[redacted]');
  return query === undefined ? path : `${path}?${query}`;
}

/** Fastify's `req` log serializer, with the personal link's token redacted. */
export function requestForLog(req: FastifyRequest) {
  return { method: req.method, url: redactedUrl(req), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
