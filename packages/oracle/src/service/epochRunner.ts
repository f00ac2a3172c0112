import { type Deployment, type RewardRoot, emissionsAbi, rewardDistributorAbi, rewardRootTypedData } from '@pinion/contracts'
import type { Kind } from '@pinion/kinds'
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  compactSignatureToSignature,
  decodeFunctionData,
  parseCompactSignature,
  recoverTypedDataAddress,
  serializeSignature,
  size,
  slice,
  zeroHash,
} from 'viem'
import { lastBlockBefore } from '../chain/blockBefore.ts'
import { devicesAsOf, followOnce, processedBlock } from '../chain/follower.ts'
import { toDeviceRecord } from '../chain/registryEvents.ts'
import { type EpochSchedule, epochWindow } from '../chain/schedule.ts'
import { computeEpoch } from '../epoch/computeEpoch.ts'
import type { PoolSpec, ResidualPool, VerifySignatures } from '../epoch/types.ts'
import type { Db } from '../store/db.ts'
import { fetchPeerInputs, mergePeerReports, reportsInWindow } from './epochInputs.ts'
import { type PublishOutcome, publishRoot } from './publisher.ts'
import { signRoot } from './rootSignature.ts'
import { saveEpoch } from './saveEpoch.ts'

export type EpochRunnerOptions = {
  db: Db
  client: PublicClient
  /** The oracle's wallet: its account signs roots and, when it is this oracle's turn, posts them. */
  wallet: WalletClient<Transport, Chain, Account>
  deployment: Deployment
  schedule: EpochSchedule
  networkId: Hex
  kinds: ReadonlyMap<string, Kind>
  kindParams: ReadonlyMap<string, unknown>
  pools: readonly PoolSpec[]
  residual: ResidualPool
  /** Base URLs of the other oracles. */
  peers: readonly string[]
  /** Every oracle's signer address (this one included): decides whose turn it is to post a root. */
  oracles: readonly Address[]
  /** How long after an epoch's end its reports are still accepted (the ingest's lateness window). */
  lateReportMs: number
  /** Extra wait after the lateness window, so a report acknowledged at its very end is stored. */
  sealMarginMs?: number
  /** How long each oracle waits after the previous one's turn before posting a root itself. */
  staggerMs?: number
  verifySignatures?: VerifySignatures
  now?: () => number
  log?: (event: string, fields: Record<string, unknown>) => void
}

const DEFAULT_SEAL_MARGIN_MS = 1_000
const DEFAULT_STAGGER_MS = 3_000

/** Whether no report for `epoch` can be accepted any more. */
export function isSealed(options: Pick<EpochRunnerOptions, 'schedule' | 'lateReportMs' | 'sealMarginMs' | 'now'>, epoch: bigint): boolean {
  const { endMs } = epochWindow(options.schedule, epoch, zeroHash)
  const sealAt = endMs + BigInt(options.lateReportMs + (options.sealMarginMs ?? DEFAULT_SEAL_MARGIN_MS))
  return BigInt((options.now ?? Date.now)()) >= sealAt
}

/** The next epoch this oracle must compute: one after its latest, or 0. */
export async function nextEpochToCompute(db: Db): Promise<bigint> {
  const { rows } = await db.query<{ epoch: unknown }>('select max(epoch) as epoch from epochs')
  const latest = rows[0]?.epoch
  return latest === null || latest === undefined ? 0n : BigInt(String(latest)) + 1n
}

async function previousCumulative(db: Db, epoch: bigint): Promise<Map<Address, bigint>> {
  if (epoch === 0n) return new Map()
  const { rows } = await db.query<{ recipient: string; amount: unknown }>('select recipient, amount from cumulative where epoch = $1', [
    (epoch - 1n).toString(),
  ])
  return new Map(rows.map((row) => [row.recipient as Address, BigInt(String(row.amount))]))
}

/** What each kind carried out of the previous epoch, as stored with it (empty for epoch 0). */
async function previousCarried(db: Db, epoch: bigint): Promise<Map<string, unknown>> {
  if (epoch === 0n) return new Map()
  const { rows } = await db.query<{ carried: unknown }>('select carried from epochs where epoch = $1', [(epoch - 1n).toString()])
  const carried = rows[0]?.carried
  const parsed = typeof carried === 'string' ? (JSON.parse(carried) as unknown) : carried
  return new Map(Object.entries((parsed ?? {}) as Record<string, unknown>))
}

