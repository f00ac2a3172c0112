// A worker thread that hashes Merkle leaves and inner nodes of a RewardTree being built, in shared
// memory, so that a million-leaf tree uses every core. Plain JavaScript on purpose: Node loads it
// natively under any runner (node, tsx, vitest), which a .ts worker would not be.
//
// Jobs come through the shared control block described in hashControl.ts (the numbers and
// claimChunk below repeat it; hashControl.test.ts checks they agree): a worker blocks in
// Atomics.wait until a job starts, then claims chunks until none are left, alongside the other
// workers and the calling thread.
//
// It must compute exactly what leafEncoding.ts (hashEncodedLeafInto) and hashPair.ts (hashPairInto)
// compute; rewardTree.test.ts checks the parallel build against the one-thread build.
import { parentPort, workerData } from 'node:worker_threads'
import { createKeccak } from 'hash-wasm'

export const CONTROL = { GENERATION: 0, OP: 1, FROM: 2, TO: 3, CHUNK: 4, TOTAL: 5, NEXT: 6, DONE: 7, READY: 8, SLOTS: 9 }
export const OP = { LEAVES: 1, PAIRS: 2, STOP: 3 }
const TAG_SHIFT = 20
const TAG_MASK = 0x7ff
const CLOSED = (1 << TAG_SHIFT) - 1

export function claimChunk(control, tag, total) {
  for (;;) {
    const next = Atomics.load(control, CONTROL.NEXT)
    const index = next & CLOSED
    if ((next & ~CLOSED) !== tag || index >= total) return -1
    if (Atomics.compareExchange(control, CONTROL.NEXT, next, next + 1) === next) return index
  }
}

// Only as a tree's worker (hashControl.test.ts imports this file for its constants).
if (parentPort !== null && workerData?.control instanceof Int32Array) await serve(workerData)

async function serve({ encoded, leaves, nodes, control }) {
  const hasher = await createKeccak(256)
  const inner = new Uint8Array(32)
  const word = new Uint8Array(64)
  const pair = new Uint8Array(64)

  const keccakInto = (input, out, offset) => {
    hasher.init()
    hasher.update(input)
    out.set(hasher.digest('binary'), offset)
  }

  /** keccak256(keccak256(abi.encode(address, uint256))) of entries [from, to). */
  const hashLeaves = (from, to) => {
    for (let i = from; i < to; i++) {
      for (let k = 0; k < 64; k++) word[k] = encoded[i * 64 + k]
      keccakInto(word, inner, 0)
      keccakInto(inner, leaves, i * 32)
    }
  }

  /** Inner nodes [from, to): keccak256 of the two children, smaller first (OpenZeppelin's sorted pairs). */
  const hashPairs = (from, to) => {
    for (let i = to - 1; i >= from; i--) {
      const a = (2 * i + 1) * 32
      const b = a + 32
      let aFirst = true
      for (let k = 0; k < 32; k++) {
        const d = nodes[a + k] - nodes[b + k]
        if (d !== 0) {
          aFirst = d < 0
          break
        }
      }
      const first = aFirst ? a : b
      const second = aFirst ? b : a
      for (let k = 0; k < 32; k++) {
        pair[k] = nodes[first + k]
        pair[32 + k] = nodes[second + k]
      }
      keccakInto(pair, nodes, i * 32)
    }
  }

  const work = (generation) => {
    const tag = (generation & TAG_MASK) << TAG_SHIFT
    const op = Atomics.load(control, CONTROL.OP)
    const from = Atomics.load(control, CONTROL.FROM)
    const to = Atomics.load(control, CONTROL.TO)
    const chunk = Atomics.load(control, CONTROL.CHUNK)
    const total = Atomics.load(control, CONTROL.TOTAL)
    for (let c = claimChunk(control, tag, total); c >= 0; c = claimChunk(control, tag, total)) {
      const start = from + c * chunk
      const end = Math.min(to, start + chunk)
      // The caller may still be encoding this chunk's entries.
      for (let ready = Atomics.load(control, CONTROL.READY); ready < end; ready = Atomics.load(control, CONTROL.READY)) {
        Atomics.wait(control, CONTROL.READY, ready)
      }
      if (op === OP.LEAVES) hashLeaves(start, end)
      else hashPairs(start, end)
      if (Atomics.add(control, CONTROL.DONE, 1) + 1 === total) Atomics.notify(control, CONTROL.DONE)
    }
  }

  parentPort.postMessage('ready')
  // Generation 0 is "no job yet": a job begun before this worker booted is picked up at once.
  for (let seen = 0; ; ) {
    Atomics.wait(control, CONTROL.GENERATION, seen)
    seen = Atomics.load(control, CONTROL.GENERATION)
    if (Atomics.load(control, CONTROL.OP) === OP.STOP) return
    work(seen)
  }
}
