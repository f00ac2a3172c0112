import type { Address, Hex } from 'viem'
import type { Redundancy } from '../redundancy.ts'
import { StorageClientError } from './clientErrors.ts'

/** A storage node that may take pieces: its device, the operator who owns it, where it answers, and (when it says) how many bytes it has free. */
export type Provider = { deviceId: Hex; operator: Address; url: string; freeBytes?: number }

/** A segment's pieces by index: piece `index` goes to `provider`. */
export type SegmentPlacement = { index: number; provider: Provider }[]

/**
 * Chooses, for each segment, the providers its pieces go to: `redundancy.uploads` of them (Storj starts
 * 110 uploads and keeps the first 80), never two of one operator, so that one operator's outage, exit
 * or cheating costs a segment one piece at most (Storj's rule is one piece per /24 network; the
 * operator is what Pinion can tell for certain, from the device registry). With fewer distinct
 * operators than `uploads` but at least `pieces` (the success threshold), a segment starts fewer
 * uploads; with fewer than `pieces`, no upload could succeed, and it refuses with
 * PINION_ERR_STORAGE_PLACEMENT before anything is sent.
 *
 * `storedBytes[s]` is what each piece of segment s takes on its provider: a provider that says how
 * much it has free gets no piece that does not fit. Load is spread across segments: each segment
 * prefers the providers holding the fewest bytes of the file so far, ties broken by `random` (a
 * seeded generator in [0, 1), so a seed gives one placement; providers are taken in device id order
 * first, so it does not depend on the list's order either).
 */
export function placePieces(providers: readonly Provider[], redundancy: Redundancy, storedBytes: readonly number[], random: () => number): SegmentPlacement[] {
  const byId = new Map<Hex, Provider>()
  for (const provider of providers) {
    const id = provider.deviceId.toLowerCase() as Hex
    if (byId.has(id)) throw new StorageClientError('PINION_ERR_STORAGE_PROVIDERS', `device ${provider.deviceId} is in the provider list twice`)
    byId.set(id, provider)
  }
  const sorted = [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, provider]) => provider)
  const held = new Map<Provider, number>(sorted.map((p) => [p, 0]))
  const operatorOf = (p: Provider) => p.operator.toLowerCase()

  return storedBytes.map((bytes, segment) => {
    const fits = sorted.filter((p) => p.freeBytes === undefined || p.freeBytes - held.get(p)! >= bytes)
    // Fisher–Yates from the seed, then the least loaded first (a stable sort keeps the shuffle among equals).
    for (let i = fits.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[fits[i], fits[j]] = [fits[j]!, fits[i]!]
    }
    fits.sort((a, b) => held.get(a)! - held.get(b)!)
    const operators = new Set<string>()
    const chosen: Provider[] = []
    for (const provider of fits) {
      if (chosen.length === redundancy.uploads) break
      if (operators.has(operatorOf(provider))) continue
      operators.add(operatorOf(provider))
      chosen.push(provider)
    }
    if (chosen.length < redundancy.pieces) {
      const room = bytes > 0 ? ` with room for a piece of ${bytes} bytes` : ''
      throw new StorageClientError(
        'PINION_ERR_STORAGE_PLACEMENT',
        `segment ${segment} needs its ${redundancy.pieces} pieces on ${redundancy.pieces} different operators (any ${redundancy.required} rebuild it), but the ${fits.length} providers${room} belong to ${chosen.length} operators`,
      )
    }
    for (const provider of chosen) held.set(provider, held.get(provider)! + bytes)
    return chosen.map((provider, index) => ({ index, provider }))
  })
}
