import { PinionError } from '@pinion/protocol'
import { pieceTree } from '@pinion/protocol/pdp'
import { type Address, type Hash, type Hex, hexToNumber, keccak256, parseAbi, parseAbiItem, slice } from 'viem'
import type { DevnetContext, KindDevnet } from '../src/devnet.ts'
import { seededRandom } from '../src/seededRandom.ts'
import { STORAGE_MARKET } from './chain.ts'
import type { StorageParams } from './params.ts'
import { holdPieces } from './simulate.ts'

// Only what the hooks call, as human-readable ABI: the kinds package never depends on @pinion/contracts.
const TOKEN_ABI = parseAbi(['function approve(address spender, uint256 amount) returns (bool)'])
const MARKET_ABI = parseAbi([
  'function proposeDeal(uint256 deviceId, (bytes32 root, uint8 height, uint64 leafCount)[] pieces, (uint256 pricePerPeriod, uint32 periods, uint256 collateral, uint256 faultFee, uint16 maxConsecutiveFaults) terms) returns (uint256 dealId)',
  'function acceptDeal(uint256 dealId)',
])
const DEAL_PROPOSED = parseAbiItem(
  'event DealProposed(uint256 indexed dealId, address indexed customer, uint256 indexed deviceId, uint256 pricePerPeriod, uint32 periods, uint256 collateral, uint256 faultFee, uint16 maxConsecutiveFaults)',
)
const DEAL_ACCEPTED = parseAbiItem('event DealAccepted(uint256 indexed dealId, uint256 indexed deviceId, address indexed provider)')

const TOKEN = 10n ** 18n
/** The devnet customer's deal with each provider: a token a period for a thousand periods… */
export const DEVNET_PRICE_PER_PERIOD = TOKEN
export const DEVNET_DEAL_PERIODS = 1_000
/** …against 50 tokens of collateral, 5 of which a fault costs. */
export const DEVNET_COLLATERAL = 50n * TOKEN
export const DEVNET_FAULT_FEE = 5n * TOKEN
/** Each devnet deal holds this many pieces of this many bytes: small enough to hash every epoch, big enough for 12-level trees. */
const DEVNET_PIECES_PER_DEAL = 3
const DEVNET_PIECE_BYTES = 127 * 1024
/** Whole tokens each operator and the customer get at genesis: the customer escrows 1,000 tokens a provider. */
const STORAGE_GENESIS_TOKENS = 100_000n

/**
 * The pieces the devnet customer stores with `deviceId`: seeded from the device id, so a resumed
 * devnet (a new process) holds the same bytes and roots as the one that made the deal.
 */
export function devnetPieces(deviceId: Hex): Uint8Array[] {
  const random = seededRandom(hexToNumber(slice(keccak256(deviceId), 0, 4)))
  return Array.from({ length: DEVNET_PIECES_PER_DEAL }, () => Uint8Array.from({ length: DEVNET_PIECE_BYTES }, () => Math.floor(random() * 256)))
}

/**
 * The devnet customer makes a deal with every provider of the fleet, and each provider's owner
 * accepts it, locking the collateral: so every provider owes a proof each epoch from its first. The
 * simulated providers hold the deals' pieces (holdPieces). A provider that already has a deal (a
 * resumed devnet) gets no second one: setup runs once in effect.
 */
async function setup(ctx: DevnetContext<StorageParams>): Promise<void> {
  const market = marketOf(ctx)
  const proposed = await ctx.client.getLogs({ address: market, event: DEAL_PROPOSED, fromBlock: 0n, strict: true })
  const accepted = new Set((await ctx.client.getLogs({ address: market, event: DEAL_ACCEPTED, fromBlock: 0n, strict: true })).map((log) => log.args.dealId))
  const dealOf = new Map(proposed.map((log) => [log.args.deviceId, log.args.dealId]))
  const missing = ctx.devices.filter((d) => !dealOf.has(BigInt(d.deviceId)))
  const escrow = DEVNET_PRICE_PER_PERIOD * BigInt(DEVNET_DEAL_PERIODS)
  if (missing.length > 0) {
    await confirmed(
      ctx,
      'approve the escrow',
      await ctx.customer.writeContract({ address: ctx.token, abi: TOKEN_ABI, functionName: 'approve', args: [market, escrow * BigInt(missing.length)] }),
    )
  }
  for (const device of ctx.devices) {
    const pieces = devnetPieces(device.deviceId)
    holdPieces(pieces)
    let dealId = dealOf.get(BigInt(device.deviceId))
    if (dealId === undefined) {
      const committed = pieces.map((payload) => {
        const tree = pieceTree(payload)
        return { root: tree.root, height: tree.height, leafCount: BigInt(tree.leafCount) }
      })
      const terms = {
        pricePerPeriod: DEVNET_PRICE_PER_PERIOD,
        periods: DEVNET_DEAL_PERIODS,
        collateral: DEVNET_COLLATERAL,
        faultFee: DEVNET_FAULT_FEE,
        maxConsecutiveFaults: ctx.params.maxConsecutiveFaults,
      }
      const hash = await ctx.customer.writeContract({ address: market, abi: MARKET_ABI, functionName: 'proposeDeal', args: [BigInt(device.deviceId), committed, terms] })
      const receipt = await confirmed(ctx, `propose a deal to device ${device.deviceId}`, hash)
      dealId = proposedDealId(receipt.logs, market)
    }
    if (accepted.has(dealId)) continue
    await confirmed(
      ctx,
      `approve the collateral of deal ${dealId}`,
      await device.owner.writeContract({ address: ctx.token, abi: TOKEN_ABI, functionName: 'approve', args: [market, DEVNET_COLLATERAL] }),
    )
    await confirmed(ctx, `accept deal ${dealId}`, await device.owner.writeContract({ address: market, abi: MARKET_ABI, functionName: 'acceptDeal', args: [dealId] }))
  }
}

/** The deal id of the DealProposed log among a proposal's receipt logs. */
function proposedDealId(logs: readonly { address: Address; topics: readonly Hex[] }[], market: Address): bigint {
  const selector = keccak256(new TextEncoder().encode(DEAL_PROPOSED_SIGNATURE))
  const log = logs.find((l) => l.address.toLowerCase() === market.toLowerCase() && l.topics[0] === selector)
  if (log?.topics[1] === undefined) throw new PinionError('PINION_ERR_SIMULATION', 'the storage devnet proposed a deal but its receipt has no DealProposed log')
  return BigInt(log.topics[1])
}
const DEAL_PROPOSED_SIGNATURE = 'DealProposed(uint256,address,uint256,uint256,uint32,uint256,uint256,uint16)'

function marketOf(ctx: DevnetContext<StorageParams>): Address {
  const market = ctx.contracts[STORAGE_MARKET]
  if (market === undefined)
    throw new PinionError('PINION_ERR_SIMULATION', `the storage devnet needs the ${STORAGE_MARKET} contract; deploy() deployed ${Object.keys(ctx.contracts).join(', ') || 'none'}`)
  return market
}

async function confirmed(ctx: DevnetContext<StorageParams>, what: string, hash: Hash) {
  const receipt = await ctx.receiptOf(hash)
  if (receipt.status !== 'success') throw new PinionError('PINION_ERR_SIMULATION', `the storage devnet could not ${what}: transaction ${hash} reverted`)
  return receipt
}

/** What `pinion up` does on chain for a storage network: the customer makes a deal with every provider, which accepts it. */
export const storageDevnet: KindDevnet<StorageParams> = { genesisTokens: STORAGE_GENESIS_TOKENS, setup }
