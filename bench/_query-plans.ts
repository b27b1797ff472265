// The SQL behind a request, with PostgreSQL's plan of each statement: a Prisma client that notes
// every statement it sends, and EXPLAIN ANALYZE of the noted ones with the same parameters.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Db } from '../prisma/client.js';
import { PrismaClient } from '../prisma/generated/client.js';

export interface NotedStatement {
  sql: string;
  params: unknown[];
  ms: number;
}

/** A client like createDb's whose statements are noted while `noting` is running. */
export function notingDb(url: string): { db: Db; noting<T>(f: () => Promise<T>): Promise<NotedStatement[]> } {
  const db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10 }),
    log: [{ emit: 'event', level: 'query' }],
  });
  let noted: NotedStatement[] | null = null;
  db.$on('query', (e) => noted?.push({ sql: e.query, params: JSON.parse(e.params) as unknown[], ms: e.duration }));
  return {
    db,
    async noting(f) {
      noted = [];
      try {
        await f();
        return noted;
      } finally {
        noted = null;
      }
    },
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement, in a transaction rolled back (a plan must not write). */
export async function explainAll(url: string, statements: NotedStatement[]): Promise<string[][]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const plans: string[][] = [];
    for (const s of statements) {
      if (!/^\s*(SELECT|WITH)\b/i.test(s.sql)) {
        plans.push([`(not a read: ${s.sql.slice(0, 60)}…)`]);
        continue;
      }
      await c.query('BEGIN');
      try {
        const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params);
        plans.push(r.rows.map((row) => row['QUERY PLAN']));
      } finally {
        await c.query('ROLLBACK');
      }
    }
    return plans;
  } finally {
    await c.end();
  }
}
