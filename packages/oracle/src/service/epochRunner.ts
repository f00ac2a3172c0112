import { type Deployment, emissionsAbi, rewardDistributorAbi, waitForReceipt } from '@pinion/contracts'
import type { Kind } from '@pinion/kinds'
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import { announcedUrls, chainRootOf, followRoots } from '../chain/rootFollower.ts'
import { type EpochSchedule, epochAt } from '../chain/schedule.ts'
import { type AgreementMemory, agreeOnInputs } from '../consensus/agree.ts'
import { DEFAULT_PEER_CLIENT, PeerClient, type PeerClientOptions } from '../consensus/peerClient.ts'
import { PeerHealth } from '../consensus/peerHealth.ts'
import type { OracleSet } from '../consensus/proposal.ts'
import { type RecoveryOutcome, recoverEpoch } from '../consensus/recover.ts'
import { type RoundTiming, sealAtMs } from '../consensus/rounds.ts'
import { sealEpoch } from '../consensus/sealEpoch.ts'
import type { SealingContext } from '../consensus/sealingContext.ts'
import { EpochComputer } from '../epoch/computeOffThread.ts'
import { type GovernedParams, governedParams } from '../epoch/governedParams.ts'
import type { EconomyRules } from '../epoch/economyRules.ts'
import type { PoolSpec, ResidualPool } from '../epoch/types.ts'
import type { SignatureVerifier } from '../ingest/verifyPool.ts'
import { errorFields } from '../errorFields.ts'
import { isRetryableInOracle } from '../errors.ts'
import { lastSealedEpoch, reportsByIds } from '../store/consensus.ts'
import type { Db } from '../store/db.ts'
import type { DeviceLookup } from '../store/devices.ts'
import { computeAndSave } from './computeAndSave.ts'
import { discardEpochsFrom } from './saveEpoch.ts'
import { type PublishOutcome, publishRoot } from './publisher.ts'
import { readOracleSet } from './oracleSet.ts'
import { startRetryLoop } from './retryLoop.ts'
import { signRootOnce } from './rootSignature.ts'
import { publishSettlement } from './economyPublisher.ts'
import { publishKindSettlements } from './kindSettlementPublisher.ts'
import { publishSlashOrders } from './slashPublisher.ts'

export type EpochRunnerOptions = {
  db: Db
  client: PublicClient
  /** The oracle's wallet: its account signs manifests and roots and, in its turn, posts roots. */
  wallet: WalletClient<Transport, Chain, Account>
  deployment: Deployment
  schedule: EpochSchedule
  networkId: Hex
  kinds: ReadonlyMap<string, Kind>
  kindParams: ReadonlyMap<string, unknown>
  pools: readonly PoolSpec[]
  residual: ResidualPool
  /** The network's economy rules (revenue share, slashing); absent: neither. */
  economy?: EconomyRules
  /** Every oracle of the network (this one included), by signer address and base URL. */
  oracles: readonly { address: Address; url: string }[]
  /** How long after an epoch's end its reports are still accepted (the ingest's lateness window). */
  lateReportMs: number
  /** Extra wait after the lateness window before an epoch's manifest is made. */
  sealMarginMs?: number
  /** Length of a proposal round (docs/oracle-consensus.md). */
  roundMs?: number
  /** How long a proposer waits in its round for every manifest before proposing a quorum of them. */
  manifestWaitMs?: number
  /**
   * How long each oracle waits after the previous one's turn before posting a root itself. Real
   * time, not the oracle's clock: it only spares gas (normally one oracle pays for each root) and
   * decides nothing, so it paces like a network retry.
   */
  staggerMs?: number
  /** Ingest's seal: resolves once every report acknowledged before `endMs` is stored, and refuses later ones. */
  sealBefore: (endMs: bigint) => Promise<void>
  /** Device keys and a signature verifier, to check the reports peers send. */
  deviceLookup: DeviceLookup
  verifier: SignatureVerifier
  peerClient?: PeerClientOptions
  /** Computes epochs off this thread; the runner makes (and closes) one when none is given. */
  computer?: EpochComputer
  /** The oracle's clock, unix ms: when epochs seal, rounds turn and roots are posted (tests drive it). */
  now?: () => number
  log?: (event: string, fields: Record<string, unknown>) => void
}

