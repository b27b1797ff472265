// The codec endpoint for the Temporal Web UI: with payload encryption on (PAYLOAD_ENCRYPTION_KEYS),
// the UI shows an operator the decrypted inputs, results and signals of a workflow when its codec
// server is set to this API's `/codec` (the UI posts to `/codec/decode` and `/codec/encode`). Only
// operators: a bearer token (`Authorization: Bearer …`, for the UI's "pass access token" and for
// scripts) or the cookie that `/codec/session` sets from one (the UI's "include cross-origin
// credentials"). Cross-origin calls are allowed from TEMPORAL_UI_URL's origin only. Every decode is
// audited; no payload is ever logged.
import type { Payload } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dataConverterFor } from '../../codec/data-converter.js';
import type { PayloadKey } from '../../codec/payload-encryption.js';
import { actorOf, writeAudit } from './audit.js';
import { AuthError, verifyToken, type Principal } from './auth.js';
import { actionOf, type ApiDeps } from './context.js';
import { ApiError, FORBIDDEN, UNAUTHENTICATED } from './errors.js';

export const CODEC_COOKIE = 'dobbeltspor_codec';

/** A payload as the Web UI sends it: metadata values and data in base64. */
interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

// A payload's data may be as large as Temporal lets a payload be (2 MB, in base64).
const payloadsBody = {
  type: 'object',
  required: ['payloads'],
  additionalProperties: false,
  properties: {
    payloads: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', maxLength: 1000 } },
          data: { type: 'string', maxLength: 3_000_000 },
        },
      },
    },
  },
} as const;

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function codecRoutes(app: FastifyInstance, { db, config }: ApiDeps & { config: { PAYLOAD_ENCRYPTION_KEYS?: PayloadKey[] } }): void {
  const codecs = dataConverterFor(config.PAYLOAD_ENCRYPTION_KEYS)?.payloadCodecs ?? [];
  const uiOrigin = new URL(config.TEMPORAL_UI_URL).origin;
  const secure = config.PUBLIC_BASE_URL.startsWith('https:');

  /** CORS for the Web UI's origin only, with credentials (the session cookie). */
  const allowUi = (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('vary', 'Origin');
    if (req.headers.origin !== uiOrigin) return;
    reply.header('access-control-allow-origin', uiOrigin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('access-control-allow-methods', 'POST, OPTIONS');
    reply.header('access-control-allow-headers', 'authorization, content-type, x-namespace');
    reply.header('access-control-max-age', '600');
  };

  const operatorOf = async (req: FastifyRequest, token: string | undefined): Promise<Principal> => {
    let principal: Principal;
    try {
      if (!token)
        throw new AuthError(`send an operator's bearer token, or open ${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/codec/session first`);
      principal = verifyToken(config.LINK_SECRET, token);
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      await writeAudit(db, { ...actorOf(undefined), action: actionOf(req), allowed: false, details: { reason: e.message } });
      throw new ApiError(401, UNAUTHENTICATED, e.message);
    }
    if (principal.role !== 'operator') {
      const message = `only an operator may read workflow payloads, not a ${principal.role}`;
      await writeAudit(db, { ...actorOf(principal), action: actionOf(req), allowed: false, details: { reason: message } });
      throw new ApiError(403, FORBIDDEN, message);
    }
    return principal;
  };
  const tokenOf = (req: FastifyRequest) => {
    const header = req.headers.authorization;
    return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : cookieOf(req, CODEC_COOKIE);
  };

  app.options('/codec/:operation', { config: { public: true }, schema: { hide: true } }, (req, reply) => {
    allowUi(req, reply);
    return reply.code(204).send();
  });

  for (const operation of ['decode', 'encode'] as const) {
    app.post<{ Body: { payloads: JsonPayload[] } }>(
      `/codec/${operation}`,
      {
        config: { public: true },
        schema: {
          tags: ['operator'],
          summary:
            operation === 'decode'
              ? "The Temporal Web UI's codec server: decrypts payloads for an operator"
              : "The Temporal Web UI's codec server: encrypts payloads (e.g. a signal typed in the UI)",
          description:
            "Checks its own access: an operator's bearer token, or the cookie `/codec/session` stores. CORS allows TEMPORAL_UI_URL's origin; every decode is audited.",
          security: [{ bearer: [] }],
          body: payloadsBody,
        },
      },
      async (req, reply) => {
        allowUi(req, reply);
        const principal = await operatorOf(req, tokenOf(req));
        let payloads = req.body.payloads.map(fromJson);
        try {
          if (operation === 'decode') for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
          else for (const codec of codecs) payloads = await codec.encode(payloads);
        } catch (e) {
          throw new ApiError(400, 'CODEC_ERROR', (e as Error).message);
        }
        if (operation === 'decode') {
          const namespace = req.headers['x-namespace'];
          await writeAudit(db, {
            ...actorOf(principal),
            action: actionOf(req),
            allowed: true,
            details: { payloads: payloads.length, namespace: typeof namespace === 'string' ? namespace : null },
          });
        }
        return { payloads: payloads.map(toJson) };
      },
    );
  }

  // A browser cannot add a bearer token to the Web UI's calls: an operator pastes one here once and
  // gets it back as an HttpOnly cookie, sent with the UI's codec calls ("include cross-origin credentials").
  const sessionDoc = { tags: ['operator'], security: [] };
  app.get(
    '/codec/session',
    {
      config: { public: true },
      schema: {
        ...sessionDoc,
        summary: "A page that stores an operator token as the HttpOnly cookie the Web UI's codec calls send",
        response: { 200: { description: 'an HTML page' } },
      },
    },
    (_req, reply) =>
      reply.type('text/html; charset=utf-8')
        .send(`<!doctype html><html lang="da"><meta charset="utf-8"><title>Dobbeltspor: codec til Temporal Web UI</title>
<body style="font-family:sans-serif;max-width:40em;margin:2em auto">
<h1>Dekodning i Temporal Web UI</h1>
<p>Indsæt et operatør-token (<code>npx tsx scripts/issue-token.ts --role operator --sub dig@example.dk</code>). Browseren gemmer det som en cookie, som Web UI'ets kald til <code>/codec/decode</code> sender med.</p>
<form method="post" action="/codec/session"><label>Token <input name="token" size="60" autocomplete="off" required></label> <button>Gem</button></form>
<p>I Web UI: <em>Data Encoder</em>: endpoint <code>${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/codec</code>, slå <em>Include cross-origin credentials</em> til.</p>
</body></html>`),
  );

  app.post<{ Body: { token?: string } }>(
    '/codec/session',
    {
      config: { public: true },
      schema: {
        ...sessionDoc,
        summary: "Stores an operator token (the page's form) as the codec cookie, for 8 hours",
        body: { type: 'object', additionalProperties: false, properties: { token: { type: 'string', maxLength: 4000 } } },
      },
    },
    async (req, reply) => {
      const token = typeof req.body?.token === 'string' ? req.body.token.trim() : undefined;
      const principal = await operatorOf(req, token);
      const maxAge = 8 * 3600;
      reply.header(
        'set-cookie',
        `${CODEC_COOKIE}=${encodeURIComponent(token!)}; Path=/codec; HttpOnly; Max-Age=${maxAge}; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`,
      );
      await writeAudit(db, { ...actorOf(principal), action: actionOf(req), allowed: true });
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="da"><meta charset="utf-8"><title>Dobbeltspor: codec</title><p>Gemt for ${maxAge / 3600} timer. Temporal Web UI kan nu vise de krypterede data.</p></html>`,
        );
    },
  );
}
