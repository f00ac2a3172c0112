import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { type Hex, bytesToHex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { openPieceStore } from './pieceStore.ts'

const piece = (seed: number, length = 1_000) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7) & 0xff)
const idOf = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())

describe('openPieceStore', () => {
  const dirs: string[] = []
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-pieces-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('stores pieces by their hash, serves them, counts them against the quota, and stores a piece once', () => {
    const store = openPieceStore(folder(), 10_000)
    const [a, b] = [piece(1), piece(2, 500)]
    expect(store.put(idOf(a), a)).toBe('stored')
    expect(store.put(idOf(b), b)).toBe('stored')
    expect(store.put(idOf(a), a)).toBe('already-held')
    expect(store.usage()).toEqual({ bytes: 1_500, pieces: 2 })
    expect(Buffer.from(store.get(idOf(a))!).equals(Buffer.from(a))).toBe(true)
    expect(store.get(idOf(piece(3)))).toBeUndefined()
    expect(store.list()).toEqual([idOf(a), idOf(b)].sort())
    expect(store.remove(idOf(a))).toBe(true)
    expect(store.remove(idOf(a))).toBe(false)
    expect(store.usage()).toEqual({ bytes: 500, pieces: 1 })
  })

  it('refuses bytes that are not the piece named, a name that is no hash, and a piece past the quota, writing nothing', () => {
    const dir = folder()
    const store = openPieceStore(dir, 1_500)
    expect(() => store.put(idOf(piece(1)), piece(2))).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_HASH' }))
    for (const name of ['../../etc/passwd', `0x${'AB'.repeat(32)}`, '0x12'])
      expect(() => store.put(name as Hex, piece(1))).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_HASH' }))
    store.put(idOf(piece(1)), piece(1))
    expect(() => store.put(idOf(piece(2, 501)), piece(2, 501))).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_QUOTA' }))
    expect(store.usage()).toEqual({ bytes: 1_000, pieces: 1 })
    expect(readdirSync(join(dir, 'pieces')).flatMap((shard) => readdirSync(join(dir, 'pieces', shard)))).toEqual([idOf(piece(1))])
  })

  it('comes back from a restart with every piece it stored and its usage, dropping a write a crash left half done', () => {
    const dir = folder()
    const first = openPieceStore(dir, 10_000)
    for (const seed of [1, 2, 3]) first.put(idOf(piece(seed)), piece(seed))
    // A crash mid-write leaves a temporary file beside the pieces.
    writeFileSync(join(dir, 'pieces', idOf(piece(1)).slice(2, 4), `.${idOf(piece(4))}.crash.tmp`), piece(4).subarray(0, 10))
    const again = openPieceStore(dir, 10_000)
    expect(again.usage()).toEqual({ bytes: 3_000, pieces: 3 })
    for (const seed of [1, 2, 3]) expect(Buffer.from(again.get(idOf(piece(seed)))!).equals(Buffer.from(piece(seed)))).toBe(true)
    expect(again.has(idOf(piece(4)))).toBe(false)
    expect(readdirSync(join(dir, 'pieces', idOf(piece(1)).slice(2, 4))).some((name) => name.endsWith('.tmp'))).toBe(false)
  })

  it('refuses to serve a piece the disk changed, with PINION_ERR_PIECE_CORRUPT', () => {
    const dir = folder()
    const store = openPieceStore(dir, 10_000)
    const id = idOf(piece(1))
    store.put(id, piece(1))
    const changed = piece(1)
    changed[10]! ^= 1
    writeFileSync(join(dir, 'pieces', id.slice(2, 4), id), changed)
    expect(() => store.get(id)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_CORRUPT' }))
  })

  /** Every file under the store's pieces folder, temporary ones included. */
  const filesIn = (dir: string) => readdirSync(join(dir, 'pieces')).flatMap((shard) => readdirSync(join(dir, 'pieces', shard)))
  /** `bytes` as a Node stream of `chunk`-byte chunks, as an HTTP request's body arrives. */
  const streamOf = (bytes: Uint8Array, chunk = 100) =>
    Readable.from(Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => Buffer.from(bytes.subarray(i * chunk, (i + 1) * chunk))))

  it('stores a piece streamed in chunks as put would, and hashes a piece already held without writing it again', async () => {
    const dir = folder()
    const store = openPieceStore(dir, 10_000)
    const [a, b] = [piece(1, 2_345), piece(2, 777)]
    expect(await store.putStream(idOf(a), streamOf(a))).toBe('stored')
    expect(await store.putStream(idOf(b), streamOf(b, 1), b.length)).toBe('stored')
    expect(store.usage()).toEqual({ bytes: 3_122, pieces: 2 })
    expect([store.sizeOf(idOf(a)), store.sizeOf(idOf(b)), store.sizeOf(idOf(piece(3)))]).toEqual([2_345, 777, undefined])
    expect(Buffer.from(store.get(idOf(a))!).equals(Buffer.from(a))).toBe(true)
    expect(store.put(idOf(a), a)).toBe('already-held')
    expect(await store.putStream(idOf(b), streamOf(b))).toBe('already-held')
    await expect(store.putStream(idOf(b), streamOf(piece(9, 777)))).rejects.toMatchObject({ code: 'PINION_ERR_PIECE_HASH' })
    expect(store.usage()).toEqual({ bytes: 3_122, pieces: 2 })
    expect(filesIn(dir).sort()).toEqual([idOf(a), idOf(b)].sort())
    // A restart finds the streamed pieces like any other.
    expect(openPieceStore(dir, 10_000).usage()).toEqual({ bytes: 3_122, pieces: 2 })
  })

  it('leaves nothing behind when the bytes are not the piece, or the source fails part way (a client gone)', async () => {
    const dir = folder()
    const store = openPieceStore(dir, 1_000)
    await expect(store.putStream(idOf(piece(1)), streamOf(piece(2)))).rejects.toMatchObject({ code: 'PINION_ERR_PIECE_HASH' })
    const gone = new Error('aborted')
    async function* dropped() {
      yield Buffer.from(piece(1).subarray(0, 600))
      throw gone
    }
    await expect(store.putStream(idOf(piece(1)), dropped())).rejects.toBe(gone)
    await expect(store.putStream(idOf(piece(1)), dropped(), 1_000)).rejects.toBe(gone)
    expect(filesIn(dir)).toEqual([])
    expect(store.usage()).toEqual({ bytes: 0, pieces: 0 })
    // Nothing stays reserved either: the whole quota is there for the next piece.
    expect(await store.putStream(idOf(piece(1)), streamOf(piece(1)))).toBe('stored')
  })

  it('refuses a piece past the quota before reading it when its size is declared, and as soon as it passes the quota when not', async () => {
    const dir = folder()
    const store = openPieceStore(dir, 1_500)
    store.put(idOf(piece(1)), piece(1))
    let pulled = 0
    async function* counted(bytes: Uint8Array) {
      for (let at = 0; at < bytes.length; at += 100) {
        pulled += 1
        yield Buffer.from(bytes.subarray(at, at + 100))
      }
    }
    const big = piece(2, 501)
    await expect(store.putStream(idOf(big), counted(big), big.length)).rejects.toMatchObject({ code: 'PINION_ERR_PIECE_QUOTA', message: expect.stringContaining('(501 bytes)') })
    expect(pulled).toBe(0)
    await expect(store.putStream(idOf(big), counted(big))).rejects.toMatchObject({ code: 'PINION_ERR_PIECE_QUOTA', message: expect.stringContaining('(501 bytes so far)') })
    // It stopped at the chunk that passed the quota: 5 chunks of 100 bytes, then the 6th.
    expect(pulled).toBe(6)
    expect(filesIn(dir)).toEqual([idOf(piece(1))])
    expect(store.usage()).toEqual({ bytes: 1_000, pieces: 1 })
  })

  it('counts writes in progress against the quota: two that each fit alone cannot overflow it together', async () => {
    const store = openPieceStore(folder(), 1_000)
    const [a, b] = [piece(1, 600), piece(2, 600)]
    // a's bytes arrive first and are held back; b arrives while a is still being written.
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    async function* slow() {
      yield Buffer.from(a.subarray(0, 300))
      await held
      yield Buffer.from(a.subarray(300))
    }
    const first = store.putStream(idOf(a), slow(), a.length)
    await expect(store.putStream(idOf(b), streamOf(b), b.length)).rejects.toMatchObject({
      code: 'PINION_ERR_PIECE_QUOTA',
      message: expect.stringContaining('600 more are being written'),
    })
    expect(() => store.put(idOf(b), b)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_QUOTA' }))
    release()
    expect(await first).toBe('stored')
    expect(store.usage()).toEqual({ bytes: 600, pieces: 1 })
  })

  it('stores a piece once when two writes of it race: the second to finish answers already-held', async () => {
    const dir = folder()
    const store = openPieceStore(dir, 10_000)
    const a = piece(1, 3_000)
    const [one, two] = await Promise.all([store.putStream(idOf(a), streamOf(a, 7)), store.putStream(idOf(a), streamOf(a, 1_000))])
    expect([one, two].sort()).toEqual(['already-held', 'stored'])
    expect(store.usage()).toEqual({ bytes: 3_000, pieces: 1 })
    expect(filesIn(dir)).toEqual([idOf(a)])
  })

  it('reads a piece or a range of it, after checking the whole piece against its id', async () => {
    const dir = folder()
    const store = openPieceStore(dir, 10_000_000)
    // Over two of the chunks it is read in, so a range can straddle a chunk's end.
    const big = piece(1, 2_621_440)
    store.put(idOf(big), big)
    expect(Buffer.from((await store.read(idOf(big)))!).equals(Buffer.from(big))).toBe(true)
    for (const [offset, length] of [
      [0, 1],
      [1_048_000, 1_000],
      [2_097_152, 524_288],
      [2_621_439, 1],
      [5, 0],
    ] as const) {
      expect(Buffer.from((await store.read(idOf(big), { offset, length }))!).equals(Buffer.from(big.subarray(offset, offset + length)))).toBe(true)
    }
    for (const range of [
      { offset: 2_621_440, length: 1 },
      { offset: 0, length: 2_621_441 },
      { offset: -1, length: 2 },
      { offset: 1.5, length: 2 },
    ]) {
      await expect(store.read(idOf(big), range)).rejects.toMatchObject({ code: 'PINION_ERR_PIECE_RANGE' })
    }
    expect(await store.read(idOf(piece(2)))).toBeUndefined()
    // A changed byte far from the range asked for still keeps the range from being served.
    const changed = big.slice()
    changed[2_600_000]! ^= 1
    writeFileSync(join(dir, 'pieces', idOf(big).slice(2, 4), idOf(big)), changed)
    await expect(store.read(idOf(big), { offset: 0, length: 10 })).rejects.toMatchObject({ code: 'PINION_ERR_PIECE_CORRUPT' })
    await expect(store.read(idOf(big))).rejects.toMatchObject({ code: 'PINION_ERR_PIECE_CORRUPT' })
    // So does a file the disk cut short.
    writeFileSync(join(dir, 'pieces', idOf(big).slice(2, 4), idOf(big)), big.subarray(0, 1_000))
    await expect(store.read(idOf(big), { offset: 0, length: 10 })).rejects.toMatchObject({ code: 'PINION_ERR_PIECE_CORRUPT' })
  })

  it('removes a piece for good: its quota is free at once, and a restart does not bring it back', () => {
    const dir = folder()
    const store = openPieceStore(dir, 1_000)
    store.put(idOf(piece(1)), piece(1))
    expect(() => store.put(idOf(piece(2)), piece(2))).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_QUOTA' }))
    expect(store.remove(idOf(piece(1)))).toBe(true)
    expect(store.put(idOf(piece(2)), piece(2))).toBe('stored')
    const again = openPieceStore(dir, 1_000)
    expect(again.list()).toEqual([idOf(piece(2))])
    expect(again.usage()).toEqual({ bytes: 1_000, pieces: 1 })
    expect(filesIn(dir)).toEqual([idOf(piece(2))])
  })
})
