import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const CONSOLE_DIR = fileURLToPath(new URL('../console/', import.meta.url));
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'stuck.html': 'text/html; charset=utf-8',
  'stuck.js': 'text/javascript; charset=utf-8',
  'session.js': 'text/javascript; charset=utf-8',
  'format.js': 'text/javascript; charset=utf-8',
  'stuck.css': 'text/css; charset=utf-8',
  'dashboard.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'outbox.html': 'text/html; charset=utf-8',
  'outbox.js': 'text/javascript; charset=utf-8',
  'openings.html': 'text/html; charset=utf-8',
  'openings.js': 'text/javascript; charset=utf-8',
  'i18n.js': 'text/javascript; charset=utf-8',
  'nav.js': 'text/javascript; charset=utf-8',
  'actions.js': 'text/javascript; charset=utf-8',
  'pages.css': 'text/css; charset=utf-8',
  'work.html': 'text/html; charset=utf-8',
  'work.js': 'text/javascript; charset=utf-8',
  'calendar.html': 'text/html; charset=utf-8',
  'calendar.js': 'text/javascript; charset=utf-8',
  'track-texts.js': 'text/javascript; charset=utf-8',
  'dashboard-texts.js': 'text/javascript; charset=utf-8',
};

/** The operator console: static files, no build step. The page calls the API with a token. */
export function consoleRoutes(app: FastifyInstance): void {
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) => reply.redirect('/console/dashboard.html'));
  app.get<{ Params: { file?: string } }>('/console/:file?', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const file = req.params.file || 'index.html';
    const type = FILES[file];
    if (!type) return reply.code(404).send({ error: 'NOT_FOUND', message: `no console file ${file}` });
    const body = await readFile(`${CONSOLE_DIR}${file}`);
    return reply.type(type).header('cache-control', 'no-cache').send(body);
  });
}
