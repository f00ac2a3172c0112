import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { glob } from 'tinyglobby'
import { describe, expect, it } from 'vitest'
import { NEVER, TEST_ROOTS, TIERS, type Tier, tierGlobs } from './tiers.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const files = (include: string[], ignore: string[]) => glob(include, { cwd: ROOT, ignore })

/** What a file imports that only a heavier tier provides. */
const NEEDS: [RegExp, Tier[]][] = [
  [/@pinion\/testkit\/chain|startDevnet\(/, ['chain', 'e2e']],
  [/@pinion\/testkit\/db'/, ['db', 'chain', 'e2e']],
]

describe('test tiers', () => {
  for (const hasPostgres of [false, true]) {
    it(`put every test file in exactly one tier (DATABASE_URL, MQTT_URL and NATS_URL ${hasPostgres ? 'set' : 'unset'})`, async () => {
      const globs = tierGlobs(hasPostgres, hasPostgres, hasPostgres)
      const every = await files(TEST_ROOTS, [...NEVER, ...(hasPostgres ? [] : ['**/*.postgres.test.ts', '**/*.mosquitto.test.ts', '**/*.nats.test.ts', '**/*.nats.e2e.test.ts'])])
      const tiersOf = new Map<string, Tier[]>(every.map((file) => [file, []]))
      for (const tier of TIERS) {
        for (const file of await files(globs[tier].include, globs[tier].exclude)) tiersOf.set(file, [...(tiersOf.get(file) ?? []), tier])
      }
      const misplaced = [...tiersOf].filter(([, tiers]) => tiers.length !== 1).map(([file, tiers]) => `${file}: ${tiers.join(', ') || 'no tier'}`)
      expect(misplaced).toEqual([])
      expect(every.length).toBeGreaterThan(100)
    })
  }

  it("name the tier a file's fixtures need: a unit test starts no anvil and opens no test database", async () => {
    const globs = tierGlobs(true, true, true)
    const wrong: string[] = []
    for (const tier of TIERS) {
      for (const file of await files(globs[tier].include, globs[tier].exclude)) {
        const source = readFileSync(`${ROOT}${file}`, 'utf8')
        for (const [pattern, allowed] of NEEDS) if (pattern.test(source) && !allowed.includes(tier)) wrong.push(`${file} (${tier}) uses ${pattern.source}`)
      }
    }
    expect(wrong).toEqual([])
  })
})
