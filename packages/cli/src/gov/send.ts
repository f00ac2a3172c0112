import { withGasHeadroom, waitForReceipt } from '@pinion/contracts'
import * as artifacts from '@pinion/contracts/generated'
import { type Abi, type Hex, type TransactionReceipt, BaseError, ContractFunctionRevertedError, decodeErrorResult } from 'viem'
import type { GovSigner } from './connect.ts'
import { GovError } from './errors.ts'

/** Every custom error of every Pinion contract: a proposal's execution reverts with the target's error. */
const EVERY_ERROR: Abi = Object.entries(artifacts)
  .filter(([name]) => name.endsWith('Abi'))
  .flatMap(([, abi]) => (abi as Abi).filter((item) => item.type === 'error'))

type Call = { address: `0x${string}`; abi: Abi; functionName: string; args?: readonly unknown[] }

/**
 * Sends `call` from the signer after simulating it, so that a call the chain would refuse fails
 * before it costs gas, with the contract's error by name and values; returns the mined receipt.
 */
export async function send(signer: GovSigner, call: Call, what: string): Promise<{ transaction: Hex; receipt: TransactionReceipt }> {
  const account = signer.wallet.account
  try {
    const { request } = await signer.client.simulateContract({ ...call, account } as never)
    // With headroom: the estimate is for this block, and the next may be in another epoch (withGasHeadroom).
    const gas = withGasHeadroom(await signer.client.estimateContractGas({ ...call, account } as never))
    const transaction = await signer.wallet.writeContract({ ...(request as object), gas } as never)
    const receipt = await waitForReceipt(signer.client, transaction)
    if (receipt.status !== 'success') throw new GovError('PINION_ERR_GOV_REVERTED', `${what}: transaction ${transaction} reverted`)
    return { transaction, receipt }
  } catch (error) {
    if (error instanceof GovError) throw error
    const reason = revertReason(error)
    if (reason === undefined) throw error
    throw new GovError('PINION_ERR_GOV_REVERTED', `${what} would revert: ${reason}`, { cause: error })
  }
}

/** `Name(value, …)` of a contract's custom error, or its reason string; undefined when `error` is no revert. */
function revertReason(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined
  const named = (name: string, args: readonly unknown[] | undefined) => `${name}(${(args ?? []).map((a) => String(a)).join(', ')})`
  if (reverted.data) return named(reverted.data.errorName, reverted.data.args)
  if (reverted.raw) {
    try {
      const decoded = decodeErrorResult({ abi: EVERY_ERROR, data: reverted.raw })
      return named(decoded.errorName, decoded.args)
    } catch {
      return `unknown error ${reverted.raw}`
    }
  }
  return reverted.reason ?? reverted.shortMessage
}