export const DEFAULT_SEAL_MARGIN_MS = 1_000
const DEFAULT_ROUND_MS = 10_000
const DEFAULT_MANIFEST_WAIT_MS = 5_000
const DEFAULT_STAGGER_MS = 3_000
/** Epochs computed in one tick at most, so a long catch-up still lets publishing and stopping in. */
const MAX_EPOCHS_PER_TICK = 16

/** Whose turn it is to post `epoch`'s root: oracles take turns, in address order. */
export function turnOf(oracles: readonly Address[], self: Address, epoch: bigint): number {
  const order = [...oracles].map((a) => a.toLowerCase()).sort()
  const mine = order.indexOf(self.toLowerCase())
  if (mine < 0) return 0
  const leader = Number(epoch % BigInt(order.length))
  return (mine - leader + order.length) % order.length
}

/** Whether no report for `epoch` can be accepted any more. */
export function isSealed(options: Pick<EpochRunnerOptions, 'schedule' | 'lateReportMs' | 'sealMarginMs' | 'now'>, epoch: bigint): boolean {
  return BigInt(Math.floor((options.now ?? Date.now)())) >= sealAtMs(timingOf(options), epoch)
}

function timingOf(options: Pick<EpochRunnerOptions, 'schedule' | 'lateReportMs' | 'sealMarginMs' | 'roundMs' | 'manifestWaitMs'>): RoundTiming {
  return {
    schedule: options.schedule,
    lateReportMs: options.lateReportMs,
    sealMarginMs: options.sealMarginMs ?? DEFAULT_SEAL_MARGIN_MS,
    roundMs: options.roundMs ?? DEFAULT_ROUND_MS,
    manifestWaitMs: options.manifestWaitMs ?? DEFAULT_MANIFEST_WAIT_MS,
  }
}

/** The next epoch this oracle must compute: one after its latest, or the chain's next when it has none. */
export async function nextEpochToCompute(db: Db, chainNext = 0n): Promise<bigint> {
  const { rows } = await db.query<{ epoch: string | null }>('select max(epoch) as epoch from epochs')
  const latest = rows[0]?.epoch
  return latest === null || latest === undefined ? chainNext : BigInt(latest) + 1n
}

/**
 * An oracle's epoch pipeline (docs/oracle-consensus.md). Each tick, in order:
 *
 * 1. follows the distributor's committed roots, and checks its own epochs against them: one it
 *    lacks or computed differently is recovered from the inputs its peers publish, verified against
 *    the committed inputsHash and root (or, if that cannot be done, it says so and signs nothing);
 * 2. seals every epoch that stopped accepting reports: a signed manifest of what it holds;
 * 3. for the next epochs, agrees with its peers on one input set (the union of a quorum of
 *    manifests, by proposal rounds), computes, stores and signs the root — one root per epoch and
 *    oracle-set version, ever;
 * 4. posts the chain's next epoch once a quorum signed the same root, in turn with its peers.
 */
export class EpochRunner {
  private readonly context: SealingContext
  private readonly timing: RoundTiming
  private readonly computer: EpochComputer
  private readonly ownComputer: boolean
  /** Slash orders this oracle is done with (executed, vetoed, rejected or refused): epoch:device. */
  private readonly finishedSlashes = new Set<string>()
  private readonly memories = new Map<bigint, AgreementMemory>()
  private readonly governed: readonly GovernedParams[]
  private readonly lastSaid = new Map<string, string>()
  private readonly signedAt = new Map<bigint, number>()
  private halted: string | undefined
  private promotableSince: number | undefined
  /** The URL this oracle announced on chain in this run, so it announces once however fast the follower is. */
  private announcedOwn: string | undefined
  lastOutcome: PublishOutcome | undefined

