import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { stakingAbi } from '@pinion/contracts'
import { PinionError, deviceIdOf } from '@pinion/protocol'
import { Command } from 'commander'
import { type Hex, createPublicClient, http } from 'viem'
import { type BehaviourEarnings, behaviourEarnings } from '../fleet/behaviourEarnings.ts'
import type { StoredFleetDevice } from '../up/fleetKeys.ts'
import { DEFAULT_DATA_DIR, type NetworkState, readState } from '../state.ts'
import { BASE_UNITS_OPTION, amountFormat, getJson, output } from './output.ts'

/** Staking's SubjectType of a device. */
const DEVICE_SUBJECT = 0
/** Devices per page of the oracle's device list (its largest page). */
const PAGE = 1_000

/** What the oracle says each device earned so far, by lower-case id. */
async function earnedByDevice(oracleUrl: string): Promise<Map<Hex, bigint>> {
  const earned = new Map<Hex, bigint>()
  for (let offset = 0; ; offset += PAGE) {
    const { devices } = await getJson<{ devices: { deviceId: Hex; earned: string }[] }>(`${oracleUrl}/v1/devices?limit=${PAGE}&offset=${offset}`)
    for (const d of devices) earned.set(d.deviceId.toLowerCase() as Hex, BigInt(d.earned))
    if (devices.length < PAGE) return earned
  }
}

/** What executed slash orders took from each device's stake, from Staking's events. */
async function slashedByDevice(state: NetworkState): Promise<Map<Hex, bigint>> {
  const client = createPublicClient({ transport: http(state.rpcUrl) })
  const events = await client.getContractEvents({ address: state.deployment.staking, abi: stakingAbi, eventName: 'SlashExecuted', fromBlock: state.deployment.blockNumber })
  const slashed = new Map<Hex, bigint>()
  for (const { args } of events) {
    if (args.subjectType !== DEVICE_SUBJECT) continue
    const device = args.subject!.toLowerCase() as Hex
    slashed.set(device, (slashed.get(device) ?? 0n) + args.fromBonded! + args.fromUnbonding!)
  }
  return slashed
}

/** The devnet's simulated fleet, as `pinion up` keeps it in the data directory. */
function readFleet(dataDir: string): StoredFleetDevice[] {
  const path = join(dataDir, 'fleet', 'devices.json')
  if (!existsSync(path)) throw new PinionError('PINION_ERR_FLEET_FILE', `there is no simulated fleet in ${dataDir} (${path}): \`pinion fleet\` reads the devnet \`pinion up\` runs`)
  return JSON.parse(readFileSync(path, 'utf8')) as StoredFleetDevice[]
}

function earningsText(rows: readonly BehaviourEarnings[], formatTokens: (amount: bigint) => string): string {
  const signed = (amount: bigint) => (amount < 0n ? `−${formatTokens(-amount)}` : formatTokens(amount))
  const table = [
    ['kind', 'behaviour', 'devices', 'earned', 'slashed', 'net', 'net ÷ honest'],
    ...rows.map((r) => [
      r.kind,
      r.behaviour,
      String(r.devices),
      formatTokens(r.earned),
      formatTokens(r.slashed),
      signed(r.net),
      r.netVsHonestBps === null ? '–' : (r.netVsHonestBps / 10_000).toFixed(2),
    ]),
  ]
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)))
  return [
    'per device of each behaviour: rewards earned, stake slashed, and what is left against an honest device of its kind',
    ...table.map((row) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')),
  ].join('\n')
}

export function fleetCommand(): Command {
  return new Command('fleet')
    .description("does cheating pay? the devnet's simulated fleet by behaviour: rewards earned, stake slashed, and net against honest devices")
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .option(...BASE_UNITS_OPTION)
    .action(async (flags: { dataDir: string; json?: boolean; baseUnits?: boolean }) => {
      const state = readState(flags.dataDir)
      const formatTokens = await amountFormat(state, Boolean(flags.baseUnits))
      const fleet = readFleet(flags.dataDir)
      const [earned, slashed] = await Promise.all([earnedByDevice(state.oracles[0]!.url), slashedByDevice(state)])
      const kindOf = (d: StoredFleetDevice) => d.kind ?? Object.keys(state.deployment.kinds ?? {})[0] ?? ''
      const rows = behaviourEarnings(
        fleet.map((d) => ({ kind: kindOf(d), behaviour: d.behaviour, deviceId: deviceIdOf(d.key.publicKey) })),
        earned,
        slashed,
      )
      output(Boolean(flags.json), { behaviours: rows }, () => earningsText(rows, formatTokens))
    })
}
