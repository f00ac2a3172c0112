/**
 * Child process for the crash test: appends reports to the outbox at `argv[2]` as fast as it can,
 * printing each sequence once `append` has returned (so once it is durable), until it is killed.
 */
import { openFileOutbox } from '../../../device/src/outbox/fileOutbox.ts'

const dir = process.argv[2]!
const outbox = openFileOutbox(dir, { oracles: ['http://oracle.test'] })
for (;;) {
  const sequence = outbox.reserveSequence()
  outbox.append({ sequence, report: new Uint8Array(200).fill(Number(sequence % 251n)) })
  process.stdout.write(`${sequence}\n`)
  // Yield so stdout flushes and the parent's SIGKILL lands at an arbitrary point of the loop.
  await new Promise((resolve) => setImmediate(resolve))
}
