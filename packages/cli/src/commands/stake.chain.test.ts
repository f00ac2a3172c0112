/**
 * `pinion stake` end to end on anvil, through `main` as a user runs it: bond for a device and as an
 * operator, delegate, unbond, withdraw after the devnet's unbonding period (anvil's clock moved, not
 * waited for), and `show` what is at stake; each refusal with its code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEVNET_STAKING, devnetAccounts, deviceSubject } from '@pinion/contracts'
import type { Account } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { type NetworkState, writeState } from '../state.ts'

const TOKEN = 10n ** 18n
const GENESIS = 1_000n * TOKEN
// `--account operator-1` and `operator-2` on the devnet: anvil's accounts 5 and 6 (devnetRoles).
const [operatorAccount, delegatorAccount] = devnetAccounts(7).slice(5, 7) as unknown as [Account, Account]
const [operator, delegator] = [operatorAccount.address, delegatorAccount.address]

const dir = mkdtempSync(join(tmpdir(), 'pinion-stake-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pinion stake', () => {
  let net: Network
  let networkFile: string
  let device: string
  beforeAll(async () => {
    vi.stubEnv('PINION_KEY', undefined)
    net = await workerNetwork({
      deploy: {
        token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [operator, delegator].map((holder) => ({ holder, amount: GENESIS })) },
        // As `pinion up` deploys it: two minutes to unbond.
        staking: DEVNET_STAKING,
      },
    })
    const state: NetworkState = {
      name: 'Stake test',
      chainId: net.chain.id,
      rpcUrl: net.devnet.rpcUrl,
      deployment: net.deployment,
      schedule: { genesisTime: net.params.emissions.genesisTime.toString(), epochDuration: net.params.emissions.epochDuration.toString() },
      oracles: [],
      deviceClass: 1,
      treasury: net.accounts.admin.address,
    }
    networkFile = join(dir, 'network.json')
    writeState(networkFile, state, true)
    device = deviceSubject(await net.registerDevice(operator, 'cli stake'))
  })
  afterAll(() => vi.unstubAllEnvs())
  revertEachTest(() => net)

  const stake = (...args: string[]) => runPinion('stake', ...args, '--network', networkFile)
  const json = async (...args: string[]) => {
    const run = await stake(...args, '--json')
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    return JSON.parse(run.out) as Record<string, unknown>
  }

  it('bonds for a device and as an operator, delegates, unbonds, and withdraws after the unbonding period', async () => {
    const bonded = await json('bond', '100', '--device', device, '--account', 'operator-1')
    expect(bonded).toMatchObject({ account: operator, subjectType: 0, subject: device, target: 'device', amount: (100n * TOKEN).toString(), bonded: (100n * TOKEN).toString() })
    // Staking was approved for exactly the amount first.
    expect(bonded.approval).toMatch(/^0x[0-9a-f]{64}$/)
    expect(await json('bond', '50', '--operator', '--account', 'operator-1')).toMatchObject({ target: 'operator', bonded: (50n * TOKEN).toString() })
    expect(await json('delegate', operator, '30', '--account', 'operator-2')).toMatchObject({ account: delegator, target: 'delegation', bonded: (30n * TOKEN).toString() })

    const unbonded = await stake('unbond', '40', '--device', device, '--account', 'operator-1')
    expect(unbonded.out).toMatch(
      new RegExp(`^unbonded 40 PIN from device ${device} in 0x[0-9a-f]{64}; withdrawable in 2m \\(\`pinion stake withdraw\`\\); 60 PIN still bonded there$`),
    )
    expect(await json('unbond', 'all', '--delegation', operator, '--account', 'operator-2')).toMatchObject({ amount: (30n * TOKEN).toString(), bonded: '0' })

    const early = await stake('withdraw', '--account', 'operator-1')
    expect(early.out).toBe(`nothing to withdraw yet\nstill unbonding: 40 PIN from device ${device}`)
    await net.travel(BigInt(DEVNET_STAKING.unbondingPeriodSeconds))
    const withdrawn = await json('withdraw', '--account', 'operator-1')
    expect(withdrawn).toMatchObject({ account: operator, withdrawn: [{ subjectType: 0, subject: device, amount: (40n * TOKEN).toString() }], waiting: [] })
    expect(await net.contracts.token.read.balanceOf([operator])).toBe(GENESIS - 110n * TOKEN)
    expect((await json('withdraw', '--account', 'operator-2')).withdrawn).toMatchObject([{ subjectType: 1, amount: (30n * TOKEN).toString() }])

    const shown = await stake('show', operator)
    expect(shown.code).toBe(0)
    expect(shown.out.split('\n')).toEqual([
      `account ${operator}: 890 PIN in hand; unbonding takes 2m`,
      `device ${device} (yours): 60 PIN bonded`,
      'operator pool: 50 PIN bonded, 50 PIN of it yours; commission 0%',
    ])
    const position = await json('show', '--account', 'operator-2')
    expect(position).toMatchObject({ account: delegator, devices: [], operator: null, oracle: null, delegations: [{ operator, shares: '0', tokens: '0', unbondings: [] }] })
  })

  it('shows a raise in commission, what is unbonding, and the minimum stakes', async () => {
    await net.governance({ ...net.contracts.staking, functionName: 'setMinimumStake', args: ['uptime', 25n * TOKEN] })
    await stake('bond', '10', '--operator', '--account', 'operator-1')
    // A raise from none: announced now, in force after the unbonding period.
    const raised = await stake('commission', '5', '--account', 'operator-1')
    expect(raised.out).toMatch(/^commission 5% in (2m|1m 59s), 0% until then, in 0x[0-9a-f]{64}$/)
    await stake('unbond', '4', '--operator', '--account', 'operator-1')
    const shown = await stake('show', '--account', 'operator-1')
    const lines = shown.out.split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toBe(`account ${operator}: 990 PIN in hand; unbonding takes 2m`)
    // The raise was announced a block before the unbonding: as much as a second earlier, by anvil's clock.
    expect(lines[1]).toMatch(/^operator pool: 6 PIN bonded, 6 PIN of it yours; commission 0%, rising to 5% in (2m|1m 59s)$/)
    expect(lines.slice(2)).toEqual(['    unbonding 4 PIN, withdrawable in 2m', 'minimum stakes: uptime 25 PIN'])
    expect(await json('show', '--account', 'operator-1')).toMatchObject({
      operator: { commission: { current: 0, pending: 500 } },
      minimums: [{ kind: 'uptime', amount: (25n * TOKEN).toString() }],
    })
    // Another raise before the first is due replaces it; once in force, a cut applies at once.
    expect(await json('commission', '2.5', '--account', 'operator-1')).toMatchObject({ commissionBps: 250, current: 0, pending: 250 })
    await net.travel(BigInt(DEVNET_STAKING.unbondingPeriodSeconds))
    expect(await json('commission', '1', '--account', 'operator-1')).toMatchObject({ commissionBps: 100, current: 100, pending: 0, pendingAt: '0' })
    expect((await stake('commission', '0.5', '--account', 'operator-1')).out).toMatch(/^commission 0\.5% from now, in 0x[0-9a-f]{64}$/)
    // A bad percentage is refused before anything is sent.
    for (const bad of ['100.01', '-1', '1.234', 'ten']) {
      const refused = await stake('commission', bad, '--account', 'operator-1')
      expect([refused.code, refused.err]).toEqual([1, expect.stringContaining('[PINION_ERR_STAKE_COMMISSION]')])
    }
  })

  it('refuses a missing or doubled target, a bad amount, more than held or bonded, and says what the chain refused', async () => {
    const failed = async (...args: string[]) => {
      const run = await stake(...args)
      expect(run.code).toBe(1)
      return run.err
    }
    expect(await failed('bond', '1', '--account', 'operator-1')).toBe('pinion: nothing to stake for: give one of --device <id>, --operator or --oracle [PINION_ERR_STAKE_TARGET]')
    expect(await failed('unbond', '1', '--operator', '--oracle', '--account', 'operator-1')).toBe(
      'pinion: more than one thing to stake for: give one of --device <id>, --operator, --delegation <operator> or --oracle [PINION_ERR_STAKE_TARGET]',
    )
    expect(await failed('bond', '1.5.0', '--operator', '--account', 'operator-1')).toBe(
      'pinion: the amount is "1.5.0", expected a positive number of tokens with at most 18 decimals, such as 12.5 [PINION_ERR_STAKE_AMOUNT]',
    )
    expect(await failed('bond', '0', '--operator', '--account', 'operator-1')).toContain('[PINION_ERR_STAKE_AMOUNT]')
    expect(await failed('bond', '1001', '--operator', '--account', 'operator-1')).toBe(`pinion: the amount is 1,001 PIN, but ${operator} holds 1,000 PIN [PINION_ERR_STAKE_AMOUNT]`)
    expect(await failed('unbond', '1', '--device', device, '--account', 'operator-1')).toBe(
      `pinion: the amount is 1 PIN, but ${operator} has 0 PIN bonded there [PINION_ERR_STAKE_AMOUNT]`,
    )
    expect(await failed('delegate', operator, '1', '--account', 'operator-2')).toBe(`pinion: delegate(1 PIN) would revert: NotAnOperator(${operator}) [PINION_ERR_GOV_REVERTED]`)
    const id = BigInt(device)
    expect(await failed('bond', '1', '--device', device, '--account', 'operator-2')).toBe(
      `pinion: bondDevice(1 PIN) would revert: NotDeviceOwner(${id}, ${delegator}) [PINION_ERR_GOV_REVERTED]`,
    )
  })

  it('says when the network was deployed without Staking', async () => {
    const old = JSON.parse(readFileSync(networkFile, 'utf8')) as { deployment: Record<string, unknown> }
    delete old.deployment.staking
    const oldFile = join(dir, 'old.json')
    writeFileSync(oldFile, JSON.stringify(old))
    const run = await runPinion('stake', 'show', operator, '--network', oldFile)
    expect(run.code).toBe(1)
    expect(run.err).toBe(
      'pinion: Stake test was deployed without Staking (by an earlier Pinion): deploy it again; on a devnet, delete its data directory [PINION_ERR_STAKE_NO_STAKING]',
    )
  })
})
