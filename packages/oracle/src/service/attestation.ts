import { packOracleSignatures } from '@pinion/contracts'
import { type Address, type Hex, type LocalAccount, type TypedDataDefinition, hashTypedData, recoverAddress } from 'viem'
import type { OracleSet } from '../consensus/proposal.ts'
import type { Db } from '../store/db.ts'

/**
 * A message besides the root that takes a quorum of oracles to act on chain — an epoch's receipt
 * settlement, a slash order — as one oracle signed it (EIP-712). Every oracle derives the same
 * message from the same epoch, so each signs the same digest; peers exchange only signatures, and
 * each checks them against the digest it computed itself.
 */
export type Attestation = {
  epoch: bigint
  /** The oracle-set version signed into the message. */
  version: number
  /** Which message of the epoch: "settlement", "slash:<order id>". */
  subject: string
  oracle: Address
  digest: Hex
  signature: Hex
}

/** What to sign: the epoch, set version and subject it is filed under, and its EIP-712 typed data. */
export type AttestationRequest = { epoch: bigint; version: number; subject: string; typedData: TypedDataDefinition }

/**
 * Signs `request` unless this oracle already signed that (epoch, version, subject): then its stored
 * signature when the digest is the same, and 'signed-differently' when not — an oracle never signs
 * two settlements of one epoch, or two orders under one subject.
 */
export async function attestOnce(db: Db, account: LocalAccount, request: AttestationRequest): Promise<Attestation | 'signed-differently'> {
  const digest = hashTypedData(request.typedData)
  const oracle = account.address.toLowerCase()
  const key = [request.epoch.toString(), request.version, request.subject, oracle]
  const { rows } = await db.query<{ digest: Hex; signature: Hex }>(
    'select digest, signature from attestations where epoch = $1 and version = $2 and subject = $3 and oracle = $4',
    key,
  )
  const existing = rows[0]
  if (existing !== undefined) {
    return existing.digest === digest
      ? { epoch: request.epoch, version: request.version, subject: request.subject, oracle: account.address, digest, signature: existing.signature }
      : 'signed-differently'
  }
  const signature = await account.signTypedData(request.typedData)
  await db.query('insert into attestations (epoch, version, subject, oracle, digest, signature) values ($1, $2, $3, $4, $5, $6)', [...key, digest, signature])
  return { epoch: request.epoch, version: request.version, subject: request.subject, oracle: account.address, digest, signature }
}

/** Every attestation `oracle` made or gathered for `epoch` under `version`, by subject. */
export async function attestationsOf(db: Db, epoch: bigint, version: number, oracle?: Address): Promise<Attestation[]> {
  const { rows } = await db.query<{ subject: string; oracle: Address; digest: Hex; signature: Hex }>(
    `select subject, oracle, digest, signature from attestations
      where epoch = $1 and version = $2 and ($3::text is null or oracle = $3) order by subject, oracle`,
    [epoch.toString(), version, oracle?.toLowerCase() ?? null],
  )
  return rows.map((row) => ({ epoch, version, ...row }))
}

/** Whether `signature` is `oracle`'s signature of `digest`. */
async function signedBy(digest: Hex, signature: Hex, oracle: Address): Promise<boolean> {
  try {
    return (await recoverAddress({ hash: digest, signature })).toLowerCase() === oracle.toLowerCase()
  } catch {
    return false
  }
}

/**
 * The signatures of `mine`'s digest by members of `set`: this oracle's and each peer's that really is
 * that peer's signature of the same digest (a peer that is unreachable, signed something else or
 * lies contributes nothing). Gathered signatures are stored, so they survive a restart. Returns the
 * quorum packed for the contract (ascending signer, 64-byte compact), or null below the quorum.
 */
export async function gatherQuorum(
  db: Db,
  mine: Attestation,
  set: OracleSet,
  peers: readonly string[],
  doFetch: typeof fetch = fetch,
): Promise<{ signatures: Hex; count: number } | { signatures: null; count: number }> {
  const agreeing = new Map<string, Attestation>()
  for (const known of await attestationsOf(db, mine.epoch, mine.version)) {
    if (known.subject === mine.subject && known.digest === mine.digest && set.oracles.includes(known.oracle.toLowerCase() as Address))
      agreeing.set(known.oracle.toLowerCase(), known)
  }
  if (agreeing.size < set.quorum) {
    const answers = await Promise.all(peers.map((peer) => peerAttestations(peer, mine.epoch, mine.version, doFetch)))
    for (const candidate of answers.flat()) {
      const oracle = candidate.oracle.toLowerCase() as Address
      if (candidate.subject !== mine.subject || agreeing.has(oracle) || !set.oracles.includes(oracle)) continue
      if (!(await signedBy(mine.digest, candidate.signature, oracle))) continue
      const attestation = { ...mine, oracle, signature: candidate.signature }
      agreeing.set(oracle, attestation)
      await db.query('insert into attestations (epoch, version, subject, oracle, digest, signature) values ($1, $2, $3, $4, $5, $6) on conflict do nothing', [
        mine.epoch.toString(),
        mine.version,
        mine.subject,
        oracle,
        mine.digest,
        candidate.signature,
      ])
    }
  }
  if (agreeing.size < set.quorum) return { signatures: null, count: agreeing.size }
  const chosen = [...agreeing.values()].sort((a, b) => (BigInt(a.oracle) < BigInt(b.oracle) ? -1 : 1)).slice(0, set.quorum)
  return { signatures: packOracleSignatures(chosen.map((a) => ({ signer: a.oracle, signature: a.signature }))), count: agreeing.size }
}

/** A peer's own attestations for an epoch; nothing when it does not answer or answers nonsense. */
async function peerAttestations(peer: string, epoch: bigint, version: number, doFetch: typeof fetch): Promise<{ subject: string; oracle: Address; signature: Hex }[]> {
  try {
    const response = await doFetch(`${peer}/v1/epochs/${epoch}/attestations?version=${version}`, { signal: AbortSignal.timeout(5_000) })
    if (!response.ok) return []
    const body = (await response.json()) as { attestations?: unknown }
    if (!Array.isArray(body.attestations)) return []
    const hex = (x: unknown): x is Hex => typeof x === 'string' && /^0x[0-9a-fA-F]*$/.test(x)
    return body.attestations.filter(
      (a): a is { subject: string; oracle: Address; signature: Hex } => typeof a === 'object' && a !== null && typeof a.subject === 'string' && hex(a.oracle) && hex(a.signature),
    )
  } catch {
    return []
  }
}