/**
 * Computes, stores and signs one sealed epoch. The registry is taken as of the epoch's end block
 * (the last block before its end), so every oracle scores the same devices; the inputs are this
 * oracle's reports plus every peer's. Returns false when the chain has not passed the epoch's end.
 */
export async function computeAndSignEpoch(options: EpochRunnerOptions, epoch: bigint): Promise<boolean> {
  const { db, client, deployment } = options
  const times = epochWindow(options.schedule, epoch, zeroHash)
  const head = await client.getBlock()
  if (head.timestamp * 1000n < times.endMs) return false
  const endBlock = await lastBlockBefore(client, times.endMs / 1000n)
  const startBlock = await lastBlockBefore(client, times.startMs / 1000n)
  const window = epochWindow(options.schedule, epoch, startBlock?.hash ?? zeroHash)
  const endBlockNumber = endBlock?.number ?? 0n

  const follow = { db, client, registry: deployment.registry, fromBlock: deployment.blockNumber, confirmations: 0 }
  while ((await processedBlock(db, deployment.blockNumber)) < endBlockNumber) await followOnce(follow)
  const devices = new Map([...(await devicesAsOf(db, endBlockNumber)).values()].map((d) => [d.deviceId, toDeviceRecord(d)]))

  const now = BigInt((options.now ?? Date.now)())
  const peerReports = await fetchPeerInputs(options.peers, epoch)
  const merged = await mergePeerReports(db, peerReports, { networkId: options.networkId, devices, startMs: window.startMs, endMs: window.endMs, receivedMs: now })
  const inputs = await reportsInWindow(db, window.startMs, window.endMs)

  // Sized from what was minted for the epoch (after the token's cap), never from the uncapped
  // schedule: a root sized beyond its funding could never be committed.
  const emissions = { address: deployment.emissions, abi: emissionsAbi } as const
  if ((await client.readContract({ ...emissions, functionName: 'releasedEpochs' })) <= epoch) {
    await client.waitForTransactionReceipt({ hash: await options.wallet.writeContract({ ...emissions, functionName: 'release' }) })
  }
  const emission = await client.readContract({ ...emissions, functionName: 'emissionReleasedFor', args: [epoch] })
  const result = await computeEpoch(
    {
      window,
      networkId: options.networkId,
      reports: inputs,
      devices,
      kinds: options.kinds,
      kindParams: options.kindParams,
      emission,
      pools: options.pools,
      residual: options.residual,
      previousCumulative: await previousCumulative(db, epoch),
      carried: await previousCarried(db, epoch),
    },
    options.verifySignatures ? { verifySignatures: options.verifySignatures } : {},
  )
  await saveEpoch(db, window, endBlockNumber, emission, inputs, result, now)

  const version = await client.readContract({ address: deployment.distributor, abi: rewardDistributorAbi, functionName: 'oracleSetVersion' })
  const signed = await signRoot(options.wallet.account as Parameters<typeof signRoot>[0], options.wallet.chain.id, deployment.distributor, {
    epoch,
    version,
    root: result.root,
    totalCumulative: result.totalCumulative,
    inputsHash: result.inputsHash,
    paramsHash: result.paramsHash,
  })
  await db.query('insert into root_signatures (epoch, oracle, root, signature) values ($1, $2, $3, $4) on conflict do nothing', [
    epoch.toString(),
    signed.oracle.toLowerCase(),
    signed.root,
    signed.signature,
  ])
  options.log?.('epoch computed', {
    epoch: epoch.toString(),
    reports: result.counts.reports,
    valid: result.counts.valid,
    devices: result.counts.devices,
    fromPeers: merged,
    root: result.root,
  })
  return true
}

/**
 * Records the transaction that committed `epoch`'s root, whoever sent it, from its RootCommitted
 * event, and stores the signatures that transaction carried (each signer recovered), so the API
 * shows exactly the quorum that is on chain.
 */
