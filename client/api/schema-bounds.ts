import type { RouteOptions } from 'fastify';

/** A text field with no length of its own: longer than any id, name or reason we keep. */
export const DEFAULT_MAX_LENGTH = 4000;
/** PostgreSQL's integer: larger numbers could not be stored. */
export const DEFAULT_MAX_INTEGER = 2_147_483_647;
export const DEFAULT_MAX_ITEMS = 1000;

type Schema = Record<string, unknown>;

/** Bounds every string, integer, number and array of an input schema that sets none (a copy; nested too). */
export function bounded(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(bounded);
  if (!schema || typeof schema !== 'object') return schema;
  const s = { ...(schema as Schema) };
  const types = [s.type].flat();
  if (types.includes('string') && s.maxLength === undefined && s.enum === undefined) s.maxLength = DEFAULT_MAX_LENGTH;
  if ((types.includes('integer') || types.includes('number')) && s.maximum === undefined && s.exclusiveMaximum === undefined)
    s.maximum = DEFAULT_MAX_INTEGER;
  if ((types.includes('integer') || types.includes('number')) && s.minimum === undefined && s.exclusiveMinimum === undefined)
    s.minimum = -DEFAULT_MAX_INTEGER;
  if (types.includes('array') && s.maxItems === undefined) s.maxItems = DEFAULT_MAX_ITEMS;
  if (s.properties && typeof s.properties === 'object') {
    s.properties = Object.fromEntries(Object.entries(s.properties as Schema).map(([k, v]) => [k, bounded(v)]));
  }
  if (s.items) s.items = bounded(s.items);
  return s;
}

/**
 * Input limits by construction: every route's body, query and params get bounds where their schema
 * sets none, and a POST that takes no body refuses one (a field nobody reads is refused, not
 * silently dropped). Applied when the route is registered.
 */
export function boundRouteInput(route: RouteOptions): void {
  const schema = route.schema as Record<string, unknown> | undefined;
  if (!schema || schema.hide) return;
  for (const part of ['body', 'querystring', 'params'] as const) {
    if (schema[part]) schema[part] = bounded(schema[part]);
  }
  if ([route.method].flat().includes('POST') && !schema.body) {
    schema.body = { type: ['object', 'null'], additionalProperties: false, properties: {}, description: 'no body' };
  }
}
