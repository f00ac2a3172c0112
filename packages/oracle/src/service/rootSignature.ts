import { type RewardRoot, rewardRootTypedData } from '@pinion/contracts'
import { type Address, type Hex, type LocalAccount, recoverTypedDataAddress } from 'viem'

/** An oracle's signature of an epoch's root, as oracles exchange them. */
export type RootSignature = {
  oracle: Address
  epoch: bigint
  /** The distributor's oracle-set version the signature was made under. */
  version: number
  root: Hex
  totalCumulative: bigint
  inputsHash: Hex
  paramsHash: Hex
  signature: Hex
}

export async function signRoot(account: LocalAccount, chainId: number, distributor: Address, root: RewardRoot): Promise<RootSignature> {
  const signature = await account.signTypedData(rewardRootTypedData(chainId, distributor, root))
  return { oracle: account.address, ...root, signature }
}

/** Whether `signed.signature` really is `signed.oracle`'s signature of the values it carries. */
export async function isAuthentic(chainId: number, distributor: Address, signed: RootSignature): Promise<boolean> {
  try {
    const recovered = await recoverTypedDataAddress({
      ...rewardRootTypedData(chainId, distributor, {
        epoch: signed.epoch,
        version: signed.version,
        root: signed.root,
        totalCumulative: signed.totalCumulative,
        inputsHash: signed.inputsHash,
        paramsHash: signed.paramsHash,
      }),
      signature: signed.signature,
    })
    return recovered.toLowerCase() === signed.oracle.toLowerCase()
  } catch {
    return false
  }
}

/** The values a root signature commits to, as one comparable key. */
export const rootKey = (s: Omit<RootSignature, 'oracle' | 'signature'>) =>
  `${s.epoch}:${s.version}:${s.root.toLowerCase()}:${s.totalCumulative}:${s.inputsHash.toLowerCase()}:${s.paramsHash.toLowerCase()}`
