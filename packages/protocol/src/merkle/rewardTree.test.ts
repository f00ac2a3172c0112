import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import fc from 'fast-check'
import { type Address, getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { PinionError } from '../errors.ts'
import { rewardLeaf } from './rewardLeaf.ts'
import { RewardTree } from './rewardTree.ts'
import { verifyProof } from './verifyProof.ts'

const SEED = 0x5049_4e49 // "PINI"

const entryArbitrary = fc.record({
  recipient: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(`0x${Buffer.from(bytes).toString('hex')}`) as Address),
  cumulativeAmount: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
})
const entriesArbitrary = fc.uniqueArray(entryArbitrary, {
  minLength: 1,
  maxLength: 70,
  selector: (e) => e.recipient.toLowerCase(),
})

describe('RewardTree', () => {
  it('builds the same root and proofs as OpenZeppelin StandardMerkleTree', () => {
    fc.assert(
      fc.property(entriesArbitrary, (entries) => {
        const ours = RewardTree.build(entries)
        const theirs = StandardMerkleTree.of(
          entries.map((e) => [e.recipient, e.cumulativeAmount]),
          ['address', 'uint256'],
        )
        expect(ours.root).toBe(theirs.root)
        entries.forEach((entry, i) => {
          expect(ours.proof(i)).toEqual(theirs.getProof(i))
          expect(rewardLeaf(entry)).toBe(theirs.leafHash([entry.recipient, entry.cumulativeAmount]))
        })
      }),
      { seed: SEED, numRuns: 60 },
    )
  })

  it('produces proofs that verify, and that fail for any other amount', () => {
    fc.assert(
      fc.property(entriesArbitrary, fc.nat(), (entries, pick) => {
        const tree = RewardTree.build(entries)
        const index = pick % entries.length
        const entry = entries[index]!
        expect(verifyProof(tree.root, rewardLeaf(entry), tree.proof(index))).toBe(true)
        const forged = { ...entry, cumulativeAmount: entry.cumulativeAmount ^ 1n }
        expect(verifyProof(tree.root, rewardLeaf(forged), tree.proof(index))).toBe(false)
        expect(StandardMerkleTree.verify(tree.root, ['address', 'uint256'], [entry.recipient, entry.cumulativeAmount], tree.proof(index))).toBe(true)
      }),
      { seed: SEED, numRuns: 60 },
    )
  })

  it('builds the same tree on worker threads as in one thread', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArbitrary, async (entries) => {
        const single = RewardTree.build(entries)
        const parallel = await RewardTree.buildAsync(entries, { threads: 3, minParallelEntries: 0 })
        expect(parallel.root).toBe(single.root)
        entries.forEach((entry, i) => {
          expect(parallel.proof(i)).toEqual(single.proof(i))
          expect(parallel.indexOf(entry.recipient)).toBe(i)
        })
      }),
      { seed: SEED, numRuns: 5 },
    )
    // Several encoding chunks, and inner levels wide enough to be hashed in parallel too (the one-thread build is checked
    // against OpenZeppelin above).
    const many = Array.from({ length: 33_000 }, (_, i) => ({
      recipient: getAddress(`0x${(i + 1).toString(16).padStart(8, '0')}${'ab'.repeat(16)}`) as Address,
      cumulativeAmount: BigInt(i) * 10n ** 18n + 1n,
    }))
    const tree = await RewardTree.buildAsync(many, { threads: 2, minParallelEntries: 0 })
    const single = RewardTree.build(many)
    expect(tree.root).toBe(single.root)
    expect(tree.proof(12_345)).toEqual(single.proof(12_345))
  })

  it('rejects the same bad input on worker threads as in one thread', async () => {
    const a = '0x0000000000000000000000000000000000000001' as Address
    const options = { threads: 2, minParallelEntries: 0 }
    await expect(
      RewardTree.buildAsync(
        [
          { recipient: a, cumulativeAmount: 1n },
          { recipient: a, cumulativeAmount: 2n },
        ],
        options,
      ),
    ).rejects.toMatchObject({
      code: 'PINION_ERR_DUPLICATE_RECIPIENT',
    })
    await expect(RewardTree.buildAsync([{ recipient: '0x12' as Address, cumulativeAmount: 1n }], options)).rejects.toMatchObject({
      code: 'PINION_ERR_REWARD_RECIPIENT',
    })
  })

  it('finds entries by recipient, whatever the address case', () => {
    const recipient = '0x00000000000000000000000000000000000000aB' as Address
    const tree = RewardTree.build([
      { recipient: '0x0000000000000000000000000000000000000001', cumulativeAmount: 5n },
      { recipient, cumulativeAmount: 7n },
    ])
    expect(tree.indexOf(recipient.toLowerCase() as Address)).toBe(1)
    expect(tree.indexOf(recipient.toUpperCase().replace('0X', '0x') as Address)).toBe(1)
    expect(tree.indexOf('0x0000000000000000000000000000000000000002')).toBeUndefined()
    expect(tree.indexOf('0x00000000000000000000000000000000000000' as Address)).toBeUndefined()
  })

  it('rejects an empty tree, a repeated recipient and an amount outside uint256', () => {
    const a = '0x0000000000000000000000000000000000000001' as Address
    const codeOf = (f: () => unknown) => {
      try {
        f()
      } catch (error) {
        return error instanceof PinionError ? error.code : String(error)
      }
      return 'no error'
    }
    expect(codeOf(() => RewardTree.build([]))).toBe('PINION_ERR_EMPTY_TREE')
    expect(
      codeOf(() =>
        RewardTree.build([
          { recipient: a, cumulativeAmount: 1n },
          { recipient: a, cumulativeAmount: 2n },
        ]),
      ),
    ).toBe('PINION_ERR_DUPLICATE_RECIPIENT')
    expect(codeOf(() => RewardTree.build([{ recipient: a, cumulativeAmount: -1n }]))).toBe('PINION_ERR_REWARD_AMOUNT')
    expect(codeOf(() => RewardTree.build([{ recipient: a, cumulativeAmount: 1n }]).proof(1))).toBe('PINION_ERR_UNKNOWN_ENTRY')
  })

  it('gives a single-entry tree its leaf as root and an empty proof', () => {
    const entry = { recipient: '0x0000000000000000000000000000000000000009' as Address, cumulativeAmount: 1n }
    const tree = RewardTree.build([entry])
    expect(tree.root).toBe(rewardLeaf(entry))
    expect(tree.proof(0)).toEqual([])
  })
})
