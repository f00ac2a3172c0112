import { bytesToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { zeroRoot } from './zeroRoot.ts'

/** Some of FilOzone/pdp's `MerkleVerify.zeroRoot` constants (src/Proofs.sol @ v3.5.0), by height. */
const PDP_ZERO_ROOTS: Record<number, string> = {
  0: `0x${'00'.repeat(32)}`,
  1: '0xf5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb0b',
  2: '0x3731bb99ac689f66eef5973e4a94da188f4ddcae580724fc6f3fd60dfd488333',
  5: '0x1f7ac9595510e09ea41c460b176430bb322cd6fb412ec57cb17d989a4310372f',
  30: '0x077e5fde35c50a9303a55009e3498a4ebedff39c42b710b730d8ec7ac7afa63e',
  50: '0x0b5b44ccf91ff135af58d2cf694b2ac99f22f5264863d6b9272b6155956aa10e',
}

describe('zeroRoot', () => {
  it("gives PDP's own zero roots, height by height", () => {
    for (const [height, root] of Object.entries(PDP_ZERO_ROOTS)) expect([height, bytesToHex(zeroRoot(Number(height)))]).toEqual([height, root])
  })

  it('refuses heights PDP does not have, with PINION_ERR_PDP_INPUT', () => {
    for (const height of [-1, 51, 1.5]) expect(() => zeroRoot(height)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PDP_INPUT' }))
  })
})
