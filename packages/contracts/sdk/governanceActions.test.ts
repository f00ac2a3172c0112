import { encodeFunctionData, getAddress, keccak256, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { emissionsAbi, rewardDistributorAbi } from '../generated/artifacts.ts'
import {
  type GovernanceAction,
  type GovernedContracts,
  decodeCall,
  describeAction,
  describeActions,
  descriptionMatches,
  encodeAction,
  oracleCountBefore,
  paramsLabel,
  proposalDescription,
  roleId,
} from './governanceActions.ts'

const contracts: GovernedContracts = {
  distributor: '0x1000000000000000000000000000000000000001',
  registry: '0x2000000000000000000000000000000000000002',
  params: '0x3000000000000000000000000000000000000003',
  timelock: '0x4000000000000000000000000000000000000004',
}
const A = getAddress('0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
const B = getAddress('0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')
const HASH = keccak256(toHex('wireless parameters v2'))
const DEVICE = BigInt(keccak256(toHex('a device key')))

/** Every action, the contract it calls, and its words when the oracle set had 3 members before. */
const TABLE: { action: GovernanceAction; target: keyof GovernedContracts; words: string }[] = [
  { action: { action: 'add-oracle', oracle: A, quorum: 3 }, target: 'distributor', words: `add oracle ${A} (quorum 3 of 4)` },
  { action: { action: 'remove-oracle', oracle: A, quorum: 2 }, target: 'distributor', words: `remove oracle ${A} (quorum 2 of 2)` },
  { action: { action: 'replace-oracle', oracle: A, replacement: B }, target: 'distributor', words: `replace oracle ${A} with ${B}` },
  { action: { action: 'quorum', quorum: 3 }, target: 'distributor', words: 'quorum 3 of 3' },
  { action: { action: 'dispute-window', seconds: 86_400n }, target: 'distributor', words: 'dispute window 86,400 s (1 day)' },
  { action: { action: 'dispute-window', seconds: 90n }, target: 'distributor', words: 'dispute window 90 s' },
  { action: { action: 'add-maker', deviceClass: 7, maker: A }, target: 'registry', words: `approve maker ${A} for device class 7` },
  { action: { action: 'remove-maker', deviceClass: 7, maker: A }, target: 'registry', words: `remove maker ${A} from device class 7` },
  { action: { action: 'suspend', deviceId: DEVICE }, target: 'registry', words: `suspend device 0x${DEVICE.toString(16).padStart(64, '0')}` },
  { action: { action: 'reinstate', deviceId: 5n }, target: 'registry', words: `reinstate device 0x${'0'.repeat(63)}5` },
  {
    action: { action: 'release-key', deviceId: 5n, serial: HASH },
    target: 'registry',
    words: `release the key of device 0x${'0'.repeat(63)}5 (serial ${HASH})`,
  },
  { action: { action: 'transfer-guardian', contract: 'distributor', guardian: B }, target: 'distributor', words: `distributor: hand the guardian role to ${B} (it must accept)` },
  { action: { action: 'transfer-guardian', contract: 'registry', guardian: B }, target: 'registry', words: `registry: hand the guardian role to ${B} (it must accept)` },
  { action: { action: 'grant-role', contract: 'timelock', role: roleId('CANCELLER_ROLE'), account: B }, target: 'timelock', words: `timelock: grant CANCELLER_ROLE to ${B}` },
  { action: { action: 'revoke-role', contract: 'timelock', role: roleId('CANCELLER_ROLE'), account: A }, target: 'timelock', words: `timelock: revoke CANCELLER_ROLE from ${A}` },
  {
    action: { action: 'grant-role', contract: 'registry', role: roleId('DEFAULT_ADMIN_ROLE'), account: A },
    target: 'registry',
    words: `registry: grant DEFAULT_ADMIN_ROLE to ${A}`,
  },
  {
    action: { action: 'schedule-params', name: 'kind/wireless', hash: HASH, fromEpoch: 1_200n },
    target: 'params',
    words: `wireless parameters → hash ${HASH}, from epoch 1,200`,
  },
  { action: { action: 'schedule-params', name: 'pools', hash: HASH, fromEpoch: 3n }, target: 'params', words: `pool weights → hash ${HASH}, from epoch 3` },
]

describe('governance actions', () => {
  it.each(TABLE)('$words: encodes to a call on the $target and decodes to the same action and words', ({ action, target, words }) => {
    const call = encodeAction(action, contracts)
    expect(call.target).toBe(contracts[target])
    expect(call.value).toBe(0n)
    const decoded = decodeCall(call, contracts)
    expect(decoded).toEqual(action)
    expect(describeAction(decoded, { oracleCount: 3 })).toBe(words)
    expect(describeAction(action, { oracleCount: 3 })).toBe(words)
  })

  it('decodes a call this table does not know into raw words, never into a wrong action', () => {
    const pause = { target: contracts.distributor, value: 0n, data: encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'pause' }) }
    expect(decodeCall(pause, contracts)).toEqual({ action: 'call', ...pause })
    expect(describeAction(decodeCall(pause, contracts))).toBe(`call ${contracts.distributor} with ${pause.data}`)
    // A known function sent to an unknown address, or with value, is not the action it looks like.
    const elsewhere = encodeAction({ action: 'quorum', quorum: 2 }, { ...contracts, distributor: A })
    expect(decodeCall(elsewhere, contracts).action).toBe('call')
    const withValue = { ...encodeAction({ action: 'quorum', quorum: 2 }, contracts), value: 5n }
    expect(describeAction(decodeCall(withValue, contracts))).toMatch(/^call 0x1000000000000000000000000000000000000001 with 0x[0-9a-f]{8}… \(36 bytes\), sending 5 wei$/)
    // A function of another contract's ABI at a governed address does not decode as that ABI's.
    const release = { target: contracts.params, value: 0n, data: encodeFunctionData({ abi: emissionsAbi, functionName: 'release' }) }
    expect(decodeCall(release, contracts).action).toBe('call')
  })

  it('counts the oracle set through a proposal: each call sees the size the calls before it left', () => {
    const actions: GovernanceAction[] = [
      { action: 'add-oracle', oracle: A, quorum: 3 },
      { action: 'add-oracle', oracle: B, quorum: 3 },
      { action: 'quorum', quorum: 4 },
    ]
    expect(describeActions(actions, { oracleCount: 3 })).toEqual([`add oracle ${A} (quorum 3 of 4)`, `add oracle ${B} (quorum 3 of 5)`, 'quorum 4 of 5'])
    expect(describeActions(actions)).toEqual([`add oracle ${A} (quorum 3)`, `add oracle ${B} (quorum 3)`, 'quorum 4'])
    // Executed: the first OracleSetChanged said 4 oracles after adding one, so there were 3 before.
    expect(oracleCountBefore(actions, [4, 5, 5])).toBe(3)
    expect(oracleCountBefore([{ action: 'remove-oracle', oracle: A, quorum: 2 }], [2])).toBe(3)
    expect(oracleCountBefore([{ action: 'dispute-window', seconds: 1n }], [])).toBeUndefined()
  })

  it('tells a description that says what its calls do from one that does not', () => {
    const actions: GovernanceAction[] = [
      { action: 'add-oracle', oracle: A, quorum: 3 },
      { action: 'dispute-window', seconds: 600n },
    ]
    const description = proposalDescription(actions, { oracleCount: 3 }, 'after the March incident')
    expect(description).toBe(`add oracle ${A} (quorum 3 of 4)\ndispute window 600 s (10 minutes)\nnote: after the March incident`)
    expect(descriptionMatches(description, actions)).toBe(true)
    expect(descriptionMatches(proposalDescription(actions), actions)).toBe(true)
    // Says another oracle, leaves a call out, or adds one: not a match.
    expect(descriptionMatches(description.replace(A, B), actions)).toBe(false)
    expect(descriptionMatches(`add oracle ${A} (quorum 3 of 4)`, actions)).toBe(false)
    expect(descriptionMatches(`${description}\nquorum 2`, actions)).toBe(false)
  })

  it('names parameter sets as people say them', () => {
    expect(paramsLabel('kind/uptime')).toBe('uptime parameters')
    expect(paramsLabel('pools')).toBe('pool weights')
    expect(paramsLabel('fees')).toBe('"fees" parameters')
  })
})

// Keeps the table honest: every action kind but the raw call is in it.
const KINDS: GovernanceAction['action'][] = [
  'add-oracle',
  'remove-oracle',
  'replace-oracle',
  'quorum',
  'dispute-window',
  'add-maker',
  'remove-maker',
  'suspend',
  'reinstate',
  'release-key',
  'transfer-guardian',
  'grant-role',
  'revoke-role',
  'schedule-params',
]
it('covers every action', () => {
  expect(new Set(TABLE.map((row) => row.action.action))).toEqual(new Set(KINDS))
})
