import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../prisma/client.js';
import { migrate } from '../prisma/migrate.js';
import { ensurePrismaClient } from '../scripts/provision/generate-client.js';
import { ensurePostgres } from '../scripts/provision/postgres.js';

/** The settings a benchmark's worker runs its activities with (mail sender, link base and secret, time zone). */
export const BENCH_WORKER_CONFIG = {
  MAIL_FROM: 'Bench <bench@dobbeltspor.local>',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
  LINK_SECRET: 'bench-secret-for-signed-links-0123456789',
  TZ_PROGRAMME: 'Europe/Copenhagen',
};

/** A fresh, migrated database for one benchmark run; `drop()` removes it. */
export async function benchDatabase(): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  ensurePrismaClient();
  const adminUrl = await ensurePostgres(process.env.TEST_DATABASE_URL);
  const name = `dobbeltspor_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = createDb(url.toString());
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.$disconnect();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}
