/**
 * What a governance proposal does, in words: each call a proposal makes is one action, encoded to
 * calldata for `propose` and decoded back from `ProposalCreated`'s calldata for `status` and the
 * explorer, through one table so that both directions say the same thing. Browser-safe: viem and the
 * the calls' ABIs only (governanceAbis.ts; the explorer imports this).
 */
import { type Abi, type Address, type Hex, decodeFunctionData, encodeFunctionData, getAddress, isAddressEqual, keccak256, toHex, zeroHash } from 'viem'
import { distributorGovernanceAbi, paramsGovernanceAbi, registryGovernanceAbi, timelockGovernanceAbi } from './governanceAbis.ts'

/** The contracts a proposal may call, by address (a `Deployment` has them all). */
export type GovernedContracts = {
  distributor: Address
  registry: Address
  params: Address
  timelock: Address
}
export type GovernedContract = keyof GovernedContracts
const GOVERNED: readonly GovernedContract[] = ['distributor', 'registry', 'params', 'timelock']

/** Every contract whose guardian (Guarded) may pause, and on the distributor veto. */
export const GUARDED_CONTRACTS = ['distributor', 'registry'] as const
export type GuardedContract = (typeof GUARDED_CONTRACTS)[number]

/** One call of a proposal, as the Governor takes it. */
export type ProposalCall = { target: Address; value: bigint; data: Hex }

export type GovernanceAction =
  | { action: 'add-oracle'; oracle: Address; quorum: number }
  | { action: 'remove-oracle'; oracle: Address; quorum: number }
  | { action: 'replace-oracle'; oracle: Address; replacement: Address }
  | { action: 'quorum'; quorum: number }
  | { action: 'dispute-window'; seconds: bigint }
  | { action: 'add-maker'; deviceClass: number; maker: Address }
  | { action: 'remove-maker'; deviceClass: number; maker: Address }
  | { action: 'suspend'; deviceId: bigint }
  | { action: 'reinstate'; deviceId: bigint }
  | { action: 'release-key'; deviceId: bigint; serial: Hex }
  | { action: 'transfer-guardian'; contract: GuardedContract; guardian: Address }
  | { action: 'grant-role'; contract: GovernedContract; role: Hex; account: Address }
  | { action: 'revoke-role'; contract: GovernedContract; role: Hex; account: Address }
  | { action: 'schedule-params'; name: string; hash: Hex; fromEpoch: bigint }
  /** Anything else: a call this table does not know, shown as the function (when decodable) or raw bytes. */
  | { action: 'call'; target: Address; value: bigint; data: Hex }

/** The role constants of Pinion's contracts, by id. `DEFAULT_ADMIN_ROLE` is zero in OpenZeppelin's AccessControl. */
export const ROLE_NAMES: ReadonlyMap<Hex, string> = new Map([
  [zeroHash, 'DEFAULT_ADMIN_ROLE'],
  ...['ORACLE_MANAGER_ROLE', 'MAKER_ADMIN_ROLE', 'SUSPENDER_ROLE', 'PROPOSER_ROLE', 'EXECUTOR_ROLE', 'CANCELLER_ROLE'].map(
    (name) => [keccak256(toHex(name)), name] as [Hex, string],
  ),
])
export const roleId = (name: string): Hex => (name === 'DEFAULT_ADMIN_ROLE' ? zeroHash : keccak256(toHex(name)))

/** What words depend on besides the calldata: the oracle set's size before the proposal's calls. */
export type ActionContext = { oracleCount?: number | undefined }

const ABIS: Record<GovernedContract, Abi> = {
  distributor: distributorGovernanceAbi,
  registry: registryGovernanceAbi,
  params: paramsGovernanceAbi,
  timelock: timelockGovernanceAbi,
}

