import { Command } from 'commander'
import { SubjectType, addressSubject, deviceRegistryAbi, deviceSubject, pinionTokenAbi, sharesForAmount, stakingAbi } from '@pinion/contracts'
import { type Address, type Hex, parseEventLogs, parseUnits } from 'viem'
import { signerAccount } from '../gov/account.ts'
import { type Gov, type GovSigner, type NetworkFlags, connect, connectSigner, stateFrom } from '../gov/connect.ts'
import { parseAddress, parseDeviceId } from '../gov/parse.ts'
import { send } from '../gov/send.ts'
import { withNetworkOptions, withSignerOptions } from './gov.ts'
import { formatTokens, output } from './output.ts'
import { StakeError } from './stakeErrors.ts'

/** What stake is bonded for: a device, the account as an operator (its self-bond), a delegation to an operator, or the account as an oracle. */
type StakeTarget = { kind: 'device'; deviceId: bigint } | { kind: 'operator' } | { kind: 'delegation'; operator: Address } | { kind: 'oracle' }

type TargetFlags = { device?: string; operator?: boolean; oracle?: boolean; delegation?: string }

/** The one target the flags name. `allowDelegation`: `unbond` also takes --delegation <operator>. */
function parseTarget(flags: TargetFlags, allowDelegation: boolean): StakeTarget {
  const given: StakeTarget[] = []
  if (flags.device !== undefined) given.push({ kind: 'device', deviceId: parseDeviceId(flags.device) })
  if (flags.operator === true) given.push({ kind: 'operator' })
  if (flags.oracle === true) given.push({ kind: 'oracle' })
  if (allowDelegation && flags.delegation !== undefined) given.push({ kind: 'delegation', operator: parseAddress(flags.delegation, '--delegation') })
  const choices = `--device <id>, --operator${allowDelegation ? ', --delegation <operator>' : ''} or --oracle`
  if (given.length !== 1)
    throw new StakeError('PINION_ERR_STAKE_TARGET', `${given.length === 0 ? 'nothing to stake for' : 'more than one thing to stake for'}: give one of ${choices}`)
  return given[0]!
}

/** A positive number of whole tokens with at most 18 decimals (`12.5`), in base units. */
function parseTokens(value: string, what = 'the amount'): bigint {
  const digits = value.replace(/[_,]/g, '')
  if (!/^\d+(\.\d{1,18})?$/.test(digits) || parseUnits(digits, 18) === 0n) {
    throw new StakeError('PINION_ERR_STAKE_AMOUNT', `${what} is "${value}", expected a positive number of tokens with at most 18 decimals, such as 12.5`)
  }
  return parseUnits(digits, 18)
}

/** Staking's address, or an error for a network deployed before it existed. */
function stakingOf(gov: Gov) {
  const address = (gov.state.deployment as { staking?: Address }).staking
  if (address === undefined) {
    throw new StakeError(
      'PINION_ERR_STAKE_NO_STAKING',
      `${gov.state.name} was deployed without Staking (by an earlier Pinion): deploy it again; on a devnet, delete its data directory`,
    )
  }
  return { address, abi: stakingAbi } as const
}

const SUBJECT_NAMES = ['device', 'operator', 'oracle'] as const

/** A subject as Staking keys it, and in words. */
function subjectOf(target: StakeTarget, account: Address): { subjectType: SubjectType; subject: Hex; operator?: Address } {
  switch (target.kind) {
    case 'device':
      return { subjectType: SubjectType.Device, subject: deviceSubject(target.deviceId) }
    case 'operator':
      return { subjectType: SubjectType.Operator, subject: addressSubject(account), operator: account }
    case 'delegation':
      return { subjectType: SubjectType.Operator, subject: addressSubject(target.operator), operator: target.operator }
    case 'oracle':
      return { subjectType: SubjectType.Oracle, subject: addressSubject(account) }
  }
}

const latestTime = async (gov: Gov) => (await gov.client.getBlock()).timestamp

/**
 * Bonds `amount` (base units) for `target` from the signer's tokens (a delegation: delegates to its
 * operator), approving Staking for exactly that first when its allowance is short.
 */
