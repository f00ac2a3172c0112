import { keccak256Hex } from '@pinion/protocol'
import type { Hex } from 'viem'
import { canonicalJson } from './canonicalJson.ts'
import type { EpochInput } from './types.ts'

/** Versions the document below: a change of its shape changes every hash, on purpose. */
const PARAMS_DOCUMENT_VERSION = 'pinion/epoch-params/v2'

/**
 * keccak256 of the canonical JSON (canonicalJson.ts) of every parameter that decided the epoch
 * besides its reports and the registry:
 *
 *   { version, networkId, epoch: { epoch, startMs, endMs, entropy }, emission,
 *     pools: [{ name, basisPoints }…] (in order), residual: { name, recipient },
 *     kinds: { <name>: <parsed params> } (every kind the network runs),
 *     carried: { <name>: <what the kind carried in from the previous epoch> } (kinds that carry) }
 *
 * Hex is lower case and bigints are decimal strings. Signed on chain beside the root, it lets
 * anyone check that a replay used the same rules and started from the same carried state.
 */
export function paramsHash(input: EpochInput, parsedParams: ReadonlyMap<string, unknown>, carriedIn: ReadonlyMap<string, unknown> = new Map()): Hex {
  const kinds: Record<string, unknown> = {}
  for (const name of [...parsedParams.keys()].sort()) kinds[name] = parsedParams.get(name)
  const carried: Record<string, unknown> = {}
  for (const name of [...carriedIn.keys()].sort()) if (carriedIn.get(name) !== null) carried[name] = carriedIn.get(name)
  const document = {
    version: PARAMS_DOCUMENT_VERSION,
    networkId: input.networkId.toLowerCase(),
    epoch: {
      epoch: input.window.epoch,
      startMs: input.window.startMs,
      endMs: input.window.endMs,
      entropy: input.window.entropy.toLowerCase(),
    },
    emission: input.emission,
    pools: input.pools.map(({ name, basisPoints }) => ({ name, basisPoints })),
    residual: { name: input.residual.name, recipient: input.residual.recipient.toLowerCase() },
    kinds,
    carried,
  }
  return keccak256Hex(new TextEncoder().encode(canonicalJson(document)))
}
