import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A form posted to the API as a browser posts it: URL-encoded fields, no bearer token. */
export function postForm(app: FastifyInstance, url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}
