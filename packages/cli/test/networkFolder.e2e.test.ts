import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { packedPinion } from './packedPinion.ts'

/**
 * A network in a folder of its own, outside the checkout, as a builder keeps one in their own
 * repository: `pinion init --dir` writes it and puts Pinion's packages, packed from this checkout, in it
 * (the run's one packing, by init's own packCheckout: packedPinion.ts);
 * its own `npm install` installs them (from those tarballs; the rest from the registry); a kind of
 * the network's own (kinds/meter.ts) is named in its pinion.config.ts; and `npx pinion up` runs it
 * from the packages' built JavaScript, paying the meters.
 */
const CHECKOUT_BIN = fileURLToPath(new URL('../bin/pinion.mjs', import.meta.url))
const METER_KIND = fileURLToPath(new URL('./networkFolder/meter.ts', import.meta.url))

/**
 * A network of the meter kind alone, so that whatever reaches an operator was paid for meter readings.
 * `pinion up` runs on the wall clock: 10-second epochs pay the first one 20 s sooner than the default 30.
 */
const CONFIG = `import { defineNetwork, registerKinds } from '@pinion/cli'

await registerKinds({ meter: new URL('./kinds/meter.ts', import.meta.url) })

export default defineNetwork({
  name: 'Meters of our own',
  epochs: { durationSeconds: 10 },
  pools: { 'meter.readings': 9_500, treasury: 500 },
  kinds: { meter: { readingIntervalMs: 2_000 } },
  oracles: { count: 1, quorum: 1 },
  fleet: { devices: 4, behaviours: { honest: 3, offline: 1 }, seed: 7 },
})
`

/** Generous bounds on real work on a busy machine (building and packing, installing, a first epoch), not assertions on speed. */
const PACK_TIMEOUT_MS = 600_000
const INSTALL_TIMEOUT_MS = 600_000
const UP_TIMEOUT_MS = 420_000

/**
 * The environment of a person at their own terminal: none of what `npx vitest` in the checkout adds
 * (npm's settings, and with them .npmrc's "development" condition, under which the packages would
 * resolve to sources that an installed package does not have), nor the services CI's PostgreSQL pass
 * names: a new network folder runs on PGlite (with DATABASE_URL, pinion up would use
 * <database>_oracle_<i>, which an earlier devnet on that server may hold).
 */
const NOT_A_USERS = new Set(['NODE_OPTIONS', 'DATABASE_URL', 'MQTT_URL', 'NATS_URL'])
function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!key.toLowerCase().startsWith('npm_') && !NOT_A_USERS.has(key)) env[key] = value
  return env
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeout: number): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`.slice(-6_000))
  return result
}

describe('a network in its own folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'pinion-network-folder-'))
  const network = join(root, 'meters')
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('is written by init, installs Pinion from packed tarballs, runs a kind of its own, and pays its devices', {
    timeout: PACK_TIMEOUT_MS + INSTALL_TIMEOUT_MS + UP_TIMEOUT_MS,
  }, () => {
    // init, from the checkout (under the test's own environment: sources, as `npx pinion` there).
    const init = run(
      process.execPath,
      [CHECKOUT_BIN, 'init', '--kind', 'uptime', '--dir', network, '--json'],
      root,
      { ...process.env, PINION_PACKAGES: packedPinion() },
      PACK_TIMEOUT_MS,
    )
    const written = JSON.parse(init.stdout) as { pinion: { from: string; tarballs: Record<string, string> }; next: string }
    expect(written.pinion.from).toBe('tarballs')
    expect(Object.keys(written.pinion.tarballs).sort()).toEqual([
      '@pinion/cli',
      '@pinion/contracts',
      '@pinion/device',
      '@pinion/explorer',
      '@pinion/kinds',
      '@pinion/oracle',
      '@pinion/protocol',
    ])
    expect(written.next).toBe(`cd ${network} && npm install && npx pinion up`)
    const manifest = JSON.parse(readFileSync(join(network, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    for (const [name, file] of Object.entries(written.pinion.tarballs)) {
      expect(manifest.dependencies[name]).toBe(`file:pinion-packages/${file}`)
      expect(existsSync(join(network, 'pinion-packages', file))).toBe(true)
    }

    // The network's own kind, and a config that names it.
    mkdirSync(join(network, 'kinds'))
    copyFileSync(METER_KIND, join(network, 'kinds', 'meter.ts'))
    writeFileSync(join(network, 'pinion.config.ts'), CONFIG)

    // Its own npm install: @pinion/* from the tarballs, everything else from the registry (or npm's cache).
    const env = userEnvironment()
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], network, env, INSTALL_TIMEOUT_MS)
    const cli = join(network, 'node_modules', '@pinion', 'cli')
    expect(lstatSync(cli).isSymbolicLink()).toBe(false) // installed, not linked to the checkout
    expect(existsSync(join(cli, 'dist', 'src', 'main.js'))).toBe(true)
    expect(existsSync(join(cli, 'src'))).toBe(false)
    expect(existsSync(join(network, 'node_modules', '@pinion', 'contracts', 'dist', 'generated', 'artifacts.js'))).toBe(true)
    expect(existsSync(join(network, 'node_modules', '@pinion', 'protocol', 'dist', 'generated', 'pinion', 'v1', 'report_pb.js'))).toBe(true)
    expect(existsSync(join(network, 'node_modules', '@pinion', 'kinds', 'dist', 'src', 'index.d.ts'))).toBe(true)

    const help = run('npx', ['pinion', '--help'], network, env, 60_000)
    expect(help.stdout).toContain('Usage: pinion')
    expect(run('npx', ['pinion-explorer', '--help'], network, env, 60_000).stdout).toContain('pinion-explorer --oracle-url <url> --rpc-url <url>')

    // npx pinion up, until one epoch is committed and an operator has claimed.
    const up = run('npx', ['pinion', 'up', '--epochs', '1', '--json'], network, env, UP_TIMEOUT_MS)
    const summary = JSON.parse(up.stdout) as {
      network: string
      devices: number
      contracts: { kinds: Record<string, unknown> }
      epochs: unknown[]
      claim: { paid: string; matchesExplained: boolean }
    }
    expect(summary.network).toBe('Meters of our own')
    expect(Object.keys(summary.contracts.kinds)).toEqual(['meter'])
    expect(summary.devices).toBe(4)
    expect(summary.epochs.length).toBeGreaterThanOrEqual(1)
    // An operator of meters claimed what the oracle explains it earned: readings paid from meter.readings.
    expect(BigInt(summary.claim.paid)).toBeGreaterThan(0n)
    expect(summary.claim.matchesExplained).toBe(true)
    expect(up.stderr).not.toContain('[object Object]')
  })
})
