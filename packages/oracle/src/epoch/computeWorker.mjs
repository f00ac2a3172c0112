// Entry of an oracle's epoch-computing thread (see computeOffThread.ts). Plain JavaScript: a worker
// starts with its own loader, so it registers tsx's before importing the TypeScript body.
//
// Built (dist/), the compiled body sits beside this file and Node loads it as it is.
import { existsSync } from 'node:fs'

const compiled = new URL('./computeWorker.js', import.meta.url)
if (existsSync(compiled)) await import(compiled.href)
else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('./computeWorker.ts')
}
