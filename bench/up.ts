/**
 * npm run bench:up [-- --runs 1] [-- --keep]
 *
 * What a new user meets on `npx pinion up` in a fresh folder (issue 19): the default network (the
 * uptime template, 3 oracles with PGlite, anvil, the explorer, a simulated fleet of 20 devices),
 * started by the `pinion` binary exactly as npx starts it, in an empty temporary folder (no
 * pinion.config.ts: the built-in default network) with a fresh data directory. Measured:
 *
 * - seconds from spawning the binary to the first epoch that paid devices landing on chain: the
 *   first `epoch N committed: V valid reports … paid …` line with V > 0 (an epoch nobody reported in
 *   pays only the treasury); each stage line on the way is timed too, so the time can be placed;
 * - peak memory: the RSS of the whole process tree (pinion, whose oracles are threads of it, anvil,
 *   and anything else it starts), summed, sampled every 100 ms from /proc.
 *
 * The run is stopped with SIGINT to its process group (Ctrl-C) once the paid epoch is printed, or
 * after a time-out. Targets: ≤ 30 s and < 1 GB (10^9 bytes). A machine shared with other work
 * stretches the time; the 1-minute load average is printed beside it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const TARGET_SECONDS = 30
const TARGET_PEAK_BYTES = 1_000_000_000
const TIMEOUT_MS = 240_000
const SAMPLE_MS = 100
const PINION_BIN = fileURLToPath(new URL('../packages/cli/bin/pinion.mjs', import.meta.url))
/** The live view's line for a committed epoch (README: what pinion up prints while it runs). */
const COMMITTED = /^epoch (\d+) committed: (\d+) valid reports?.* · paid ([\d,.]+) \S+ to (\d+) recipients?/
const PAGE_SIZE = 4096
const CLOCK_TICKS = 100

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false }, 'epoch-seconds': { type: 'string' } },
})
const NETWORK_TS = fileURLToPath(new URL('../packages/cli/src/config/network.ts', import.meta.url))

/**
 * With --epoch-seconds n: the default network but for its epochs (n seconds, 3 s late window, five
 * uptime sub-intervals an epoch, as the default's five of 2 s in 10 s), written as the folder's
 * pinion.config.ts: what another default epoch would give.
 */
function shorterEpochConfig(seconds: number): string {
  return `import { defineNetwork } from ${JSON.stringify(NETWORK_TS)}
export default defineNetwork({
  epochs: { durationSeconds: ${seconds}, initialEmission: 10_000n, halvingInterval: 0, lateReportMs: 3_000 },
  kinds: { uptime: { subIntervalMs: ${(seconds * 1000) / 5} } },
})
`
}

type Run = {
  cpuParts: string
  cpuAtPaid: number
  schedule: { genesisAt: number; epochSeconds: number }
  seconds: number | null
  peakBytes: number
  peakAt: number
  peakParts: string[]
  epoch: string | null
  stages: { at: number; text: string }[]
  exit: string
  dir: string
}

/** Every process whose ancestry leads to `root` (the process group's leader), root included. */
function processTree(root: number): number[] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // gone between the listing and the read
    }
  }
  const tree = [root]
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parentOf) if (parent === tree[i]) tree.push(pid)
  return tree
}

/** The program `pid` runs, by its file's name. */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0]!.split('/').pop()!
  } catch {
    return '?'
  }
}

/** CPU seconds `pid` has used, all its threads (utime + stime, /proc/<pid>/stat), 0 once it is gone. */
function cpuSeconds(pid: number, tid?: string): number {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'latin1')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return 0
  }
}

/**
 * CPU seconds so far of each process of the tree, and of the threads of each by their name (Node's
 * worker threads and V8's helpers have names of their own in /proc/<pid>/task/<tid>/comm).
 */
function cpuByProcessAndThread(root: number): string {
  return processTree(root)
    .map((pid) => {
      const threads = new Map<string, number>()
      for (const tid of readdirSafe(`/proc/${pid}/task`)) {
        // Node's worker threads are all named "node": the process's main thread is told apart by its id.
        const name = `${readSafe(`/proc/${pid}/task/${tid}/comm`).trim()}${tid === String(pid) ? ' (main)' : ''}`
        const key = name.startsWith('node') && tid !== String(pid) ? `${name} ${tid}` : name
        threads.set(key, (threads.get(key) ?? 0) + cpuSeconds(pid, tid))
      }
      const named = [...threads].filter(([, s]) => s >= 0.5).sort((a, b) => b[1] - a[1])
      return `${commandOf(pid)} ${cpuSeconds(pid).toFixed(1)} s (${named.map(([n, s]) => `${n} ${s.toFixed(1)}`).join(', ')})`
    })
    .join('; ')
}

function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path)
  } catch {
    return []
  }
}

function readSafe(path: string): string {
  try {
    return readFileSync(path, 'latin1')
  } catch {
    return ''
  }
}

/** Resident bytes of `pid` (its threads share them), 0 once it is gone. */
function rssBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * PAGE_SIZE
  } catch {
    return 0
  }
}

