import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { TestServerConfig } from './pinnedServer.ts'

export type RunningTestServer = {
  child: ChildProcess
  url: string
  /** Resolves with the exit code (null when killed by a signal) once the process ended. */
  exited: Promise<number | null>
  /** SIGTERM, then waits for the clean exit. */
  stop(): Promise<number | null>
}

const SERVER = fileURLToPath(new URL('./pinnedServer.ts', import.meta.url))
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url)) // packages/testkit

/**
 * Starts pinnedServer.ts in a child process (node --import tsx, so that a SIGKILL hits the server
 * itself, not a launcher in front of it) and resolves once it listens.
 */
export async function spawnTestServer(config: TestServerConfig): Promise<RunningTestServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, PINION_TEST_SERVER: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const lines = createInterface({ input: child.stdout! })
  const port = await Promise.race([
    (async () => {
      for await (const line of lines) {
        const parsed = JSON.parse(line) as { port?: number }
        if (parsed.port !== undefined) return parsed.port
      }
      throw new Error('the test server closed its output before listening')
    })(),
    exited.then((code) => {
      throw new Error(`the test server exited with code ${code} before listening`)
    }),
  ])
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    exited,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}
