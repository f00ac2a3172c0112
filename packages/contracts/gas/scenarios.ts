/**
 * The operations whose gas Pinion tracks, measured from transaction receipts (never estimates) on a
 * fresh anvil devnet. Every input is deterministic — fixed keys, RFC 6979 signatures, seeded trees —
 * so the same code gives the same numbers, and a change in gas is a change in the contracts. The core
 * contracts' scenarios are here; each kind's are in its folder, `src/kinds/<kind>/gas.ts`, found by
 * folder (./kinds.ts).
 */
import { type RewardEntry, RewardTree, p256KeyPair, signP256 } from '@pinion/protocol'
import { latLngToCell } from 'h3-js'
import {
  type Account,
  type Address,
  type Hex,
  bytesToHex,
  encodeFunctionData,
  hexToBytes,
  keccak256,
  parseEther,
  parseSignature,
  serializeCompactSignature,
  signatureToCompactSignature,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { rewardDistributorAbi } from '../generated/artifacts.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { type RootInput, startNetwork } from '@pinion/testkit/localNetwork'
import { KeyType, type Registration, registrationTypedData, rewardRootTypedData } from '../sdk/typedData.ts'
import { measureCredits } from './credits.ts'
import { loadKindGasScenarios } from './kinds.ts'
import { measureDeviceShares, measureRewardSplit } from './ownership.ts'
import { measurePieceProofs } from './pieceProofs.ts'
import type { GasSnapshots } from './snapshots.ts'
import { measureStaking } from './staking.ts'

const MILLION = 1_000_000
const DEVICE_CLASS = 1
/** A maker-signature deadline (2100-01-01): a timestamp's calldata, as a real one costs. */
const SIGNATURE_DEADLINE = 4_102_444_800n
/** Labelled accounts placed in each reward tree, among which full-depth claimants are chosen. */
const CANDIDATES = 8

/** A funded account derived from a label, so every run uses the same addresses. */
const labelled = (label: string) => privateKeyToAccount(keccak256(toHex(`pinion-gas:${label}`)))

/** `count` deterministic entries with random-looking addresses and 18-decimal amounts. */
function seededEntries(count: number, seed: number): RewardEntry[] {
  let state = seed >>> 0
  const next = () => {
    // xorshift32: cheap, seeded, and plenty for filler leaves.
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return state >>> 0
  }
  const bytes = new Uint8Array(20)
  const view = new DataView(bytes.buffer)
  const entries: RewardEntry[] = new Array(count)
  for (let i = 0; i < count; i++) {
    for (let w = 0; w < 5; w++) view.setUint32(w * 4, next())
    entries[i] = { recipient: bytesToHex(bytes) as Address, cumulativeAmount: BigInt(next()) * 10n ** 12n }
  }
  return entries
}

/** The voter's genesis allocation in the governance scenarios: 10% of the supply. */
const GENESIS_VOTES = 10n ** 27n

/**
 * Deploys a network whose emissions can fund a million-recipient tree, and whose first devnet account
 * holds a genesis allocation to vote with; with `kinds`, their contracts too.
 */
function startGasNetwork(kinds: readonly string[] = []) {
  return startNetwork({
    deploy: {
      kinds,
      token: {
        name: 'Pinion',
        symbol: 'PIN',
        cap: 10n ** 28n,
        genesisAllocations: [{ holder: devnetAccounts(1)[0]!.address, amount: GENESIS_VOTES }],
      },
      emissions: { genesisTime: 0n, epochDuration: 3_600n, initialEpochEmission: 10n ** 27n, halvingInterval: 0n },
    },
  })
}

type Network = Awaited<ReturnType<typeof startNetwork>>

/**
 * Measures every snapshotted operation, contract by contract — the core contracts' and each kind's
 * (its `gas.ts`, on a network deployed with the kind); `only` (contract names, e.g. `['PingMarket']`)
 * measures just those, for regenerating one snapshot without the slow ones.
 */
export async function measureGas(log: (line: string) => void = () => {}, only?: readonly string[]): Promise<GasSnapshots> {
  const measurements: Record<string, () => Promise<Record<string, number>>> = {
    Credits: () => withNetwork(measureCredits),
    DeviceRegistry: () => withNetwork(measureRegistry),
    DeviceShares: () => withNetwork(measureDeviceShares),
    PieceProofs: () => withNetwork(measurePieceProofs),
    PinionGovernor: () => withNetwork(measureGovernance),
    RewardDistributor: async () => ({
      ...(await withNetwork((net) => measureDistributor(net, MILLION, log, { recordCommits: true }))),
      ...(await withNetwork((net) => measureDistributor(net, 100_000, log, { recordCommits: false }))),
      ...(await withNetwork(measureDistributorSafety)),
    }),
    RewardSplit: () => withNetwork(measureRewardSplit),
    Staking: () => withNetwork(measureStaking),
  }
  for (const { kind, contract, measure } of await loadKindGasScenarios()) {
    // Snapshots are named by contract alone: gas-snapshots/<Name>.json.
    if (Object.hasOwn(measurements, contract)) throw new Error(`src/kinds/${kind}/gas.ts measures ${contract}, a name another contract's gas snapshot already has`)
    measurements[contract] = () => withNetwork(measure, [kind])
  }
  const contracts = Object.keys(measurements).sort()
  const unknown = (only ?? []).filter((name) => !Object.hasOwn(measurements, name))
  if (unknown.length > 0) throw new Error(`no gas measurements for ${unknown.join(', ')}; expected some of ${contracts.join(', ')}`)
  const snapshots: GasSnapshots = {}
  for (const contract of contracts) {
    if (only === undefined || only.includes(contract)) snapshots[contract] = await measurements[contract]!()
  }
  return snapshots
}

async function withNetwork<T>(measure: (net: Network) => Promise<T>, kinds: readonly string[] = []): Promise<T> {
  const net = await startGasNetwork(kinds)
  try {
    return await measure(net)
  } finally {
    await net.stop()
  }
}

/** A funded account derived from `label`. */
export async function funded(net: Network, label: string) {
  const account = labelled(label)
  await net.testClient.setBalance({ address: account.address, value: parseEther('100') })
  return account
}

/** The gas a transaction used, from its receipt. */
export const gasOf = (receipt: { gasUsed: bigint }) => Number(receipt.gasUsed)

async function measureRegistry(net: Network): Promise<Record<string, number>> {
  const { registry } = net.contracts
  const { admin, maker } = net.accounts
  const gas: Record<string, number> = {}
  await net.send(admin, { ...registry, functionName: 'addMaker', args: [DEVICE_CLASS, maker.address] })
  const signRegistration = (registration: Registration) => net.walletFor(maker).signTypedData(registrationTypedData(net.chain.id, registry.address, registration))
  const registration = (label: string, owner: Address, keyType: KeyType = KeyType.Ed25519, key?: Hex): Registration => ({
    keyType,
    key: key ?? keccak256(toHex(`pinion-gas:key:${label}`)),
    deviceClass: DEVICE_CLASS,
    serial: keccak256(toHex(`pinion-gas:serial:${label}`)),
    owner,
    nonce: 0n,
    deadline: SIGNATURE_DEADLINE,
  })
  const register = async (operator: Account, reg: Registration) =>
    gasOf(await net.send(operator, { ...registry, functionName: 'registerDevice', args: [reg, maker.address, await signRegistration(reg)] }))

  const operator = await funded(net, 'operator')
  const first = registration('first', operator.address)
  gas['registerDevice: maker-signed, ed25519, new owner'] = await register(operator, first)
  gas['registerDevice: maker-signed, ed25519, owner already has a device'] = await register(operator, registration('second', operator.address))

  const p256Owner = await funded(net, 'p256-owner')
  const device = p256KeyPair(keccak256(toHex('pinion-gas:p256-device')))
  const p256Registration = registration('p256', p256Owner.address, KeyType.P256, device.publicKey)
  const message = await registry.read.possessionMessage([p256Owner.address, DEVICE_CLASS])
  const proof = signP256(device.privateKey, hexToBytes(message))
  gas['registerDeviceWithProof: maker-signed, P-256 possession proof, new owner'] = gasOf(
    await net.send(p256Owner, {
      ...registry,
      functionName: 'registerDeviceWithProof',
      args: [p256Registration, maker.address, await signRegistration(p256Registration), proof.r, proof.s],
    }),
  )

  const deviceId = BigInt(keccak256(first.key))
  const cell = (lat: number, lng: number) => BigInt(`0x${latLngToCell(lat, lng, 12)}`)
  const assertAt = async (lat: number, lng: number, gain: number, elevation: number) =>
    gasOf(await net.send(operator, { ...registry, functionName: 'assertLocation', args: [deviceId, cell(lat, lng), gain, elevation, 0n] }))
  gas['assertLocation: first assertion'] = await assertAt(52.52, 13.405, 12, 5)
  gas['assertLocation: move'] = await assertAt(48.8566, 2.3522, 30, 12)
  gas.setRecipient = gasOf(await net.send(operator, { ...registry, functionName: 'setRecipient', args: [deviceId, labelled('split').address] }))
  return gas
}

/**
 * Commits two epochs of a `size`-recipient tree and measures: the first claim of a recipient new to
 * the token (the worst case: two fresh storage slots), a relayed first claim, and the repeat claim
 * that collects the next epoch. Claimants are chosen among a few labelled accounts so that their
 * proofs have the tree's full depth (a complete tree of n leaves has some one level shallower).
 */
async function measureDistributor(net: Network, size: number, log: (line: string) => void, { recordCommits }: { recordCommits: boolean }): Promise<Record<string, number>> {
  const { distributor } = net.contracts
  const label = `${size.toLocaleString('en')}-recipient tree`
  const depth = Math.ceil(Math.log2(size))
  const levels = `${depth}-level proof`
  const gas: Record<string, number> = {}

  log(`building two epochs of a ${label}…`)
  const candidates = Array.from({ length: CANDIDATES }, (_, i) => labelled(`candidate-${size}-${i}`))
  const entries = seededEntries(size, 0x9e3779b9)
  candidates.forEach((account, i) => {
    entries[i] = { recipient: account.address, cumulativeAmount: parseEther('1234.567891') + BigInt(i) * 10n ** 15n }
  })
  const next = entries.map((e, i) => ({
    recipient: e.recipient,
    cumulativeAmount: e.cumulativeAmount + BigInt(i % 997) * 10n ** 15n + parseEther('3.25'),
  }))
  const [tree0, tree1] = [RewardTree.build(entries), RewardTree.build(next)]
  const deep = (tree: RewardTree, i: number) => tree.proof(i).length === depth
  const claimantIndex = candidates.findIndex((_, i) => deep(tree0, i) && deep(tree1, i))
  const beneficiaryIndex = candidates.findIndex((_, i) => i !== claimantIndex && deep(tree0, i))
  if (claimantIndex < 0 || beneficiaryIndex < 0) throw new Error(`no candidate has a ${levels} in the ${label}`)
  const claimant = candidates[claimantIndex]!
  const beneficiary = candidates[beneficiaryIndex]! // holds no ETH: a relayer pays for its claim
  await net.testClient.setBalance({ address: claimant.address, value: parseEther('100') })
  const relayer = await funded(net, `relayer-${size}`)

  const version = await distributor.read.oracleSetVersion()
  await net.releaseEpochs(1n)
  const root0 = {
    epoch: 0n,
    version,
    root: tree0.root,
    totalCumulative: entries.reduce((sum, e) => sum + e.cumulativeAmount, 0n),
    inputsHash: keccak256(toHex('inputs:0')),
    paramsHash: keccak256(toHex('params')),
  }
  const firstCommit = gasOf(await net.commitRoot(root0))
  if (recordCommits) gas['commitRoot: 2-of-3 oracle signatures, first root'] = firstCommit

  // An epoch later root 0's dispute window has passed: committing root 1 promotes it.
  await net.releaseEpochs(1n)
  const root1 = {
    ...root0,
    epoch: 1n,
    root: tree1.root,
    totalCumulative: next.reduce((sum, e) => sum + e.cumulativeAmount, 0n),
    inputsHash: keccak256(toHex('inputs:1')),
  }
  const nextCommit = gasOf(await net.commitRoot(root1))
  if (recordCommits) gas['commitRoot: 2-of-3 oracle signatures, next epoch, promoting the previous root'] = nextCommit

  gas[`claim: first, ${label} (${levels})`] = gasOf(
    await net.send(claimant, {
      ...distributor,
      functionName: 'claim',
      args: [entries[claimantIndex]!.cumulativeAmount, tree0.proof(claimantIndex)],
    }),
  )
  gas[`claimFor: first, ${label} (${levels})`] = gasOf(
    await net.send(relayer, {
      ...distributor,
      functionName: 'claimFor',
      args: [beneficiary.address, entries[beneficiaryIndex]!.cumulativeAmount, tree0.proof(beneficiaryIndex)],
    }),
  )

  await net.travel(BigInt(net.params.disputeWindowSeconds))
  const promotion = gasOf(await net.send(relayer, { ...distributor, functionName: 'promoteRoots' }))
  if (recordCommits) gas['promoteRoots: one matured root'] = promotion

  gas[`claim: repeat, ${label} (${levels})`] = gasOf(
    await net.send(claimant, {
      ...distributor,
      functionName: 'claim',
      args: [next[claimantIndex]!.cumulativeAmount, tree1.proof(claimantIndex)],
    }),
  )
  if (recordCommits) {
    // A claim built on root 0 while root 1 was promoted: it is proven against the previous root.
    const racerIndex = candidates.findIndex((_, i) => i !== claimantIndex && i !== beneficiaryIndex && deep(tree0, i))
    const racer = candidates[racerIndex]!
    gas[`claimFor: first, proof of the previous claimable root, ${label} (${levels})`] = gasOf(
      await net.send(relayer, {
        ...distributor,
        functionName: 'claimFor',
        args: [racer.address, entries[racerIndex]!.cumulativeAmount, tree0.proof(racerIndex)],
      }),
    )
    // Root 1 is already claimable: nothing to promote.
    await net.releaseEpochs(1n)
    const root2 = { ...root1, epoch: 2n, inputsHash: keccak256(toHex('inputs:2')) }
    gas['commitRoot: 2-of-3 oracle signatures, next epoch, nothing to promote'] = gasOf(await net.commitRoot(root2))
  }
  return gas
}

/** A root for `epoch` in the safety scenarios: every total zero, so no funding is needed. */
const safetyRoot = (epoch: bigint, label: string): RootInput => ({
  epoch,
  root: keccak256(toHex(`pinion-gas:root:${label}`)),
  totalCumulative: 0n,
  inputsHash: keccak256(toHex(`pinion-gas:inputs:${label}`)),
  paramsHash: keccak256(toHex('pinion-gas:params')),
})

/** What the safety features cost when used: a veto, an equivocation proof, an oracle replaced. */
async function measureDistributorSafety(net: Network): Promise<Record<string, number>> {
  const { distributor } = net.contracts
  const gas: Record<string, number> = {}
  await net.commitRoot(safetyRoot(0n, 'a'))
  await net.commitRoot(safetyRoot(1n, 'b'))
  gas['veto: by the guardian, two pending roots'] = gasOf(await net.send(net.accounts.guardian, { ...distributor, functionName: 'veto', args: [0n] }))

  // Oracle A signed two different roots for epoch 0 under one version; root 0 is pending again.
  const [a, b] = net.accounts.oracles as [Account, Account]
  const first = await net.versioned(safetyRoot(0n, 'c'))
  await net.commitRoot(
    first,
    [a, b].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1)),
  )
  const second = { ...first, root: keccak256(toHex('pinion-gas:root:d')) }
  const compact = async (root: typeof first) =>
    serializeCompactSignature(signatureToCompactSignature(parseSignature(await a.signTypedData!(rewardRootTypedData(net.chain.id, distributor.address, root)))))
  const prover = await funded(net, 'prover')
  gas['proveEquivocation: removes the oracle and vetoes its pending root'] = gasOf(
    await net.send(prover, { ...distributor, functionName: 'proveEquivocation', args: [first, await compact(first), second, await compact(second)] }),
  )
  gas['replaceOracle: by governance (the timelock)'] = gasOf(
    await net.governance({ ...distributor, functionName: 'replaceOracle', args: [b.address, labelled('new-oracle').address] }),
  )
  return gas
}

