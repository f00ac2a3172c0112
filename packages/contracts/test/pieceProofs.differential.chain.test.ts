import { pieceProof, pieceTree, challengedLeaves, verifyPieceProof } from '@pinion/protocol/pdp'
import { type Address, type Hex, getContract } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { pieceProofsHarnessAbi, pieceProofsHarnessBytecode } from '../generated/artifacts.ts'
import { workerNetwork } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

/** Deterministic payload bytes. */
const payload = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17 + 7) & 0xff)
/** `hex` with its last byte's low bit flipped. */
const flipped = (hex: Hex): Hex => `${hex.slice(0, -2)}${(Number.parseInt(hex.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')}` as Hex

/**
 * PieceProofs (Solidity) against @pinion/protocol/pdp (TypeScript): the same proofs verify on both
 * sides and the same tampered ones fail, and both draw the same challenged leaves. A dispute about a
 * provider's proof is settled on chain by the rule the oracles applied off chain.
 */
describe('PieceProofs', () => {
  let net: Network
  const harnessAt = (address: Address) => getContract({ address, abi: pieceProofsHarnessAbi, client: net.publicClient })
  let harness: ReturnType<typeof harnessAt>
  beforeAll(async () => {
    net = await workerNetwork({ registryAdmin: false })
    const hash = await net.walletFor(net.accounts.admin).deployContract({ abi: pieceProofsHarnessAbi, bytecode: pieceProofsHarnessBytecode })
    harness = harnessAt((await waitForReceipt(net.publicClient, hash)).contractAddress as Address)
  })

  it('verifies what the TypeScript verifies and fails what it fails, leaf by leaf, around padding and piece sizes', async () => {
    for (const length of [65, 127, 128, 3_000, 16_256, 40_000]) {
      const tree = pieceTree(payload(length, length))
      const offsets = [...new Set([0, 1, tree.leafCount >> 1, tree.leafCount - 2, tree.leafCount - 1])].filter((o) => o >= 0)
      for (const offset of offsets) {
        const proof = pieceProof(tree, offset)
        const cases: { position: bigint; leaf: Hex; siblings: Hex[] }[] = [
          { position: BigInt(offset), leaf: proof.leaf, siblings: proof.proof },
          { position: BigInt(offset ^ 1), leaf: proof.leaf, siblings: proof.proof },
          { position: BigInt(offset), leaf: flipped(proof.leaf), siblings: proof.proof },
          { position: BigInt(offset), leaf: proof.leaf, siblings: proof.proof.map((s, i) => (i === proof.proof.length - 1 ? flipped(s) : s)) },
          { position: BigInt(offset) + (1n << BigInt(tree.height)), leaf: proof.leaf, siblings: proof.proof },
        ]
        for (const [i, c] of cases.entries()) {
          const offChain = verifyPieceProof(tree.root, tree.height, c.position, { leaf: c.leaf, proof: c.siblings })
          const onChain = await harness.read.verify([c.siblings, tree.root, c.leaf, c.position, BigInt(tree.height)])
          expect({ length, offset, case: i, onChain }).toEqual({ length, offset, case: i, onChain: offChain })
          expect(offChain).toBe(i === 0)
        }
      }
    }
  })

  it('reverts with ProofLengthMismatch where the TypeScript refuses a proof of the wrong length', async () => {
    const tree = pieceTree(payload(3_000, 1))
    const proof = pieceProof(tree, 3)
    expect(verifyPieceProof(tree.root, tree.height + 1, 3n, proof)).toBe(false)
    const error = await revertOf(harness.read.verify([proof.proof, tree.root, proof.leaf, 3n, BigInt(tree.height + 1)]))
    expect(error).toEqual({ name: 'ProofLengthMismatch', args: [BigInt(tree.height), BigInt(tree.height + 1)] })
  })

  it('draws the challenged leaves the TypeScript draws', async () => {
    for (const [seed, setId, range] of [
      [1n, 0n, 1n],
      [0xdeadbeefn, 7n, 95n],
      [2n ** 255n + 12_345n, 2n ** 64n, 2n ** 40n + 3n],
    ] as const) {
      const expected = challengedLeaves(seed, setId, 5, range)
      const drawn = await Promise.all(expected.map((_, i) => harness.read.challengedLeaf([seed, setId, BigInt(i), range])))
      expect(drawn).toEqual(expected)
    }
  })
})
