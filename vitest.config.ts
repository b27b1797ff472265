import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The SDK's native module does not work in worker threads: one process per test file.
    pool: 'forks',
    // 2 cores: two files at a time, each with its own time-skipping server, database and SMTP server.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
