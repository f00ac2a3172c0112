/** Helpers shared by the fractional-ownership tests (reward splits and device shares). */
import type { Network } from '@pinion/testkit/localNetwork'
import { type Hex, BaseError, decodeErrorResult } from 'viem'
import * as artifacts from '../generated/artifacts.ts'
import type { Abi } from 'viem'

const everyError: Abi = Object.entries(artifacts)
  .filter(([name]) => name.endsWith('Abi'))
  .flatMap(([, abi]) => (abi as Abi).filter((item) => item.type === 'error'))

/** The custom error a contract creation with `data` (init code and constructor arguments) reverts with. */
export async function deployFails(net: Network, data: Hex): Promise<{ name: string; args: readonly unknown[] }> {
  const error = await net.publicClient.call({ account: net.accounts.admin.address, data }).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof BaseError)) throw new Error('expected the creation to revert, but it succeeded')
  const reverted = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as unknown as { data: Hex }
  const decoded = decodeErrorResult({ abi: everyError, data: reverted.data })
  return { name: decoded.errorName, args: decoded.args ?? [] }
}
