import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
})
