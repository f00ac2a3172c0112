/**
 * The suite's tiers, told apart by a test file's name alone:
 *
 *   x.e2e.test.ts     e2e    whole networks: devnet, oracles, fleet (and a browser)
 *   x.chain.test.ts   chain  needs anvil (the worker's, or one of its own)
 *   x.db.test.ts      db     needs a database (PGlite, or PostgreSQL when DATABASE_URL is set)
 *   x.postgres.test.ts db    needs a PostgreSQL server: included only when DATABASE_URL is set
 *   x.mosquitto.test.ts db   needs an MQTT broker (Mosquitto): included only when MQTT_URL is set
 *   x.nats.test.ts    db     needs NATS JetStream and PostgreSQL: included only when NATS_URL and DATABASE_URL are set
 *   x.nats.e2e.test.ts e2e   a whole network on NATS JetStream and PostgreSQL: only when NATS_URL and DATABASE_URL are set
 *   x.test.ts         unit   none of the above: pure code, in-process servers at most
 *
 * A file that needs both anvil and a database is a chain test. vitest.config.ts builds one project
 * per tier from these globs; tiers.test.ts checks that every test file lands in exactly one.
 */
export const TIERS = ['unit', 'chain', 'db', 'e2e'] as const
export type Tier = (typeof TIERS)[number]

/** Where test files live, for every tier. */
export const TEST_ROOTS = ['packages/**/*.test.ts', 'bench/**/*.test.ts']
export const NEVER = ['**/node_modules/**']

const marked = (marker: string) => TEST_ROOTS.map((root) => root.replace('*.test.ts', `*.${marker}.test.ts`))

/**
 * include and exclude globs per tier; `hasPostgres` says whether DATABASE_URL names a server,
 * `hasMosquitto` whether MQTT_URL names a broker, and `hasNats` whether NATS_URL names a JetStream server.
 */
export function tierGlobs(hasPostgres: boolean, hasMosquitto = false, hasNats = false): Record<Tier, { include: string[]; exclude: string[] }> {
  const postgres = marked('postgres')
  const mosquitto = marked('mosquitto')
  const nats = marked('nats')
  const natsE2e = marked('nats.e2e')
  return {
    e2e: { include: marked('e2e'), exclude: [...NEVER, ...(hasNats ? [] : natsE2e)] },
    chain: { include: marked('chain'), exclude: NEVER },
    db: { include: [...marked('db'), ...(hasPostgres ? postgres : []), ...(hasMosquitto ? mosquitto : []), ...(hasNats ? nats : [])], exclude: NEVER },
    unit: { include: TEST_ROOTS, exclude: [...NEVER, ...marked('e2e'), ...marked('chain'), ...marked('db'), ...postgres, ...mosquitto, ...nats] },
  }
}
