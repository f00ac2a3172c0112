import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { waitForReceipt } from '@pinion/contracts'
import { openPieceStore, startStorageNode } from '@pinion/device'
import { type DevnetDevice, seededRandom } from '@pinion/kinds'
import {
  DEVNET_COLLATERAL,
  DEVNET_DEAL_PERIODS,
  DEVNET_FAULT_FEE,
  DEVNET_PRICE_PER_PERIOD,
  type StorageParams,
  devnetPieces,
  holdPieces,
  releasePieces,
} from '@pinion/kinds/storage'
import { PinionError } from '@pinion/protocol'
import { pieceTree } from '@pinion/protocol/pdp'
import type { Account, Address, Chain, Hash, Hex, PublicClient, Transport, WalletClient } from 'viem'
import { numberToHex, parseAbi } from 'viem'
import { openCatalog } from '../storage/client/catalog.ts'
import { downloadFile } from '../storage/client/downloadFile.ts'
import { type RepairResult, repairFile } from '../storage/client/repairFile.ts'
import type { Provider } from '../storage/client/placePieces.ts'
import type { StoredFile } from '../storage/client/storedFile.ts'
import { type DealPlan, uploadFile } from '../storage/client/uploadFile.ts'
import type { Redundancy } from '../storage/redundancy.ts'
import { freePorts } from './freePorts.ts'

type Wallet = WalletClient<Transport, Chain, Account>

const MARKET_ABI = parseAbi([
  'function proposeDeal(uint256 deviceId, (bytes32 root, uint8 height, uint64 leafCount)[] pieces, (uint256 pricePerPeriod, uint32 periods, uint256 collateral, uint256 faultFee, uint16 maxConsecutiveFaults) terms) returns (uint256 dealId)',
  'function acceptDeal(uint256 dealId)',
  'function dealCount() view returns (uint256)',
  'event DealProposed(uint256 indexed dealId, address indexed customer, uint256 indexed deviceId, uint256 pricePerPeriod, uint32 periods, uint256 collateral, uint256 faultFee, uint16 maxConsecutiveFaults)',
  'event DealTerminated(uint256 indexed dealId, uint64 indexed epoch, uint256 refunded, uint256 slashed)',
])
const TOKEN_ABI = parseAbi(['function approve(address spender, uint256 amount) returns (bool)'])

/** The devnet customer's file: 768 KiB of seeded bytes, in 192 KiB segments, so it spans several segments of the devnet's 4-of-10 code. */
const CUSTOMER_FILE_BYTES = 768 * 1024
const CUSTOMER_SEGMENT_BYTES = 192 * 1024
/**
 * The devnet customer's code: any 2 of a segment's 4 pieces rebuild it, and Storj's rule repairs it
 * at 3. No two pieces of a segment go to one operator, and the devnet's fleet belongs to five
 * operators (anvil accounts 5–9): four pieces leave one operator free, for a repair to use (the
 * devnet's 4/5/8/10 needs eight operators, Storj's 29/35/80/110 eighty).
 */
const DEVNET_CUSTOMER_REDUNDANCY: Redundancy = { required: 2, repairAt: 3, pieces: 4, uploads: 4 }
/** Each devnet storage node's quota: far above what the devnet stores. */
const NODE_QUOTA_BYTES = 1 << 30

/** The storage network `pinion up` runs beside its fleet: a node per provider, and the customer's stored file. */
export type StorageDevnet = {
  /** Each provider's node, by device id: where it serves. */
  readonly nodes: ReadonlyMap<Hex, string>
  /** The customer's file as the catalog keeps it (its manifest). */
  file(): StoredFile
  /** The customer's file's bytes as it wrote them before storing them. */
  readonly original: string
  /** Fetches the customer's file back from the providers (the first pieces that verify). */
  download(): Promise<Uint8Array>
  /** Stops a provider as a failing machine stops: its node stops serving, and it can prove none of its pieces. */
  stopProvider(deviceId: Hex): Promise<void>
  /**
   * The customer's repair, as `pinion storage repair` runs it: each segment below its success
   * threshold (`pieces`: on the devnet every loss is repaired at once) gets its lost pieces rebuilt
   * from the healthy ones and stored, keyed to them, on providers of operators the segment does not
   * use yet and whose deals were never terminated for faults, with a deal for them; the pieces of
   * stopped providers count as lost.
   */
  repair(): Promise<RepairResult>
  close(): Promise<void>
}

