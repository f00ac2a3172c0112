import { PinionError } from '@pinion/protocol'
import type { Hash } from 'viem'

/** The part of a viem public client waitForReceipt uses. */
export type ReceiptSource<receipt> = {
  getTransactionReceipt(args: { hash: Hash }): Promise<receipt>
  readonly pollingInterval: number
}

export type WaitForReceiptOptions = {
  /** How long to keep asking before PINION_ERR_RECEIPT_TIMEOUT; viem's own default, three minutes. */
  timeoutMs?: number
  /** What was sent, for the timeout's message ("bond for device 0x…"). */
  what?: string
}

/** viem's default wait for a receipt, kept. */
const RECEIPT_TIMEOUT_MS = 180_000
/** The first re-ask: anvil mines an automined transaction a moment after it answers with the hash. */
const FIRST_POLL_MS = 10

/**
 * The receipt of transaction `hash`, once it is mined: asks for the receipt itself, at once and then
 * again after 10 ms, 20 ms, 40 ms… up to the client's polling interval, until `timeoutMs`.
 *
 * Not viem's waitForTransactionReceipt: that one asks once or twice and then only when the chain's
 * head moves. anvil answers eth_sendRawTransaction before its automine has mined the transaction (a
 * receipt asked for at once was missing for 37 of 300 transactions on an idle machine), so on a chain
 * that mines only when sent something (a devnet on driven time, `pinion up`'s setup) a busy machine
 * could ask too early, and then nothing moved the head again: the wait hung for its three minutes.
 * Errors while asking (a down RPC) count as not mined yet; the last one is the timeout's cause.
 */
export async function waitForReceipt<receipt>(client: ReceiptSource<receipt>, hash: Hash, options: WaitForReceiptOptions = {}): Promise<receipt> {
  const timeoutMs = options.timeoutMs ?? RECEIPT_TIMEOUT_MS
  const deadline = Date.now() + timeoutMs
  let delayMs = FIRST_POLL_MS
  let lastError: unknown
  for (;;) {
    try {
      return await client.getTransactionReceipt({ hash })
    } catch (error) {
      // TransactionReceiptNotFoundError while pending; anything else is the RPC's trouble.
      lastError = error
    }
    const left = deadline - Date.now()
    if (left <= 0) break
    await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, left)))
    delayMs = Math.min(delayMs * 2, Math.max(client.pollingInterval, FIRST_POLL_MS))
  }
  throw new PinionError(
    'PINION_ERR_RECEIPT_TIMEOUT',
    `transaction ${hash}${options.what === undefined ? '' : ` (${options.what})`} has no receipt after ${timeoutMs / 1000} s: the chain is not mining, or dropped it; it may still be mined, so look it up before sending again`,
    { cause: lastError },
  )
}
