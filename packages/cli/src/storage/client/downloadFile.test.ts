import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seededRandom } from '@pinion/kinds'
import { type TestStorageNode, providersOf, sameBytes as same, seededBytes, startStorageNodes } from '@pinion/testkit/storage/storageNodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEVNET_REDUNDANCY } from '../redundancy.ts'
import { downloadFile, downloadFileTo } from './downloadFile.ts'
import type { StoredFile } from './storedFile.ts'
import { uploadFile } from './uploadFile.ts'

const tooFew = expect.objectContaining({ code: 'PINION_ERR_STORAGE_TOO_FEW_PIECES' })

/** An HTTP server that plays a node badly: answers every piece with other bytes, or never answers. */
async function badNode(behaviour: 'wrong-bytes' | 'silent'): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (behaviour === 'silent') return
    request.resume()
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(1_000, 7))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('uploadFile and downloadFile, over HTTP to 10 storage nodes (devnet 4/5/8/10)', () => {
  let nodes: TestStorageNode[]
  let close: () => Promise<void>
  const file = seededBytes(5 * 1024 * 1024, 0x5eed)
  let stored: StoredFile
  const dir = mkdtempSync(join(tmpdir(), 'pinion-download-'))
  const bad: Server[] = []
  beforeAll(async () => {
    ;({ nodes, close } = await startStorageNodes(10))
    stored = await uploadFile({
      source: file,
      name: 'five.bin',
      providers: providersOf(nodes),
      redundancy: DEVNET_REDUNDANCY,
      random: seededRandom(7),
      createdAt: '2026-03-02T10:00:00.000Z',
    })
  })
  afterAll(async () => {
    await close()
    for (const server of bad) server.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const holders = (file: StoredFile) => new Set(file.segments[0]!.pieces.map((p) => p.deviceId))

  it('stores a 5 MiB file as one segment of 8 to 10 pieces on distinct nodes, and gets it back bit for bit, as bytes and into a file', async () => {
    expect(stored.segments).toHaveLength(1)
    const count = stored.segments[0]!.pieces.length
    expect(count).toBeGreaterThanOrEqual(DEVNET_REDUNDANCY.pieces)
    expect(holders(stored).size).toBe(count)
    expect(same(await downloadFile(stored), file)).toBe(true)
    const out = join(dir, 'five.bin')
    await downloadFileTo(stored, out)
    expect(same(readFileSync(out), file)).toBe(true)
    expect(readdirSync(dir)).toEqual(['five.bin'])
  })

  it('skips a node that serves other bytes, one that never answers, and one whose disk changed the piece', async () => {
    const liar = await badNode('wrong-bytes')
    const silent = await badNode('silent')
    bad.push(liar.server, silent.server)
    const pieces = stored.segments[0]!.pieces
    // Pieces 0 and 1 now point at the liar and the silent node; piece 2's file is changed on its node's disk.
    const moved: StoredFile = {
      ...stored,
      segments: [{ ...stored.segments[0]!, pieces: pieces.map((p, i) => (i === 0 ? { ...p, url: liar.url } : i === 1 ? { ...p, url: silent.url } : p)) }],
    }
    const third = pieces[2]!
    const holder = nodes.find((n) => n.deviceId === third.deviceId)!
    const onDisk = join(holder.dir, 'pieces', third.sha256.slice(2, 4), third.sha256)
    const original = readFileSync(onDisk)
    writeFileSync(onDisk, Buffer.concat([original.subarray(0, 100), Buffer.from([original[100]! ^ 1]), original.subarray(101)]))
    try {
      expect(same(await downloadFile(moved, { timeoutMs: 2_000, parallel: 4 }), file)).toBe(true)
      // With only those three and 3 good ones, too few: each failure is named.
      const scarce: StoredFile = { ...moved, segments: [{ ...moved.segments[0]!, pieces: moved.segments[0]!.pieces.slice(0, 6) }] }
      const failure = downloadFile(scarce, { timeoutMs: 2_000 })
      await expect(failure).rejects.toThrow(tooFew)
      // (Piece indexes, not places in the list: a piece whose upload was cancelled is not in it.)
      const [liarIndex, silentIndex, corruptIndex] = pieces.slice(0, 3).map((p) => p.index)
      await expect(failure).rejects.toThrow(
        new RegExp(`piece ${liarIndex} at .*hash to .*piece ${silentIndex} at .*no answer within 2000 ms.*piece ${corruptIndex} at .*PINION_ERR_PIECE_CORRUPT`),
      )
    } finally {
      writeFileSync(onDisk, original)
    }
  })

  it(`rebuilds with any ${DEVNET_REDUNDANCY.pieces - DEVNET_REDUNDANCY.required} of its nodes down, and with only ${DEVNET_REDUNDANCY.required} left; one fewer is PINION_ERR_STORAGE_TOO_FEW_PIECES`, async () => {
    const holding = nodes.filter((n) => holders(stored).has(n.deviceId))
    // An upload stores at least `pieces` (8): 4 of them down, whichever, leaves the 4 that rebuild it.
    for (const node of holding.slice(0, DEVNET_REDUNDANCY.pieces - DEVNET_REDUNDANCY.required)) await node.stop()
    expect(same(await downloadFile(stored), file)).toBe(true)
    // Down to exactly `required` (4) nodes holding a piece: still whole.
    for (const node of holding.slice(0, holding.length - DEVNET_REDUNDANCY.required)) await node.stop()
    expect(same(await downloadFile(stored), file)).toBe(true)
    // One more: 3 pieces cannot rebuild a segment of 4 shards; the file at `out` is not touched.
    await holding[holding.length - DEVNET_REDUNDANCY.required]!.stop()
    await expect(downloadFile(stored)).rejects.toThrow(tooFew)
    const out = join(dir, 'five.bin')
    await expect(downloadFileTo(stored, out)).rejects.toThrow(tooFew)
    expect(same(readFileSync(out), file)).toBe(true)
    expect(readdirSync(dir)).toEqual(['five.bin'])
  })
})

describe('uploadFile and downloadFile at the edges of segments (segments of 4 KiB)', () => {
  let nodes: TestStorageNode[]
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ nodes, close } = await startStorageNodes(10))
  })
  afterAll(() => close())
  const SEGMENT = 4_096
  const roundTrip = async (length: number, seed: number) => {
    const file = seededBytes(length, seed)
    const stored = await uploadFile({
      source: file,
      name: `${length}.bin`,
      providers: providersOf(nodes),
      redundancy: DEVNET_REDUNDANCY,
      random: seededRandom(seed),
      createdAt: '2026-03-02T10:00:00.000Z',
      segmentBytes: SEGMENT,
    })
    return { stored, back: await downloadFile(stored), file }
  }

  it('stores an empty file as one segment of a nonce and a tag (28 bytes), its pieces padded to the smallest provable size', async () => {
    const { stored, back } = await roundTrip(0, 1)
    expect(back).toHaveLength(0)
    expect(stored.segments.map((s) => s.bytes)).toEqual([28])
    // Shards of 7 bytes are stored as 65: PieceCIDv2's smallest payload, 3 data leaves of a 4-leaf tree.
    const piece = stored.segments[0]!.pieces[0]!
    expect(nodes.find((n) => n.deviceId === piece.deviceId)!.store.sizeOf(piece.sha256)).toBe(65)
    expect(piece.pdp).toMatchObject({ height: 2, leafCount: 3 })
  })

  it('stores a file that seals to exactly one segment, or two, with no empty segment after it', async () => {
    const one = await roundTrip(SEGMENT - 28, 2)
    expect(one.stored.segments.map((s) => s.bytes)).toEqual([SEGMENT])
    expect(same(one.back, one.file)).toBe(true)
    const two = await roundTrip(2 * SEGMENT - 28, 3)
    expect(two.stored.segments.map((s) => s.bytes)).toEqual([SEGMENT, SEGMENT])
    expect(same(two.back, two.file)).toBe(true)
  })

  it('stores a file of 11 segments, each on 8 to 10 distinct operators, and rebuilds it with 4 of the 10 nodes down', async () => {
    const { stored, back, file } = await roundTrip(10 * SEGMENT + 123, 4)
    expect(stored.segments.map((s) => s.bytes)).toEqual([...Array.from({ length: 10 }, () => SEGMENT), 123 + 28])
    expect(same(back, file)).toBe(true)
    for (const segment of stored.segments) {
      expect(segment.pieces.length).toBeGreaterThanOrEqual(8)
      expect(new Set(segment.pieces.map((p) => p.operator)).size).toBe(segment.pieces.length)
    }
    for (const node of nodes.slice(0, 4)) await node.stop()
    expect(same(await downloadFile(stored), file)).toBe(true)
  })
})
