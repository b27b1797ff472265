import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from './generated/client.js';

export type Db = PrismaClient;
export { Prisma } from './generated/client.js';
export * from './generated/enums.js';

/** Prisma's adapter, keeping the pg pool it connected with (a new one after a disconnect). */
class PoolKeepingPg extends PrismaPg {
  pool?: pg.Pool;
  override async connect() {
    const adapter = await super.connect();
    this.pool = adapter.underlyingDriver();
    return adapter;
  }
}

const ADAPTER = Symbol('pg adapter');

/** One client per process (worker, API, CLI): the adapter holds a pg pool. */
export function createDb(databaseUrl: string, poolSize = 10): Db {
  const adapter = new PoolKeepingPg({ connectionString: databaseUrl, max: poolSize });
  const db = new PrismaClient({ adapter });
  Object.defineProperty(db, ADAPTER, { value: adapter });
  return db;
}

/**
 * The pg pool under a client made by createDb, for the few statements on a hot path where Prisma's
 * own work per query (a transaction around each write, the parameters and rows passed through its
 * query interpreter) costs several times the statement itself: the outbox's (activities/mail), the
 * participant projection's (activities/participant/projection.ts) and the enrolment's read and place claim.
 */
export async function sqlPoolOf(db: Db): Promise<pg.Pool> {
  const pool = await sqlPoolIfAny(db);
  if (!pool) throw new Error('sqlPoolOf: not a client made by createDb');
  return pool;
}

/** The pg pool under a client made by createDb; undefined for any other client (a transaction's, a test's own). */
export async function sqlPoolIfAny(db: Db): Promise<pg.Pool | undefined> {
  const adapter = Object.getOwnPropertyDescriptor(db, ADAPTER)?.value as PoolKeepingPg | undefined;
  if (!adapter) return undefined;
  if (!adapter.pool || adapter.pool.ended) await db.$connect();
  return adapter.pool!;
}
