import { keccak256Hex } from '@pinion/protocol'
import { type Address, type Hex, type LocalAccount, isAddress, isHex, recoverTypedDataAddress } from 'viem'

/**
 * An oracle's signed statement of what it accepted for an epoch: how many reports, and the hash of
 * their ids in ascending order. Made once, when the epoch seals, and never changed.
 */
export type ManifestHeader = {
  oracle: Address
  epoch: bigint
  reportCount: number
  idsHash: Hex
  /** The oracle's EIP-712 signature of (epoch, reportCount, idsHash): see manifestTypedData. */
  signature: Hex
}

/** A header with the ids it hashes. */
export type Manifest = ManifestHeader & { ids: Hex[] }

const ID = /^0x[0-9a-f]{64}$/

/** keccak256 of the ids concatenated, ascending (as bytes: lower-case hex sorts the same way). */
function idsHashOf(ids: readonly Hex[]): Hex {
  const bytes = new Uint8Array(ids.length * 32)
  ids.forEach((id, i) => bytes.set(Buffer.from(id.slice(2), 'hex'), i * 32))
  return keccak256Hex(bytes)
}

/**
 * What an oracle signs for a manifest. The domain is the network's distributor, so a manifest can
 * never be taken for one of another network, and the type differs from RewardRoot, so a manifest
 * signature can never be replayed as a root signature.
 */
function manifestTypedData(chainId: number, distributor: Address, header: Pick<ManifestHeader, 'epoch' | 'reportCount' | 'idsHash'>) {
  return {
    domain: { name: 'Pinion Oracle', version: '1', chainId, verifyingContract: distributor },
    types: {
      SealManifest: [
        { name: 'epoch', type: 'uint64' },
        { name: 'reportCount', type: 'uint32' },
        { name: 'idsHash', type: 'bytes32' },
      ],
    },
    primaryType: 'SealManifest',
    message: { epoch: header.epoch, reportCount: header.reportCount, idsHash: header.idsHash },
  } as const
}

/** Signs the manifest of `ids` (ascending, distinct) for `epoch`. */
export async function signManifest(account: LocalAccount, chainId: number, distributor: Address, epoch: bigint, ids: readonly Hex[]): Promise<Manifest> {
  const header = { epoch, reportCount: ids.length, idsHash: idsHashOf(ids) }
  const signature = await account.signTypedData(manifestTypedData(chainId, distributor, header))
  return { oracle: account.address.toLowerCase() as Address, ...header, signature, ids: [...ids] }
}

/** Whether the header's signature is its oracle's. Never throws. */
export async function isSignedByItsOracle(chainId: number, distributor: Address, header: ManifestHeader): Promise<boolean> {
  try {
    const signer = await recoverTypedDataAddress({ ...manifestTypedData(chainId, distributor, header), signature: header.signature })
    return signer.toLowerCase() === header.oracle.toLowerCase()
  } catch {
    return false
  }
}

/** Whether `ids` are what the header says: ascending, distinct, as many as it counts, hashing to its idsHash. */
function idsMatch(header: ManifestHeader, ids: readonly Hex[]): boolean {
  if (ids.length !== header.reportCount) return false
  for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) return false
  return idsHashOf(ids) === header.idsHash
}

/** A header as JSON (bigints as decimal strings). */
export const headerToJson = (h: ManifestHeader) => ({
  oracle: h.oracle,
  epoch: h.epoch.toString(),
  reportCount: h.reportCount,
  idsHash: h.idsHash,
  signature: h.signature,
})

/** A manifest as JSON: its header, and its ids as one hex string (32 bytes each). */
export const manifestToJson = (m: Manifest) => ({ ...headerToJson(m), ids: `0x${m.ids.map((id) => id.slice(2)).join('')}` })

/** A header read from a peer's JSON, or undefined when it is not one. Checks shape only, not the signature. */
export function headerFromJson(value: unknown): ManifestHeader | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if (typeof v.oracle !== 'string' || !isAddress(v.oracle, { strict: false })) return undefined
  if (typeof v.epoch !== 'string' || !/^\d{1,20}$/.test(v.epoch)) return undefined
  if (typeof v.reportCount !== 'number' || !Number.isSafeInteger(v.reportCount) || v.reportCount < 0 || v.reportCount > 0xffff_ffff) return undefined
  if (typeof v.idsHash !== 'string' || !ID.test(v.idsHash)) return undefined
  if (typeof v.signature !== 'string' || !isHex(v.signature) || v.signature.length !== 132) return undefined
  return {
    oracle: v.oracle.toLowerCase() as Address,
    epoch: BigInt(v.epoch),
    reportCount: v.reportCount,
    idsHash: v.idsHash as Hex,
    signature: v.signature.toLowerCase() as Hex,
  }
}

/** A manifest read from a peer's JSON, or undefined. Its ids must match its header; the signature is not checked here. */
export function manifestFromJson(value: unknown): Manifest | undefined {
  const header = headerFromJson(value)
  const idsText = (value as { ids?: unknown } | null)?.ids
  if (header === undefined || typeof idsText !== 'string' || !/^0x([0-9a-f]{64})*$/.test(idsText)) return undefined
  const ids: Hex[] = []
  for (let at = 2; at < idsText.length; at += 64) ids.push(`0x${idsText.slice(at, at + 64)}`)
  return idsMatch(header, ids) ? { ...header, ids } : undefined
}
