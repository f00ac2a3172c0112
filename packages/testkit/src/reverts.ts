import * as artifacts from '@pinion/contracts/generated'
import { type Abi, BaseError, ContractFunctionRevertedError, decodeErrorResult, isHex } from 'viem'

/** Every custom error of every Pinion contract (and what they inherit), to decode reverts that cross contracts. */
const everyError: Abi = Object.entries(artifacts)
  .filter(([name]) => name.endsWith('Abi'))
  .flatMap(([, abi]) => (abi as Abi).filter((item) => item.type === 'error'))

/**
 * Runs `action`, expects it to revert with a custom error, and returns the error's name and
 * arguments, decoded from the called contract's ABI or, for an error raised by another contract it
 * called (the token inside a claim), from every Pinion contract's errors.
 */
export async function revertOf(action: Promise<unknown>): Promise<{ name: string; args: readonly unknown[] }> {
  try {
    await action
  } catch (error) {
    if (!(error instanceof BaseError)) throw error
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError) {
      if (reverted.data) return { name: reverted.data.errorName, args: reverted.data.args ?? [] }
      if (reverted.raw) {
        const decoded = decodeErrorResult({ abi: everyError, data: reverted.raw })
        return { name: decoded.errorName, args: decoded.args ?? [] }
      }
    }
    throw error
  }
  throw new Error('expected a revert, but the call succeeded')
}

/**
 * Expects a contract creation to revert and decodes its custom error with `abi` (a constructor's
 * revert reaches viem as raw data on the send, not as a ContractFunctionRevertedError).
 */
export async function deploymentRevertOf(action: Promise<unknown>, abi: Abi): Promise<{ name: string; args: readonly unknown[] }> {
  try {
    await action
  } catch (error) {
    if (!(error instanceof BaseError)) throw error
    const carrier = error.walk((e) => isHex((e as { data?: unknown }).data)) as { data?: unknown } | null
    if (carrier && isHex(carrier.data)) {
      const decoded = decodeErrorResult({ abi, data: carrier.data })
      return { name: decoded.errorName, args: decoded.args ?? [] }
    }
    throw error
  }
  throw new Error('expected the deployment to revert, but it succeeded')
}
