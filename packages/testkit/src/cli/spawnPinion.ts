import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { connect } from 'node:net'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** The `pinion` binary, as `npx pinion` runs it. */
const PINION_BIN = fileURLToPath(new URL('../../../cli/bin/pinion.mjs', import.meta.url))

/** A line the child printed, with when it arrived (performance.now() of this process). */
export type OutputLine = { at: number; text: string; stream: 'stdout' | 'stderr' }

export type SpawnedPinion = {
  child: ChildProcess
  /** Every line printed so far, in arrival order. */
  lines: OutputLine[]
  /** Resolves with the first stdout line matching `pattern` (already printed or to come); rejects after `timeoutMs` or when the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>
  /** Resolves once the process has exited: its code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Sends `signal` to the whole process group, as a terminal's Ctrl-C does (anvil's watchdog hears it too). */
  signalGroup(signal: NodeJS.Signals): void
}

/**
 * Runs `pinion …args` as a child process in a process group of its own (so that a signal can reach
 * it and everything it started, as from a terminal), collecting its output line by line.
 */
export function spawnPinion(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): SpawnedPinion {
  const child = spawn(process.execPath, [PINION_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const lines: OutputLine[] = []
  const waiters = new Set<() => void>()
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream]! }).on('line', (text) => {
      lines.push({ at: performance.now(), text, stream })
      for (const wake of waiters) wake()
    })
  }
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))
  let hasExited = false
  void exited.then(() => {
    hasExited = true
    for (const wake of waiters) wake()
  })
  return {
    child,
    lines,
    exited,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms; the last lines:\n${tail(lines)}`)), timeoutMs)
        const finish = (error?: Error, line?: string) => {
          clearTimeout(timer)
          waiters.delete(check)
          if (error === undefined) resolve(line!)
          else reject(error)
        }
        const check = () => {
          const found = lines.find((l) => l.stream === 'stdout' && pattern.test(l.text))
          if (found !== undefined) finish(undefined, found.text)
          else if (hasExited) finish(new Error(`pinion exited before printing a line matching ${pattern}; the last lines:\n${tail(lines)}`))
        }
        waiters.add(check)
        check()
      })
    },
    signalGroup(signal) {
      process.kill(-child.pid!, signal)
    },
  }
}

const tail = (lines: readonly OutputLine[]) =>
  lines
    .slice(-20)
    .map((l) => `${l.stream}: ${l.text}`)
    .join('\n')

/** Whether something accepts TCP connections at `url`'s host and port right now. */
export function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
