// Applies the committed migrations to DATABASE_URL (`npm run db:migrate`); used by docker-compose's
// one-shot `migrate` service and by operators upgrading a database.
import { loadConfig } from '../config/index.js';
import { migrate } from '../prisma/migrate.js';
import { redact } from './provision/postgres.js';

const { DATABASE_URL } = loadConfig();
if (!DATABASE_URL) {
  console.error('DATABASE_URL must be set');
  process.exit(2);
}
const applied = await migrate(DATABASE_URL);
console.log(applied.length ? `applied to ${redact(DATABASE_URL)}: ${applied.join(', ')}` : `${redact(DATABASE_URL)} is up to date`);
