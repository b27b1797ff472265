#!/usr/bin/env node
// Launcher for `npx dobbeltspor`: registers tsx so the TypeScript sources run from the checkout as
// they are, provisions the generated Prisma client (a fresh clone has none, and the CLI's static
// imports need it before any of its code runs), then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { ensurePrismaClient } = await import('../scripts/provision/generate-client.ts');
try {
  ensurePrismaClient();
} catch (e) {
  const message = `the Prisma client could not be generated: ${e instanceof Error ? e.message : String(e)}`;
  if (process.argv.includes('--json')) console.log(JSON.stringify({ error: { code: 'PRISMA_CLIENT', message }, exitCode: 1 }));
  else console.error(message);
  process.exit(1);
}
await import('../client/cli/main.ts');
