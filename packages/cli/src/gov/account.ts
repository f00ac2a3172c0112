import { DEVNET_CHAIN_ID } from '@pinion/contracts'
import type { LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { devnetRoles } from '../up/roles.ts'
import { GovError } from './errors.ts'

/** The environment variable a governance command takes its key from (never a flag: flags end up in shell history). */
const KEY_VARIABLE = 'PINION_KEY'

/** How many operator accounts `pinion up` gives devices to (devnetRoles' operators). */
const DEVNET_OPERATORS = 5

/**
 * `--account` names on the devnet: the admin (treasury and guardian), the operators and the
 * delegator, as `pinion up` uses them. A constant: deriving anvil's keys takes tens of milliseconds each, and every
 * command's --help names these.
 */
export const DEVNET_ACCOUNT_NAMES: readonly string[] = ['admin', ...Array.from({ length: DEVNET_OPERATORS }, (_, i) => `operator-${i + 1}`), 'delegator']

/**
 * The account a governance command sends from: the key in PINION_KEY, or on the devnet (chain id
 * 31337) the anvil account `--account` names (`admin`, `operator-<n>`, `delegator`), admin when neither is given.
 * Off the devnet only PINION_KEY will do.
 */
export function signerAccount(chainId: number, accountName: string | undefined, env: NodeJS.ProcessEnv = process.env): LocalAccount {
  const key = env[KEY_VARIABLE]
  const devnet = chainId === DEVNET_CHAIN_ID
  if (accountName !== undefined) {
    if (!devnet) {
      throw new GovError(
        'PINION_ERR_GOV_ACCOUNT',
        `--account ${accountName} names a devnet account, but this chain's id is ${chainId}, not the devnet's ${DEVNET_CHAIN_ID}; set ${KEY_VARIABLE} instead`,
      )
    }
    if (key !== undefined) throw new GovError('PINION_ERR_GOV_ACCOUNT', `both ${KEY_VARIABLE} and --account ${accountName} are set; expected one of them`)
    return devnetAccount(accountName)
  }
  if (key !== undefined) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new GovError('PINION_ERR_GOV_ACCOUNT', `${KEY_VARIABLE} is not a private key; expected 0x and 64 hex digits`)
    return privateKeyToAccount(key as `0x${string}`)
  }
  if (devnet) return devnetAccount('admin')
  throw new GovError('PINION_ERR_GOV_ACCOUNT', `set ${KEY_VARIABLE} to the 0x-prefixed private key of the account to send from (chain id ${chainId} is not the devnet)`)
}

function devnetAccount(name: string): LocalAccount {
  if (!DEVNET_ACCOUNT_NAMES.includes(name)) throw new GovError('PINION_ERR_GOV_ACCOUNT', `--account is "${name}", expected one of ${DEVNET_ACCOUNT_NAMES.join(', ')}`)
  const roles = devnetRoles(0)
  if (name === 'admin') return roles.admin
  if (name === 'delegator') return roles.delegator
  const operator = roles.operators[Number(name.slice('operator-'.length)) - 1]
  if (operator === undefined) throw new GovError('PINION_ERR_GOV_ACCOUNT', `--account is "${name}", expected one of ${DEVNET_ACCOUNT_NAMES.join(', ')}`)
  return operator
}
