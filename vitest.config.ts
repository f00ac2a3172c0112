import { defineConfig } from 'vitest/config'
import { TierSequencer } from './packages/testkit/src/tierSequencer.ts'
import { TIERS, tierGlobs } from './packages/testkit/src/tiers.ts'

// Tests that need a PostgreSQL server (*.postgres.test.ts) run only when DATABASE_URL names one, and
// those that need an MQTT broker (*.mosquitto.test.ts) only when MQTT_URL does, and the JetStream
// ones (*.nats.test.ts) only when NATS_URL does too, as .ci/run does;
// without them they are left out rather than reported as skipped.
const hasPostgres = (process.env.DATABASE_URL ?? '') !== ''
const hasMosquitto = (process.env.MQTT_URL ?? '') !== ''
// The JetStream oracle's tests (*.nats.test.ts) need NATS_URL and a PostgreSQL server both.
const hasNats = (process.env.NATS_URL ?? '') !== '' && hasPostgres
const globs = tierGlobs(hasPostgres, hasMosquitto, hasNats)

// Packages export their TypeScript sources under the "development" condition and their build
// (dist/) by default. Vite resolves that condition by itself; the threads and processes tests start
// (oracle threads, the pinion binary) resolve through Node, which takes it from NODE_OPTIONS, as
// .npmrc sets it for `npx vitest`. Set here too for a vitest started some other way.
if (!(process.env.NODE_OPTIONS ?? '').includes('--conditions=development')) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --conditions=development`.trim()
}

export default defineConfig({
  test: {
    // One project per tier (unit, chain, db, e2e; the rule is in packages/testkit/src/tiers.ts):
    // `npm test` runs them all in this one run and one process pool, `npm run test:<tier>` one.
    projects: TIERS.map((tier) => ({
      extends: true,
      test: {
        name: tier,
        include: globs[tier].include,
        exclude: globs[tier].exclude,
        // The chain tier's files share one anvil per worker, started and stopped by the main process;
        // with DATABASE_URL, the tiers that open test databases copy one migrated template database.
        globalSetup: [
          ...(tier === 'chain' ? ['./packages/testkit/src/anvilPerWorker.ts'] : []),
          ...(tier === 'chain' || tier === 'db' ? ['./packages/testkit/src/postgresTemplate.ts'] : []),
          // The e2e tests that install Pinion in a folder of their own share one packing of the checkout.
          ...(tier === 'e2e' ? ['./packages/cli/test/packedPinionSetup.ts'] : []),
        ],
      },
    })),
    // The e2e tier's files start first (tierSequencer.ts says why).
    sequence: { sequencer: TierSequencer },
    // Two cores, so two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    // Files share their worker's module cache instead of loading viem, Fastify, PGlite and the
    // packages again for each of 115 files: 74 s of CPU became 12 s (the suite is CPU-bound on two
    // cores). Tests own everything they start and keep no module state, so sharing is safe; a test
    // that leans on another file's leftovers is a bug. The testkit's per-worker anvil and migrated
    // database template are the deliberate exceptions: each file resets or clones them.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A flaky test is a bug to fix, never to retry.
    retry: 0,
  },
})
