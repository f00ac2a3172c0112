import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { type Address, type Hex, keccak256, parseCompactSignature, parseSignature, serializeCompactSignature, signatureToCompactSignature, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attestOnce, attestationsOf, gatherQuorum } from './attestation.ts'

const oracles = [1, 2, 3].map((i) => privateKeyToAccount(keccak256(toHex(`pinion-attestation-test:${i}`))))
const set = { version: 4, quorum: 2, oracles: oracles.map((o) => o.address.toLowerCase() as Address).sort() }
const typedData = (amount: bigint) =>
  ({
    domain: { name: 'Test', version: '1', chainId: 31_337, verifyingContract: '0x0000000000000000000000000000000000000001' },
    types: { Order: [{ name: 'amount', type: 'uint256' }] },
    primaryType: 'Order',
    message: { amount },
  }) as const
const request = (amount: bigint) => ({ epoch: 7n, version: 4, subject: 'slash:1', typedData: typedData(amount) })

/** A fetch that answers /v1/epochs/7/attestations as each peer would, by URL. */
function peersAnswering(answers: Record<string, unknown>): typeof fetch {
  return (async (url: string | URL) => {
    const peer = String(url).split('/v1/')[0]!
    const body = answers[peer]
    if (body === undefined) throw new Error('unreachable')
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
}

describe.each(testBackends())('attestations on %s', (backend) => {
  let test: TestDb
  beforeAll(async () => {
    test = await openTestDb({ backend })
  })
  afterAll(() => test.cleanup())

  it('signs a subject once: the same message again gives the stored signature, another one is refused', async () => {
    const first = await attestOnce(test.db, oracles[0]!, request(5n))
    const again = await attestOnce(test.db, oracles[0]!, request(5n))
    expect(again).toEqual(first)
    expect(await attestOnce(test.db, oracles[0]!, request(6n))).toBe('signed-differently')
    expect(await attestationsOf(test.db, 7n, 4, oracles[0]!.address)).toHaveLength(1)
  })

  it("gathers peers' signatures of the same digest into a quorum, in ascending signer order, ignoring liars and strangers", async () => {
    const mine = await attestOnce(test.db, oracles[0]!, request(5n))
    if (mine === 'signed-differently') throw new Error('unexpected')
    const honest = await oracles[1]!.signTypedData(typedData(5n))
    const liar = await oracles[2]!.signTypedData(typedData(9n)) // signed another amount
    const stranger = privateKeyToAccount(keccak256(toHex('stranger')))
    const strangers = await stranger.signTypedData(typedData(5n))
    const attestation = (oracle: Address, signature: Hex) => ({ subject: 'slash:1', oracle, digest: mine.digest, signature })

    const alone = await gatherQuorum(
      test.db,
      mine,
      set,
      ['http://liar', 'http://stranger'],
      peersAnswering({
        'http://liar': { attestations: [attestation(oracles[2]!.address, liar)] },
        'http://stranger': { attestations: [attestation(stranger.address, strangers)] },
      }),
    )
    expect(alone).toEqual({ signatures: null, count: 1 })

    const quorum = await gatherQuorum(
      test.db,
      mine,
      set,
      ['http://honest', 'http://down'],
      peersAnswering({ 'http://honest': { attestations: [attestation(oracles[1]!.address, honest)] } }),
    )
    expect(quorum.count).toBe(2)
    const signers = [oracles[0]!, oracles[1]!].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
    const compact = (signature: Hex) => serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)))
    const own = mine.signature
    const expected = `0x${signers.map((s) => compact(s === oracles[0] ? own : honest).slice(2)).join('')}`
    expect(quorum.signatures).toBe(expected)
    expect(parseCompactSignature(`0x${quorum.signatures!.slice(2, 130)}`)).toBeDefined()
    // The peer's signature was kept: no peer is needed the second time.
    expect((await gatherQuorum(test.db, mine, set, [], peersAnswering({}))).count).toBe(2)
  })
})