/** The call that carries out `action` on `contracts`. */
export function encodeAction(action: GovernanceAction, contracts: GovernedContracts): ProposalCall {
  const call = (contract: GovernedContract, data: Hex): ProposalCall => ({ target: contracts[contract], value: 0n, data })
  switch (action.action) {
    case 'add-oracle':
      return call('distributor', encodeFunctionData({ abi: distributorGovernanceAbi, functionName: 'addOracle', args: [action.oracle, action.quorum] }))
    case 'remove-oracle':
      return call('distributor', encodeFunctionData({ abi: distributorGovernanceAbi, functionName: 'removeOracle', args: [action.oracle, action.quorum] }))
    case 'replace-oracle':
      return call('distributor', encodeFunctionData({ abi: distributorGovernanceAbi, functionName: 'replaceOracle', args: [action.oracle, action.replacement] }))
    case 'quorum':
      return call('distributor', encodeFunctionData({ abi: distributorGovernanceAbi, functionName: 'setQuorum', args: [action.quorum] }))
    case 'dispute-window':
      return call('distributor', encodeFunctionData({ abi: distributorGovernanceAbi, functionName: 'setDisputeWindow', args: [action.seconds] }))
    case 'add-maker':
      return call('registry', encodeFunctionData({ abi: registryGovernanceAbi, functionName: 'addMaker', args: [action.deviceClass, action.maker] }))
    case 'remove-maker':
      return call('registry', encodeFunctionData({ abi: registryGovernanceAbi, functionName: 'removeMaker', args: [action.deviceClass, action.maker] }))
    case 'suspend':
    case 'reinstate':
      return call('registry', encodeFunctionData({ abi: registryGovernanceAbi, functionName: 'setSuspended', args: [action.deviceId, action.action === 'suspend'] }))
    case 'release-key':
      return call('registry', encodeFunctionData({ abi: registryGovernanceAbi, functionName: 'releaseKey', args: [action.deviceId, action.serial] }))
    case 'transfer-guardian':
      // Both Guarded contracts share the function; the distributor's encodes it for either.
      return call(action.contract, encodeFunctionData({ abi: distributorGovernanceAbi, functionName: 'transferGuardian', args: [action.guardian] }))
    case 'grant-role':
    case 'revoke-role':
      return call(
        action.contract,
        encodeFunctionData({ abi: timelockGovernanceAbi, functionName: action.action === 'grant-role' ? 'grantRole' : 'revokeRole', args: [action.role, action.account] }),
      )
    case 'schedule-params':
      return call('params', encodeFunctionData({ abi: paramsGovernanceAbi, functionName: 'schedule', args: [action.name, action.hash, action.fromEpoch] }))
    case 'call':
      return { target: action.target, value: action.value, data: action.data }
  }
}

/** The action a call carries out: the inverse of {@link encodeAction}, or `call` for anything else. */
export function decodeCall(call: ProposalCall, contracts: GovernedContracts): GovernanceAction {
  const unknown: GovernanceAction = { action: 'call', target: getAddress(call.target), value: call.value, data: call.data }
  const contract = contractAt(call.target, contracts)
  if (contract === undefined || call.value !== 0n) return unknown
  let decoded: { functionName: string; args: readonly unknown[] }
  try {
    const result = decodeFunctionData({ abi: ABIS[contract], data: call.data })
    decoded = { functionName: result.functionName, args: result.args ?? [] }
  } catch {
    return unknown
  }
  const { functionName, args } = decoded
  const address = (i: number) => getAddress(args[i] as Address)
  switch (`${contract}.${functionName}`) {
    case 'distributor.addOracle':
      return { action: 'add-oracle', oracle: address(0), quorum: Number(args[1]) }
    case 'distributor.removeOracle':
      return { action: 'remove-oracle', oracle: address(0), quorum: Number(args[1]) }
    case 'distributor.replaceOracle':
      return { action: 'replace-oracle', oracle: address(0), replacement: address(1) }
    case 'distributor.setQuorum':
      return { action: 'quorum', quorum: Number(args[0]) }
    case 'distributor.setDisputeWindow':
      return { action: 'dispute-window', seconds: args[0] as bigint }
    case 'registry.addMaker':
      return { action: 'add-maker', deviceClass: Number(args[0]), maker: address(1) }
    case 'registry.removeMaker':
      return { action: 'remove-maker', deviceClass: Number(args[0]), maker: address(1) }
    case 'registry.setSuspended':
      return { action: args[1] === true ? 'suspend' : 'reinstate', deviceId: args[0] as bigint }
    case 'registry.releaseKey':
      return { action: 'release-key', deviceId: args[0] as bigint, serial: args[1] as Hex }
    case 'distributor.transferGuardian':
    case 'registry.transferGuardian':
      return { action: 'transfer-guardian', contract: contract as GuardedContract, guardian: address(0) }
    case 'params.schedule':
      return { action: 'schedule-params', name: args[0] as string, hash: args[1] as Hex, fromEpoch: args[2] as bigint }
  }
  if (functionName === 'grantRole' || functionName === 'revokeRole') {
    return { action: functionName === 'grantRole' ? 'grant-role' : 'revoke-role', contract, role: args[0] as Hex, account: address(1) }
  }
  return unknown
}

/** How each action changes the oracle set's size. */
function oracleDelta(action: GovernanceAction): number {
  if (action.action === 'add-oracle') return 1
  if (action.action === 'remove-oracle') return -1
  return 0
}

/** Whether an action changes the oracle set or its quorum (each such call emits one `OracleSetChanged`). */
export const changesOracleSet = (action: GovernanceAction): boolean =>
  action.action === 'add-oracle' || action.action === 'remove-oracle' || action.action === 'replace-oracle' || action.action === 'quorum'

/**
 * The oracle set's size before a proposal's calls, from the sizes its execution reported
 * (`OracleSetChanged.oracleCount`, one per oracle-set call, in order); undefined when it made none.
 */
export function oracleCountBefore(actions: readonly GovernanceAction[], countsAfter: readonly number[]): number | undefined {
  const first = actions.find(changesOracleSet)
  const after = countsAfter[0]
  if (first === undefined || after === undefined) return undefined
  return after - oracleDelta(first)
}

