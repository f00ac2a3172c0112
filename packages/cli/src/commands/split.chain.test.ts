/**
 * `pinion split` on anvil: a device's owner creates a split and points the device's rewards at it,
 * a quorum-signed root pays the split, `split show` says who can be paid what, and `split release`
 * pays them; bad flags are refused with their codes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deviceRegistryAbi, devnetAccounts, rewardSplitAbi } from '@pinion/contracts'
import { RewardTree } from '@pinion/protocol'
import { type Address, getAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import type { Network } from '@pinion/testkit/localNetwork'
import { word } from '@pinion/testkit/words'
import { type NetworkState, writeState } from '../state.ts'

const TOKEN = 10n ** 18n
/** The devnet's operator-1 and operator-2 (`--account`), as `pinion up` names anvil's accounts 5 and 6. */
const [operator1, operator2] = devnetAccounts(7).slice(5, 7) as [ReturnType<typeof devnetAccounts>[number], ReturnType<typeof devnetAccounts>[number]]
const PARTNER = getAddress('0x5ca1ab1e00000000000000000000000000c0ffee')

const pinion = runPinion

describe('pinion split', () => {
  let net: Network
  let stateFile: string
  let deviceId: bigint
  const dir = mkdtempSync(join(tmpdir(), 'pinion-split-'))
  beforeAll(async () => {
    vi.stubEnv('PINION_KEY', undefined)
    net = await workerNetwork({ registryAdmin: false })
    const state: NetworkState = {
      name: 'Split test',
      chainId: net.chain.id,
      rpcUrl: net.devnet.rpcUrl,
      deployment: net.deployment,
      schedule: { genesisTime: net.params.emissions.genesisTime.toString(), epochDuration: net.params.emissions.epochDuration.toString() },
      oracles: [],
      deviceClass: 1,
      treasury: net.deployment.timelock,
    }
    stateFile = join(dir, 'network.json')
    writeState(stateFile, state, true)
    deviceId = await net.registerDevice(operator1.address, 'split cli device')
  })
  afterAll(() => {
    vi.unstubAllEnvs()
    rmSync(dir, { recursive: true, force: true })
  })
  revertEachTest(() => net)

  const deviceHex = () => `0x${deviceId.toString(16).padStart(64, '0')}`
  const recipientOf = () => net.publicClient.readContract({ address: net.deployment.registry, abi: deviceRegistryAbi, functionName: 'recipientOf', args: [deviceId] })
  const payeeFlags = ['--payee', `${operator1.address}:70`, '--payee', `${PARTNER.toLowerCase()}:30`]
  const create = (...extra: string[]) => pinion('split', 'create', ...payeeFlags, '--network', stateFile, ...extra)

  /** Pays `split` `amount` through a root the oracle quorum commits, and a claimFor by anyone. */
  async function payThroughRoot(split: Address, amount: bigint) {
    await net.releaseEpochs(1n)
    const tree = RewardTree.build([{ recipient: split, cumulativeAmount: amount }])
    await net.publishRoot({ epoch: await net.contracts.distributor.read.nextEpoch(), root: tree.root, totalCumulative: amount, inputsHash: word(1), paramsHash: word(2) })
    await net.send(net.accounts.users[4]!, { ...net.contracts.distributor, functionName: 'claimFor', args: [split, amount, tree.proof(0)] })
  }

  it('creates a split, points the owner’s device at it, shows it, and releases what a root paid it', async () => {
    const created = await create('--device', deviceHex(), '--account', 'operator-1', '--json')
    expect(created.err).toBe('')
    expect(created.code).toBe(0)
    const { split, created: transaction, recipient } = JSON.parse(created.out) as { split: Address; created: string | null; recipient: { deviceId: string } }
    expect(transaction).toMatch(/^0x[0-9a-f]{64}$/)
    expect(recipient.deviceId).toBe(deviceId.toString())
    expect(await recipientOf()).toBe(split)
    expect(await net.publicClient.readContract({ address: split, abi: rewardSplitAbi, functionName: 'payees' })).toEqual([operator1.address, PARTNER])

    // The same payees and shares are the same split: created once, whoever asks again.
    const again = await create('--account', 'operator-2')
    expect(again.code).toBe(0)
    expect(again.out.split('\n')).toEqual([`split ${split} already exists`, `  ${operator1.address}  70 of 100 shares`, `  ${PARTNER}  30 of 100 shares`])

    await payThroughRoot(split, 10n * TOKEN)
    const shown = await pinion('split', 'show', split, '--network', stateFile)
    expect(shown.code).toBe(0)
    expect(shown.out.split('\n')).toEqual([
      `split ${split}: received 10 PIN, released 0 PIN`,
      `  ${operator1.address}  70/100       released 0 PIN              claimable 7 PIN`,
      `  ${PARTNER}  30/100       released 0 PIN              claimable 3 PIN`,
    ])
    const shownJson = JSON.parse((await pinion('split', 'show', split, '--network', stateFile, '--json')).out) as { payees: { releasable: string }[] }
    expect(shownJson.payees.map((p) => p.releasable)).toEqual([(7n * TOKEN).toString(), (3n * TOKEN).toString()])

    // Anyone may release: here the devnet's admin.
    const released = await pinion('split', 'release', split, '--network', stateFile)
    expect(released.code).toBe(0)
    expect(released.out.split('\n').slice(1)).toEqual([`  ${operator1.address}  7 PIN`, `  ${PARTNER}  3 PIN`])
    expect(await net.contracts.token.read.balanceOf([PARTNER])).toBe(3n * TOKEN)
    expect((await pinion('split', 'release', split, '--network', stateFile)).out).toBe(`nothing to release from ${split}`)
  })

  it('refuses malformed payees, a device the sender does not own, a payee given twice, and an address that is no split', async () => {
    const noShares = await pinion('split', 'create', '--payee', operator1.address, '--network', stateFile)
    expect(noShares.code).toBe(1)
    expect(noShares.err).toBe(`pinion: --payee is "${operator1.address}", expected <address>:<shares>, e.g. 0x70997970C51812dc3A010C7d01b50e0d17dc79C8:30 [PINION_ERR_GOV_NUMBER]`)
    const badAddress = await pinion('split', 'create', '--payee', '0x1234:5', '--network', stateFile)
    expect(badAddress.err).toBe('pinion: the payee is "0x1234", expected a 0x-prefixed 20-byte address [PINION_ERR_GOV_ADDRESS]')
    const zeroShares = await pinion('split', 'create', '--payee', `${PARTNER}:0`, '--network', stateFile)
    expect(zeroShares.err).toBe(`pinion: the shares of ${PARTNER} is 0, expected 1 to 18,446,744,073,709,551,615 [PINION_ERR_GOV_NUMBER]`)

    const notOwner = await create('--device', deviceHex(), '--account', 'operator-2')
    expect(notOwner.code).toBe(1)
    expect(notOwner.err).toBe(
      `pinion: making the split device ${deviceId}'s rewards recipient would revert: NotDeviceOperator(${deviceId}, ${operator2.address}) [PINION_ERR_GOV_REVERTED]`,
    )
    // Still paid to its owner (recipientOf names the owner when no recipient is set).
    expect(await recipientOf()).toBe(operator1.address)

    const twice = await pinion('split', 'create', '--payee', `${PARTNER}:1`, '--payee', `${PARTNER}:2`, '--network', stateFile)
    expect(twice.err).toBe(`pinion: creating the split would revert: DuplicatePayee(${PARTNER}) [PINION_ERR_GOV_REVERTED]`)

    const nothing = await pinion('split', 'show', PARTNER, '--network', stateFile)
    expect(nothing.err).toBe(`pinion: ${PARTNER} has no code, expected a reward split [PINION_ERR_GOV_ADDRESS]`)
  })
})
