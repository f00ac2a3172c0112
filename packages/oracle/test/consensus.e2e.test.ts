import {
  type RewardRoot,
  emissionsAbi,
  packOracleSignatures,
  pinionGovernorAbi,
  pinionTokenAbi,
  rewardDistributorAbi,
  rewardRootTypedData,
  waitForReceipt,
} from '@pinion/contracts'
import {
  type Address,
  type Hex,
  compactSignatureToSignature,
  createWalletClient,
  decodeFunctionData,
  encodeFunctionData,
  http,
  keccak256,
  parseCompactSignature,
  recoverTypedDataAddress,
  serializeSignature,
  toHex,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kind } from '@pinion/kinds'
import { uptime } from '@pinion/kinds/uptime'
import { deviceIdOf, openSignedReport } from '@pinion/protocol'
import { canonicalOrder } from '../src/epoch/canonicalOrder.ts'
import { splitReportBatch } from '../src/ingest/wire.ts'
import { type OracleNetwork, startOracleNetwork } from '../../testkit/src/oracle/oracleNetwork.ts'

type Claim = { epoch: string; root: Hex; cumulativeAmount: string; proof: Hex[] } | null

/**
 * The consensus of a live three-oracle network (2 of 3 commit), under the attacks that forked it
 * before (issue "Oracles that always agree"). One network, one epoch per case; each case asserts
 * that its epoch is committed by quorum, that every oracle's published inputs reproduce the signed
 * inputsHash, and that every oracle's proofs verify against the root on chain.
 */
