/**
 * `pinion credits buy | balance | delegate` against a network on anvil, through the CLI's `main`:
 * what each prints (in words and in --json) and what the chain holds afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEVNET_CREDITS_PER_TOKEN, devnetAccounts, devnetPrivateKey } from '@pinion/contracts'
import { keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { type NetworkState, writeState } from '../state.ts'
import { parseTokens } from './credits.ts'
import { senderKey } from './senderKey.ts'

const TOKEN = 10n ** 18n
/** The devnet's first account: the credits commands' default sender. */
const admin = devnetAccounts(1)[0]!.address
const other = devnetAccounts(10)[9]!
const ROUTER = keccak256(toHex('router'))

describe('pinion credits', () => {
  let net: Network
  let state: NetworkState
  const dir = mkdtempSync(join(tmpdir(), 'pinion-credits-'))
  const file = join(dir, 'network.json')
  beforeAll(async () => {
    vi.stubEnv('PINION_KEY', undefined)
    net = await workerNetwork({
      deploy: {
        token: {
          name: 'Pinion',
          symbol: 'PIN',
          cap: TOKEN_CAP,
          genesisAllocations: [
            { holder: admin, amount: 1_000n * TOKEN },
            { holder: other.address, amount: 10n * TOKEN },
          ],
        },
      },
    })
    state = {
      name: 'Credits test',
      chainId: net.chain.id,
      rpcUrl: net.devnet.rpcUrl,
      deployment: net.deployment,
      schedule: { genesisTime: net.params.emissions.genesisTime.toString(), epochDuration: net.params.emissions.epochDuration.toString() },
      oracles: [],
      deviceClass: 1,
      treasury: admin,
    }
    writeState(file, state, true)
  })
  afterAll(() => {
    vi.unstubAllEnvs()
    rmSync(dir, { recursive: true, force: true })
  })
  revertEachTest(() => net)

  const pinion = (...args: string[]) => runPinion('credits', ...args, '--network', file)
  const credits = () => net.contracts.credits

  it('buys credits with the devnet’s first account, approving Credits as needed, and prints them', async () => {
    const run = await pinion('buy', '12.5')
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    expect(lines[0]).toMatch(new RegExp(`^bought 1,250,000 credits for ${admin} with 12\\.5 PIN at 100,000 credits per token \\(epoch 0\\) in 0x[0-9a-f]{64}$`))
    expect(lines[1]).toBe('balance 1,250,000 credits')
    expect(await credits().read.balanceOf([admin])).toBe(1_250_000n)
    expect(await net.contracts.token.read.balanceOf([admin])).toBe(1_000n * TOKEN - 12_500_000_000_000_000_000n)

    // Again (approving again), for another account, in --json.
    const json = await pinion('buy', '1', '--for', other.address, '--json')
    expect(json.code).toBe(0)
    expect(JSON.parse(json.out)).toMatchObject({
      payer: admin,
      account: other.address,
      tokens: `${TOKEN}`,
      credits: `${DEVNET_CREDITS_PER_TOKEN}`,
      price: '100000',
      epoch: '0',
      balance: '100000',
    })
  })

  it('buys with the key --key-file holds, and refuses amounts that are not tokens', async () => {
    const keyFile = join(dir, 'sender.key')
    writeFileSync(keyFile, `${devnetPrivateKey(9)}\n`, { mode: 0o600 })
    const run = await pinion('buy', '0.00001', '--key-file', keyFile, '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.out)).toMatchObject({ payer: other.address, account: other.address, credits: '1' })
    for (const amount of ['0', 'ten', '1.0000000000000000001', '-1']) {
      const bad = await pinion('buy', amount)
      expect(bad.code, amount).toBe(1)
      expect(bad.err, amount).toMatch(/^pinion: the tokens to burn are .*\[PINION_ERR_CREDITS_AMOUNT\]$/)
    }
    const tooMuch = await pinion('buy', '11', '--key-file', keyFile)
    expect(tooMuch.code).toBe(1)
    expect(tooMuch.err).toBe(
      `pinion: burning 11 PIN for credits would revert: ERC20InsufficientBalance(${other.address}, ${10n * TOKEN - 10n ** 13n}, ${11n * TOKEN}) [PINION_ERR_GOV_REVERTED]`,
    )
  })

  it('shows balances and escrows, and delegates to a service key for good', async () => {
    await pinion('buy', '1')
    const delegated = await pinion('delegate', ROUTER, '30,000')
    expect(delegated.code).toBe(0)
    expect(delegated.out.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^delegated 30,000 credits from ${admin} to ${ROUTER} in 0x[0-9a-f]{64}$`)),
      'escrow 30,000 credits; balance 70,000 credits',
    ])
    expect(await credits().read.escrowOf([ROUTER])).toBe(30_000n)

    const balance = await pinion('balance', '--service', ROUTER)
    expect(balance.out).toBe(`${admin}  70,000 credits\n${ROUTER}  30,000 credits in escrow`)
    const json = await pinion('balance', other.address, '--json')
    expect(JSON.parse(json.out)).toEqual({ account: other.address, credits: '0' })

    const over = await pinion('delegate', ROUTER, '70001')
    expect(over.err).toBe(`pinion: delegating 70001 credits to ${ROUTER} would revert: InsufficientCredits(${admin}, 70000, 70001) [PINION_ERR_GOV_REVERTED]`)
    expect((await pinion('delegate', '0x1234', '1')).err).toBe('pinion: the service key is "0x1234", expected 0x and 64 hex digits (32 bytes) [PINION_ERR_GOV_NUMBER]')
    expect((await pinion('delegate', ROUTER, '0')).err).toMatch(/^pinion: the credits to delegate is 0, expected 1 to .*\[PINION_ERR_GOV_NUMBER\]$/)
  })

  it('needs a key off the devnet, and a network deployed with credits', async () => {
    expect(() => senderKey({ ...state, chainId: 8_453 }, undefined, {})).toThrow(
      expect.objectContaining({ code: 'PINION_ERR_KEY', message: expect.stringContaining('chain id 8453 is not the devnet') }),
    )
    const notAKey = join(dir, 'not-a.key')
    writeFileSync(notAKey, 'secret')
    expect(() => senderKey(state, notAKey, {})).toThrow(
      expect.objectContaining({ code: 'PINION_ERR_KEY', message: `the key file ${notAKey} does not hold a private key; expected 0x and 64 hex digits` }),
    )
    expect(() => senderKey(state, join(dir, 'missing.key'), {})).toThrow(
      expect.objectContaining({ code: 'PINION_ERR_KEY', message: expect.stringContaining('cannot read the key file') }),
    )
    // A key is never a flag's value: the option that took one is gone.
    // (commander refuses it before anything is sent, on stderr directly.)
    const flagged = await pinion('buy', '1', '--key', devnetPrivateKey(9))
    expect([flagged.code, flagged.out]).toEqual([1, ''])
    expect(senderKey({ ...state, chainId: 8_453 }, undefined, { PINION_KEY: devnetPrivateKey(3) })).toBe(devnetPrivateKey(3))
    expect(parseTokens('1_000.5')).toBe(1_000_500_000_000_000_000_000n)

    const old = join(dir, 'old.json')
    const { credits: _, creditPrice: __, ...deployment } = net.deployment
    writeState(old, { ...state, deployment: deployment as NetworkState['deployment'] }, true)
    const run = await runPinion('credits', 'balance', admin, '--network', old)
    expect(run.code).toBe(1)
    expect(run.err).toMatch(/without service credits.*\[PINION_ERR_CREDITS_NETWORK\]$/)
  })
})