  constructor(private readonly options: EpochRunnerOptions) {
    const self = options.wallet.account.address.toLowerCase() as Address
    this.timing = timingOf(options)
    this.governed = governedParams(options.kinds, options.kindParams, options.pools, options.residual, options.economy, options.deployment.timelock)
    this.ownComputer = options.computer === undefined
    this.computer = options.computer ?? new EpochComputer()
    this.context = {
      db: options.db,
      signer: options.wallet.account as SealingContext['signer'],
      self,
      chainId: options.wallet.chain.id,
      distributor: options.deployment.distributor,
      peers: new Map(options.oracles.filter((o) => o.address.toLowerCase() !== self).map((o) => [o.address.toLowerCase() as Address, o.url])),
      client: new PeerClient(options.peerClient ?? DEFAULT_PEER_CLIENT),
      health: new PeerHealth(),
      deviceLookup: options.deviceLookup,
      verifier: options.verifier,
      now: options.now ?? Date.now,
    }
  }

  /** Why the runner stopped for good (a deterministic failure), or undefined while it runs. */
  get haltedBecause(): string | undefined {
    return this.halted
  }

  /**
   * One pass of the pipeline. A deterministic failure (a code the error tables mark `retryable:
   * false`: a wrong config, a kind that breaks its contract, a root the committed inputs do not
   * reproduce) halts the runner for good, with one `epochs halted` log line carrying the stack and
   * cause, since every later epoch builds on the one that failed. Anything else (no Pinion code, as
   * viem's RPC and transport errors, or a retryable code) is thrown for the caller to back off on.
   */
  async tick(): Promise<void> {
    if (this.halted !== undefined) return
    try {
      const { db, client, deployment } = this.options
      await followRoots(db, client, deployment.distributor, deployment.blockNumber)
      const chainNext = await client.readContract({ address: deployment.distributor, abi: rewardDistributorAbi, functionName: 'nextEpoch' })
      const set = await readOracleSet(client, deployment.distributor)
      await this.refreshPeers(set)
      if (!(await this.reconcile(chainNext))) return
      await this.sealDue(chainNext)
      await this.advance(set, chainNext)
      await this.publish(set, chainNext)
    } catch (error) {
      if (isRetryableInOracle(error)) throw error
      this.halted = `${(error as { code?: string }).code}: ${(error as Error).message}`
      this.options.log?.('epochs halted', {
        reason: this.halted,
        action: 'this oracle computes, signs and posts nothing more until an operator fixes the cause and restarts it (ERRORS.md says what each code needs)',
        error: errorFields(error),
      })
    }
  }

  async close(): Promise<void> {
    if (this.ownComputer) await this.computer.close()
  }

  /**
   * Who the peers are and where: every current oracle but this one, at the URL it announced on chain,
   * else the configured one. And when this oracle is in the set and the chain does not say where it
   * serves (or says otherwise than its config), it announces its URL, so governance can add an oracle
   * by address alone.
   */
  private async refreshPeers(set: OracleSet): Promise<void> {
    const announced = await announcedUrls(this.options.db)
    const configured = new Map(this.options.oracles.map((o) => [o.address.toLowerCase() as Address, o.url]))
    const peers = new Map<Address, string>()
    for (const oracle of set.oracles) {
      const url = announced.get(oracle) ?? configured.get(oracle)
      if (oracle !== this.context.self && url !== undefined) peers.set(oracle, url)
    }
    this.context.peers = peers
    const own = configured.get(this.context.self)
    if (own !== undefined && set.oracles.includes(this.context.self) && announced.get(this.context.self) !== own && this.announcedOwn !== own) {
      const distributor = { address: this.options.deployment.distributor, abi: rewardDistributorAbi } as const
      await waitForReceipt(this.options.client, await this.options.wallet.writeContract({ ...distributor, functionName: 'announceUrl', args: [own] }))
      this.announcedOwn = own
      this.options.log?.('url announced', { url: own })
    }
  }