export type StorageDevnetOptions = {
  dataDir: string
  /** The fleet's storage providers, in fleet order, with their owners' wallets. */
  devices: readonly DevnetDevice[]
  params: StorageParams
  client: PublicClient<Transport, Chain>
  token: Address
  market: Address
  customer: Wallet
  seed: number
  log: (line: string) => void
}

/**
 * Starts the storage network's services on the devnet: a storage node (packages/device's HTTP node
 * over a piece store in `<dataDir>/storage/nodes/<device>`) for each provider of the fleet, whose
 * simulated provider proves from what its node holds; then, once, a customer who stores a real file
 * (`<dataDir>/storage/customer-file.bin`) as any customer would (`pinion storage put`): sealed,
 * erasure coded 2-of-4, each piece keyed to its provider, and a deal on StorageMarket with every
 * provider holding pieces, which the provider's owner accepts. A resumed devnet restarts the nodes
 * on their ports and holds what their disks hold again.
 */
export async function startStorageDevnet(options: StorageDevnetOptions): Promise<StorageDevnet> {
  const root = join(options.dataDir, 'storage')
  mkdirSync(join(root, 'nodes'), { recursive: true })
  const ports = await nodePorts(
    join(root, 'nodes.json'),
    options.devices.map((d) => d.deviceId),
  )
  const running = new Map<Hex, { url: string; close(): Promise<void>; roots: Set<Hex> }>()
  for (const device of options.devices) {
    const store = openPieceStore(join(root, 'nodes', device.deviceId), NODE_QUOTA_BYTES)
    const node = await startStorageNode({ store, deviceId: device.deviceId, host: '127.0.0.1', port: ports.get(device.deviceId)! })
    // The simulated provider answers from what its node's disk holds, as a real one would.
    const roots = new Set<Hex>(holdPieces(await Promise.all(store.list().map(async (id) => (await store.read(id))!))))
    running.set(device.deviceId, { ...node, roots })
  }
  const nodes = new Map([...running].map(([id, node]) => [id, node.url]))
  const catalog = openCatalog(options.dataDir)
  const original = join(root, 'customer-file.bin')
  let fileId = catalog.list()[0]?.id
  if (fileId === undefined) {
    const random = seededRandom(options.seed >>> 0)
    writeFileSync(
      original,
      Uint8Array.from({ length: CUSTOMER_FILE_BYTES }, () => Math.floor(random() * 256)),
    )
    const providers: Provider[] = options.devices.map((d) => ({ deviceId: d.deviceId, operator: d.owner.account.address, url: nodes.get(d.deviceId)! }))
    const stored = await uploadFile({
      source: { path: original },
      name: 'customer-file.bin',
      providers,
      redundancy: DEVNET_CUSTOMER_REDUNDANCY,
      random,
      createdAt: new Date().toISOString(),
      segmentBytes: CUSTOMER_SEGMENT_BYTES,
      onPiecesPlaced: (plan) => makeDeals(options, plan),
    })
    catalog.save(stored)
    fileId = stored.id
    options.log(
      `stored ${CUSTOMER_FILE_BYTES} bytes (${stored.segments.length} segments) with ${new Set(stored.segments.flatMap((s) => s.pieces.map((p) => p.deviceId))).size} storage providers`,
    )
  }
  // Whatever the customer put on the nodes, the simulated providers now hold.
  const holdStored = async () => {
    for (const [deviceId, node] of running) {
      const store = openPieceStore(join(root, 'nodes', deviceId), NODE_QUOTA_BYTES)
      for (const r of holdPieces(await Promise.all(store.list().map(async (id) => (await store.read(id))!)))) node.roots.add(r)
    }
  }
  await holdStored()
  const id = fileId
  return {
    nodes,
    original,
    file: () => catalog.get(id),
    download: () => downloadFile(catalog.get(id)),
    async stopProvider(deviceId) {
      const node = running.get(deviceId)
      if (node === undefined) throw new PinionError('PINION_ERR_SIMULATION', `no storage node runs for device ${deviceId}`)
      running.delete(deviceId)
      await node.close()
      releasePieces([...node.roots, ...devnetPieces(deviceId).map((payload) => pieceTree(payload).root)])
    },
    async repair() {
      const terminated = await terminatedProviders(options)
      const providers = options.devices
        .filter((d) => running.has(d.deviceId) && !terminated.has(d.deviceId))
        .map((d) => ({ deviceId: d.deviceId, operator: d.owner.account.address, url: nodes.get(d.deviceId)! }))
      const file = catalog.get(id)
      const result = await repairFile(file, {
        providers,
        random: seededRandom((options.seed + 1) >>> 0),
        isLost: (piece) => !running.has(piece.deviceId),
        repairBelow: file.redundancy.pieces,
        onRepaired: (plan) => makeDeals(options, plan),
      })
      catalog.save(result.file)
      await holdStored()
      return result
    },
    async close() {
      await Promise.all([...running.values()].map((node) => node.close()))
      running.clear()
    },
  }
}