async function bondStake(signer: GovSigner, target: StakeTarget, amount: bigint) {
  const staking = stakingOf(signer)
  const account = signer.wallet.account.address
  const token = { address: signer.state.deployment.token, abi: pinionTokenAbi } as const
  const balance = await signer.client.readContract({ ...token, functionName: 'balanceOf', args: [account] })
  if (balance < amount) throw new StakeError('PINION_ERR_STAKE_AMOUNT', `the amount is ${formatTokens(amount)}, but ${account} holds ${formatTokens(balance)}`)
  let approval: Hex | null = null
  const allowance = await signer.client.readContract({ ...token, functionName: 'allowance', args: [account, staking.address] })
  if (allowance < amount) approval = (await send(signer, { ...token, functionName: 'approve', args: [staking.address, amount] }, 'approving Staking')).transaction
  const call =
    target.kind === 'device'
      ? { functionName: 'bondDevice', args: [target.deviceId, amount] }
      : target.kind === 'operator'
        ? { functionName: 'bondOperator', args: [amount] }
        : target.kind === 'delegation'
          ? { functionName: 'delegate', args: [target.operator, amount] }
          : { functionName: 'bondOracle', args: [amount] }
  const { transaction } = await send(signer, { ...staking, ...call }, `${call.functionName}(${formatTokens(amount)})`)
  return { account, ...subjectOf(target, account), target: target.kind, amount, approval, transaction, bonded: await bondedOf(signer, target, account) }
}

/** A commission as a percentage from 0 to 100 with at most two decimals (`12.5`), in basis points. */
function parseCommission(value: string): number {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(value) || Number(value) > 100) {
    throw new StakeError('PINION_ERR_STAKE_COMMISSION', `the commission is "${value}", expected a percentage from 0 to 100 with at most two decimals, such as 12.5`)
  }
  return Math.round(Number(value) * 100)
}

/**
 * Announces the signer's commission as an operator: the part of its devices' rewards it keeps before
 * its delegators are paid their shares' part. A cut applies at once; a raise one unbonding period
 * later, so delegators can leave first.
 */
async function setCommission(signer: GovSigner, commissionBps: number) {
  const staking = stakingOf(signer)
  const account = signer.wallet.account.address
  const { transaction } = await send(signer, { ...staking, functionName: 'setCommission', args: [BigInt(commissionBps)] }, `setCommission(${commissionBps} bps)`)
  const commission = await signer.client.readContract({ ...staking, functionName: 'commissionOf', args: [account] })
  return { account, commissionBps, transaction, current: commission.current, pending: commission.pending, pendingAt: commission.pendingAt }
}

/** What `account` has bonded for `target` now (for an operator or a delegation: what its shares are worth). */
async function bondedOf(gov: Gov, target: StakeTarget, account: Address): Promise<bigint> {
  const staking = stakingOf(gov)
  switch (target.kind) {
    case 'device':
      return (await gov.client.readContract({ ...staking, functionName: 'deviceStake', args: [target.deviceId] }))[0]
    case 'operator':
    case 'delegation': {
      const operator = target.kind === 'operator' ? account : target.operator
      return (await gov.client.readContract({ ...staking, functionName: 'delegationOf', args: [operator, account] }))[1]
    }
    case 'oracle':
      return (await gov.client.readContract({ ...staking, functionName: 'oracleStake', args: [account] }))[0]
  }
}

/**
 * Unbonds `amount` (base units, or everything) of `target`: it stops counting at once and can be
 * withdrawn after the unbonding period. For an operator's pool it unbonds the fewest shares worth at
 * least `amount`.
 */
async function unbondStake(signer: GovSigner, target: StakeTarget, amount: bigint | 'all') {
  const staking = stakingOf(signer)
  const account = signer.wallet.account.address
  const bonded = await bondedOf(signer, target, account)
  const wanted = amount === 'all' ? bonded : amount
  if (wanted === 0n || wanted > bonded) {
    throw new StakeError('PINION_ERR_STAKE_AMOUNT', `the amount is ${amount === 'all' ? 'all' : formatTokens(amount)}, but ${account} has ${formatTokens(bonded)} bonded there`)
  }
  let call: { functionName: string; args: readonly unknown[] }
  if (target.kind === 'device') call = { functionName: 'unbondDevice', args: [target.deviceId, wanted] }
  else if (target.kind === 'oracle') call = { functionName: 'unbondOracle', args: [wanted] }
  else {
    const operator = target.kind === 'operator' ? account : target.operator
    const [held] = await signer.client.readContract({ ...staking, functionName: 'delegationOf', args: [operator, account] })
    const pool = await signer.client.readContract({ ...staking, functionName: 'operatorStake', args: [operator] })
    const shares = amount === 'all' ? held : sharesForAmount(wanted, pool, held)
    call = target.kind === 'operator' ? { functionName: 'unbondOperator', args: [shares] } : { functionName: 'undelegate', args: [operator, shares] }
  }
  const { transaction, receipt } = await send(signer, { ...staking, ...call }, `${call.functionName}(${formatTokens(wanted)})`)
  const event = parseEventLogs({ abi: stakingAbi, logs: receipt.logs }).find((e) => 'availableAt' in e.args)
  const { amount: unbonded, availableAt } = event!.args as { amount: bigint; availableAt: bigint }
  return { account, ...subjectOf(target, account), target: target.kind, amount: unbonded, availableAt, transaction, bonded: await bondedOf(signer, target, account) }
}

