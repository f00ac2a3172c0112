import { type Devnet, startDevnet } from '@pinion/contracts'
import type { TestProject } from 'vitest/node'

/**
 * Vitest global setup for the chain tier: one anvil per worker, started here in the main process
 * (so it is stopped at the end even when a worker is killed) and handed to the workers by URL. A
 * worker uses the anvil of its pool id, which no other worker holds while it runs: anvil costs
 * ~70 ms to start, deploying the contracts ~1 s, so files reset the chain and redeploy rather
 * than start an anvil each (see chain.ts).
 */
export default async function setup(project: TestProject) {
  const workers = Math.max(1, Number(project.globalConfig.maxWorkers) || 1)
  const devnets: Devnet[] = []
  try {
    for (let i = 0; i < workers; i++) devnets.push(await startDevnet())
  } catch (error) {
    await Promise.all(devnets.map((devnet) => devnet.stop()))
    throw error
  }
  project.provide(
    'anvilRpcUrls',
    devnets.map((devnet) => devnet.rpcUrl),
  )
  return async () => {
    await Promise.all(devnets.map((devnet) => devnet.stop()))
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    anvilRpcUrls: string[]
  }
}
