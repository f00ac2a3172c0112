import { Ledger } from './ledger.ts'
import { type DeadLetter, type Outbox, type OutboxEntry, type Settlement, oracleIdOf } from './outbox.ts'

/**
 * An outbox that lives only in memory: for simulated fleets, where a restart starts a new fleet.
 * Same policy as the file outbox. Its sequences restart at `after + 1` with every new instance, so
 * a real device must never use it: the oracle would reject the reused sequences as replays.
 */
export function createMemoryOutbox(options: { oracles: readonly string[]; after?: bigint }): Outbox {
  const oracles = options.oracles.map(oracleIdOf)
  const ledger = new Ledger(oracles)
  ledger.raiseFloor(options.after ?? 0n)
  let lastReserved = ledger.maxSequence
  const dead: DeadLetter[] = []

  return {
    oracles,
    get size() {
      return ledger.size
    },
    reserveSequence() {
      lastReserved = (lastReserved > ledger.maxSequence ? lastReserved : ledger.maxSequence) + 1n
      return lastReserved
    },
    append(entry: OutboxEntry) {
      ledger.add(entry)
    },
    pending(oracle: string, limit: number) {
      return ledger.pending(oracleIdOf(oracle), limit)
    },
    settle(oracle: string, settlements: readonly Settlement[], atMs: number) {
      const id = oracleIdOf(oracle)
      for (const s of settlements) {
        if (!ledger.awaits(id, s.sequence)) continue
        if (s.status === 'rejected') {
          dead.push({ sequence: s.sequence, oracle: id, code: s.code, message: s.message, report: ledger.report(s.sequence)!, atMs })
        }
        ledger.settle(id, s.sequence)
      }
    },
    deadLetters() {
      return [...dead]
    },
    close() {},
  }
}