/** The subjects `account` ever bonded for or unbonded from, from Staking's events. */
async function subjectsOf(gov: Gov, account: Address) {
  const staking = stakingOf(gov)
  const fromBlock = gov.state.deployment.blockNumber
  const events = (eventName: string, args: Record<string, Address>) =>
    gov.client.getContractEvents({ ...staking, eventName, args, fromBlock } as never) as Promise<{ args: Record<string, unknown> }[]>
  const [bonded, unbonded, delegated, undelegated, oracleBonded, oracleUnbonded] = await Promise.all([
    events('DeviceBonded', { owner: account }),
    events('DeviceUnbonded', { owner: account }),
    events('Delegated', { delegator: account }),
    events('Undelegated', { delegator: account }),
    events('OracleBonded', { oracle: account }),
    events('OracleUnbonded', { oracle: account }),
  ])
  const devices = [...new Set([...bonded, ...unbonded].map((e) => e.args.deviceId as bigint))]
  const operators = [...new Set([...delegated, ...undelegated].map((e) => e.args.operator as Address))]
  return { devices, operators, oracle: oracleBonded.length + oracleUnbonded.length > 0 }
}

/** `account`'s unbondings from a subject, each with whether it can be withdrawn at chain time `now`. */
async function unbondingsOf(gov: Gov, subjectType: SubjectType, subject: Hex, account: Address, now: bigint) {
  const staking = stakingOf(gov)
  const [entries, pendingSlashes] = await Promise.all([
    gov.client.readContract({ ...staking, functionName: 'unbondingsOf', args: [subjectType, subject, account] }),
    gov.client.readContract({ ...staking, functionName: 'pendingSlashesOf', args: [subjectType, subject] }),
  ])
  return { pendingSlashes, unbondings: entries.map((e) => ({ amount: e.amount, availableAt: e.availableAt, matured: e.availableAt <= now })) }
}

