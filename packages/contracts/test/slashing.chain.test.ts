/**
 * Slashing: quorum-signed slash orders with evidence, their dispute window, appeals and vetoes, and
 * their execution against bonded then unbonding stake (devices, and operators' pools pro rata); and
 * an oracle's whole stake taken at once on proof that it signed two roots for one epoch.
 */
import { type Account, type Hex, concatHex, keccak256, parseSignature, serializeCompactSignature, signatureToCompactSignature, toHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { SLASH_STATUSES, type SlashOrder, SubjectType, addressSubject, deviceSubject, reasonCode, reasonText, slashOrderDigest, slashOrderId } from '../sdk/staking.ts'
import { type RewardRoot, rewardRootTypedData } from '../sdk/typedData.ts'
import { revertEachTest } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import {
  DAY,
  GENESIS,
  TOKEN,
  alice,
  balanceOf,
  bob,
  eventsOf,
  oracleAccounts,
  orderOf,
  owner,
  propose,
  signOrder,
  stakingNetwork,
  stakingOf,
  stranger,
  timestampOf,
} from './stakingFixture.ts'

const WINDOW = 2n * DAY
const WEEK = 7n * DAY
const Status = Object.fromEntries(SLASH_STATUSES.map((name, i) => [name, i])) as Record<(typeof SLASH_STATUSES)[number], number>

describe('slashing', () => {
  let net: Network
  let deviceId: bigint
  beforeAll(async () => {
    net = await stakingNetwork()
    deviceId = await net.registerDevice(owner.address, 'slashed device')
  })
  revertEachTest(() => net)

  const staking = () => stakingOf(net)
  const send = (account: Account, functionName: string, args: readonly unknown[] = []) => net.send(account, { ...staking(), functionName, args })
  const read = <T>(functionName: string, args: readonly unknown[] = []) => net.publicClient.readContract({ ...staking(), functionName, args } as never) as Promise<T>
  const treasury = () => net.deployment.timelock
  const deviceOrder = (fields: Partial<SlashOrder> = {}) => orderOf(net, { deviceId, ...fields })
  const proposeFails = async (order: SlashOrder, signatures?: Hex) => revertOf(send(stranger, 'proposeSlash', [order, signatures ?? (await signOrder(net, order))]))
  /** The device bonds 100 and has 40 unbonding (owner's). */
  const stakeDevice = async () => {
    await send(owner, 'bondDevice', [deviceId, 140n * TOKEN])
    await send(owner, 'unbondDevice', [deviceId, 40n * TOKEN])
  }

  describe('proposing', () => {
    it('queues a quorum-signed order under its subject and epoch, executable after the dispute window', async () => {
      const order = await deviceOrder()
      const { id, receipt } = await propose(net, order)
      const executableAt = (await timestampOf(net, receipt)) + WINDOW
      expect(id).toBe(slashOrderId(order))
      expect(id).toBe(await read('slashOrderId', [order.epoch, order.subjectType, order.subject]))
      expect(slashOrderDigest(net.chain.id, net.deployment.staking, order)).toBe(await read('slashOrderDigest', [order]))
      expect(eventsOf(receipt)).toEqual([
        {
          eventName: 'SlashProposed',
          args: {
            id,
            subjectType: SubjectType.Device,
            subject: deviceSubject(deviceId),
            epoch: 3n,
            amount: 10n * TOKEN,
            reason: order.reason,
            evidenceHash: order.evidenceHash,
            executableAt,
          },
        },
      ])
      expect(reasonText(order.reason)).toBe('wireless.BEACON_REPLAY')
      expect(await read('slashOf', [id])).toEqual({ status: Status.pending, subjectType: SubjectType.Device, executableAt, subject: deviceSubject(deviceId), amount: 10n * TOKEN })
      expect(await read('pendingSlashesOf', [SubjectType.Device, deviceSubject(deviceId)])).toBe(1n)
    })

    it('refuses an order without an amount, a reason or evidence, or for a subject it cannot slash', async () => {
      expect(await proposeFails(await deviceOrder({ amount: 0n }))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await proposeFails(await deviceOrder({ reason: word(0) }))).toEqual({ name: 'SlashWithoutReason', args: [] })
      expect(await proposeFails(await deviceOrder({ evidenceHash: word(0) }))).toEqual({ name: 'SlashWithoutEvidence', args: [] })
      expect(await proposeFails(await deviceOrder({ subjectType: SubjectType.Oracle }))).toEqual({ name: 'InvalidSubjectType', args: [SubjectType.Oracle] })
      const notAnAddress = concatHex(['0x01', addressSubject(bob.address).slice(4) as Hex])
      expect(await proposeFails(await deviceOrder({ subjectType: SubjectType.Operator, subject: notAnAddress }))).toEqual({
        name: 'InvalidSubject',
        args: [SubjectType.Operator, notAnAddress],
      })
    })

    it('refuses signatures of another oracle-set version, too few, or not by oracles, and the same order twice', async () => {
      const version = await net.contracts.distributor.read.oracleSetVersion()
      expect(await proposeFails(await deviceOrder({ version: version + 1 }))).toEqual({ name: 'StaleOracleSetVersion', args: [version + 1, version] })
      const order = await deviceOrder()
      expect(await proposeFails(order, await signOrder(net, order, oracleAccounts.slice(0, 1)))).toEqual({ name: 'InsufficientSignatures', args: [1n, 2n] })
      expect(await proposeFails(order, await signOrder(net, order, [oracleAccounts[0], stranger]))).toEqual({ name: 'SignerNotOracle', args: [stranger.address] })
      const { id } = await propose(net, order)
      expect(await proposeFails(order)).toEqual({ name: 'SlashAlreadyProposed', args: [id] })
      // Signatures made before the oracle set changed are void with it.
      const next = await deviceOrder({ epoch: 4n })
      const signatures = await signOrder(net, next)
      await net.governance({ ...net.contracts.distributor, functionName: 'setQuorum', args: [3] })
      expect(await proposeFails(next, signatures)).toEqual({ name: 'StaleOracleSetVersion', args: [version, version + 1] })
      // The new set cannot punish the same subject for the same epoch again, for any amount or reason.
      const resigned = await deviceOrder({ amount: 1n, reason: reasonCode('uptime.OTHER') })
      expect(resigned.version).toBe(version + 1)
      expect(await proposeFails(resigned, await signOrder(net, resigned, oracleAccounts))).toEqual({ name: 'SlashAlreadyProposed', args: [id] })
    })
  })

  describe('executing', () => {
    it('waits out the window, then takes the amount from the bonded stake and sends it to the treasury', async () => {
      await stakeDevice()
      const { id, receipt } = await propose(net, await deviceOrder({ amount: 30n * TOKEN }))
      const executableAt = (await timestampOf(net, receipt)) + WINDOW
      expect(await revertOf(send(stranger, 'executeSlash', [id]))).toEqual({ name: 'SlashNotReady', args: [id, executableAt] })
      await net.testClient.setNextBlockTimestamp({ timestamp: executableAt })
      const executed = await send(stranger, 'executeSlash', [id])
      expect(eventsOf(executed)).toEqual([
        {
          eventName: 'SlashExecuted',
          args: {
            id,
            subjectType: SubjectType.Device,
            subject: deviceSubject(deviceId),
            fromBonded: 30n * TOKEN,
            fromUnbonding: 0n,
            bonded: 70n * TOKEN,
            unbonding: 40n * TOKEN,
            burnt: false,
          },
        },
      ])
      expect(await read('deviceStake', [deviceId])).toEqual([70n * TOKEN, 40n * TOKEN])
      expect(await balanceOf(net, treasury())).toBe(30n * TOKEN)
      expect((await read<{ status: number }>('slashOf', [id])).status).toBe(Status.executed)
      expect(await read('pendingSlashesOf', [SubjectType.Device, deviceSubject(deviceId)])).toBe(0n)
      expect(await revertOf(send(stranger, 'executeSlash', [id]))).toEqual({ name: 'SlashNotPending', args: [id] })
      expect(await revertOf(send(stranger, 'executeSlash', [word(9)]))).toEqual({ name: 'SlashNotPending', args: [word(9)] })
    })

    it('takes from the unbonding stake what the bonded stake lacks, and no more than there is', async () => {
      await stakeDevice()
      const { id } = await propose(net, await deviceOrder({ amount: 120n * TOKEN }))
      await net.travel(WINDOW)
      expect(eventsOf(await send(stranger, 'executeSlash', [id]))[0]!.args).toMatchObject({
        fromBonded: 100n * TOKEN,
        fromUnbonding: 20n * TOKEN,
        bonded: 0n,
        unbonding: 20n * TOKEN,
      })
      // The owner's unbonding lost its share: 20 of 40 are left, and paid when it matures.
      const subject = deviceSubject(deviceId)
      expect(await read('unbondingsOf', [SubjectType.Device, subject, owner.address])).toMatchObject([{ amount: 20n * TOKEN }])
      await net.travel(WEEK)
      expect(eventsOf(await send(owner, 'withdraw', [SubjectType.Device, subject]))[0]!.args).toMatchObject({ amount: 20n * TOKEN })

      // An order for more than is staked takes everything, and voids what was unbonding. One for
      // more than 2^176 - 1 (above any real supply) is kept as that.
      await stakeDevice()
      const { id: all } = await propose(net, await deviceOrder({ epoch: 5n, amount: 2n ** 255n }))
      expect((await read<{ amount: bigint }>('slashOf', [all])).amount).toBe(2n ** 176n - 1n)
      await net.travel(WINDOW)
      expect(eventsOf(await send(stranger, 'executeSlash', [all]))[0]!.args).toMatchObject({ fromBonded: 100n * TOKEN, fromUnbonding: 40n * TOKEN, bonded: 0n, unbonding: 0n })
      expect(await read('unbondingsOf', [SubjectType.Device, subject, owner.address])).toMatchObject([{ amount: 0n }])
      await net.travel(WEEK)
      expect(await revertOf(send(owner, 'withdraw', [SubjectType.Device, subject]))).toEqual({ name: 'NothingToWithdraw', args: [SubjectType.Device, subject, owner.address] })
      expect(await balanceOf(net, treasury())).toBe(260n * TOKEN)
      expect(await balanceOf(net, net.deployment.staking)).toBe(0n)
      // The device's unbonding starts afresh: a new unbonding is worth what it unbonded.
      await send(owner, 'bondDevice', [deviceId, 10n * TOKEN])
      await send(owner, 'unbondDevice', [deviceId, 10n * TOKEN])
      expect(await read('unbondingsOf', [SubjectType.Device, subject, owner.address])).toMatchObject([{ amount: 0n }, { amount: 10n * TOKEN }])
      await net.travel(WEEK)
      expect(eventsOf(await send(owner, 'withdraw', [SubjectType.Device, subject]))[0]!.args).toMatchObject({ amount: 10n * TOKEN })
    })

    it('burns the slashed stake when governance chose so', async () => {
      await stakeDevice()
      await net.governance({ ...staking(), functionName: 'setBurnSlashed', args: [true] })
      const { id } = await propose(net, await deviceOrder())
      await net.travel(WINDOW)
      const supply = await net.contracts.token.read.totalSupply()
      expect(eventsOf(await send(stranger, 'executeSlash', [id]))[0]!.args).toMatchObject({ fromBonded: 10n * TOKEN, burnt: true })
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - 10n * TOKEN)
      expect(await balanceOf(net, treasury())).toBe(0n)
    })

    it("holds withdrawals of the subject's unbonding stake while an order against it is pending", async () => {
      await stakeDevice()
      await net.travel(WEEK)
      const { id } = await propose(net, await deviceOrder())
      const subject = deviceSubject(deviceId)
      expect(await revertOf(send(owner, 'withdraw', [SubjectType.Device, subject]))).toEqual({ name: 'WithdrawalFrozen', args: [SubjectType.Device, subject, 1n] })
      await send(net.accounts.guardian, 'veto', [id])
      expect(eventsOf(await send(owner, 'withdraw', [SubjectType.Device, subject]))[0]!.args).toMatchObject({ amount: 40n * TOKEN })
    })

    it('waits while paused, so that the order can still be vetoed', async () => {
      await stakeDevice()
      const { id } = await propose(net, await deviceOrder())
      await send(net.accounts.guardian, 'pause')
      await net.travel(WINDOW)
      expect(await revertOf(send(stranger, 'executeSlash', [id]))).toEqual({ name: 'EnforcedPause', args: [] })
      expect(eventsOf(await send(net.accounts.guardian, 'veto', [id]))).toEqual([{ eventName: 'SlashVetoed', args: { id, by: net.accounts.guardian.address } }])
      await send(net.accounts.guardian, 'unpause')
      expect(await revertOf(send(stranger, 'executeSlash', [id]))).toEqual({ name: 'SlashNotPending', args: [id] })
      expect(await read('deviceStake', [deviceId])).toEqual([100n * TOKEN, 40n * TOKEN])
    })
  })

  describe('appeals and vetoes', () => {
    it("lets the device's owner appeal in the window; governance then upholds the order, which executes", async () => {
      await stakeDevice()
      const { id } = await propose(net, await deviceOrder())
      expect(await revertOf(send(stranger, 'appeal', [id]))).toEqual({ name: 'NotSubjectOwner', args: [id, stranger.address] })
      expect(eventsOf(await send(owner, 'appeal', [id]))).toEqual([{ eventName: 'SlashAppealed', args: { id, by: owner.address } }])
      expect(await revertOf(send(owner, 'appeal', [id]))).toEqual({ name: 'SlashNotPending', args: [id] })
      await net.travel(WINDOW)
      expect(await revertOf(send(stranger, 'executeSlash', [id]))).toEqual({ name: 'SlashUnderAppeal', args: [id] })
      expect(await revertOf(send(owner, 'resolveAppeal', [id, false]))).toMatchObject({ name: 'AccessControlUnauthorizedAccount' })
      expect(eventsOf(await net.governance({ ...staking(), functionName: 'resolveAppeal', args: [id, true] }))).toEqual([
        { eventName: 'SlashAppealResolved', args: { id, upheld: true } },
      ])
      expect((await read<{ status: number }>('slashOf', [id])).status).toBe(Status.upheld)
      // Governance has spoken: the guardian can no longer veto it.
      expect(await revertOf(send(net.accounts.guardian, 'veto', [id]))).toEqual({ name: 'SlashNotPending', args: [id] })
      expect(eventsOf(await send(stranger, 'executeSlash', [id]))[0]!.args).toMatchObject({ fromBonded: 10n * TOKEN })
    })

    it('lets governance find for the appellant: the order never executes and withdrawals resume', async () => {
      await stakeDevice()
      const { id } = await propose(net, await deviceOrder())
      expect(await revertOf(net.governance({ ...staking(), functionName: 'resolveAppeal', args: [id, false] }))).toEqual({ name: 'SlashNotAppealed', args: [id] })
      await send(owner, 'appeal', [id])
      await net.governance({ ...staking(), functionName: 'resolveAppeal', args: [id, false] })
      expect((await read<{ status: number }>('slashOf', [id])).status).toBe(Status.rejected)
      await net.travel(WEEK)
      expect(await revertOf(send(stranger, 'executeSlash', [id]))).toEqual({ name: 'SlashNotPending', args: [id] })
      expect(eventsOf(await send(owner, 'withdraw', [SubjectType.Device, deviceSubject(deviceId)]))[0]!.args).toMatchObject({ amount: 40n * TOKEN })
    })

    it('closes appeals and vetoes with the window, and refuses unknown orders', async () => {
      const { id, receipt } = await propose(net, await deviceOrder())
      const executableAt = (await timestampOf(net, receipt)) + WINDOW
      await net.travel(WINDOW)
      expect(await revertOf(send(owner, 'appeal', [id]))).toEqual({ name: 'SlashWindowClosed', args: [id, executableAt] })
      expect(await revertOf(send(net.accounts.guardian, 'veto', [id]))).toEqual({ name: 'SlashWindowClosed', args: [id, executableAt] })
      expect(await revertOf(send(owner, 'appeal', [word(9)]))).toEqual({ name: 'SlashNotPending', args: [word(9)] })
      expect(await revertOf(send(net.accounts.guardian, 'veto', [word(9)]))).toEqual({ name: 'SlashNotPending', args: [word(9)] })
    })

    it('lets only the guardian or governance veto, an appealed order included', async () => {
      const { id } = await propose(net, await deviceOrder())
      expect(await revertOf(send(stranger, 'veto', [id]))).toEqual({ name: 'NotGuardianOrGovernance', args: [stranger.address] })
      await send(owner, 'appeal', [id])
      expect(eventsOf(await net.governance({ ...staking(), functionName: 'veto', args: [id] }))[0]!.args).toEqual({ id, by: net.deployment.timelock })
      expect((await read<{ status: number }>('slashOf', [id])).status).toBe(Status.vetoed)
      expect(await read('pendingSlashesOf', [SubjectType.Device, deviceSubject(deviceId)])).toBe(0n)
      expect(await revertOf(net.governance({ ...staking(), functionName: 'resolveAppeal', args: [id, true] }))).toEqual({ name: 'SlashNotAppealed', args: [id] })
    })

    it('lets an operator appeal an order against itself, and only it', async () => {
      const { id } = await propose(net, await deviceOrder({ subjectType: SubjectType.Operator, subject: addressSubject(bob.address) }))
      expect(await revertOf(send(owner, 'appeal', [id]))).toEqual({ name: 'NotSubjectOwner', args: [id, owner.address] })
      await send(bob, 'appeal', [id])
    })
  })

  describe("operators' pools", () => {
    const operator = bob
    const subject = addressSubject(operator.address)
    const operatorOrder = (amount: bigint, epoch = 3n) => orderOf(net, { subjectType: SubjectType.Operator, subject, amount, epoch })
    const execute = async (amount: bigint, epoch = 3n) => {
      const { id } = await propose(net, await operatorOrder(amount, epoch))
      await net.travel(WINDOW)
      return eventsOf(await send(stranger, 'executeSlash', [id]))[0]!.args
    }

    it('takes from the self-bond and every delegation pro rata, unbonding delegations included', async () => {
      await send(operator, 'bondOperator', [100n * TOKEN])
      await send(alice, 'delegate', [operator.address, 300n * TOKEN])
      await send(alice, 'undelegate', [operator.address, 100n * TOKEN])
      // Pool 300 (operator 100, alice 200), alice unbonding 100: an order for 330 takes the pool, then 30 of 100.
      expect(await execute(330n * TOKEN)).toMatchObject({ fromBonded: 300n * TOKEN, fromUnbonding: 30n * TOKEN, bonded: 0n, unbonding: 70n * TOKEN })
      expect(await read('delegationOf', [operator.address, alice.address])).toEqual([0n, 0n])
      await net.travel(WEEK)
      expect(eventsOf(await send(alice, 'withdraw', [SubjectType.Operator, subject]))[0]!.args).toMatchObject({ amount: 70n * TOKEN })
    })

    it('lowers every share of a pool alike, and the events carry what the oracle splits rewards by', async () => {
      await send(operator, 'bondOperator', [100n * TOKEN])
      await send(alice, 'delegate', [operator.address, 300n * TOKEN])
      expect(await execute(40n * TOKEN)).toMatchObject({ fromBonded: 40n * TOKEN, bonded: 360n * TOKEN })
      expect(await read('operatorStake', [operator.address])).toEqual({
        tokens: 360n * TOKEN,
        shares: 400n * TOKEN,
        selfShares: 100n * TOKEN,
        selfTokens: 90n * TOKEN,
        unbonding: 0n,
      })
      expect(await read('delegationOf', [operator.address, alice.address])).toEqual([300n * TOKEN, 270n * TOKEN])
      // A new delegation buys shares at the lowered price: 90 tokens buy 100 shares.
      const delegated = eventsOf(await send(alice, 'delegate', [operator.address, 90n * TOKEN]))[0]!.args
      expect(delegated).toMatchObject({ shares: 100n * TOKEN, delegatorShares: 400n * TOKEN, totalTokens: 450n * TOKEN, totalShares: 500n * TOKEN })
    })

    it('refuses to unbond shares that are worth nothing', async () => {
      await send(operator, 'bondOperator', [100n * TOKEN])
      await execute(50n * TOKEN)
      expect(await revertOf(send(operator, 'unbondOperator', [1n]))).toEqual({ name: 'SharesWorthNothing', args: [operator.address, 1n] })
      expect(eventsOf(await send(operator, 'unbondOperator', [2n]))[0]!.args).toMatchObject({ amount: 1n })
    })

    it('empties a pool whose shares a slash leaves worth less than a billionth of a token, and starts it afresh', async () => {
      await send(operator, 'bondOperator', [100n * TOKEN])
      await send(alice, 'delegate', [operator.address, 100n * TOKEN])
      // Leaving 1 base unit for 200e18 shares: the dust goes too.
      expect(await execute(200n * TOKEN - 1n)).toMatchObject({ fromBonded: 200n * TOKEN, bonded: 0n })
      expect(await read('operatorStake', [operator.address])).toEqual({ tokens: 0n, shares: 0n, selfShares: 0n, selfTokens: 0n, unbonding: 0n })
      expect(await revertOf(send(alice, 'delegate', [operator.address, TOKEN]))).toEqual({ name: 'NotAnOperator', args: [operator.address] })
      expect(await revertOf(send(alice, 'undelegate', [operator.address, 1n]))).toEqual({ name: 'InsufficientShares', args: [operator.address, alice.address, 0n, 1n] })
      // The operator bonds again: shares one for one, old shares void.
      await send(operator, 'bondOperator', [10n * TOKEN])
      expect(eventsOf(await send(alice, 'delegate', [operator.address, 5n * TOKEN]))[0]!.args).toMatchObject({
        shares: 5n * TOKEN,
        delegatorShares: 5n * TOKEN,
        totalShares: 15n * TOKEN,
      })
    })
  })

  describe('oracle equivocation', () => {
    const [oracle, other] = oracleAccounts
    const root = async (label: string, fields: Partial<RewardRoot> = {}): Promise<RewardRoot> => ({
      epoch: 0n,
      version: await net.contracts.distributor.read.oracleSetVersion(),
      root: keccak256(toHex(`pinion-test:root:${label}`)),
      totalCumulative: 0n,
      inputsHash: word(1),
      paramsHash: word(2),
      ...fields,
    })
    const signRoot = async (signer: Account, value: RewardRoot) =>
      serializeCompactSignature(signatureToCompactSignature(parseSignature(await signer.signTypedData!(rewardRootTypedData(net.chain.id, net.deployment.distributor, value)))))
    const prove = async (a: RewardRoot, b: RewardRoot, signerA: Account = oracle, signerB: Account = oracle) =>
      send(stranger, 'slashOracleForEquivocation', [a, await signRoot(signerA, a), b, await signRoot(signerB, b)])

    it('takes the whole stake, bonded and unbonding, at once; the key may never bond again', async () => {
      await send(oracle, 'bondOracle', [100n * TOKEN])
      await send(oracle, 'unbondOracle', [40n * TOKEN])
      const receipt = await prove(await root('a'), await root('b'))
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'OracleSlashed', args: { oracle: oracle.address, epoch: 0n, fromBonded: 60n * TOKEN, fromUnbonding: 40n * TOKEN, burnt: false } },
      ])
      expect(await read('oracleStake', [oracle.address])).toEqual([0n, 0n])
      expect(await balanceOf(net, treasury())).toBe(100n * TOKEN)
      expect(await read('isEquivocator', [oracle.address])).toBe(true)
      expect(await revertOf(send(oracle, 'bondOracle', [TOKEN]))).toEqual({ name: 'EquivocationAlreadyProven', args: [oracle.address] })
      expect(await revertOf(prove(await root('a'), await root('c')))).toEqual({ name: 'EquivocationAlreadyProven', args: [oracle.address] })
      await net.travel(WEEK)
      const subject = addressSubject(oracle.address)
      expect(await revertOf(send(oracle, 'withdraw', [SubjectType.Oracle, subject]))).toEqual({ name: 'NothingToWithdraw', args: [SubjectType.Oracle, subject, oracle.address] })
      expect(await balanceOf(net, oracle.address)).toBe(GENESIS - 100n * TOKEN)
    })

    it('slashes a key the distributor already removed for the same proof', async () => {
      await send(oracle, 'bondOracle', [100n * TOKEN])
      const [a, b] = [await root('a'), await root('b')]
      const [signatureA, signatureB] = [await signRoot(oracle, a), await signRoot(oracle, b)]
      await net.send(stranger, { ...net.contracts.distributor, functionName: 'proveEquivocation', args: [a, signatureA, b, signatureB] })
      expect(await net.contracts.distributor.read.isOracle([oracle.address])).toBe(false)
      const receipt = await send(stranger, 'slashOracleForEquivocation', [a, signatureA, b, signatureB])
      expect(eventsOf(receipt)[0]!.args).toMatchObject({ oracle: oracle.address, fromBonded: 100n * TOKEN })
    })

    it('refuses anything but two different roots for one epoch and version signed by one key', async () => {
      expect(await revertOf(prove(await root('a'), await root('b', { epoch: 1n })))).toEqual({ name: 'EquivocationEpochsDiffer', args: [0n, 1n] })
      const version = await net.contracts.distributor.read.oracleSetVersion()
      expect(await revertOf(prove(await root('a'), await root('b', { version: version + 1 })))).toEqual({ name: 'EquivocationVersionsDiffer', args: [version, version + 1] })
      const same = await root('a')
      const digest = await net.contracts.distributor.read.rewardRootDigest([same])
      expect(await revertOf(prove(same, same))).toEqual({ name: 'EquivocationRootsIdentical', args: [digest] })
      expect(await revertOf(prove(await root('a'), await root('b'), oracle, other))).toEqual({ name: 'EquivocationSignersDiffer', args: [oracle.address, other.address] })
      const a = await root('a')
      const b = await root('b')
      const full = await oracle.signTypedData!(rewardRootTypedData(net.chain.id, net.deployment.distributor, a))
      expect(await revertOf(send(stranger, 'slashOracleForEquivocation', [a, full, b, await signRoot(oracle, b)]))).toEqual({ name: 'MalformedSignatures', args: [65n] })
    })
  })
})
