import type { FastifyRequest } from 'fastify';
import { RequestValidationError } from './errors.js';

/** The first string holding a NUL character, by its path (`body.reason`, `query.cohort`). */
function nulPath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key.replace(/\u0000/g, '\\0')}`;
    const found = nulPath(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL's text cannot hold a NUL character, and no field of ours needs one: a request carrying
 * one is refused naming the field, before any handler runs.
 */
export function refuseNulBytes(req: FastifyRequest): void {
  for (const [name, part] of [
    ['params', req.params],
    ['query', req.query],
    ['body', req.body],
  ] as const) {
    const field = nulPath(part, name);
    if (field) throw new RequestValidationError(field, 'must not contain a NUL character');
  }
}
