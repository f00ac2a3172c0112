import { type Address, type Hex, numberToHex } from 'viem'
import { type KindChain, type KindChainState, type KindEvent, inChainOrder } from '../src/chain.ts'
import type { EpochWindow } from '../src/kind.ts'
import type { PingParams } from './params.ts'

/** The ping kind's contract, as deploy() names it: packages/contracts/src/kinds/ping/PingMarket.sol. */
export const PING_MARKET = 'PingMarket'

/** The PingMarket events the chain follower indexes for the ping kind (constructor(address token, address registry)). */
export const PING_MARKET_EVENTS = [
  'event StakeBonded(uint256 indexed deviceId, address indexed operator, uint256 amount, uint256 total)',
  'event StakeUnbonded(uint256 indexed deviceId, address indexed operator, uint256 amount, uint256 total, uint64 availableAt)',
  'event StakeWithdrawn(uint256 indexed deviceId, address indexed operator, uint256 amount)',
  'event ServicePaid(uint256 indexed deviceId, address indexed customer, uint256 amount)',
] as const

const UINT256_DECIMAL = /^(0|[1-9][0-9]{0,77})$/

/** The off-chain id (0x + 64 lower-case hex digits) of a device the contract names by its uint256 token id, in decimal. */
export function deviceIdFromUint(decimal: string): Hex {
  if (!UINT256_DECIMAL.test(decimal) || BigInt(decimal) >= 2n ** 256n) {
    throw new RangeError(`a PingMarket deviceId must be a uint256 in decimal, got ${JSON.stringify(decimal)}`)
  }
  return numberToHex(BigInt(decimal), { size: 32 })
}

/**
 * Folds PingMarket's events, in chain order, into the ping kind's inputs:
 * - stake per device: bonded minus unbonded (StakeWithdrawn moves tokens already unbonded, so it
 *   changes nothing), as of the last event;
 * - stake per operator: what the operator bonded minus what it unbonded, never below zero (an operator
 *   that unbonds stake a previous owner of the device bonded is counted at zero, not less);
 * - revenue per device: ServicePaid amounts in blocks whose timestamp is in [window.startMs, window.endMs).
 * Entries that come to zero are left out (absent means zero), so equal states are equal maps.
 */
export function foldPingEvents(events: readonly KindEvent[], window: EpochWindow): KindChainState {
  const stake = new Map<Hex, bigint>()
  const operatorStake = new Map<Address, bigint>()
  const revenue = new Map<Hex, bigint>()
  const add = <key>(map: Map<key, bigint>, key: key, amount: bigint) => {
    const total = (map.get(key) ?? 0n) + amount
    if (total > 0n) map.set(key, total)
    else map.delete(key)
  }
  for (const event of inChainOrder(events)) {
    if (event.contract !== PING_MARKET) continue
    const { args } = event
    switch (event.eventName) {
      case 'StakeBonded':
        add(stake, deviceIdFromUint(args.deviceId!), BigInt(args.amount!))
        add(operatorStake, args.operator!.toLowerCase() as Address, BigInt(args.amount!))
        break
      case 'StakeUnbonded':
        add(stake, deviceIdFromUint(args.deviceId!), -BigInt(args.amount!))
        add(operatorStake, args.operator!.toLowerCase() as Address, -BigInt(args.amount!))
        break
      case 'ServicePaid':
        if (event.timestampMs >= window.startMs && event.timestampMs < window.endMs) add(revenue, deviceIdFromUint(args.deviceId!), BigInt(args.amount!))
        break
    }
  }
  return { stake, operatorStake, revenue }
}

/** The ping kind's on-chain side: PingMarket and how its events become stake and revenue. */
export const pingChain: KindChain<PingParams> = {
  contracts: { [PING_MARKET]: PING_MARKET_EVENTS },
  fold: foldPingEvents,
}
