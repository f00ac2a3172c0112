import { devnetAccounts } from '@pinion/contracts'
import { PinionError } from '@pinion/protocol'
import type { HDAccount } from 'viem'

/** Who does what on a devnet: anvil's funded accounts, each with one job. */
export type DevnetRoles = { admin: HDAccount; oracles: HDAccount[]; maker: HDAccount; operators: HDAccount[] }

/** Devnet account 0 administers, 1–3 are oracles, 4 is the maker, 5–9 operate devices. */
export function devnetRoles(oracleCount: number): DevnetRoles {
  if (oracleCount > 3) {
    throw new PinionError('PINION_ERR_CONFIG', `Invalid network config: oracles.count is ${oracleCount}, expected at most 3 on the devnet.`)
  }
  const accounts = devnetAccounts(10)
  return {
    admin: accounts[0]!,
    oracles: accounts.slice(1, 1 + oracleCount),
    maker: accounts[4]!,
    operators: accounts.slice(5, 10),
  }
}