  /** Says `message` about `topic` once, until it changes: a wait is logged when it starts, not every tick. */
  private say(topic: string, event: string, fields: Record<string, unknown>): void {
    const text = JSON.stringify(fields)
    if (this.lastSaid.get(topic) === text) return
    this.lastSaid.set(topic, text)
    this.options.log?.(event, fields)
  }

  /**
   * Checks this oracle's epochs against the roots the chain committed, in order, and recovers any it
   * lacks or got wrong. Returns false while a committed epoch cannot be recovered: then nothing later
   * is computed or signed, since it would build on a state the chain does not hold.
   */
  private async reconcile(chainNext: bigint): Promise<boolean> {
    const { db } = this.options
    // A root this oracle saw committed that the chain no longer holds was vetoed: what it computed
    // from there on builds on it, and is computed again under the new oracle-set version.
    const { rows: vetoed } = await db.query<{ epoch: string | null }>('select min(epoch) as epoch from epochs where committed_tx is not null and epoch >= $1', [
      chainNext.toString(),
    ])
    if (vetoed[0]?.epoch !== null && vetoed[0]?.epoch !== undefined) {
      this.options.log?.('root vetoed', { epoch: vetoed[0].epoch, recomputing: `epoch ${vetoed[0].epoch} and later, under the new oracle-set version` })
      await discardEpochsFrom(db, BigInt(vetoed[0].epoch))
    }
    const { rows } = await db.query<{ epoch: string | null }>('select max(epoch) as epoch from epochs where committed_tx is not null')
    let epoch = rows[0]?.epoch === null || rows[0]?.epoch === undefined ? 0n : BigInt(rows[0].epoch) + 1n
    for (; epoch < chainNext; epoch++) {
      const committed = await chainRootOf(db, epoch)
      if (committed === undefined) return true // the root follower has not seen it yet
      const outcome: RecoveryOutcome = await recoverEpoch(this.recoveryDeps(), epoch, committed)
      if (outcome.status === 'matches' || outcome.status === 'recovered') {
        if (outcome.status === 'recovered') this.options.log?.('epoch recovered', { epoch: epoch.toString(), from: outcome.peer, root: committed.root })
        continue
      }
      this.say('recovery', 'epoch not recovered', { epoch: epoch.toString(), why: outcome.why, signing: 'stopped until it is recovered' })
      return false
    }
    this.lastSaid.delete('recovery')
    return true
  }

  /** Makes this oracle's manifest for every epoch that sealed by its clock and is not committed yet. */
  private async sealDue(chainNext: bigint): Promise<void> {
    const now = BigInt(Math.floor(this.context.now()))
    const current = epochAt(this.options.schedule, now)
    let epoch = (await lastSealedEpoch(this.options.db, this.context.self)) + 1n
    if (epoch < chainNext) epoch = chainNext
    for (; epoch <= current && sealAtMs(this.timing, epoch) <= now; epoch++) {
      const manifest = await sealEpoch(this.context, this.timing, epoch, this.options.sealBefore)
      this.options.log?.('epoch sealed', { epoch: epoch.toString(), reports: manifest.reportCount, idsHash: manifest.idsHash })
    }
  }

