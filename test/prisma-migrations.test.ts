import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../prisma/migrate.js';
import { prisma } from '../scripts/prisma-cli.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** Everything about a database's shape that a migration can change, in a comparable form. */
async function catalog(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows.map((r) => JSON.stringify(r));
    return [
      ...(await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale
                   FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`)),
      ...(await q(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
      )),
      ...(await q(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                   WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`)),
      ...(await q(`SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1, 3`)),
    ];
  } finally {
    await c.end();
  }
}

describe('prisma/schema.prisma and prisma/migrations agree', () => {
  let fromMigrations: TestDatabase;
  let fromSchema: TestDatabase;
  beforeAll(async () => {
    [fromMigrations, fromSchema] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await fromMigrations?.drop();
    await fromSchema?.drop();
  });

  it('every change to schema.prisma has a migration (the snapshot is current)', () => {
    const schema = readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');
    const snapshot = readFileSync(new URL('../prisma/migrations/schema.snapshot.prisma', import.meta.url), 'utf8');
    expect(snapshot, 'schema.prisma changed without a migration: run `npm run db:migration -- <name>`').toBe(schema);
  });

  it('the migrations build exactly the database that schema.prisma describes', async () => {
    // createTestDatabase applied the migrations to both; rebuild the second from the schema alone.
    const c = new pg.Client({ connectionString: fromSchema.url });
    await c.connect();
    await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await c.query(prisma(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], fromSchema.url));
    await c.end();
    const built = await catalog(fromMigrations.url);
    expect(built.length).toBeGreaterThan(100);
    expect(built).toEqual(await catalog(fromSchema.url));
  });

  it('applying the migrations again changes nothing, and an edited migration is refused', async () => {
    expect(await migrate(fromMigrations.url)).toEqual([]);
    const [first] = readMigrations();
    const c = new pg.Client({ connectionString: fromMigrations.url });
    await c.connect();
    await c.query(`UPDATE "_prisma_migrations" SET checksum = 'edited' WHERE migration_name = $1`, [first!.name]);
    await c.end();
    await expect(migrate(fromMigrations.url)).rejects.toThrow(/was changed after it was applied/);
  });
});
