import { InvalidArgumentError } from 'commander'
import type { NetworkFlags } from '../gov/connect.ts'

/** The flags every `pinion compute` command takes: the network (withSignerOptions) and the output. */
export type ComputeFlags = NetworkFlags & { account?: string; json?: boolean }

/** A positive id (an order's, a bid's, a lease's) from the command line. */
export function idArgument(what: string): (value: string) => bigint {
  return (value) => {
    if (!/^[1-9][0-9]{0,76}$/.test(value)) throw new InvalidArgumentError(`${what} is "${value}"; expected a whole number from 1`)
    return BigInt(value)
  }
}
