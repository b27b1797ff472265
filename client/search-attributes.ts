import type { Connection } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import proto from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../contracts/search-attributes.js';

// A CommonJS module: Node's ESM loader cannot see its named exports, so take them off the default.
const { temporal } = proto;

const TYPES: Record<string, number> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

const UNIMPLEMENTED = 12;
const support = new WeakMap<Connection, Promise<boolean>>();

/**
 * Registers the project's custom search attributes (keys that exist are left alone) and tells
 * whether the server has them. A server without the operator service (the time-skipping test
 * server) answers false: tracks are then started without search attributes, and the workflows,
 * which only keep attributes current that they were started with, never upsert any.
 */
export function ensureSearchAttributes(connection: Connection, namespace: string): Promise<boolean> {
  let p = support.get(connection);
  if (!p) {
    p = register(connection, namespace);
    support.set(connection, p);
  }
  return p;
}

async function register(connection: Connection, namespace: string): Promise<boolean> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = ALL_SEARCH_ATTRIBUTES.filter((k) => !(k.name in (existing.customAttributes ?? {})));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((k) => [k.name, TYPES[k.type]!])),
      });
    }
    return true;
  } catch (e) {
    if ((e as { code?: number }).code === UNIMPLEMENTED) return false;
    throw e;
  }
}

/** The pairs to start a workflow with, or none when the server lacks the custom attributes. */
export async function startSearchAttributes(
  connection: Connection,
  namespace: string,
  pairs: SearchAttributePair[],
): Promise<SearchAttributePair[] | undefined> {
  return (await ensureSearchAttributes(connection, namespace)) ? pairs : undefined;
}
