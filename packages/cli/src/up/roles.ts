import { devnetAccounts } from '@pinion/contracts'
import { PinionError } from '@pinion/protocol'
import type { HDAccount } from 'viem'

/** Who does what on a devnet: anvil's accounts, each with one job. */
export type DevnetRoles = {
  admin: HDAccount
  oracles: HDAccount[]
  maker: HDAccount
  operators: HDAccount[]
  customer: HDAccount
  paymentOperator: HDAccount
  delegator: HDAccount
}

/**
 * Devnet account 0 administers, 1–3 are oracles, 4 is the maker, 5–9 operate devices, and 10 is the
 * customer of the kinds' devnets (KindDevnet): the first account past anvil's ten funded ones, so
 * it is nobody else's, funded with the kinds' tokens at genesis and with gas by `pinion up`; 11
 * is the payment operator, who mints credits against customers' card payments (Credits); 12 is a
 * token holder who delegates stake to an operator's pool (Staking).
 */
export function devnetRoles(oracleCount: number): DevnetRoles {
  if (oracleCount > 3) {
    throw new PinionError('PINION_ERR_CONFIG', `Invalid network config: oracles.count is ${oracleCount}, expected at most 3 on the devnet.`)
  }
  const accounts = devnetAccounts(13)
  return {
    admin: accounts[0]!,
    oracles: accounts.slice(1, 1 + oracleCount),
    maker: accounts[4]!,
    operators: accounts.slice(5, 10),
    customer: accounts[10]!,
    paymentOperator: accounts[11]!,
    delegator: accounts[12]!,
  }
}
