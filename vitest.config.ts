import { defineConfig } from 'vitest/config'

// Tests that need a PostgreSQL server (*.postgres.test.ts) run only when DATABASE_URL names one, as
// .ci/run does; without it they are left out rather than reported as skipped.
const hasPostgres = (process.env.DATABASE_URL ?? '') !== ''

export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(hasPostgres ? [] : ['**/*.postgres.test.ts'])],
    // Each file starts its own anvil and database; two cores, so two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    // Files share their worker's module cache instead of loading viem, Fastify, PGlite and the
    // packages again for each of 115 files: 74 s of CPU became 12 s (the suite is CPU-bound on two
    // cores). Tests own everything they start and keep no module state, so sharing is safe; a test
    // that leans on another file's leftovers is a bug.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A flaky test is a bug to fix, never to retry.
    retry: 0,
  },
})
