/*
 * H3 cell indexes as plain 64-bit maths, so the read API can aggregate coverage to a coarser
 * resolution without a native or WASM H3 library. Layout (H3 index mode 1, "cell"): bits 52–55
 * hold the resolution and, below the 7-bit base cell, fifteen 3-bit digits, digit r at bits
 * 3·(15 − r); digits finer than the resolution are all 7. https://h3geo.org/docs/library/index/cell
 */

const RESOLUTION_SHIFT = 52n
const RESOLUTION_MASK = 0xfn << RESOLUTION_SHIFT
const MAX_RESOLUTION = 15
const UNUSED_DIGIT = 7n

/** The resolution (0–15) of an H3 cell index. */
export function resolutionOf(cell: bigint): number {
  return Number((cell & RESOLUTION_MASK) >> RESOLUTION_SHIFT)
}

/** The cell's ancestor at `resolution`; the cell itself when it is already that coarse or coarser. */
export function parentCell(cell: bigint, resolution: number): bigint {
  const own = resolutionOf(cell)
  if (resolution >= own) return cell
  let parent = (cell & ~RESOLUTION_MASK) | (BigInt(resolution) << RESOLUTION_SHIFT)
  for (let digit = resolution + 1; digit <= own; digit++) {
    const shift = BigInt(3 * (MAX_RESOLUTION - digit))
    parent = (parent & ~(0x7n << shift)) | (UNUSED_DIGIT << shift)
  }
  return parent
}

/** H3's usual text form: the index in lower-case hex, as h3-js and the H3 docs write it. */
export const cellToHex = (cell: bigint): string => cell.toString(16)