/** Everything `account` has at stake: devices, its pool as an operator, its delegations, its oracle stake; and the minimums. */
async function stakePosition(gov: Gov, account: Address) {
  const staking = stakingOf(gov)
  const read = <T>(functionName: string, args: readonly unknown[] = []) => gov.client.readContract({ ...staking, functionName, args } as never) as Promise<T>
  const registry = { address: gov.state.deployment.registry, abi: deviceRegistryAbi } as const
  const [now, subjects, balance, unbondingPeriod] = await Promise.all([
    latestTime(gov),
    subjectsOf(gov, account),
    gov.client.readContract({ address: gov.state.deployment.token, abi: pinionTokenAbi, functionName: 'balanceOf', args: [account] }),
    read<bigint>('unbondingPeriod'),
  ])
  const devices = await Promise.all(
    subjects.devices.map(async (deviceId) => {
      const subject = deviceSubject(deviceId)
      const [[bonded, unbonding], owner, mine] = await Promise.all([
        read<[bigint, bigint]>('deviceStake', [deviceId]),
        gov.client.readContract({ ...registry, functionName: 'ownerOf', args: [deviceId] }).catch(() => null),
        unbondingsOf(gov, SubjectType.Device, subject, account, now),
      ])
      return { deviceId: subject, owner, bonded, unbonding, ...mine }
    }),
  )
  type Pool = { tokens: bigint; shares: bigint; selfShares: bigint; selfTokens: bigint; unbonding: bigint }
  const self = addressSubject(account)
  const [pool, commission, ownUnbondings] = await Promise.all([
    read<Pool>('operatorStake', [account]),
    read<{ current: number; pending: number; pendingAt: bigint }>('commissionOf', [account]),
    unbondingsOf(gov, SubjectType.Operator, self, account, now),
  ])
  const operator = pool.tokens > 0n || pool.unbonding > 0n || ownUnbondings.unbondings.length > 0 ? { ...pool, commission, ...ownUnbondings } : null
  const delegations = await Promise.all(
    subjects.operators
      .filter((address) => address.toLowerCase() !== account.toLowerCase())
      .map(async (address) => {
        const [[shares, tokens], mine] = await Promise.all([
          read<[bigint, bigint]>('delegationOf', [address, account]),
          unbondingsOf(gov, SubjectType.Operator, addressSubject(address), account, now),
        ])
        return { operator: address, shares, tokens, ...mine }
      }),
  )
  const [[oracleBonded, oracleUnbonding], equivocator, oracleUnbondings] = await Promise.all([
    read<[bigint, bigint]>('oracleStake', [account]),
    read<boolean>('isEquivocator', [account]),
    unbondingsOf(gov, SubjectType.Oracle, self, account, now),
  ])
  const oracle = subjects.oracle || equivocator ? { bonded: oracleBonded, unbonding: oracleUnbonding, equivocator, ...oracleUnbondings } : null
  const minimumEvents = (await gov.client.getContractEvents({ ...staking, eventName: 'MinimumStakeSet', fromBlock: gov.state.deployment.blockNumber })) as {
    args: { kind?: string }
  }[]
  const kinds = [...new Set(minimumEvents.map((e) => e.args.kind!))].sort()
  const minimums = await Promise.all(kinds.map(async (kind) => ({ kind, amount: await read<bigint>('minimumStakeOf', [kind]) })))
  return { account, balance, now, unbondingPeriod, devices, operator, delegations, oracle, minimums: minimums.filter((m) => m.amount > 0n) }
}

/** Withdraws everything that finished unbonding, subject by subject; says what is still waiting, and why. */
async function withdrawStake(signer: GovSigner) {
  const staking = stakingOf(signer)
  const account = signer.wallet.account.address
  const now = await latestTime(signer)
  const subjects = await subjectsOf(signer, account)
  const candidates: { subjectType: SubjectType; subject: Hex }[] = [
    ...subjects.devices.map((id) => ({ subjectType: SubjectType.Device, subject: deviceSubject(id) })),
    ...subjects.operators.map((operator) => ({ subjectType: SubjectType.Operator, subject: addressSubject(operator) })),
    ...(subjects.oracle ? [{ subjectType: SubjectType.Oracle, subject: addressSubject(account) }] : []),
  ]
  const withdrawn: { subjectType: SubjectType; subject: Hex; amount: bigint; transaction: Hex }[] = []
  const waiting: { subjectType: SubjectType; subject: Hex; amount: bigint; availableAt: bigint; reason: 'unbonding' | 'slash pending' }[] = []
  for (const { subjectType, subject } of candidates) {
    const { pendingSlashes, unbondings } = await unbondingsOf(signer, subjectType, subject, account, now)
    const matured = unbondings.filter((u) => u.matured && u.amount > 0n)
    for (const u of unbondings.filter((u) => u.amount > 0n && (!u.matured || pendingSlashes > 0n))) {
      waiting.push({ subjectType, subject, amount: u.amount, availableAt: u.availableAt, reason: u.matured ? 'slash pending' : 'unbonding' })
    }
    if (matured.length === 0 || pendingSlashes > 0n) continue
    const before = await signer.client.readContract({ address: signer.state.deployment.token, abi: pinionTokenAbi, functionName: 'balanceOf', args: [account] })
    const { transaction } = await send(signer, { ...staking, functionName: 'withdraw', args: [subjectType, subject] }, `withdrawing from ${SUBJECT_NAMES[subjectType]} ${subject}`)
    const after = await signer.client.readContract({ address: signer.state.deployment.token, abi: pinionTokenAbi, functionName: 'balanceOf', args: [account] })
    withdrawn.push({ subjectType, subject, amount: after - before, transaction })
  }
  return { account, withdrawn, waiting }
}