  /** Agrees on, computes and signs the next epochs, as far as agreement allows. */
  private async advance(set: OracleSet, chainNext: bigint): Promise<void> {
    const lastSealed = await lastSealedEpoch(this.options.db, this.context.self)
    for (let done = 0; done < MAX_EPOCHS_PER_TICK; done++) {
      const epoch = await nextEpochToCompute(this.options.db, chainNext)
      if (epoch > lastSealed || epoch < chainNext) return
      const memory = this.memories.get(epoch) ?? { unusable: new Map() }
      this.memories.set(epoch, memory)
      const agreement = await agreeOnInputs(this.context, this.timing, set, epoch, memory)
      if (agreement.status === 'waiting') {
        this.say(`epoch ${epoch}`, 'epoch waiting', { epoch: epoch.toString(), why: agreement.why })
        return
      }
      const stored = await reportsByIds(this.options.db, agreement.ids)
      const computeStarted = performance.now()
      const result = await computeAndSave(
        this.computeDeps(),
        epoch,
        agreement.ids.map((id) => stored.get(id)!),
        agreement.ids,
        {
          proposal: { version: agreement.proposal.version, round: agreement.proposal.round },
        },
      )
      const computeMs = Math.round(performance.now() - computeStarted)
      const signed = await signRootOnce(this.options.db, this.context.signer, this.context.chainId, this.context.distributor, {
        epoch,
        version: set.version,
        root: result.root,
        totalCumulative: result.totalCumulative,
        inputsHash: result.inputsHash,
        paramsHash: result.paramsHash,
      })
      if (signed === 'signed-differently') {
        this.say(`epoch ${epoch}`, 'epoch not signed', {
          epoch: epoch.toString(),
          why: `this oracle already signed another root for epoch ${epoch} under oracle-set version ${set.version} (before it recovered an earlier epoch); it abstains rather than sign twice`,
        })
      } else {
        this.signedAt.set(epoch, Date.now())
      }
      this.memories.delete(epoch)
      this.lastSaid.delete(`epoch ${epoch}`)
      this.options.log?.('epoch computed', {
        epoch: epoch.toString(),
        round: agreement.proposal.round,
        manifests: agreement.proposal.manifests.length,
        reports: result.counts.reports,
        valid: result.counts.valid,
        // The reasons invalid reports were rejected for, most frequent first (a live view's "why").
        invalidReasons: invalidReasonsOf(result.verdicts),
        devices: result.counts.devices,
        root: result.root,
        // How long computing and storing it took (metrics: pinion_epoch_compute_seconds), and whether
        // this oracle signed its root (false: it abstained, see 'epoch not signed').
        computeMs,
        signed: signed !== 'signed-differently',
      })
    }
  }

  /**
   * Makes matured roots claimable when the distributor would (promoteRoots; commits do it too, but
   * they stop when epochs do), in turn with the other oracles like posting roots.
   */
  private async promote(set: OracleSet, chainNext: bigint): Promise<void> {
    const distributor = { address: this.options.deployment.distributor, abi: rewardDistributorAbi, functionName: 'promoteRoots' } as const
    const simulated = await this.options.client.simulateContract({ ...distributor, account: this.options.wallet.account }).catch(() => undefined)
    if (simulated?.result !== true) {
      this.promotableSince = undefined
      return
    }
    this.promotableSince ??= Date.now()
    const wait = turnOf(set.oracles, this.context.self, chainNext) * (this.options.staggerMs ?? DEFAULT_STAGGER_MS)
    if (Date.now() - this.promotableSince < wait) return
    await waitForReceipt(this.options.client, await this.options.wallet.writeContract(distributor))
    this.promotableSince = undefined
  }

