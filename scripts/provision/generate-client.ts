import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prisma } from '../prisma-cli.js';
import { ProvisionError, timed } from './run.js';

const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));
const stampPath = fileURLToPath(new URL('../../prisma/generated/.schema-sha256', import.meta.url));
/** What `prisma/client.ts` imports: without it no entry point that touches the database can load. */
export const GENERATED_CLIENT = fileURLToPath(new URL('../../prisma/generated/client.ts', import.meta.url));

function schemaHash(): string {
  return createHash('sha256').update(readFileSync(schemaPath)).digest('hex');
}

/**
 * Generates the Prisma client through the project's offline path (scripts/prisma-cli.ts). The bare
 * CLI, offline, can exit 0 having generated nothing, so the result is checked, not the exit code.
 */
export function generatePrismaClient(): void {
  const hash = schemaHash();
  const output = timed('prisma', 'generating the Prisma client', () => prisma(['generate']));
  if (!existsSync(GENERATED_CLIENT)) {
    throw new ProvisionError(`prisma generate exited without writing ${GENERATED_CLIENT}:\n${output.trim()}`);
  }
  writeFileSync(stampPath, hash);
}

/** Generates the Prisma client when it is missing or schema.prisma changed since the last generation. */
export function ensurePrismaClient(): void {
  if (existsSync(GENERATED_CLIENT) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === schemaHash()) return;
  generatePrismaClient();
}