async function runOnce(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-bench-up-'))
  // A folder of one's own, as `cd ~/mynet` would be: no pinion.config.ts, so the built-in default.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  if (values['epoch-seconds'] !== undefined) writeFileSync(join(dir, 'pinion.config.ts'), shorterEpochConfig(Number(values['epoch-seconds'])))
  const started = performance.now()
  const startedAtMs = Date.now()
  const child: ChildProcess = spawn(process.execPath, [PINION_BIN, 'up', '--data-dir', join(dir, '.pinion')], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const exited = once(child, 'exit').then(([code, signal]) => `${signal ?? `code ${code}`}`)
  let peakBytes = 0
  let peakAt = 0
  let peakParts: string[] = []
  // The CPU each process of the tree has used, as last seen (a process that exits keeps its last sample).
  const cpu = new Map<number, number>()
  const sampler = setInterval(() => {
    for (const pid of processTree(child.pid!)) cpu.set(pid, Math.max(cpu.get(pid) ?? 0, cpuSeconds(pid)))
    const parts = processTree(child.pid!).map((pid) => ({ pid, bytes: rssBytes(pid) }))
    const total = parts.reduce((sum, p) => sum + p.bytes, 0)
    if (total > peakBytes) {
      peakBytes = total
      peakAt = (performance.now() - started) / 1000
      peakParts = parts.map((p) => `${commandOf(p.pid)} ${(p.bytes / 1e6).toFixed(0)} MB`)
    }
  }, SAMPLE_MS)
  const stages: Run['stages'] = []
  const paid = new Promise<{ at: number; epoch: string } | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), TIMEOUT_MS)
    void exited.then(() => resolve(null))
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const at = (performance.now() - started) / 1000
      if (text.trim() !== '') stages.push({ at, text: text.trim() })
      const match = COMMITTED.exec(text)
      if (match !== null && Number(match[2]) > 0) {
        clearTimeout(timer)
        resolve({ at, epoch: match[1]! })
      }
    })
    createInterface({ input: child.stderr! }).on('line', (text) => stages.push({ at: (performance.now() - started) / 1000, text: `stderr: ${text}` }))
  })
  const landed = await paid
  const cpuAtPaid = [...cpu.values()].reduce((sum, s) => sum + s, 0)
  const cpuParts = cpuByProcessAndThread(child.pid!)
  // Where epoch 0 started, on the wall clock the run is timed by (anvil's timestamps keep to it).
  const state = JSON.parse(readFileSync(join(dir, '.pinion', 'network.json'), 'utf8')) as { schedule: { genesisTime: string; epochDuration: string } }
  const schedule = { genesisAt: Number(state.schedule.genesisTime) - startedAtMs / 1000, epochSeconds: Number(state.schedule.epochDuration) }
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT')
  const exit = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 30_000))])
  if (exit === 'still running') process.kill(-child.pid!, 'SIGKILL')
  clearInterval(sampler)
  if (!values.keep) rmSync(dir, { recursive: true, force: true })
  return { cpuParts, cpuAtPaid, schedule, seconds: landed?.at ?? null, peakBytes, peakAt, peakParts, epoch: landed?.epoch ?? null, stages, exit, dir }
}

const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}× target`
const runs: Run[] = []
for (let i = 0; i < Number(values.runs); i++) {
  const load = loadavg()[0]!.toFixed(1)
  const run = await runOnce()
  runs.push(run)
  console.log(`run ${i + 1}: load ${load} on ${availableParallelism()} cores before the run; exit ${run.exit}${values.keep ? ` (kept ${run.dir})` : ''}`)
  for (const { at, text } of run.stages) console.log(`  ${at.toFixed(1).padStart(6)} s  ${text.length > 150 ? `${text.slice(0, 150)}…` : text}`)
  console.log(
    `  first paid epoch: ${run.seconds === null ? 'none' : `epoch ${run.epoch} at ${run.seconds.toFixed(1)} s (${ratio(run.seconds, TARGET_SECONDS)}, target ≤ ${TARGET_SECONDS} s)`}`,
  )
  const paidEnd = run.epoch === null ? null : run.schedule.genesisAt + (Number(run.epoch) + 1) * run.schedule.epochSeconds
  console.log(
    `  epoch 0 started at ${run.schedule.genesisAt.toFixed(1)} s (${run.schedule.epochSeconds} s epochs)${paidEnd === null ? '' : `; epoch ${run.epoch} ended at ${paidEnd.toFixed(1)} s, committed ${(run.seconds! - paidEnd).toFixed(1)} s later`}; CPU of the process tree until then: ${run.cpuAtPaid.toFixed(1)} s`,
  )
  console.log(`  CPU by process (threads by name, ≥ 0.5 s): ${run.cpuParts}`)
  console.log(
    `  peak RSS of the process tree: ${(run.peakBytes / 1e9).toFixed(2)} GB (${ratio(run.peakBytes, TARGET_PEAK_BYTES)}, target < 1 GB), at ${run.peakAt.toFixed(1)} s: ${run.peakParts.join(', ')}`,
  )
}
const met = runs.every((r) => r.seconds !== null && r.seconds <= TARGET_SECONDS && r.peakBytes < TARGET_PEAK_BYTES)
console.log(met ? 'meets both targets' : 'misses a target')
process.exitCode = met ? 0 : 1
