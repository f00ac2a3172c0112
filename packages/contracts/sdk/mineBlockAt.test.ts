import { describe, expect, it } from 'vitest'
import { mineBlockAt } from './mineBlockAt.ts'

/** An anvil stand-in: its head, and a transaction that may be mined just after the head is read. */
function chain(head: bigint, slipIn: number[] = []) {
  const mined: bigint[] = []
  let reads = 0
  let next: bigint | undefined
  return {
    mined,
    clients: {
      public: {
        getBlock: async () => {
          const block = { timestamp: head }
          // Someone else's transaction is automined right after this read: the head moves on.
          if (slipIn.includes(++reads)) head += 5n
          return block as never
        },
      },
      test: {
        setNextBlockTimestamp: async ({ timestamp }: { timestamp: bigint }) => {
          if (timestamp <= head) throw Object.assign(new Error('RPC Request failed.'), { details: `Timestamp error: ${timestamp} is lower than previous block's timestamp` })
          next = timestamp
        },
        mine: async () => {
          head = next ?? head + 1n
          next = undefined
          mined.push(head)
        },
      },
    },
  }
}

describe('mineBlockAt', () => {
  it('mines at the time asked, or a second after the head when the head is later', async () => {
    const ahead = chain(100n)
    expect(await mineBlockAt(ahead.clients, 160n)).toBe(160n)
    expect(await mineBlockAt(ahead.clients, 150n)).toBe(161n)
    expect(ahead.mined).toEqual([160n, 161n])
  })

  it("sets the step again from the new head when someone's transaction was mined in between", async () => {
    const busy = chain(100n, [1, 2])
    expect(await mineBlockAt(busy.clients, 101n)).toBe(111n)
    expect(busy.mined).toEqual([111n])
  })

  it('gives up after a few tries, and passes any other error on at once', async () => {
    await expect(mineBlockAt(chain(100n, [1, 2, 3, 4, 5, 6]).clients, 101n)).rejects.toMatchObject({ details: expect.stringMatching(/lower than previous/) })
    const broken = chain(100n)
    broken.clients.test.mine = async () => {
      throw new Error('connect ECONNREFUSED')
    }
    await expect(mineBlockAt(broken.clients, 200n)).rejects.toThrow('ECONNREFUSED')
  })
})
