import { encodeAbiParameters, hashTypedData, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { EPOCH, dealEvents, device, payloads, periods, registry } from './fixtures.ts'
import { DEFAULT_STORAGE_PARAMS } from './params.ts'
import { storageSettlement } from './settlement.ts'

const devices = registry([device(1), device(2)])
const challenges = periods(
  devices,
  dealEvents([
    { dealId: 5n, device: 1, pieces: payloads(31, 1, 1024), acceptedAtMs: EPOCH.startMs - 1n },
    { dealId: 2n ** 130n, device: 2, pieces: payloads(32, 1, 1024), acceptedAtMs: EPOCH.startMs - 1n },
  ]),
)

describe('storageSettlement', () => {
  it('one record per period, in deal id order, as decimal strings: none proven without proofs', () => {
    expect(storageSettlement.records({ epoch: EPOCH, params: DEFAULT_STORAGE_PARAMS, carried: null, challenges, accepted: [], rejected: [] })).toEqual([
      { dealId: '5', proven: false },
      { dealId: (2n ** 130n).toString(), proven: false },
    ])
  })

  it("signs ProvingPeriods(epoch, version, keccak256(abi.encode(records))) in StorageMarket's domain", () => {
    const records = [{ dealId: '5', proven: true }]
    const market = '0x00000000000000000000000000000000000000aa'
    const recordsHash = keccak256(
      encodeAbiParameters(
        [
          {
            type: 'tuple[]',
            components: [
              { name: 'dealId', type: 'uint256' },
              { name: 'proven', type: 'bool' },
            ],
          },
        ],
        [[{ dealId: 5n, proven: true }]],
      ),
    )
    const typed = storageSettlement.typedData(31_337, market, 9n, 2, records)
    expect(typed.message).toEqual({ epoch: 9n, version: 2, recordsHash })
    expect(hashTypedData(typed)).not.toBe(hashTypedData(storageSettlement.typedData(31_337, market, 9n, 3, records)))
    expect(storageSettlement.toArguments(records)).toEqual([{ dealId: 5n, proven: true }])
  })
})
