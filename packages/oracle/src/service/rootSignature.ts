import { type RewardRoot, rewardRootTypedData } from '@pinion/contracts'
import { type Address, type Hex, type LocalAccount, recoverTypedDataAddress } from 'viem'
import type { Db } from '../store/db.ts'

/** An oracle's signature of an epoch's root, as oracles exchange them. */
export type RootSignature = {
  oracle: Address
  epoch: bigint
  /** The oracle-set version the signature is for: it counts only while the set is at that version. */
  version: number
  root: Hex
  totalCumulative: bigint
  inputsHash: Hex
  paramsHash: Hex
  signature: Hex
}

/** The values a root signature commits to. */
export type SignedValues = Omit<RootSignature, 'oracle' | 'signature'>

/** The distributor's RewardRoot for `values`: the oracle-set version is signed too. */
export const rewardRootOf = (values: SignedValues): RewardRoot => ({
  epoch: values.epoch,
  version: values.version,
  root: values.root,
  totalCumulative: values.totalCumulative,
  inputsHash: values.inputsHash,
  paramsHash: values.paramsHash,
})

export async function signRoot(account: LocalAccount, chainId: number, distributor: Address, values: SignedValues): Promise<RootSignature> {
  const signature = await account.signTypedData(rewardRootTypedData(chainId, distributor, rewardRootOf(values)))
  return { oracle: account.address, ...values, signature }
}

/**
 * Signs `values` unless this oracle already signed a root for the same (epoch, version): then the
 * stored signature is returned when it signed the very same values, and 'signed-differently' when
 * not. An oracle that signs two roots for one epoch and version can be proven to have equivocated;
 * this is the one place roots are signed, and it never does.
 */
export async function signRootOnce(db: Db, account: LocalAccount, chainId: number, distributor: Address, values: SignedValues): Promise<RootSignature | 'signed-differently'> {
  const oracle = account.address.toLowerCase()
  const { rows } = await db.query<{ root: Hex; signature: Hex; total_cumulative: string; inputs_hash: Hex; params_hash: Hex }>(
    'select root, signature, total_cumulative, inputs_hash, params_hash from root_signatures where epoch = $1 and version = $2 and oracle = $3',
    [values.epoch.toString(), values.version, oracle],
  )
  const existing = rows[0]
  if (existing !== undefined) {
    const same =
      existing.root === values.root &&
      BigInt(existing.total_cumulative) === values.totalCumulative &&
      existing.inputs_hash === values.inputsHash &&
      existing.params_hash === values.paramsHash
    return same ? { oracle: account.address, ...values, signature: existing.signature } : 'signed-differently'
  }
  const signed = await signRoot(account, chainId, distributor, values)
  await db.query(
    `insert into root_signatures (epoch, version, oracle, root, signature, total_cumulative, inputs_hash, params_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [values.epoch.toString(), values.version, oracle, values.root, signed.signature, values.totalCumulative.toString(), values.inputsHash, values.paramsHash],
  )
  return signed
}

/** Whether `signed.signature` really is `signed.oracle`'s signature of the values it carries. */
export async function isAuthentic(chainId: number, distributor: Address, signed: RootSignature): Promise<boolean> {
  try {
    const recovered = await recoverTypedDataAddress({ ...rewardRootTypedData(chainId, distributor, rewardRootOf(signed)), signature: signed.signature })
    return recovered.toLowerCase() === signed.oracle.toLowerCase()
  } catch {
    return false
  }
}

/** The values a root signature commits to, as one comparable key. */
export const rootKey = (s: SignedValues) => `${s.epoch}:${s.version}:${s.root.toLowerCase()}:${s.totalCumulative}:${s.inputsHash.toLowerCase()}:${s.paramsHash.toLowerCase()}`