/** Seconds as "3d 4h", "5m 2s": how long until chain time reaches a moment. */
function duration(seconds: bigint): string {
  const s = Number(seconds)
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3_600), 'h'],
    [Math.floor((s % 3_600) / 60), 'm'],
    [s % 60, 's'],
  ]
  const first = parts.findIndex(([n]) => n > 0)
  return first < 0
    ? '0s'
    : parts
        .slice(first, first + 2)
        .filter(([n]) => n > 0)
        .map(([n, unit]) => `${n}${unit}`)
        .join(' ')
}

const when = (availableAt: bigint, now: bigint) => (availableAt <= now ? 'withdrawable now' : `withdrawable in ${duration(availableAt - now)}`)
const percent = (bps: number) => `${(bps / 100).toString()}%`
const subjectWords = (subjectType: SubjectType, subject: Hex) => (subjectType === SubjectType.Device ? `device ${subject}` : `${SUBJECT_NAMES[subjectType]} 0x${subject.slice(26)}`)

function unbondingLines(unbondings: { amount: bigint; availableAt: bigint }[], pendingSlashes: bigint, now: bigint): string[] {
  return unbondings
    .filter((u) => u.amount > 0n)
    .map((u) => `    unbonding ${formatTokens(u.amount)}, ${pendingSlashes > 0n ? `held: ${pendingSlashes} slash order(s) pending` : when(u.availableAt, now)}`)
}

function positionText(p: Awaited<ReturnType<typeof stakePosition>>): string {
  const lines = [`account ${p.account}: ${formatTokens(p.balance)} in hand; unbonding takes ${duration(p.unbondingPeriod)}`]
  for (const d of p.devices) {
    const owned = d.owner === null ? 'retired' : d.owner.toLowerCase() === p.account.toLowerCase() ? 'yours' : `now owned by ${d.owner}`
    lines.push(`device ${d.deviceId} (${owned}): ${formatTokens(d.bonded)} bonded`, ...unbondingLines(d.unbondings, d.pendingSlashes, p.now))
  }
  if (p.operator !== null) {
    const { commission } = p.operator
    const raise = commission.pendingAt > 0n ? `, rising to ${percent(commission.pending)} in ${duration(commission.pendingAt - p.now)}` : ''
    lines.push(
      `operator pool: ${formatTokens(p.operator.tokens)} bonded, ${formatTokens(p.operator.selfTokens)} of it yours; commission ${percent(commission.current)}${raise}`,
      ...unbondingLines(p.operator.unbondings, p.operator.pendingSlashes, p.now),
    )
  }
  for (const d of p.delegations) {
    lines.push(`delegated to ${d.operator}: ${formatTokens(d.tokens)} (${d.shares} shares)`, ...unbondingLines(d.unbondings, d.pendingSlashes, p.now))
  }
  if (p.oracle !== null) {
    lines.push(
      `oracle stake: ${formatTokens(p.oracle.bonded)} bonded${p.oracle.equivocator ? ' (slashed for equivocation: it may not bond again)' : ''}`,
      ...unbondingLines(p.oracle.unbondings, p.oracle.pendingSlashes, p.now),
    )
  }
  if (p.devices.length === 0 && p.operator === null && p.delegations.length === 0 && p.oracle === null) lines.push('nothing staked')
  if (p.minimums.length > 0) lines.push(`minimum stakes: ${p.minimums.map((m) => `${m.kind} ${formatTokens(m.amount)}`).join(', ')}`)
  return lines.join('\n')
}

type Flags = NetworkFlags & { json?: boolean; account?: string }

/** The bond/unbond target options. */
function withTargetOptions(command: Command, allowDelegation: boolean): Command {
  command.option('--device <id>', "a device you own (its id, 0x… as the explorer shows it, or decimal): the stake stays with the device's token")
  command.option('--operator', 'your own stake as an operator (your self-bond)')
  if (allowDelegation) command.option('--delegation <operator>', 'what you delegated to <operator>')
  return command.option('--oracle', 'your stake as an oracle')
}