  /** Posts the chain's next epoch when this oracle signed it and its turn has come. */
  private async publish(set: OracleSet, chainNext: bigint): Promise<void> {
    await this.promote(set, chainNext)
    const since = this.signedAt.get(chainNext) ?? 0
    const wait = turnOf(set.oracles, this.context.self, chainNext) * (this.options.staggerMs ?? DEFAULT_STAGGER_MS)
    if (Date.now() - since < wait) return
    const outcome = await publishRoot(
      {
        db: this.options.db,
        client: this.options.client,
        wallet: this.options.wallet,
        chainId: this.context.chainId,
        distributor: this.options.deployment.distributor,
        emissions: this.options.deployment.emissions,
        peers: [...this.context.peers.values()],
        ...(this.options.deployment.staking === undefined ? {} : { staking: this.options.deployment.staking }),
        onEquivocation: (proof) =>
          this.options.log?.('oracle equivocated', {
            oracle: proof.oracle,
            epoch: proof.epoch.toString(),
            version: proof.version,
            staking: proof.staking,
            distributor: proof.distributor,
          }),
      },
      chainNext,
      set,
    )
    this.lastOutcome = outcome
    if (outcome.status === 'committed') this.options.log?.('root committed', { epoch: chainNext.toString(), transaction: outcome.transaction })
    const economy = {
      db: this.options.db,
      client: this.options.client,
      wallet: this.options.wallet,
      signer: this.context.signer,
      chainId: this.context.chainId,
      deployment: this.options.deployment,
      peers: [...this.context.peers.values()],
    }
    // Settlements and slash orders never hold up roots: a failure is said once and tried again next tick.
    try {
      const settlement = await publishSettlement(economy, set)
      if (settlement.status === 'settled') {
        this.options.log?.('receipts settled', { epoch: settlement.epoch.toString(), receipts: settlement.receipts, transaction: settlement.transaction })
      }
      for (const settled of await publishKindSettlements(economy, set, this.options.kinds)) {
        if (settled.status === 'settled') {
          this.options.log?.('kind settled', { kind: settled.kind, epoch: settled.epoch.toString(), records: settled.records, transaction: settled.transaction })
        }
      }
      for (const slash of await publishSlashOrders(economy, set, this.finishedSlashes)) {
        if (slash.status === 'waiting') continue
        if (slash.status === 'refused')
          this.say(`slash ${slash.epoch} ${slash.deviceId}`, 'slash refused', { epoch: slash.epoch.toString(), deviceId: slash.deviceId, error: slash.error })
        else this.options.log?.(`slash ${slash.status}`, { epoch: slash.epoch.toString(), deviceId: slash.deviceId, transaction: slash.transaction })
      }
    } catch (error) {
      this.say('economy', 'economy waiting', { why: (error as Error).message.split('\n')[0] })
    }
  }

  private computeDeps() {
    const { db, client, deployment, schedule, networkId, kinds, kindParams, pools, residual, economy } = this.options
    return {
      ...(economy === undefined ? {} : { economy }),
      db,
      client,
      deployment,
      schedule,
      networkId,
      kinds,
      kindParams,
      pools,
      residual,
      computer: this.computer,
      now: this.context.now,
      ensureReleased: (epoch: bigint) => this.ensureReleased(epoch),
      governed: this.governed,
    }
  }

  /** Releases every ended epoch's emission (anyone may) when `epoch` is not released yet. */
  private async ensureReleased(epoch: bigint): Promise<void> {
    const emissions = { address: this.options.deployment.emissions, abi: emissionsAbi } as const
    if ((await this.options.client.readContract({ ...emissions, functionName: 'releasedEpochs' })) > epoch) return
    const hash = await this.options.wallet.writeContract({ ...emissions, functionName: 'release' })
    await waitForReceipt(this.options.client, hash)
  }

  private recoveryDeps() {
    return { ...this.computeDeps(), sealing: this.context }
  }
}

/**
 * Runs the pipeline until stopped: a tick every `intervalMs`; a transient error is passed to
 * `onError` (once per distinct message) and retried with backoff up to 30 s; a deterministic one
 * halts the runner (tick() logs it) and no tick runs after it.
 */
export function startEpochRunner(options: EpochRunnerOptions & { intervalMs: number; onError: (error: unknown) => void }) {
  const runner = new EpochRunner(options)
  const loop = startRetryLoop({
    run: async () => {
      await runner.tick()
      return runner.haltedBecause === undefined ? undefined : 'stop'
    },
    intervalMs: options.intervalMs,
    // tick() resolves after halting on a deterministic failure; what it throws is transient.
    isRetryable: () => true,
    onError: options.onError,
    onHalt: options.onError,
  })
  return {
    runner,
    lastOutcome: () => runner.lastOutcome,
    /** The wait before the next tick: the interval, or a backoff after failures. */
    nextDelayMs: loop.nextDelayMs,
    async stop() {
      await loop.stop()
      await runner.close()
    },
  }
}

/** How many reports the epoch judged invalid for each reason, most frequent first (ties by reason), at most `limit` reasons. */
function invalidReasonsOf(verdicts: readonly { valid: boolean; reason: string | null }[], limit = 5): { reason: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const verdict of verdicts) if (!verdict.valid) counts.set(verdict.reason ?? 'unknown', (counts.get(verdict.reason ?? 'unknown') ?? 0) + 1)
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, limit)
}
