// wordcount.as.ts in plain TypeScript, written as one would in JavaScript (a Map of words, a sort),
// for the same bytes out: the benchmark's "the same function in plain JS", and what the tests hold
// the module to. The rules (header, words, order, JSON) are in wordcount.as.ts.
import { PinionError } from '@pinion/protocol'

const MAX_INPUT = 16 << 20
const HEADER = /^([0-9]{1,4})\n/

/** The module's stdout for `input`; throws PINION_ERR_COMPUTE_WORKLOAD where the module exits 1. */
export function wordCountReference(input: Uint8Array): Uint8Array {
  if (input.length > MAX_INPUT) throw new PinionError('PINION_ERR_COMPUTE_WORKLOAD', `wordcount input is longer than ${MAX_INPUT} bytes`)
  const latin1 = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1')
  const header = HEADER.exec(latin1)
  const top = header === null ? 0 : Number(header[1])
  if (header === null || top < 1 || top > 1000) throw new PinionError('PINION_ERR_COMPUTE_WORKLOAD', 'the first line must be the number of words wanted, 1 to 1000')
  const counts = new Map<string, number>()
  let words = 0
  for (const [word] of latin1
    .slice(header[0].length)
    .toLowerCase()
    .matchAll(/[a-z0-9]+/g)) {
    counts.set(word, (counts.get(word) ?? 0) + 1)
    words++
  }
  const sorted = [...counts].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
  const pairs = sorted.slice(0, top).map(([word, count]) => `["${word}",${count}]`)
  return new TextEncoder().encode(`{"words":${words},"distinct":${counts.size},"top":[${pairs.join(',')}]}\n`)
}
