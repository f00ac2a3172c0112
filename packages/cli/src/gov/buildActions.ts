import type { GovernanceAction } from '@pinion/contracts'
import type { Gov } from './connect.ts'
import { GovError } from './errors.ts'
import { transferGuardian } from './guardianActions.ts'
import { addOracle, readOracleSet, removeOracle, replaceOracle, setDisputeWindow, setQuorum } from './oracleActions.ts'
import { loadedParams } from './paramsConfig.ts'
import { planParams } from './paramsPlan.ts'
import { parseAddress, parseBytes32, parseDeviceId, parseWhole } from './parse.ts'
import { addMaker, releaseKey, removeMaker, setSuspended } from './registryActions.ts'

/** Options some actions take. */
export type ActionOptions = { quorum?: string | undefined; config?: string | undefined; fromEpoch?: string | undefined }

type ActionSpec = {
  name: string
  args: string[]
  options?: ('quorum' | 'config' | 'fromEpoch')[]
  description: string
  build(gov: Gov, args: string[], options: ActionOptions): Promise<GovernanceAction[]>
}

const MAX_UINT16 = 65_535n
const MAX_UINT32 = 4_294_967_295n
const MAX_UINT64 = (1n << 64n) - 1n

const quorumOf = (value: string) => Number(parseWhole(value, 'the quorum', 1n, MAX_UINT16))
const classOf = (value: string) => Number(parseWhole(value, 'the device class', 1n, MAX_UINT32))

/** Every action `pinion gov propose` knows: its arguments, its options, and how it becomes calls. */
export const PROPOSE_ACTIONS: readonly ActionSpec[] = [
  {
    name: 'add-oracle',
    args: ['address'],
    options: ['quorum'],
    description: 'add an oracle (it then announces its URL itself); --quorum defaults to the current one, raised to a majority if needed',
    build: async (gov, [address], { quorum }) => [
      addOracle(await readOracleSet(gov), parseAddress(address!, 'the oracle to add'), quorum === undefined ? undefined : quorumOf(quorum)),
    ],
  },
  {
    name: 'remove-oracle',
    args: ['address'],
    options: ['quorum'],
    description: 'remove an oracle; --quorum (required) is the quorum of the smaller set',
    build: async (gov, [address], { quorum }) => {
      if (quorum === undefined) throw new GovError('PINION_ERR_GOV_ACTION', 'remove-oracle needs --quorum <n>: the quorum of the set without the oracle')
      return [removeOracle(await readOracleSet(gov), parseAddress(address!, 'the oracle to remove'), quorumOf(quorum))]
    },
  },
  {
    name: 'replace-oracle',
    args: ['old', 'new'],
    description: "replace an oracle (a leaked key, a new operator); the set's size and quorum stay",
    build: async (gov, [old, replacement]) => [replaceOracle(await readOracleSet(gov), parseAddress(old!, 'the oracle to replace'), parseAddress(replacement!, 'its replacement'))],
  },
  {
    name: 'quorum',
    args: ['n'],
    description: 'set how many oracles must sign a root (a strict majority of the set)',
    build: async (gov, [n]) => [setQuorum(await readOracleSet(gov), quorumOf(n!))],
  },
  {
    name: 'dispute-window',
    args: ['seconds'],
    description: "set the seconds between a root's commit and its being claimable (at most 30 days)",
    build: async (gov, [seconds]) => [setDisputeWindow(await readOracleSet(gov), parseWhole(seconds!, 'the dispute window', 0n, MAX_UINT64))],
  },
  {
    name: 'add-maker',
    args: ['class', 'address'],
    description: 'approve a maker to vouch for devices of a class',
    build: async (gov, [deviceClass, maker]) => [await addMaker(gov, classOf(deviceClass!), parseAddress(maker!, 'the maker'))],
  },
  {
    name: 'remove-maker',
    args: ['class', 'address'],
    description: "withdraw a maker's approval for a class (its devices stay registered)",
    build: async (gov, [deviceClass, maker]) => [await removeMaker(gov, classOf(deviceClass!), parseAddress(maker!, 'the maker'))],
  },
  {
    name: 'suspend',
    args: ['deviceId'],
    description: 'suspend a device: the oracles ignore its reports until it is reinstated',
    build: async (gov, [deviceId]) => [await setSuspended(gov, parseDeviceId(deviceId!), true)],
  },
  {
    name: 'reinstate',
    args: ['deviceId'],
    description: 'reinstate a suspended device',
    build: async (gov, [deviceId]) => [await setSuspended(gov, parseDeviceId(deviceId!), false)],
  },
  {
    name: 'release-key',
    args: ['deviceId', 'serial'],
    description: 'release a squatted key (burns the device; remove the squatting maker in the same breath)',
    build: async (gov, [deviceId, serial]) => [await releaseKey(gov, parseDeviceId(deviceId!), parseBytes32(serial!, 'the serial'))],
  },
  {
    name: 'guardian',
    args: ['address'],
    description: "hand the guardian's powers (pause, veto, cancel) to an address, a multisig in production; it must accept",
    build: async (gov, [address]) => transferGuardian(gov, parseAddress(address!, 'the new guardian')),
  },
  {
    name: 'params',
    args: [],
    options: ['config', 'fromEpoch'],
    description: 'schedule every parameter set of a config that differs from the chain (as `pinion params propose`)',
    build: async (gov, _args, { config, fromEpoch }) => {
      const local = await loadedParams(config, gov.state)
      return (await planParams(gov, local, fromEpoch === undefined ? undefined : parseWhole(fromEpoch, 'the from-epoch', 0n, MAX_UINT64))).actions
    },
  },
]

/** The validated actions of `pinion gov propose <name> <args…>`: every value checked against the chain before anything is sent. */
export async function buildActions(gov: Gov, name: string, args: readonly string[], options: ActionOptions = {}): Promise<GovernanceAction[]> {
  const spec = PROPOSE_ACTIONS.find((s) => s.name === name)
  if (spec === undefined) throw new GovError('PINION_ERR_GOV_ACTION', `"${name}" is not an action; expected one of ${PROPOSE_ACTIONS.map((s) => s.name).join(', ')}`)
  if (args.length !== spec.args.length) {
    throw new GovError(
      'PINION_ERR_GOV_ACTION',
      `${name} takes ${spec.args.length === 0 ? 'no arguments' : spec.args.map((a) => `<${a}>`).join(' ')}, got ${args.length === 0 ? 'none' : args.join(' ')}`,
    )
  }
  return spec.build(gov, [...args], options)
}