/** One action in words, e.g. `add oracle 0xAbc… (quorum 3 of 4)`; `oracleCount` is the set's size before it. */
export function describeAction(action: GovernanceAction, context: ActionContext = {}): string {
  const of = (size: number | undefined) => (size === undefined ? '' : ` of ${size}`)
  const count = context.oracleCount
  switch (action.action) {
    case 'add-oracle':
      return `add oracle ${action.oracle} (quorum ${action.quorum}${of(count === undefined ? undefined : count + 1)})`
    case 'remove-oracle':
      return `remove oracle ${action.oracle} (quorum ${action.quorum}${of(count === undefined ? undefined : count - 1)})`
    case 'replace-oracle':
      return `replace oracle ${action.oracle} with ${action.replacement}`
    case 'quorum':
      return `quorum ${action.quorum}${of(count)}`
    case 'dispute-window':
      return `dispute window ${grouped(action.seconds)} s${humanSpan(action.seconds)}`
    case 'add-maker':
      return `approve maker ${action.maker} for device class ${action.deviceClass}`
    case 'remove-maker':
      return `remove maker ${action.maker} from device class ${action.deviceClass}`
    case 'suspend':
      return `suspend device ${deviceIdHex(action.deviceId)}`
    case 'reinstate':
      return `reinstate device ${deviceIdHex(action.deviceId)}`
    case 'release-key':
      return `release the key of device ${deviceIdHex(action.deviceId)} (serial ${action.serial})`
    case 'transfer-guardian':
      return `${action.contract}: hand the guardian role to ${action.guardian} (it must accept)`
    case 'grant-role':
      return `${action.contract}: grant ${roleName(action.role)} to ${action.account}`
    case 'revoke-role':
      return `${action.contract}: revoke ${roleName(action.role)} from ${action.account}`
    case 'schedule-params':
      return `${paramsLabel(action.name)} → hash ${action.hash}, from epoch ${grouped(action.fromEpoch)}`
    case 'call':
      return `call ${action.target} with ${action.data.length > 2 + 8 * 2 ? `${action.data.slice(0, 10)}… (${(action.data.length - 2) / 2} bytes)` : action.data}${action.value === 0n ? '' : `, sending ${grouped(action.value)} wei`}`
  }
}

/**
 * A proposal's actions in words, one line each, in order. `oracleCount` is the set's size before the
 * first call; each oracle call's words use the size the calls before it left.
 */
export function describeActions(actions: readonly GovernanceAction[], context: ActionContext = {}): string[] {
  let count = context.oracleCount
  return actions.map((action) => {
    const words = describeAction(action, { oracleCount: count })
    if (count !== undefined) count += oracleDelta(action)
    return words
  })
}

/** The description a proposal of `actions` is sent with: its actions in words, one line each, then an optional note. */
export function proposalDescription(actions: readonly GovernanceAction[], context: ActionContext = {}, note?: string): string {
  const lines = describeActions(actions, context)
  if (note !== undefined && note.trim() !== '') lines.push(`note: ${note.trim()}`)
  return lines.join('\n')
}

/**
 * Whether a proposal's description says what its calls do: its lines (besides a `note:` line) are
 * the calls' words, with or without the oracle set's size (which the calldata alone cannot tell).
 * A description that does not match is a warning sign: voters read descriptions, the chain runs calls.
 */
export function descriptionMatches(description: string, actions: readonly GovernanceAction[]): boolean {
  const lines = description.split('\n').filter((line) => !line.startsWith('note: '))
  const expected = describeActions(actions)
  return lines.length === expected.length && lines.every((line, i) => withoutSetSize(line) === expected[i])
}

/** `… (quorum 3 of 4)` → `… (quorum 3)` and `quorum 3 of 5` → `quorum 3`. */
const withoutSetSize = (line: string): string => line.replace(/\(quorum (\d+) of \d+\)$/, '(quorum $1)').replace(/^quorum (\d+) of \d+$/, 'quorum $1')

/** `kind/wireless` → "wireless parameters", `pools` → "pool weights". */
export function paramsLabel(name: string): string {
  if (name.startsWith('kind/')) return `${name.slice('kind/'.length)} parameters`
  if (name === 'pools') return 'pool weights'
  return `"${name}" parameters`
}

/** A device id as the explorer shows it: 32 bytes of hex. */
export const deviceIdHex = (deviceId: bigint): Hex => `0x${deviceId.toString(16).padStart(64, '0')}`

const roleName = (role: Hex): string => ROLE_NAMES.get(role) ?? `role ${role}`

const grouped = (value: bigint | number): string => value.toLocaleString('en')

/** " (1 day)", " (2 h)", or nothing for spans under a minute or not whole. */
function humanSpan(seconds: bigint): string {
  const units: [bigint, string, string][] = [
    [86_400n, 'day', 'days'],
    [3_600n, 'hour', 'hours'],
    [60n, 'minute', 'minutes'],
  ]
  for (const [size, one, many] of units) {
    if (seconds >= size && seconds % size === 0n) return ` (${seconds / size} ${seconds / size === 1n ? one : many})`
  }
  return ''
}

function contractAt(target: Address, contracts: GovernedContracts): GovernedContract | undefined {
  return GOVERNED.find((name) => isAddressEqual(contracts[name], target))
}
