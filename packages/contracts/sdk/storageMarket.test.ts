import { encodeAbiParameters, hashTypedData, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { hashPeriodRecords, provingPeriodsTypedData } from './storageMarket.ts'

const word = (n: bigint) => encodeAbiParameters([{ type: 'uint256' }], [n]).slice(2)

describe('storage market messages', () => {
  it('hashes records as abi.encode(PeriodRecord[]): an offset word, the length, then two words each', () => {
    const records = [
      { dealId: 3n, proven: true },
      { dealId: 7n, proven: false },
    ]
    expect(hashPeriodRecords(records)).toBe(keccak256(`0x${word(32n)}${word(2n)}${word(3n)}${word(1n)}${word(7n)}${word(0n)}`))
    expect(hashPeriodRecords([])).toBe(keccak256(`0x${word(32n)}${word(0n)}`))
    expect(hashPeriodRecords([{ dealId: 7n, proven: true }])).not.toBe(hashPeriodRecords([{ dealId: 7n, proven: false }]))
  })

  it('signs ProvingPeriods(uint64 epoch,uint32 version,bytes32 recordsHash) under the market’s own domain', () => {
    const market = '0x00000000000000000000000000000000000000a1'
    const periods = { epoch: 5n, version: 2, recordsHash: hashPeriodRecords([{ dealId: 1n, proven: true }]) }
    const typedData = provingPeriodsTypedData(31_337, market, periods)
    expect(typedData.domain).toEqual({ name: 'Pinion StorageMarket', version: '1', chainId: 31_337, verifyingContract: market })
    // Another market, chain or epoch gives another digest: a signature counts for one batch only.
    const digest = hashTypedData(typedData)
    expect(hashTypedData(provingPeriodsTypedData(1, market, periods))).not.toBe(digest)
    expect(hashTypedData(provingPeriodsTypedData(31_337, '0x00000000000000000000000000000000000000a2', periods))).not.toBe(digest)
    expect(hashTypedData(provingPeriodsTypedData(31_337, market, { ...periods, epoch: 6n }))).not.toBe(digest)
  })
})