/**
 * A proposal's life, each step measured: the voter (10% of the supply from genesis) proposes to
 * replace an oracle, votes, queues and executes it after the timelock's delay.
 */
async function measureGovernance(net: Network): Promise<Record<string, number>> {
  const { governor, token } = net.contracts
  const voter = net.accounts.admin
  const gas: Record<string, number> = {}
  await net.send(voter, { ...token, functionName: 'delegate', args: [voter.address] })
  await net.travel(1n)
  const calldata = encodeFunctionData({
    abi: rewardDistributorAbi,
    functionName: 'replaceOracle',
    args: [net.accounts.oracles[1]!.address, labelled('new-oracle').address],
  })
  const description = 'Replace oracle B'
  const descriptionHash = keccak256(toHex(description))
  const action = [[net.deployment.distributor], [0n], [calldata]] as const
  gas['propose: one action (replaceOracle)'] = gasOf(await net.send(voter, { ...governor, functionName: 'propose', args: [...action, description] }))
  const proposalId = await governor.read.hashProposal([...action, descriptionHash])
  await net.travel(BigInt(net.params.governance.votingDelaySeconds + 1))
  gas['castVote: first vote'] = gasOf(await net.send(voter, { ...governor, functionName: 'castVote', args: [proposalId, 1] }))
  await net.travel(BigInt(net.params.governance.votingPeriodSeconds + 1))
  gas['queue: into the timelock'] = gasOf(await net.send(voter, { ...governor, functionName: 'queue', args: [...action, descriptionHash] }))
  await net.travel(BigInt(net.params.governance.timelockDelaySeconds + 1))
  const executor = await funded(net, 'executor')
  gas['execute: through the timelock (replaceOracle)'] = gasOf(await net.send(executor, { ...governor, functionName: 'execute', args: [...action, descriptionHash] }))
  return gas
}
