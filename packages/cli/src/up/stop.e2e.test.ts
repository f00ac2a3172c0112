import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { type SpawnedPinion, isListening, spawnPinion } from '../../../testkit/src/cli/spawnPinion.ts'
import { until } from '../../../testkit/src/until.ts'

/**
 * `pinion up` as a person runs it: the binary in a process of its own, stopped from its terminal
 * (Ctrl-C reaches the whole process group, anvil's watchdog included) or killed outright. The
 * network is the smallest that commits epochs with every part running: uptime, 8-second epochs,
 * six devices of which two cheat, three oracles.
 */
const NETWORK_TS = fileURLToPath(new URL('../config/network.ts', import.meta.url))
const CONFIG = `import { defineNetwork } from ${JSON.stringify(NETWORK_TS)}
export default defineNetwork({
  epochs: { durationSeconds: 8, lateReportMs: 3_000, initialEmission: 10_000n, halvingInterval: 0 },
  kinds: { uptime: { subIntervalMs: 1_000 } },
  oracles: { count: 3, quorum: 2 },
  fleet: { devices: 6, behaviours: { honest: 3, flaky: 1, forger: 1, replayer: 1 }, seed: 7 },
})
`

/** Generous bounds on real work (starting a network on a busy machine), not assertions on speed. */
const FIRST_EPOCH_TIMEOUT_MS = 240_000
const EXIT_TIMEOUT_MS = 30_000

/** What `pinion up` said it serves: the chain, the oracles and the explorer. */
function servedUrls(run: SpawnedPinion): string[] {
  const urls = run.lines.flatMap((l) => /^\s+(?:chain|explorer|oracle \d+)\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(l.text)?.slice(1, 2) ?? [])
  expect(urls.length).toBe(5)
  return urls
}

/** The chain's URL as `pinion up` printed it. */
function chainUrl(run: SpawnedPinion): string {
  const url = run.lines.flatMap((l) => /^\s+chain\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(l.text)?.slice(1, 2) ?? [])[0]
  expect(url).toBeDefined()
  return url!
}

/** Whether any process of the group `pid` leads (pinion, anvil's watchdog, anvil) still runs. */
function groupRuns(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/** The hash of the chain's genesis block, as `url` serves it: which chain answers there. */
async function genesisOf(url: string): Promise<string | null> {
  try {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBlockByNumber', params: ['0x0', false] })
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5_000) })
    return ((await response.json()) as { result?: { hash?: string } }).result?.hash ?? null
  } catch {
    return null
  }
}

describe('pinion up in a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-stop-'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  writeFileSync(join(dir, 'pinion.config.ts'), CONFIG)
  const runs: SpawnedPinion[] = []
  const start = () => {
    // As a person runs it: the oracles' stores are PGlite, also when the test run has DATABASE_URL
    // (pinion up would then use <database>_oracle_<i>, kept from any earlier devnet on that server).
    const run = spawnPinion(['up', '--data-dir', join(dir, '.pinion')], { cwd: dir, env: { DATABASE_URL: '' } })
    runs.push(run)
    return run
  }
  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.signalGroup('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints each committed epoch, and stops on Ctrl-C promptly and quietly, leaving nothing running', { timeout: FIRST_EPOCH_TIMEOUT_MS + 60_000 }, async () => {
    const run = start()
    const line = await run.waitForLine(/^epoch \d+ committed: /, FIRST_EPOCH_TIMEOUT_MS)
    expect(line).toMatch(
      /^epoch \d+ committed: \d+ valid reports?, \d+ invalid.* · paid [\d,.]+ PIN to \d+ recipients? · root 0x[0-9a-f]{8}…[0-9a-f]{4} signed by oracles? [\d, ]+ \(quorum 2 of 3\)$/,
    )
    const urls = servedUrls(run)
    expect(await Promise.all(urls.map(isListening))).toEqual(urls.map(() => true))
    const genesis = await genesisOf(chainUrl(run))
    expect(genesis).toMatch(/^0x[0-9a-f]{64}$/)

    const asked = performance.now()
    run.signalGroup('SIGINT')
    const exit = await Promise.race([run.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), EXIT_TIMEOUT_MS))])
    expect(exit).toEqual({ code: 0, signal: null })

    const everything = run.lines.map((l) => l.text).join('\n')
    expect(everything).not.toContain('[object Object]')
    // After the stop request: no warning or error, only that it stops and has stopped.
    const after = run.lines.filter((l) => l.at >= asked)
    expect(after.filter((l) => l.stream === 'stderr')).toEqual([])
    expect(after.map((l) => l.text).filter((text) => text !== '')).toEqual(['stopping…', 'stopped; `npx pinion up` resumes where this left off'])
    // Nothing of it runs any more: its process group is empty (anvil and its watchdog included; the
    // oracles and the explorer ran in pinion's own process), and this chain no longer answers on its
    // port. (The port itself may already serve another test's process: ports are not the proof.)
    expect(groupRuns(run.child.pid!)).toBe(false)
    expect(await genesisOf(chainUrl(run))).not.toBe(genesis)
  })

  it('leaves nothing running when it is killed outright, and resumes where it stopped', { timeout: FIRST_EPOCH_TIMEOUT_MS + 60_000 }, async () => {
    const run = start()
    await run.waitForLine(/resumed the network deployed at block/, FIRST_EPOCH_TIMEOUT_MS)
    await run.waitForLine(/^epoch \d+ committed: /, FIRST_EPOCH_TIMEOUT_MS)
    servedUrls(run)
    const genesis = await genesisOf(chainUrl(run))
    expect(genesis).toMatch(/^0x[0-9a-f]{64}$/)
    // SIGKILL to pinion alone, as a crash: its threads (oracles) and servers (explorer) end with it,
    // and anvil's watchdog sees its pipe to pinion close and stops anvil.
    run.child.kill('SIGKILL')
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' })
    await until('every process of the killed network gone', async () => (!groupRuns(run.child.pid!) && (await genesisOf(chainUrl(run))) !== genesis ? true : undefined), {
      timeoutMs: EXIT_TIMEOUT_MS,
    })
  })
})
