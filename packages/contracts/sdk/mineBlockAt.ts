import type { Chain, PublicClient, TestClient, Transport } from 'viem'

/** A wall-clock-free devnet's anvil, and a way to read its head. */
type DevnetClients = {
  test: Pick<TestClient<'anvil', Transport, Chain>, 'setNextBlockTimestamp' | 'mine'>
  public: Pick<PublicClient, 'getBlock'>
}

/** How often a transaction may slip in between reading the head and setting the next timestamp before giving up. */
const ATTEMPTS = 6

/**
 * Mines one block at `seconds` (unix time), or a second after the head if that is later: how a
 * devnet on driven time moves its chain. Another party's transaction (an oracle's commit, a test's
 * call) can be automined between reading the head and setting the next timestamp, which anvil then
 * refuses as lower than the head's: the step is set again from the new head. Returns the block's
 * timestamp.
 */
export async function mineBlockAt(clients: DevnetClients, seconds: bigint): Promise<bigint> {
  for (let attempt = 1; ; attempt++) {
    const head = (await clients.public.getBlock({ blockTag: 'latest' })).timestamp
    const at = seconds > head ? seconds : head + 1n
    try {
      await clients.test.setNextBlockTimestamp({ timestamp: at })
      await clients.test.mine({ blocks: 1 })
      return at
    } catch (error) {
      const message = `${(error as Error).message} ${(error as { details?: string }).details ?? ''}`
      if (attempt >= ATTEMPTS || !/lower than previous block's timestamp/.test(message)) throw error
    }
  }
}
