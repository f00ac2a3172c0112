import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { JetStreamNodeConfig } from './jetstreamNode.ts'

export type RunningJetStreamNode = {
  child: ChildProcess
  /** The ingest node's URL (ingest role). */
  url: string
  /** Every JSON line it printed after the first, as they come. */
  lines: AsyncIterator<Record<string, unknown>>
  /** Resolves once the process ended (null when killed by a signal). */
  exited: Promise<number | null>
  /** Sends a line to its stdin (the leader's `seal <endMs>`). */
  send(line: string): void
  kill(): Promise<void>
}

const NODE = fileURLToPath(new URL('./jetstreamNode.ts', import.meta.url))
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Starts jetstreamNode.ts in a child process (node --import tsx, so a SIGKILL hits the node itself)
 * and resolves once it printed its first line (ready, or for a leader: holding the lock).
 */
export async function spawnJetStreamNode(config: JetStreamNodeConfig): Promise<RunningJetStreamNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', NODE], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, PINION_JETSTREAM_NODE: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const lines = (async function* () {
    for await (const line of createInterface({ input: child.stdout! })) yield JSON.parse(line) as Record<string, unknown>
  })()
  const first = await Promise.race([
    lines.next(),
    exited.then((code) => {
      throw new Error(`the ${config.role} node exited with code ${code} before it was ready`)
    }),
  ])
  if (first.done === true) throw new Error(`the ${config.role} node closed its output before it was ready`)
  return {
    child,
    url: `http://127.0.0.1:${(first.value as { port?: number }).port ?? 0}`,
    lines,
    exited,
    send: (line) => child.stdin!.write(`${line}\n`),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** Resolves with `node`'s first line after now that has `key`. */
export async function nextLineWith(node: RunningJetStreamNode, key: string): Promise<Record<string, unknown>> {
  for (;;) {
    const next = await node.lines.next()
    if (next.done === true) throw new Error(`the node ended before printing ${key}`)
    if (key in next.value) return next.value
  }
}
