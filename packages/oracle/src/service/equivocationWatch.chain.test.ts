/**
 * An oracle caught signing two roots for one epoch and version, on anvil: the watcher keeps every
 * authentic peer signature, finds the pair, and the proof takes the equivocator's oracle stake
 * (Staking) and its seat (the distributor); it is sent once.
 */
import { devnetAccounts, pinionTokenAbi } from '@pinion/contracts'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workerNetwork } from '@pinion/testkit/chain'
import { openTestDb } from '@pinion/testkit/db'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import type { Db } from '../store/db.ts'
import { noteRootSignature, proveOracleEquivocation } from './equivocationWatch.ts'
import { type SignedValues, isAuthentic, signRoot } from './rootSignature.ts'

/** The network's second oracle (devnet account 2, as localNetwork names them), funded at genesis to bond. */
const ORACLE_B = devnetAccounts(3)[2]!

describe('the equivocation watch', () => {
  let net: Network
  let db: Db
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    net = await workerNetwork({
      deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: ORACLE_B.address, amount: parseEther('100') }] } },
    })
    ;({ db, cleanup } = await openTestDb())
  })
  afterAll(async () => cleanup())

  it('finds two roots one peer signed for one epoch and version, and the proof costs it its stake and its seat, once', async () => {
    const liar = net.accounts.oracles[1]!
    expect(liar.address).toBe(ORACLE_B.address)
    // The liar bonded oracle stake, and has some of it unbonding: the proof takes both.
    const staking = { address: net.deployment.staking, abi: net.contracts.staking.abi } as const
    await net.send(liar, { address: net.deployment.token, abi: pinionTokenAbi, functionName: 'approve', args: [net.deployment.staking, parseEther('100')] })
    await net.send(liar, { ...staking, functionName: 'bondOracle', args: [parseEther('100')] })
    await net.send(liar, { ...staking, functionName: 'unbondOracle', args: [parseEther('40')] })

    const version = await net.contracts.distributor.read.oracleSetVersion()
    const values = (root: `0x${string}`): SignedValues => ({
      epoch: 0n,
      version,
      root,
      totalCumulative: 5n,
      inputsHash: `0x${'11'.repeat(32)}`,
      paramsHash: `0x${'22'.repeat(32)}`,
    })
    const sign = (root: `0x${string}`) => signRoot(liar as never, net.chain.id, net.deployment.distributor, values(root))
    const first = await sign(`0x${'aa'.repeat(32)}`)
    const second = await sign(`0x${'bb'.repeat(32)}`)
    for (const signed of [first, second]) expect(await isAuthentic(net.chain.id, net.deployment.distributor, signed)).toBe(true)

    // The same signature twice proves nothing; a second root does.
    expect(await noteRootSignature(db, first)).toBeNull()
    expect(await noteRootSignature(db, first)).toBeNull()
    const pair = await noteRootSignature(db, second)
    expect(pair?.map((s) => s.root)).toEqual([first.root, second.root])

    const prover = net.accounts.users[0]!
    const proof = await proveOracleEquivocation(
      { db, client: net.publicClient, wallet: net.walletFor(prover) as never, distributor: net.deployment.distributor, staking: net.deployment.staking },
      pair!,
    )
    expect(proof).toMatchObject({ oracle: liar.address.toLowerCase(), epoch: 0n, version })
    expect(proof.staking).toMatch(/^proven in 0x/)
    expect(proof.distributor).toMatch(/^proven in 0x/)
    expect(await net.contracts.staking.read.oracleStake([liar.address])).toEqual([0n, 0n])
    expect(await net.contracts.staking.read.isEquivocator([liar.address])).toBe(true)
    expect((await net.contracts.distributor.read.oracles()).map((o) => o.toLowerCase())).not.toContain(liar.address.toLowerCase())
    // Proven once: the pair is not returned again.
    expect(await noteRootSignature(db, second)).toBeNull()
  })
})
