import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Deployment } from '@pinion/contracts'
import { PinionError } from '@pinion/protocol'
import type { Address } from 'viem'

/** What `pinion up` tells the other commands about the network it runs: `.pinion/network.json`. */
export type NetworkState = {
  name: string
  chainId: number
  rpcUrl: string
  deployment: Deployment
  schedule: { genesisTime: string; epochDuration: string }
  oracles: { address: Address; url: string }[]
  deviceClass: number
  /** Who the residual pool pays. */
  treasury: Address
}

export const DEFAULT_DATA_DIR = '.pinion'

/** The state file: `<dataDir>/network.json`, or `path` itself when `isFile`. */
export const statePath = (path: string, isFile = false) => (isFile ? resolve(path) : join(resolve(path), 'network.json'))

const replacer = (_: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)

export function writeState(dataDir: string, state: NetworkState, isFile = false): void {
  const path = statePath(dataDir, isFile)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(`${path}.tmp`, JSON.stringify(state, replacer, 2))
  renameSync(`${path}.tmp`, path)
}

export function readState(dataDir: string, isFile = false): NetworkState {
  const path = statePath(dataDir, isFile)
  if (!existsSync(path)) {
    throw new PinionError('PINION_ERR_NO_NETWORK', `No running network found (${path} is missing). Start one with \`npx pinion up\`.`)
  }
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Omit<NetworkState, 'deployment'> & {
    // `kinds` is absent from state files written before kinds had contracts of their own.
    deployment: Omit<Deployment, 'blockNumber' | 'kinds'> & { blockNumber: string; kinds?: Deployment['kinds'] }
  }
  if (raw.deployment.timelock === undefined || raw.deployment.params === undefined) {
    throw new PinionError(
      'PINION_ERR_OLD_NETWORK',
      `${path} describes a network deployed by an earlier Pinion, without governance (no timelock, no NetworkParams): its contracts cannot run this version. Delete ${dirname(path)} to start a new devnet.`,
    )
  }
  return { ...raw, deployment: { ...raw.deployment, kinds: raw.deployment.kinds ?? {}, blockNumber: BigInt(raw.deployment.blockNumber) } }
}
