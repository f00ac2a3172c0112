import { readFileSync } from 'node:fs'
import { DEVNET_CHAIN_ID, devnetPrivateKey } from '@pinion/contracts'
import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { NetworkState } from '../state.ts'

/** The environment variable a sending key comes from when no --key-file is given (as for the governance commands). */
const KEY_VARIABLE = 'PINION_KEY'

/** Help for the option every sending command takes. */
export const KEY_FILE_HELP = `a file holding the sending account's private key (0x and 64 hex digits); default ${KEY_VARIABLE}, else on the devnet its first account`

/**
 * The key that sends a transaction: the one in `--key-file`, else PINION_KEY, else on the devnet
 * (chain id 31337) its first account. Never a flag's value: a key typed on the command line stays
 * in shell history and in every process listing. Off the devnet a key must be given.
 */
export function senderKey(state: NetworkState, keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Hex {
  const given = keyFile === undefined ? env[KEY_VARIABLE] : readKeyFile(keyFile)
  const source = keyFile === undefined ? KEY_VARIABLE : `the key file ${keyFile}`
  if (given !== undefined) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(given)) throw new PinionError('PINION_ERR_KEY', `${source} does not hold a private key; expected 0x and 64 hex digits`)
    return given as Hex
  }
  if (state.chainId === DEVNET_CHAIN_ID) return devnetPrivateKey(0)
  throw new PinionError(
    'PINION_ERR_KEY',
    `give --key-file or set ${KEY_VARIABLE} to the 0x-prefixed private key of the account to send from (chain id ${state.chainId} is not the devnet)`,
  )
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch (error) {
    throw new PinionError('PINION_ERR_KEY', `cannot read the key file ${path}: ${(error as Error).message}`)
  }
}