export function stakeCommand(): Command {
  const stake = new Command('stake').description('bond, unbond, delegate and withdraw stake for devices, operators and oracles; see what is at stake')

  withSignerOptions(
    withTargetOptions(
      stake.command('bond').description('bond tokens for a device you own, as an operator, or as an oracle').argument('<amount>', 'tokens, e.g. 100 or 12.5'),
      false,
    ),
  ).action(async (amount: string, flags: Flags & TargetFlags) => {
    const target = parseTarget(flags, false)
    const result = await bondStake(connectSigner(stateFrom(flags), flags.account), target, parseTokens(amount))
    output(
      Boolean(flags.json),
      result,
      () =>
        `bonded ${formatTokens(result.amount)} for ${subjectWords(result.subjectType, result.subject)} in ${result.transaction}; ${formatTokens(result.bonded)} bonded there now`,
    )
  })

  withSignerOptions(
    withTargetOptions(
      stake.command('unbond').description('stop counting stake at once; withdraw it after the unbonding period').argument('<amount>', 'tokens, e.g. 100 or 12.5, or "all"'),
      true,
    ),
  ).action(async (amount: string, flags: Flags & TargetFlags) => {
    const target = parseTarget(flags, true)
    const signer = connectSigner(stateFrom(flags), flags.account)
    const result = await unbondStake(signer, target, amount === 'all' ? 'all' : parseTokens(amount))
    const now = await latestTime(signer)
    output(
      Boolean(flags.json),
      result,
      () =>
        `unbonded ${formatTokens(result.amount)} from ${subjectWords(result.subjectType, result.subject)} in ${result.transaction}; ${when(result.availableAt, now)} (\`pinion stake withdraw\`); ${formatTokens(result.bonded)} still bonded there`,
    )
  })

  withSignerOptions(
    stake
      .command('delegate')
      .description("delegate tokens to an operator's pool: a slash of the operator takes from it pro rata")
      .argument('<operator>', "the operator's address")
      .argument('<amount>', 'tokens, e.g. 100 or 12.5'),
  ).action(async (operator: string, amount: string, flags: Flags) => {
    const target = { kind: 'delegation', operator: parseAddress(operator, 'the operator') } as const
    const result = await bondStake(connectSigner(stateFrom(flags), flags.account), target, parseTokens(amount))
    output(
      Boolean(flags.json),
      result,
      () => `delegated ${formatTokens(result.amount)} to ${target.operator} in ${result.transaction}; your delegation is worth ${formatTokens(result.bonded)}`,
    )
  })

  withSignerOptions(
    stake
      .command('commission')
      .description("set your commission as an operator, in percent of your devices' rewards: a cut applies at once, a raise after the unbonding period")
      .argument('<percent>', 'e.g. 10 or 12.5'),
  ).action(async (value: string, flags: Flags) => {
    const signer = connectSigner(stateFrom(flags), flags.account)
    const result = await setCommission(signer, parseCommission(value))
    const now = await latestTime(signer)
    output(Boolean(flags.json), result, () =>
      result.pendingAt === 0n
        ? `commission ${percent(result.current)} from now, in ${result.transaction}`
        : `commission ${percent(result.pending)} in ${duration(result.pendingAt - now)}, ${percent(result.current)} until then, in ${result.transaction}`,
    )
  })

  withSignerOptions(stake.command('withdraw').description('withdraw everything that finished unbonding')).action(async (flags: Flags) => {
    const result = await withdrawStake(connectSigner(stateFrom(flags), flags.account))
    output(Boolean(flags.json), result, () =>
      [
        ...(result.withdrawn.length === 0
          ? ['nothing to withdraw yet']
          : result.withdrawn.map((w) => `withdrew ${formatTokens(w.amount)} from ${subjectWords(w.subjectType, w.subject)} in ${w.transaction}`)),
        ...result.waiting.map(
          (w) => `still ${w.reason === 'unbonding' ? 'unbonding' : 'held by a pending slash order'}: ${formatTokens(w.amount)} from ${subjectWords(w.subjectType, w.subject)}`,
        ),
      ].join('\n'),
    )
  })

  withNetworkOptions(
    stake
      .command('show')
      .description("an account's stake: devices, operator pool and commission, delegations, oracle stake, unbondings; and the minimum stakes")
      .argument('[address]', 'whose stake (default: the account --account or PINION_KEY names)'),
  )
    .option('--account <name>', 'devnet only: whose stake, by devnet account name, when no address is given')
    .action(async (address: string | undefined, flags: Flags) => {
      const gov = connect(stateFrom(flags))
      const account = address === undefined ? signerAccount(gov.state.chainId, flags.account).address : parseAddress(address, 'the address')
      const position = await stakePosition(gov, account)
      output(Boolean(flags.json), position, () => positionText(position))
    })
  return stake
}