/** Providers a deal of which StorageMarket terminated for its faults: a customer places nothing new with them. */
async function terminatedProviders(options: StorageDevnetOptions): Promise<Set<Hex>> {
  const logs = { address: options.market, fromBlock: 0n, strict: true } as const
  const ended = new Set((await options.client.getContractEvents({ ...logs, abi: MARKET_ABI, eventName: 'DealTerminated' })).map((log) => log.args.dealId))
  const proposed = await options.client.getContractEvents({ ...logs, abi: MARKET_ABI, eventName: 'DealProposed' })
  return new Set(proposed.filter((log) => ended.has(log.args.dealId)).map((log) => numberToHex(log.args.deviceId, { size: 32 })))
}

/**
 * The customer's deal with each provider holding pieces of its file, for those pieces (their PDP
 * commitments), on the devnet's terms, and the provider's owner accepting it: StorageMarket escrows
 * the price of every period, and the owner locks the collateral.
 */
async function makeDeals(options: StorageDevnetOptions, plan: DealPlan): Promise<void> {
  const market = { address: options.market, abi: MARKET_ABI } as const
  const terms = {
    pricePerPeriod: DEVNET_PRICE_PER_PERIOD,
    periods: DEVNET_DEAL_PERIODS,
    collateral: DEVNET_COLLATERAL,
    faultFee: DEVNET_FAULT_FEE,
    maxConsecutiveFaults: options.params.maxConsecutiveFaults,
  }
  const escrow = DEVNET_PRICE_PER_PERIOD * BigInt(DEVNET_DEAL_PERIODS) * BigInt(plan.providers.length)
  await confirmed(
    options,
    'approve the escrow',
    await options.customer.writeContract({ address: options.token, abi: TOKEN_ABI, functionName: 'approve', args: [options.market, escrow] }),
  )
  for (const provider of plan.providers) {
    const owner = options.devices.find((d) => d.deviceId === provider.deviceId)?.owner
    if (owner === undefined) throw new PinionError('PINION_ERR_SIMULATION', `the customer's file went to ${provider.deviceId}, which is not a provider of the fleet`)
    const pieces = provider.pieces.map((p) => ({ root: p.pdp.root, height: p.pdp.height, leafCount: BigInt(p.pdp.leafCount) }))
    const proposed = await confirmed(
      options,
      `propose a deal to ${provider.deviceId}`,
      await options.customer.writeContract({ ...market, functionName: 'proposeDeal', args: [BigInt(provider.deviceId), pieces, terms] }),
    )
    const dealId = BigInt(proposed.logs.find((log) => log.address.toLowerCase() === options.market.toLowerCase())!.topics[1]!)
    await confirmed(
      options,
      `approve deal ${dealId}'s collateral`,
      await owner.writeContract({ address: options.token, abi: TOKEN_ABI, functionName: 'approve', args: [options.market, DEVNET_COLLATERAL] }),
    )
    await confirmed(options, `accept deal ${dealId}`, await owner.writeContract({ ...market, functionName: 'acceptDeal', args: [dealId] }))
  }
}

async function confirmed(options: StorageDevnetOptions, what: string, hash: Hash) {
  const receipt = await waitForReceipt(options.client, hash)
  if (receipt.status !== 'success') throw new PinionError('PINION_ERR_SIMULATION', `the storage devnet could not ${what}: transaction ${hash} reverted`)
  return receipt
}

/** Each node's port: the one it had before (a resumed devnet keeps its providers' URLs, which manifests name), else a free one. */
async function nodePorts(path: string, deviceIds: readonly Hex[]): Promise<Map<Hex, number>> {
  const known = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<Hex, number>) : {}
  const missing = deviceIds.filter((id) => known[id] === undefined)
  const fresh = await freePorts(missing.length)
  for (const [i, id] of missing.entries()) known[id] = fresh[i]!
  writeFileSync(path, JSON.stringify(known, null, 2))
  return new Map(deviceIds.map((id) => [id, known[id]!]))
}
