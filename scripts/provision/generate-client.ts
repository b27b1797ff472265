import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prisma } from '../prisma-cli.js';
import { timed } from './run.js';

const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));
const stampPath = fileURLToPath(new URL('../../prisma/generated/.schema-sha256', import.meta.url));

/** Generates the Prisma client when schema.prisma changed since the last generation. */
export function ensurePrismaClient(): void {
  const hash = createHash('sha256').update(readFileSync(schemaPath)).digest('hex');
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === hash) return;
  timed('prisma', 'generating the Prisma client', () => prisma(['generate']));
  writeFileSync(stampPath, hash);
}
