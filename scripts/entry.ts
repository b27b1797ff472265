// The entry of every process that needs the generated Prisma client (`npm start`, `npm run worker`,
// `npm run api`, `npm run db:seed`): `node --import tsx scripts/entry.ts <module> [args…]`.
// prisma/client.ts imports the generated client statically, and static imports resolve before any
// code runs, so the client is provisioned here first and the real entry is imported only afterwards.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensurePrismaClient } from './provision/generate-client.js';
import { ProvisionError } from './provision/run.js';

const target = process.argv[2];
if (!target) {
  console.error('usage: node --import tsx scripts/entry.ts <module> [args…]');
  process.exit(2);
}
try {
  ensurePrismaClient();
} catch (e) {
  console.error(e instanceof ProvisionError ? e.message : e);
  process.exit(1);
}
// The entry sees itself as the program run (`import.meta.url === process.argv[1]` checks) and its own arguments.
const modulePath = resolve(target);
process.argv.splice(1, 2, modulePath);
await import(pathToFileURL(modulePath).href);