describe('three oracles agree on every epoch', () => {
  let net: OracleNetwork
  beforeAll(async () => {
    // A fourth oracle stands by for governance to add; the token's cap falls inside epoch 12.
    net = await startOracleNetwork({ oracles: 3, quorum: 2, devices: 4, standby: 1, capEpochs: 12.5 })
  }, 120_000)
  afterAll(() => net?.stop())

  /**
   * Once `epoch`'s root is claimable (its dispute window passed, and an oracle promoted it), every
   * oracle serves, for every operator, a proof that the distributor accepts.
   */
  async function everyOracleProofVerifies(epoch: number): Promise<void> {
    await net.passDisputeWindow()
    const root = await net.until(`epoch ${epoch}'s root to become claimable`, async () => {
      const [newest] = await net.client.readContract({ address: net.deployment.distributor, abi: rewardDistributorAbi, functionName: 'claimableRoots' })
      return newest !== undefined && newest.epoch >= BigInt(epoch) ? newest.root : undefined
    })
    for (let i = 0; i < 3; i++) {
      if (net.oracle(i) === undefined) continue
      const verified = await net.until(`oracle ${i} to serve proofs for epoch ${epoch}'s claimable root`, async () => {
        let count = 0
        for (const operator of net.operators) {
          const { claim } = await net.get<{ claim: Claim }>(i, `/v1/recipients/${operator.address}`)
          if (claim === null) continue
          if (claim.root !== root) return undefined
          // The distributor itself judges the proof (a claim, simulated).
          await net.client.simulateContract({
            address: net.deployment.distributor,
            abi: rewardDistributorAbi,
            functionName: 'claimFor',
            args: [operator.address as Address, BigInt(claim.cumulativeAmount), claim.proof],
            account: net.operators[0]!.address,
          })
          count++
        }
        return count > 0 ? count : undefined
      })
      expect(verified).toBeGreaterThan(0)
    }
  }

  /** Every oracle's published inputs for `epoch` hash to the inputsHash it signed, and the chain holds. */
  async function publishedInputsReproduce(epoch: number): Promise<void> {
    const onChain = await net.client.getContractEvents({
      address: net.deployment.distributor,
      abi: rewardDistributorAbi,
      eventName: 'RootCommitted',
      args: { epoch: BigInt(epoch) },
      fromBlock: net.deployment.blockNumber,
    })
    const committedHash = onChain.at(-1)!.args.inputsHash
    for (let i = 0; i < 3; i++) {
      if (net.oracle(i) === undefined) continue
      await net.until(`oracle ${i} computes epoch ${epoch}`, async () => ((await fetch(`${net.url(i)}/v1/epochs/${epoch}`)).ok ? true : undefined))
      const response = await fetch(`${net.url(i)}/v1/epochs/${epoch}/inputs`)
      const { inputsHash } = canonicalOrder(splitReportBatch(new Uint8Array(await response.arrayBuffer())).map((signed) => ({ signed })))
      const stored = await net.get<{ inputsHash: Hex }>(i, `/v1/epochs/${epoch}`)
      expect([i, inputsHash]).toEqual([i, stored.inputsHash])
      expect([i, inputsHash]).toEqual([i, committedHash])
    }
  }

  it('epoch 0: devices report to every oracle; the epoch is committed by quorum and every oracle agrees', async () => {
    await net.reportEpoch(0, [0, 1, 2])
    await net.sealEpoch(0)
    await net.committed(0)
    await publishedInputsReproduce(0)
    await everyOracleProofVerifies(0)
  }, 120_000)

  it('epoch 1: a relay sends non-canonical encodings of one report to two oracles; they refuse them, and the epoch commits on the canonical one', async () => {
    const start = net.epochStartMs(1)
    await net.reportEpoch(1, [0, 1, 2], [0, 1, 3])
    // Device 2 reaches oracle A only; a relay hands B and C the same report re-encoded.
    for (let t = 1_000; t < net.epochMs; t += 10_000) {
      await net.setTime(start + t)
      const report = net.heartbeat(2, start + t)
      expect((await net.post(0, report)).status).toBe(200)
      const { body, signature } = openSignedReport(report)
      const prefixed = new Uint8Array([0x78, 0x01, ...report]) // an unknown field before the body
      const retyped = report.slice()
      retyped[0] = 0x08 // the body's tag with another wire type
      const suffixed = new Uint8Array([0x0a, body.length, ...body, 0x12, signature.length, ...signature, 0x78, 0x01])
      for (const [oracle, bytes] of [
        [1, prefixed],
        [2, retyped],
        [1, suffixed],
      ] as const) {
        const answer = await net.post(oracle, bytes)
        expect([answer.status, answer.body.code]).toEqual([400, 'PINION_ERR_NON_CANONICAL_REPORT'])
      }
    }
    await net.sealEpoch(1)
    await net.committed(1)
    await publishedInputsReproduce(1)
    await everyOracleProofVerifies(1)
    // Every oracle counted device 2's canonical reports, which only A received.
    for (let i = 0; i < 3; i++) {
      const { validReports } = await net.get<{ validReports: number }>(i, '/v1/epochs/1')
      expect(validReports).toBe(24)
    }
  }, 120_000)

  it('epoch 2: a device signs three bodies under one sequence, one for each oracle; every oracle voids the device for the epoch and keeps the evidence', async () => {
    const start = net.epochStartMs(2)
    await net.reportEpoch(2, [0, 1, 2], [0, 1, 2])
    await net.setTime(start + 55_000)
    const liar = 3
    const sequence = 1_000n
    const versions = [1, 2, 3].map((payload) => net.heartbeat(liar, start + 55_000, payload, sequence))
    for (const [oracle, version] of versions.entries()) expect((await net.post(oracle, version)).status).toBe(200)
    const honest = net.heartbeat(liar, start + 56_000, undefined, sequence + 1n)
    for (const oracle of [0, 1, 2]) expect((await net.post(oracle, honest)).status).toBe(200)
    await net.sealEpoch(2)
    await net.committed(2)
    await publishedInputsReproduce(2)
    await everyOracleProofVerifies(2)
    const liarId = (await net.get<{ devices: { deviceId: string }[] }>(0, '/v1/devices?limit=100')).devices.find((d) => d.deviceId === deviceIdOfKey(net, liar))!.deviceId
    for (let i = 0; i < 3; i++) {
      const explanation = await net.get<{ amount: string; verdicts: { valid: boolean; reason: string | null }[] }>(i, `/v1/devices/${liarId}/epochs/2`)
      expect(explanation.verdicts).toHaveLength(4)
      expect(explanation.verdicts.every((v) => v.reason === 'DEVICE_EQUIVOCATED')).toBe(true)
      expect(explanation.amount).toBe('0')
      const { equivocations } = await net.get<{ equivocations: { epoch: string; sequence: string; reports: { signed: Hex }[] }[] }>(i, `/v1/devices/${liarId}/equivocations`)
      expect(equivocations).toHaveLength(1)
      expect(equivocations[0]).toMatchObject({ epoch: '2', sequence: '1000' })
      expect(equivocations[0]!.reports.map((r) => r.signed).sort()).toEqual(versions.map((v) => `0x${Buffer.from(v).toString('hex')}`).sort())
    }
  }, 120_000)

  it('epoch 3: one oracle refuses connections while the others seal; they commit without it after the manifest wait, and it still signs and serves the committed root', async () => {
    await net.reportEpoch(3)
    net.proxies[2]!.setMode('refuse')
    await net.sealEpoch(3)
    // The proposer waits up to manifestWaitMs for C's manifest, then proposes with A and B: the test moves time on.
    await net.until('the proposer to say it waits for C', async () => (saidWaitingFor(net, 3, net.proxies[2]!.url) ? true : undefined))
    await net.toRound(3, 0)
    await net.committed(3)
    await everyOracleProofVerifies(3)
    await publishedInputsReproduce(3)
    net.proxies[2]!.setMode('pass')
  }, 120_000)

  it('epoch 4: one oracle accepts connections and never answers (slow); the others time out on it, commit, and it catches up', async () => {
    await net.reportEpoch(4)
    net.proxies[2]!.setMode('hang')
    await net.sealEpoch(4)
    await net.until('the proposer to say C does not answer', async () => (saidWaitingFor(net, 4, net.proxies[2]!.url) ? true : undefined))
    await net.toRound(4, 0)
    await net.committed(4)
    net.proxies[2]!.setMode('pass')
    await everyOracleProofVerifies(4)
    await publishedInputsReproduce(4)
  }, 120_000)

  it("epoch 5: the round's proposer itself is unreachable; the next round's proposer proposes and the epoch commits", async () => {
    // Epoch 5's round-0 proposer is the third oracle in address order.
    const set = [...net.oracleAccounts.map((a, i) => [a.address.toLowerCase(), i] as const)].sort()
    const proposer = set[5 % 3]![1]
    const others = [0, 1, 2].filter((i) => i !== proposer)
    await net.reportEpoch(5)
    net.proxies[proposer]!.setMode('refuse')
    await net.sealEpoch(5)
    await net.until('the others to wait for round 0', async () =>
      net.logs.some((l) => others.includes(l.oracle) && l.event === 'epoch waiting' && l.fields.epoch === '5') ? true : undefined,
    )
    expect(await net.chainNext()).toBe(5n)
    await net.toRound(5, 1)
    await net.committed(5)
    net.proxies[proposer]!.setMode('pass')
    await everyOracleProofVerifies(5)
    await publishedInputsReproduce(5)
  }, 120_000)

  it('epochs 6–8: an oracle stopped mid-epoch misses two committed epochs, restarts, recovers them from its peers, and agrees again', async () => {
    const start = net.epochStartMs(6)
    await net.setTime(start + 1_000)
    for (const d of [0, 1, 2, 3]) for (const o of [0, 1, 2]) expect((await net.post(o, net.heartbeat(d, start + 1_000))).status).toBe(200)
    await net.stopOracle(1)
    for (let t = 11_000; t < net.epochMs; t += 10_000) {
      await net.setTime(start + t)
      for (const d of [0, 1, 2, 3]) {
        const report = net.heartbeat(d, start + t)
        for (const o of [0, 2]) expect((await net.post(o, report)).status).toBe(200)
      }
    }
    await net.sealEpoch(6)
    // B is epoch 6's round-0 proposer: the round passes, and the next proposer waits out its manifest wait.
    await net.toRound(6, 1)
    await net.committed(6)
    await net.reportEpoch(7, [0, 2])
    await net.sealEpoch(7)
    await net.toRound(7, 0) // A proposes without B's manifest once its wait is over
    await net.committed(7)

    await net.startOracle(1)
    await net.until('B recovers epochs 6 and 7', async () => {
      const e = await net.get<{ committed: unknown; root: Hex }>(1, '/v1/epochs/7').catch(() => undefined)
      return e?.committed === null || e === undefined ? undefined : e
    })
    expect(net.logs.some((l) => l.oracle === 1 && l.event === 'epoch recovered' && l.fields.epoch === '6')).toBe(true)
    await everyOracleProofVerifies(7)
    await publishedInputsReproduce(6)
    await publishedInputsReproduce(7)

    await net.reportEpoch(8)
    await net.sealEpoch(8)
    await net.committed(8)
    await everyOracleProofVerifies(8)
    await publishedInputsReproduce(8)
  }, 180_000)

  it('epoch 9: one oracle receives 3,000 reports in 1,000-report batches while the others receive none; all three compute from all of them', async () => {
    const start = net.epochStartMs(9)
    await net.setTime(start + 1_000)
    const reports: Uint8Array[] = []
    for (let i = 0; i < 3_000; i++) reports.push(net.heartbeat(i % 4, start + 1_000 + Math.floor(i / 4) * 15))
    for (let at = 0; at < reports.length; at += 1_000) {
      await net.setTime(start + 1_000 + Math.floor(at / 4) * 15 + 1)
      expect(await net.postBatch(0, reports.slice(at, at + 1_000))).toMatchObject({ accepted: 1_000, rejected: 0 })
    }
    await net.sealEpoch(9)
    await net.committed(9)
    for (let i = 0; i < 3; i++) {
      await net.until(`oracle ${i} computes epoch 9`, async () => ((await fetch(`${net.url(i)}/v1/epochs/9`)).ok ? true : undefined))
      expect((await net.get<{ reports: number }>(i, '/v1/epochs/9')).reports).toBe(3_000)
    }
    await everyOracleProofVerifies(9)
    await publishedInputsReproduce(9)
  }, 180_000)

  it('epoch 10: an oracle configured with pool weights governance never set refuses to compute; the two that agree commit, and it says why in one line', async () => {
    await net.stopOracle(2)
    await net.startOracle(2, {
      pools: [
        { name: 'uptime.uptime', basisPoints: 9_000 },
        { name: 'treasury', basisPoints: 1_000 },
      ],
    })
    await net.reportEpoch(10)
    await net.sealEpoch(10)
    await net.committed(10)
    await net.until('C to stop signing', async () => net.oracle(2)!.haltedBecause?.())
    expect(net.oracle(2)!.haltedBecause?.()).toMatch(
      /^PINION_ERR_PARAMS_MISMATCH: epoch 10: governance put 0x[0-9a-f]{64} "pools" parameters in force, but this oracle runs 0x[0-9a-f]{64}/,
    )
    const halts = net.logs.filter((l) => l.oracle === 2 && l.event === 'epochs halted')
    expect(halts).toHaveLength(1)
    expect(halts[0]!.fields.error).toMatchObject({ code: 'PINION_ERR_PARAMS_MISMATCH', stack: expect.stringContaining('assertParamsInForce') })
    // It serves no proof for a root it does not hold.
    for (const operator of net.operators) {
      const { claim } = await net.get<{ claim: Claim }>(2, `/v1/recipients/${operator.address}`)
      if (claim !== null) expect(Number(claim.epoch)).toBeLessThan(10)
    }
  }, 120_000)

  it('epoch 11: an oracle whose scoring rules differ (a modified build) cannot reproduce a committed root; it stops with one line, and the others go on without it', async () => {
    await net.stopOracle(2)
    // Same name and parameters, so the same governed hashes; another score: another root.
    const greedy: Kind = {
      ...(uptime as Kind),
      score: (reports, context) => uptime.score(reports as never, context as never).map((s, i) => (i === 0 ? { ...s, weight: s.weight * 2n } : s)),
    }
    await net.startOracle(2, { kinds: new Map([['uptime', greedy]]) })
    // It recovers epoch 10, which its rules score differently: the committed root is not reproduced.
    await net.until('C to stop signing', async () => net.oracle(2)!.haltedBecause?.())
    expect(net.oracle(2)!.haltedBecause?.()).toMatch(/^PINION_ERR_ROOT_MISMATCH: epoch 10's committed inputs give root 0x[0-9a-f]+ here, but the chain holds/)
    const halts = net.logs.filter((l) => l.oracle === 2 && l.event === 'epochs halted')
    expect(halts).toHaveLength(2) // this one, and epoch 10's parameter mismatch
    expect(halts[1]!.fields.error).toMatchObject({ code: 'PINION_ERR_ROOT_MISMATCH', stack: expect.stringContaining('recoverEpoch') })
    // C would propose epoch 11's round 0; round 1's proposer goes on, and the two others commit.
    await net.reportEpoch(11)
    await net.sealEpoch(11)
    await net.toRound(11, 1)
    await net.committed(11)
  }, 120_000)

  it('epoch 12: an oracle started on an empty store recovers every committed epoch from its peers, and the epoch the token cap clamps commits, sized from what was minted', async () => {
    await net.stopOracle(2)
    net.wipeStore(2)
    await net.startOracle(2)
    await net.until('C to recover epochs 0–11', async () => {
      const e = await net.get<{ committed: unknown }>(2, '/v1/epochs/11').catch(() => undefined)
      return e === undefined || e.committed === null ? undefined : true
    })
    expect(net.logs.filter((l) => l.oracle === 2 && l.event === 'epoch recovered').map((l) => l.fields.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => String(i)))
    await net.reportEpoch(12, [0, 1, 2])
    await net.sealEpoch(12)
    await net.committed(12)
    await everyOracleProofVerifies(12)
    // Half of epoch 12's scheduled emission fits under the cap: that half, and no more, is paid.
    const released = await net.client.readContract({ address: net.deployment.emissions, abi: emissionsAbi, functionName: 'emissionReleasedFor', args: [12n] })
    const scheduled = await net.client.readContract({ address: net.deployment.emissions, abi: emissionsAbi, functionName: 'emissionOf', args: [12n] })
    expect(released).toBe(scheduled / 2n)
    for (let i = 0; i < 3; i++) expect((await net.get<{ emission: string }>(i, '/v1/epochs/12')).emission).toBe(released.toString())
  }, 180_000)

  it("epoch 13: governance replaces an oracle (propose, vote, queue, execute); the next epoch is committed by the new set, past the cap, and the old oracle's signature no longer counts", async () => {
    const [a, b, c] = net.oracleAccounts
    const d = net.oracleAccounts[3]!
    const governor = { address: net.deployment.governor, abi: pinionGovernorAbi } as const
    const distributor = { address: net.deployment.distributor, abi: rewardDistributorAbi } as const
    const admin = createWalletClient({ account: net.admin, chain: net.devnet.chain, transport: http(net.devnet.rpcUrl) })
    const send = async (hash: Hex) => expect((await waitForReceipt(net.client, hash)).status).toBe('success')
    const versionBefore = await net.client.readContract({ ...distributor, functionName: 'oracleSetVersion' })

    await send(await admin.writeContract({ address: net.deployment.token, abi: pinionTokenAbi, functionName: 'delegate', args: [net.admin.address] }))
    await net.setTime(net.epochStartMs(13) + 1_000)
    const targets = [net.deployment.distributor] as const
    const calldatas = [encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'replaceOracle', args: [c!.address, d.address] })] as const
    const description = `replace oracle ${c!.address} with ${d.address}`
    const descriptionHash = keccak256(toHex(description))
    await send(await admin.writeContract({ ...governor, functionName: 'propose', args: [targets, [0n], calldatas, description] }))
    const id = await net.client.readContract({ ...governor, functionName: 'hashProposal', args: [targets, [0n], calldatas, descriptionHash] })
    await net.advanceChain(2) // the voting delay
    await send(await admin.writeContract({ ...governor, functionName: 'castVote', args: [id, 1] }))
    await net.advanceChain(21) // the voting period
    await send(await admin.writeContract({ ...governor, functionName: 'queue', args: [targets, [0n], calldatas, descriptionHash] }))
    await net.advanceChain(11) // the timelock
    await send(await admin.writeContract({ ...governor, functionName: 'execute', args: [targets, [0n], calldatas, descriptionHash] }))
    const oracles = await net.client.readContract({ ...distributor, functionName: 'oracles' })
    expect(oracles.map((o) => o.toLowerCase()).sort()).toEqual([a!.address, b!.address, d.address].map((o) => o.toLowerCase()).sort())
    expect(await net.client.readContract({ ...distributor, functionName: 'oracleSetVersion' })).toBe(versionBefore + 1)

    // Devices report the rest of the epoch to the new set; the epoch is committed by it.
    const start = net.epochStartMs(13)
    for (let t = Math.ceil((net.now() - start + 1) / 10_000) * 10_000 + 1_000; t < net.epochMs; t += 10_000) {
      await net.setTime(start + t)
      for (const device of [0, 1, 2, 3]) {
        const report = net.heartbeat(device, start + t)
        for (const oracle of [0, 1, 3]) expect((await net.post(oracle, report)).status).toBe(200)
      }
    }
    await net.sealEpoch(13)
    await net.toRound(13, 1) // whoever proposes, past its manifest wait
    await net.committed(13)
    const [commit] = await net.client.getContractEvents({ ...distributor, eventName: 'RootCommitted', args: { epoch: 13n }, fromBlock: net.deployment.blockNumber })
    const transaction = await net.client.getTransaction({ hash: commit!.transactionHash })
    const [root, packed] = decodeFunctionData({ abi: rewardDistributorAbi, data: transaction.input }).args as unknown as [RewardRoot, Hex]
    expect(root.version).toBe(versionBefore + 1)
    const signers: string[] = []
    for (let at = 2; at < packed.length; at += 128) {
      const signature = serializeSignature(compactSignatureToSignature(parseCompactSignature(`0x${packed.slice(at, at + 128)}`)))
      signers.push((await recoverTypedDataAddress({ ...rewardRootTypedData(net.devnet.chain.id, net.deployment.distributor, root), signature })).toLowerCase())
    }
    expect(signers.length).toBeGreaterThanOrEqual(2)
    for (const signer of signers) expect([a!.address, b!.address, d.address].map((x) => x.toLowerCase())).toContain(signer)
    // The replaced oracle's signature, even of the committed values under the current version, is refused.
    const forged = { ...root, epoch: 14n }
    const byOld = await c!.signTypedData!(rewardRootTypedData(net.devnet.chain.id, net.deployment.distributor, forged))
    const byA = await a!.signTypedData!(rewardRootTypedData(net.devnet.chain.id, net.deployment.distributor, forged))
    const attempt = net.client.simulateContract({
      ...distributor,
      functionName: 'commitRoot',
      args: [
        forged,
        packOracleSignatures([
          { signer: c!.address, signature: byOld },
          { signer: a!.address, signature: byA },
        ]),
      ],
      account: net.admin.address,
    })
    await expect(attempt).rejects.toThrow(/SignerNotOracle/)
    // Past the cap, the epoch still commits: its emission is what was released, nothing.
    expect(await net.client.readContract({ address: net.deployment.emissions, abi: emissionsAbi, functionName: 'emissionReleasedFor', args: [13n] })).toBe(0n)
  }, 180_000)

  it('epoch 14: every oracle restarts on an empty store while the chain holds committed epochs; each refuses to sign, says why, and nothing smaller is ever committed', async () => {
    await Promise.all([0, 1, 3].map((i) => net.stopOracle(i)))
    for (const i of [0, 1, 3]) net.wipeStore(i)
    const [, , totalBefore] = await net.client.readContract({ address: net.deployment.distributor, abi: rewardDistributorAbi, functionName: 'latestRoot' })
    await Promise.all([0, 1, 3].map((i) => net.startOracle(i)))
    await net.until('every oracle to say it cannot recover epoch 0', async () =>
      [0, 1, 3].every((i) => net.logs.some((l) => l.oracle === i && l.event === 'epoch not recovered' && l.fields.epoch === '0')) ? true : undefined,
    )
    const said = net.logs.find((l) => l.oracle === 0 && l.event === 'epoch not recovered')!
    expect(String(said.fields.why)).toMatch(/this oracle never computed it, and no peer serves inputs that reproduce it/)
    expect(said.fields.signing).toBe('stopped until it is recovered')
    // Time moves on through a whole epoch and its rounds: no root is committed, none lowers anyone.
    await net.reportEpoch(14, [0, 1, 3])
    await net.sealEpoch(14)
    await net.toRound(14, 3)
    await new Promise((resolve) => setTimeout(resolve, 2_000)) // real time for the runners to act, were they to
    expect(await net.chainNext()).toBe(14n)
    const [, , totalAfter] = await net.client.readContract({ address: net.deployment.distributor, abi: rewardDistributorAbi, functionName: 'latestRoot' })
    expect(totalAfter).toBe(totalBefore)
    for (const i of [0, 1, 3]) expect(net.logs.some((l) => l.oracle === i && l.event === 'epoch computed' && l.fields.epoch === '14')).toBe(false)
  }, 180_000)
})

/** Whether an oracle logged, for `epoch`, that it waits on `peer`: a wait is never silent. */
function saidWaitingFor(net: OracleNetwork, epoch: number, peer: string): boolean {
  return net.logs.some((l) => l.event === 'epoch waiting' && l.fields.epoch === String(epoch) && String(l.fields.why).includes(peer))
}

function deviceIdOfKey(net: OracleNetwork, index: number): string {
  return deviceIdOf(net.keys[index]!.publicKey)
}
