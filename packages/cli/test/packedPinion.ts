import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inject } from 'vitest'
import { findCheckout, packCheckout } from '../src/init/pinionSource.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder of this run's own (packedPinionSetup.ts), for the checkout's package tarballs. */
    pinionPackedDir: string
  }
}

const PACKED = 'packed.json'
const FAILED = 'failed.txt'
/** Building and packing every package on a busy machine: a generous bound, not an assertion on speed. */
const PACK_TIMEOUT_MS = 600_000
const POLL_MS = 250

/**
 * The checkout's packages packed once per test run, by the same packCheckout that `pinion init`
 * runs, for every test that installs Pinion in a folder of its own (`pinion init` takes the folder
 * as --packages or PINION_PACKAGES). Packing builds each package's dist/ first: two tests packing
 * at once would build the same files over each other, and pay for it twice. The first caller packs
 * (it holds the lock folder); the others wait for its result, or its failure.
 */
export function packedPinion(): string {
  const dir = inject('pinionPackedDir')
  const packed = join(dir, PACKED)
  if (existsSync(packed)) return dir
  let mine = true
  try {
    mkdirSync(join(dir, 'packing'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    mine = false
  }
  if (mine) {
    try {
      writeFileSync(packed, JSON.stringify(packCheckout(findCheckout()!, dir)))
    } catch (error) {
      writeFileSync(join(dir, FAILED), String(error))
      throw error
    }
    return dir
  }
  const deadline = Date.now() + PACK_TIMEOUT_MS
  const pause = new Int32Array(new SharedArrayBuffer(4))
  while (!existsSync(packed)) {
    if (existsSync(join(dir, FAILED))) throw new Error(`another test's packing failed: ${readFileSync(join(dir, FAILED), 'utf8')}`)
    if (Date.now() > deadline) throw new Error(`no packed Pinion in ${dir} after ${PACK_TIMEOUT_MS} ms`)
    Atomics.wait(pause, 0, 0, POLL_MS)
  }
  return dir
}
