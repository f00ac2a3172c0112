import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { devnetPrivateKey, kindContractsOf, waitForReceipt } from '@pinion/contracts'
import { COMPUTE_MARKET, DEVNET_RAYTRACE_JOB, FAULT_CODES, devnetJob, simulatedOutput } from '@pinion/kinds/compute'
import { deviceIdOf } from '@pinion/protocol'
import { type Address, createPublicClient, createWalletClient, http, numberToHex, parseAbi, sha256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { anvil } from 'viem/chains'
import { describe, expect, it } from 'vitest'
import { assembleImage, renderReference } from '../../../kinds/compute/workloads/index.ts'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { networkUnderTest } from '../../../testkit/src/cli/networkUnderTest.ts'
import { getJson } from '../commands/output.ts'
import { replayEpochs } from '../commands/replay.ts'
import { loadConfig } from '../config/loadConfig.ts'
import { templatePath } from '../init/init.ts'
import type { StoredFleetDevice } from './fleetKeys.ts'
import type { RunningNetwork } from './up.ts'

/**
 * The compute template, as `pinion init --kind compute` writes it: eight providers (four honest, a
 * lazy one, an over-claimer, a copier and a no-show), each of which wins one of the devnet
 * customer's eight orders for the same ray-traced image in a reverse auction and starts its lease.
 */
type ShareJson = { pool: string; amount: string; inputs: Record<string, string | number | boolean> }
type Explanation = { verdicts: { valid: boolean; reason: string | null }[]; shares: ShareJson[] }
type EpochJson = { epoch: string; validReports: number; committed: unknown }

const MARKET_ABI = parseAbi([
  'function leaseCount() view returns (uint256)',
  'function settle(uint256 leaseId)',
  'function withdraw()',
  'function balanceOf(address) view returns (uint256)',
])
/** ComputeMarket's LeaseState: Formed 0, Active 1, Closed 2, Finalized 3, NoShow 4, Faulted 5. */
const LEASE_ACTIVE = 1
const LEASE_FAULTED = 5
type LeaseView = { deviceId: bigint; provider: Address; state: number; accrued: bigint; paid: bigint; releasable: bigint; collateralLocked: bigint }

describe('pinion up with the compute template, end to end', () => {
  const net = networkUnderTest('compute', 3)
  const { dataDir, logs } = net
  let network: RunningNetwork | undefined

  it('forms a lease per provider by reverse auction, verifies their ray-traced bands by re-execution, pays the honest from escrow, faults and slashes the lazy, the over-claimer and the no-show, gives the customer its image, and replays to the root', {
    timeout: 300_000,
  }, async () => {
    const { config } = await loadConfig(templatePath('compute'))
    network = await net.start(config)
    const oracle = network.state.oracles[0]!.url
    expect(logs).toContain('set up on chain: compute')
    const market = network.state.deployment.kinds.compute![COMPUTE_MARKET]!
    const client = createPublicClient({ transport: http(network.state.rpcUrl) })
    const { abi } = kindContractsOf('compute')[COMPUTE_MARKET]!
    const leaseOf = async (leaseId: bigint) => (await client.readContract({ address: market, abi, functionName: 'leaseOf', args: [leaseId] })) as LeaseView

    // 1–2. The customer ordered its job once per provider; every provider won one lease and started it.
    const fleet = JSON.parse(readFileSync(join(dataDir, 'fleet', 'devices.json'), 'utf8')) as StoredFleetDevice[]
    const behaviourOf = new Map(fleet.map((d) => [deviceIdOf(d.key.publicKey), d.behaviour]))
    expect(await client.readContract({ address: market, abi: MARKET_ABI, functionName: 'leaseCount' })).toBe(BigInt(fleet.length))
    const leaseOfBehaviour = new Map<string, bigint[]>()
    for (let id = 1n; id <= BigInt(fleet.length); id++) {
      const lease = await leaseOf(id)
      expect(lease.state).toBe(LEASE_ACTIVE)
      const behaviour = behaviourOf.get(numberToHex(lease.deviceId, { size: 32 }))!
      leaseOfBehaviour.set(behaviour, [...(leaseOfBehaviour.get(behaviour) ?? []), id])
    }
    expect([...leaseOfBehaviour.keys()].sort()).toEqual(['copier', 'honest', 'lazy', 'no-show', 'overclaimer'])

    // 3. Tasks run, their results are committed, then revealed and re-executed by every oracle.
    const explain = async (epoch: string) =>
      Promise.all(
        fleet.map(async (d) => ({ behaviour: d.behaviour, explanation: await getJson<Explanation>(`${oracle}/v1/devices/${deviceIdOf(d.key.publicKey)}/epochs/${epoch}`) })),
      )
    const revealed = await driveUntil(
      network,
      'a committed epoch with revealed bands',
      async () => {
        const { epochs } = await getJson<{ epochs: EpochJson[] }>(`${oracle}/v1/epochs`)
        for (const epoch of epochs.filter((e) => e.committed !== null).reverse()) {
          const explained = await explain(epoch.epoch)
          if (explained.some((d) => d.explanation.shares.some((s) => s.pool === 'compute.verified' && BigInt(s.amount) > 0n))) return explained
        }
        return undefined
      },
      { stepMs: 2_000, timeoutMs: 200_000 },
    )
    const reasons = (e: Explanation) => [...new Set(e.verdicts.flatMap((v) => (v.valid ? [] : [v.reason!])))].sort()
    const paid = (e: Explanation) => e.shares.filter((s) => s.pool === 'compute.verified').reduce((sum, s) => sum + BigInt(s.amount), 0n)
    for (const { behaviour, explanation } of revealed) {
      if (behaviour === 'honest') {
        expect([behaviour, reasons(explanation)]).toEqual([behaviour, []])
        expect(paid(explanation)).toBeGreaterThan(0n)
        expect(explanation.shares[0]!.inputs).toMatchObject({ tasksAccepted: 4, tasksReexecuted: 4 })
      }
      if (behaviour === 'lazy') expect([behaviour, reasons(explanation), paid(explanation)]).toEqual([behaviour, ['compute.RESULT_MISMATCH'], 0n])
      if (behaviour === 'overclaimer') expect([behaviour, reasons(explanation), paid(explanation)]).toEqual([behaviour, ['compute.USAGE_OVERCLAIMED'], 0n])
    }

    // 6. The oracles record the faults on ComputeMarket, signed by a quorum: the lazy provider's, the
    // over-claimer's and the no-show's leases close, their collateral burnt; the honest ones run on.
    const faulted = [...leaseOfBehaviour.get('lazy')!, ...leaseOfBehaviour.get('overclaimer')!, ...leaseOfBehaviour.get('no-show')!]
    const closed = await driveUntil(
      network,
      "the lazy provider's, the over-claimer's and the no-show's leases faulted",
      async () => {
        const leases = await Promise.all(faulted.map(leaseOf))
        return leases.every((lease) => lease.state === LEASE_FAULTED) ? leases : undefined
      },
      { stepMs: 2_000, timeoutMs: 200_000 },
    )
    // Caught inside the approval window: nothing of their accruals was ever paid to them.
    for (const lease of closed) expect([lease.collateralLocked, lease.releasable, lease.paid]).toEqual([0n, 0n, 0n])
    // Each for its own fault: the re-executed result, the over-claimed fuel, the lease run by nobody.
    const faults = await client.getContractEvents({ address: market, abi, eventName: 'LeaseFaulted', fromBlock: 0n })
    const faultOf = new Map(faults.map((log) => [(log.args as { leaseId: bigint }).leaseId, (log.args as { fault: number }).fault]))
    expect(faulted.map((id) => faultOf.get(id))).toEqual([FAULT_CODES.RESULT_MISMATCH, FAULT_CODES.USAGE_OVERCLAIMED, FAULT_CODES.NO_SHOW])
    for (const id of [...leaseOfBehaviour.get('honest')!, ...leaseOfBehaviour.get('copier')!]) expect((await leaseOf(id)).state).toBe(LEASE_ACTIVE)
    // The copier, which committed to results the honest providers had already revealed, is paid nothing for them (not a fault: a slow honest provider looks the same).
    const copier = fleet.find((d) => d.behaviour === 'copier')!
    const copied = await driveUntil(
      network,
      "the copier's reveals judged",
      async () => {
        const { epochs } = await getJson<{ epochs: EpochJson[] }>(`${oracle}/v1/epochs`)
        for (const epoch of epochs.filter((e) => e.committed !== null)) {
          const explanation = await getJson<Explanation>(`${oracle}/v1/devices/${deviceIdOf(copier.key.publicKey)}/epochs/${epoch.epoch}`)
          if (reasons(explanation).length > 0) return explanation
        }
        return undefined
      },
      { stepMs: 2_000, timeoutMs: 120_000 },
    )
    expect([reasons(copied), paid(copied)]).toEqual([['compute.COMMITTED_AFTER_REVEAL'], 0n])

    // 5. The honest provider is paid from the escrow once the approval window has passed.
    const honestLease = leaseOfBehaviour.get('honest')![0]!
    await driveUntil(network, 'pay released from the escrow', async () => ((await leaseOf(honestLease)).releasable > 0n ? true : undefined), { stepMs: 10_000, timeoutMs: 120_000 })
    const before = await leaseOf(honestLease)
    expect(before.releasable).toBeGreaterThan(0n)
    expect(before.accrued).toBeGreaterThanOrEqual(before.releasable)
    // Anyone may settle: the released pay moves to the provider's balance, for it to withdraw.
    const keeper = createWalletClient({ account: privateKeyToAccount(devnetPrivateKey(0)), chain: { ...anvil, id: network.state.chainId }, transport: http(network.state.rpcUrl) })
    const balanceBefore = (await client.readContract({ address: market, abi: MARKET_ABI, functionName: 'balanceOf', args: [before.provider] })) as bigint
    const receipt = await waitForReceipt(client, await keeper.writeContract({ address: market, abi: MARKET_ABI, functionName: 'settle', args: [honestLease] }))
    expect(receipt.status).toBe('success')
    const after = await leaseOf(honestLease)
    const balanceAfter = (await client.readContract({ address: market, abi: MARKET_ABI, functionName: 'balanceOf', args: [before.provider] })) as bigint
    expect(after.paid).toBeGreaterThanOrEqual(before.releasable)
    expect(balanceAfter - balanceBefore).toBe(after.paid - before.paid)

    // 4. The customer gets its image: every band, as the providers ran it, is the ray tracer's own.
    const job = devnetJob()
    const specHash = sha256(job.manifestBytes)
    const outputs = job.inputs.map((_, task) => simulatedOutput(specHash, task)!)
    const image = assembleImage(outputs, DEVNET_RAYTRACE_JOB)
    const reference = assembleImage(
      job.inputs.map((input) => renderReference(input)),
      DEVNET_RAYTRACE_JOB,
    )
    expect(Buffer.from(image).equals(Buffer.from(reference))).toBe(true)

    // Anyone can recompute the root from the published reports and the chain (the leases' events).
    const committed = await getJson<{ epochs: EpochJson[] }>(`${oracle}/v1/epochs`)
    const last = committed.epochs.find((e) => e.committed !== null)!
    const replay = await replayEpochs(network.state, config, BigInt(last.epoch))
    expect(replay.matchesOracle).toBe(true)
    expect(replay.matchesChain).toBe(true)
  })
})
