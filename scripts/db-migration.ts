// Creates a migration from the change to prisma/schema.prisma since the last migration:
//   npm run db:migration -- <name>
// prisma/migrations/schema.snapshot.prisma is the schema as of the newest migration; the SQL is
// Prisma's own diff between it and schema.prisma, so schema.prisma stays the single source of truth.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../prisma/migrate.js';
import { prisma } from './prisma-cli.js';
import { ensurePostgres } from './provision/postgres.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name>   (lower-case letters, digits and _)');
  process.exit(2);
}
const snapshot = join(MIGRATIONS_DIR, 'schema.snapshot.prisma');
const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
// The CLI's JS engine connects to a server even to compare two files.
const url = await ensurePostgres(process.env.DATABASE_URL);
const sql = prisma(['migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], url);
if (!/^(CREATE|ALTER|DROP)/m.test(sql)) {
  console.log('schema.prisma has no change since the last migration: nothing written.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), sql);
copyFileSync('prisma/schema.prisma', snapshot);
console.log(`wrote ${join('prisma/migrations', `${stamp}_${name}`, 'migration.sql')}`);
