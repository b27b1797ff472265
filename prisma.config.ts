// Configuration for the Prisma CLI only (the application builds its own client with @prisma/adapter-pg).
// `engine: 'js'` runs Prisma's schema engine as WebAssembly, so `prisma generate` and
// `prisma migrate diff --from-empty|--from-schema-datamodel … --to-schema-datamodel … --script` work
// offline: no native engine is downloaded. Migrations are applied by scripts/db-migrate.ts.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// The WebAssembly engine starts long timers that keep the CLI alive up to a minute after it is done:
// un-reference the long ones so the process exits when its work is finished.
for (const name of ['setTimeout', 'setInterval'] as const) {
  const original = globalThis[name] as (...args: unknown[]) => NodeJS.Timeout;
  (globalThis as Record<string, unknown>)[name] = (fn: unknown, ms?: number, ...rest: unknown[]) => {
    const timer = original(fn, ms, ...rest);
    if ((ms ?? 0) >= 1000) timer.unref();
    return timer;
  };
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  // `migrate diff` connects even when it compares two schema files; the pool's short idle timeout
  // lets the CLI exit, since it never closes the adapter.
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, idleTimeoutMillis: 100 }),
});
