/**
 * PieceProofs' gas, snapshotted in gas-snapshots/PieceProofs.json: what a dispute pays to check one
 * proving period's challenges on chain (PDP asks at least 5 a period), by piece size. A proof's cost
 * depends on its length, not on the piece's bytes, so proofs of a piece of each height are built
 * from seeded nodes (periodProofs) without building a tree of the piece's size.
 */
import { sha254Node } from '@pinion/protocol/pdp'
import { type Address, bytesToHex, encodeFunctionData, keccak256, toHex } from 'viem'
import { pieceProofsHarnessAbi, pieceProofsHarnessBytecode } from '../generated/artifacts.ts'
import type { Network } from '@pinion/testkit/localNetwork'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

/** A node from a label: a hash with SHA254's two top bits cleared, as every node of a piece's tree has them. */
const node = (label: string): Uint8Array => {
  const bytes = Uint8Array.from(Buffer.from(keccak256(toHex(`pinion-gas:pdp:${label}`)).slice(2), 'hex'))
  bytes[31]! &= 0x3f
  return bytes
}

/** Levels of the seeded subtree the challenged leaves sit in: 8 leaves, room for a period's 5 challenges. */
const SUBTREE_HEIGHT = 3

/**
 * Proofs of leaves 0…count−1 of one piece of `height` levels, all valid against its root: the leaves
 * sit in a fully built 8-leaf subtree at the piece's left edge, and above it every proof shares the
 * same seeded siblings, as distinct leaves of one piece share their path near the root.
 */
function periodProofs(height: number, count: number) {
  const levels: Uint8Array[][] = [Array.from({ length: 2 ** SUBTREE_HEIGHT }, (_, i) => node(`leaf:${i}`))]
  for (let level = 1; level <= SUBTREE_HEIGHT; level++) {
    const below = levels[level - 1]!
    levels.push(Array.from({ length: below.length / 2 }, (_, i) => sha254Node(below[2 * i]!, below[2 * i + 1]!)))
  }
  const spine = Array.from({ length: height - SUBTREE_HEIGHT }, (_, i) => node(`spine:${height}:${i}`))
  let root = levels[SUBTREE_HEIGHT]![0]!
  for (const sibling of spine) root = sha254Node(root, sibling)
  const proofs = Array.from({ length: count }, (_, c) => [
    ...Array.from({ length: SUBTREE_HEIGHT }, (_, level) => bytesToHex(levels[level]![(c >> level) ^ 1]!)),
    ...spine.map((sibling) => bytesToHex(sibling)),
  ])
  const leaves = Array.from({ length: count }, (_, c) => bytesToHex(levels[0]![c]!))
  return { proofs, leaves, positions: Array.from({ length: count }, (_, c) => BigInt(c)), root: bytesToHex(root) }
}

export async function measurePieceProofs(net: Network): Promise<Record<string, number>> {
  const wallet = net.walletFor(net.accounts.admin)
  const { contractAddress } = await waitForReceipt(net.publicClient, await wallet.deployContract({ abi: pieceProofsHarnessAbi, bytecode: pieceProofsHarnessBytecode }))
  const harness = contractAddress as Address
  const gas: Record<string, number> = {}
  for (const { label, height, count } of [
    { label: 'verify: 1 challenge, 1 MiB piece (15-level proof)', height: 15, count: 1 },
    { label: 'verify: 5 challenges, 1 MiB piece (15-level proofs)', height: 15, count: 5 },
    { label: 'verify: 5 challenges, 32 GiB piece (30-level proofs)', height: 30, count: 5 },
  ]) {
    const { proofs, leaves, positions, root } = periodProofs(height, count)
    const data = encodeFunctionData({ abi: pieceProofsHarnessAbi, functionName: 'verifyAll', args: [proofs, leaves, root, positions, BigInt(height)] })
    const receipt = await waitForReceipt(net.publicClient, await wallet.sendTransaction({ to: harness, data }))
    if (receipt.status !== 'success') throw new Error(`PieceProofs gas scenario "${label}" reverted`)
    gas[label] = Number(receipt.gasUsed)
  }
  return gas
}