async function recordCommitment(options: EpochRunnerOptions, epoch: bigint): Promise<void> {
  const [event] = await options.client.getContractEvents({
    address: options.deployment.distributor,
    abi: rewardDistributorAbi,
    eventName: 'RootCommitted',
    args: { epoch },
    fromBlock: options.deployment.blockNumber,
  })
  if (event === undefined) return // a later epoch was committed instead; this one stays superseded
  const transaction = await options.client.getTransaction({ hash: event.transactionHash })
  const { args } = decodeFunctionData({ abi: rewardDistributorAbi, data: transaction.input })
  const [root, packed] = args as unknown as [RewardRoot, Hex]
  for (const signature of splitCompactSignatures(packed)) {
    const oracle = await recoverTypedDataAddress({ ...rewardRootTypedData(options.wallet.chain.id, options.deployment.distributor, root), signature })
    await options.db.query('insert into root_signatures (epoch, oracle, root, signature) values ($1, $2, $3, $4) on conflict do nothing', [
      epoch.toString(),
      oracle.toLowerCase(),
      root.root,
      signature,
    ])
  }
  await options.db.query('update epochs set committed_tx = $2, committed_block = $3 where epoch = $1', [
    epoch.toString(),
    event.transactionHash,
    event.blockNumber.toString(),
  ])
}

/** commitRoot's signature bytes, split into 65-byte signatures (from EIP-2098 compact form). */
function splitCompactSignatures(packed: Hex): Hex[] {
  const signatures: Hex[] = []
  for (let offset = 0; offset + 64 <= size(packed); offset += 64) {
    const compact = parseCompactSignature(slice(packed, offset, offset + 64))
    signatures.push(serializeSignature(compactSignatureToSignature(compact)))
  }
  return signatures
}

/** Whose turn it is to post `epoch`'s root: oracles take turns, in address order. */
export function turnOf(oracles: readonly Address[], self: Address, epoch: bigint): number {
  const order = [...oracles].map((a) => a.toLowerCase()).sort()
  const mine = order.indexOf(self.toLowerCase())
  if (mine < 0) return 0
  const leader = Number(epoch % BigInt(order.length))
  return (mine - leader + order.length) % order.length
}

/**
 * Runs the epoch pipeline until stopped: computes every sealed epoch in order, then tries to get
 * the latest one committed on chain — at once when it is this oracle's turn, after `staggerMs` per
 * oracle ahead of it otherwise, so normally one oracle pays for each root.
 */
export function startEpochRunner(options: EpochRunnerOptions & { intervalMs: number; onError: (error: unknown) => void }) {
  const self = options.wallet.account.address
  const computedAt = new Map<bigint, number>()
  const now = options.now ?? Date.now
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  let lastOutcome: PublishOutcome | undefined

  const tick = async () => {
    let next = await nextEpochToCompute(options.db)
    while (!stopped && isSealed(options, next) && (await computeAndSignEpoch(options, next))) {
      computedAt.set(next, now())
      next += 1n
    }
    if (next === 0n) return
    // Roots follow one another on chain: publish the chain's next epoch once computed, else the latest.
    const onChain = await options.client.readContract({ address: options.deployment.distributor, abi: rewardDistributorAbi, functionName: 'nextEpoch' })
    const latest = onChain < next ? onChain : next - 1n
    // Make every root whose dispute window has passed claimable (anyone may; it is a no-op otherwise).
    const promoteRoots = { address: options.deployment.distributor, abi: rewardDistributorAbi, functionName: 'promoteRoots' } as const
    const promotion = await options.client.simulateContract({ ...promoteRoots, account: self }).catch(() => undefined)
    if (promotion?.result === true) await options.client.waitForTransactionReceipt({ hash: await options.wallet.writeContract(promoteRoots) })
    const since = computedAt.get(latest) ?? 0
    const wait = turnOf(options.oracles, self, latest) * (options.staggerMs ?? DEFAULT_STAGGER_MS)
    if (now() - since < wait) return
    const { rows } = await options.db.query('select committed_tx from epochs where epoch = $1', [latest.toString()])
    if (rows[0]?.committed_tx) return
    lastOutcome = await publishRoot(
      { db: options.db, client: options.client, wallet: options.wallet, chainId: options.wallet.chain.id, distributor: options.deployment.distributor, emissions: options.deployment.emissions, peers: options.peers },
      latest,
      self,
    )
    if (lastOutcome.status === 'committed') options.log?.('root committed', { epoch: latest.toString(), transaction: lastOutcome.transaction })
    if (lastOutcome.status === 'already-committed') await recordCommitment(options, latest)
  }

  const loop = () => {
    running = tick()
      .catch(options.onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs)
      })
  }
  loop()
  return {
    lastOutcome: () => lastOutcome,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
