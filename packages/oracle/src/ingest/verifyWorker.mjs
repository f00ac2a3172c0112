// Entry of a signature-verifying worker thread. Plain JavaScript because Node starts a worker from
// a file with its own loader, not the parent's: under vitest (and under plain node) a .ts entry
// would not load. It registers tsx's ESM loader in this thread, then imports the TypeScript body,
// which uses @pinion/protocol's verifyDeviceSignature exactly as the main thread would. Under tsx
// the worker inherits tsx already; registering again is harmless.
//
// Built (dist/), the compiled body sits beside this file and Node loads it as it is.
import { existsSync } from 'node:fs'

const compiled = new URL('./verifyWorker.js', import.meta.url)
if (existsSync(compiled)) await import(compiled.href)
else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('./verifyWorker.ts')
}
