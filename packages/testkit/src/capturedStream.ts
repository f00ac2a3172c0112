import { Writable } from 'node:stream'

/** A destination that keeps what is written, for tests: its text, and its lines parsed as JSON. */
export function capturedStream(isTTY = false): Writable & { isTTY: boolean; text(): string; records(): Record<string, unknown>[] } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  return Object.assign(stream, {
    isTTY,
    text: () => chunks.join(''),
    records: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  })
}
