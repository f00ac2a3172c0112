import type { DeviceRecord } from '@pinion/kinds'
import type { Address, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { payDelegators } from './payDelegators.ts'
import type { PaidShare } from './types.ts'

const address = (byte: string) => `0x${byte.repeat(20)}` as Address
const [OP1, OP2, SOLO, D1, D2] = [address('01'), address('02'), address('03'), address('d1'), address('d2')]
const device = (n: number, owner: Address): DeviceRecord => ({
  deviceId: `0x${n.toString(16).padStart(64, '0')}` as Hex,
  owner,
  recipient: address(`9${n}`),
  deviceClass: 0,
  keyType: 'ed25519',
  publicKey: '0x',
  location: null,
  locations: [],
  active: true,
})
const devices = [device(1, OP1), device(2, OP1), device(3, OP2), device(4, SOLO)]
const registry = new Map(devices.map((d) => [d.deviceId, d]))
const share = (d: DeviceRecord, amount: bigint) =>
  ({ deviceId: d.deviceId, recipient: d.recipient, amount, pool: 'p', base: 1n, multipliers: [], weight: 1n, inputs: {} }) as unknown as PaidShare

describe('payDelegators', () => {
  it('pays nothing differently without operators', () => {
    const paid = devices.map((d) => share(d, 10n))
    expect(payDelegators(paid, registry, new Map())).toEqual({ payments: paid, delegations: [] })
  })

  it("sets aside each device's delegators' part toward zero, pays them per operator pro rata toward zero, and sends the dust to the operator; nothing is lost or made", () => {
    const operators = new Map([
      // Commission 10%, delegators hold 2 of 3 shares.
      [
        OP1,
        {
          bonded: 3n,
          totalShares: 3n,
          shares: new Map([
            [OP1, 1n],
            [D1, 1n],
            [D2, 1n],
          ]),
          commissionBps: 1_000,
        },
      ],
      // No commission, no self-bond: all of it to the one delegator.
      [OP2, { bonded: 5n, totalShares: 5n, shares: new Map([[D2, 5n]]), commissionBps: 0 }],
    ])
    const paid = [share(devices[0]!, 101n), share(devices[1]!, 7n), share(devices[2]!, 9n), share(devices[3]!, 50n)]
    const { payments, delegations } = payDelegators(paid, registry, operators)
    // Device 1: 101 − ⌊101/10⌋ = 91, delegators ⌊91·2/3⌋ = 60; device 2: 7 − 0 = 7, ⌊7·2/3⌋ = 4. Pot 64.
    // Device 3: all 9 to D2. Device 4's owner runs no pool.
    expect(payments.slice(0, 4).map((p) => p.amount)).toEqual([41n, 3n, 0n, 50n])
    expect(delegations).toEqual([
      { operator: OP1, delegator: D1, amount: 32n },
      { operator: OP1, delegator: D2, amount: 32n },
      { operator: OP2, delegator: D2, amount: 9n },
    ])
    const total = (list: readonly { amount: bigint }[]) => list.reduce((sum, p) => sum + p.amount, 0n)
    expect(total(payments)).toBe(total(paid))
    // 64 in two equal parts leaves no dust; an odd pot leaves one unit with the operator.
    const odd = payDelegators([share(devices[0]!, 11n)], registry, operators)
    // 11 − 1 = 10, ⌊10·2/3⌋ = 6, 3 each: no dust. With 12: 12 − 1 = 11, ⌊22/3⌋ = 7, ⌊7/2⌋ = 3 each, 1 to OP1.
    expect(odd.delegations.map((d) => d.amount)).toEqual([3n, 3n])
    const dust = payDelegators([share(devices[0]!, 12n)], registry, operators)
    expect(dust.payments).toEqual([
      { recipient: devices[0]!.recipient, amount: 5n },
      { recipient: D1, amount: 3n },
      { recipient: D2, amount: 3n },
      { recipient: OP1, amount: 1n },
    ])
  })
})
