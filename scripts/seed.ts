// Seeds a database with the example cohorts (cohorts/*.yaml) and their programmes, municipalities,
// employment actors, companies and partnerships: `npm run db:seed` (DATABASE_URL, or the local
// cluster). A script, not part of prisma/: it writes through the coordinator's operations, which
// the schema layer below them must not import. Idempotent: rows are keyed by business keys, so seeding twice changes nothing. No
// workflow is started; `npx dobbeltspor cohort start <file>` does that.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCohortFile } from '../client/operations/files.js';
import { writeCohort } from '../client/operations/cohorts.js';
import { createDb, type Db } from '../prisma/client.js';
import { migrate } from '../prisma/migrate.js';
import { ensurePostgres, redact } from './provision/postgres.js';

export const COHORTS_DIR = fileURLToPath(new URL('../cohorts/', import.meta.url));

export async function seed(db: Db, dir = COHORTS_DIR): Promise<string[]> {
  const seeded: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const loaded = await loadCohortFile(dir + file);
    await writeCohort(db, loaded);
    seeded.push(loaded.cohort.id);
  }
  return seeded;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const url = await ensurePostgres(process.env.DATABASE_URL);
  await migrate(url);
  const db = createDb(url);
  try {
    const ids = await seed(db);
    console.log(`seeded ${redact(url)} with ${ids.join(', ')}`);
  } finally {
    await db.$disconnect();
  }
}
