// `npm run db:generate`: writes the Prisma client into prisma/generated through the project's offline
// path, the same one `npm start`, `npm test` and every entry point use when it is missing.
import { generatePrismaClient, GENERATED_CLIENT } from './provision/generate-client.js';
import { ProvisionError } from './provision/run.js';

try {
  generatePrismaClient();
  console.log(`Prisma client written to ${GENERATED_CLIENT.replace(/client\.ts$/, '')}`);
} catch (e) {
  console.error(e instanceof ProvisionError ? e.message : e);
  process.exit(1);
}
