import { createHash } from 'node:crypto'
import { seededRandom } from '@pinion/kinds'
import { pieceTree } from '@pinion/protocol/pdp'
import { type TestStorageNode, providersOf, sameBytes as same, seededBytes, startStorageNodes } from '@pinion/testkit/storage/storageNodes'
import { type Hex, bytesToHex, hexToBytes } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { pieceBytes } from '../erasure.ts'
import { DEVNET_REDUNDANCY } from '../redundancy.ts'
import { downloadFile } from './downloadFile.ts'
import { fileHealth } from './fileHealth.ts'
import { httpPieceTransport } from './httpPieceTransport.ts'
import type { PieceTransport } from './pieceTransport.ts'
import { repairFile } from './repairFile.ts'
import type { StoredFile, StoredPiece } from './storedFile.ts'
import { fromStoredPiece, storedPieceBytes } from './storedPiece.ts'
import { type DealPlan, uploadFile } from './uploadFile.ts'

const sha256 = (bytes: Uint8Array) => bytesToHex(createHash('sha256').update(bytes).digest())
const nodeOf = (nodes: readonly TestStorageNode[], piece: StoredPiece) => nodes.find((n) => n.deviceId === piece.deviceId)!
/** The nodes holding a piece of segment `s`, in piece order. */
const holdersOf = (nodes: readonly TestStorageNode[], file: StoredFile, s: number) => file.segments[s]!.pieces.map((p) => nodeOf(nodes, p))
/** A segment's pieces that are not in `before`: the ones a repair stored. */
const newIn = (after: StoredFile, before: StoredFile) =>
  after.segments.flatMap(({ pieces }, segment) => pieces.filter((p) => !before.segments[segment]!.pieces.some((q) => q.sha256 === p.sha256)).map((piece) => ({ segment, piece })))

/** The HTTP transport, with every call it made. */
function countingTransport() {
  const calls: { method: 'put' | 'get' | 'has' | 'delete'; url: string; sha256: Hex }[] = []
  const record = (method: (typeof calls)[number]['method'], url: string, sha256: Hex) => calls.push({ method, url, sha256 })
  const transport: PieceTransport = {
    put: (url, id, bytes, request) => {
      record('put', url, id)
      return httpPieceTransport.put(url, id, bytes, request)
    },
    get: (url, id, request) => {
      record('get', url, id)
      return httpPieceTransport.get(url, id, request)
    },
    has: (url, id, request) => {
      record('has', url, id)
      return httpPieceTransport.has(url, id, request)
    },
    delete: (url, id, request) => {
      record('delete', url, id)
      return httpPieceTransport.delete(url, id, request)
    },
  }
  return { transport, calls, count: (method: string) => calls.filter((c) => c.method === method).length }
}

const upload = (bytes: Uint8Array, nodes: readonly TestStorageNode[], segmentBytes: number, seed: number) =>
  uploadFile({
    source: bytes,
    name: 'file.bin',
    providers: providersOf(nodes),
    redundancy: DEVNET_REDUNDANCY,
    random: seededRandom(seed),
    createdAt: '2026-03-02T10:00:00.000Z',
    segmentBytes,
  })

describe('repairFile, over HTTP to real storage nodes (devnet 4/5/8/10)', () => {
  const running: (() => Promise<void>)[] = []
  const startNodes = async (count: number) => {
    const { nodes, close } = await startStorageNodes(count)
    running.push(close)
    return nodes
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map((close) => close()))
  })

  it('rebuilds every segment of a 3 MiB file after 4 of its 10 nodes go down, onto other operators, so that it survives 4 more of the original nodes going down', async () => {
    // 10 nodes take the upload; 4 more, empty, join as replacement providers (device ids 11–14).
    const all = await startNodes(14)
    const originals = all.slice(0, 10)
    const bytes = seededBytes(3 * 1024 * 1024, 0x3e9a1)
    const stored = await upload(bytes, originals, 512 * 1024, 21)
    // 3 MiB + 28 sealed bytes: six segments of 512 KiB and one of 28.
    expect(stored.segments.map((s) => s.bytes)).toEqual([...Array(6).fill(512 * 1024), 28])

    const firstDown = holdersOf(all, stored, 0).slice(0, 4)
    for (const node of firstDown) await node.stop()
    const before = await fileHealth(stored, { timeoutMs: 2_000 })
    expect(before[0]!.healthy).toBe(stored.segments[0]!.pieces.length - 4)
    expect(before.filter((s) => s.healthy < DEVNET_REDUNDANCY.repairAt).length).toBeGreaterThan(0)
    expect(before.every((s) => s.healthy >= DEVNET_REDUNDANCY.required)).toBe(true)

    // Every provider, the 4 down ones too (their uploads fail, and the next provider takes the piece).
    const { transport, calls } = countingTransport()
    const { file, summary, segments } = await repairFile(stored, {
      providers: providersOf(all),
      random: seededRandom(5),
      transport,
      repairBelow: DEVNET_REDUNDANCY.pieces,
      timeoutMs: 2_000,
    })
    expect(calls.some((c) => c.method === 'put' && firstDown.some((n) => n.url === c.url))).toBe(true)
    const due = before.filter((s) => s.healthy < DEVNET_REDUNDANCY.pieces)
    const pieceSizeOf = (s: number) => storedPieceBytes(stored.segments[s]!.bytes, DEVNET_REDUNDANCY.required)
    expect(summary).toMatchObject({ checked: 7, repaired: due.length, short: 0, unrecoverable: 0, piecesUploaded: due.reduce((n, s) => n + 8 - s.healthy, 0) })
    expect(summary.bytesUploaded).toBe(due.reduce((n, s) => n + (8 - s.healthy) * pieceSizeOf(s.segment), 0))
    // At least `required` pieces of each repaired segment were fetched, and only healthy ones.
    expect(summary.bytesDownloaded).toBeGreaterThanOrEqual(due.reduce((n, s) => n + 4 * pieceSizeOf(s.segment), 0))
    expect(summary.bytesDownloaded).toBeLessThanOrEqual(due.reduce((n, s) => n + s.healthy * pieceSizeOf(s.segment), 0))
    expect(segments.map((s) => s.outcome)).toEqual(before.map((s) => (s.healthy < 8 ? 'repaired' : 'healthy')))
    expect(file).toMatchObject({ id: stored.id, key: stored.key, sha256: stored.sha256, size: stored.size })

    const after = await fileHealth(file, { timeoutMs: 2_000 })
    for (const [s, segment] of file.segments.entries()) {
      expect(after[s]!.healthy).toBeGreaterThanOrEqual(DEVNET_REDUNDANCY.pieces)
      expect(after[s]!.healthy).toBe(segment.pieces.length)
      // One piece per operator, one entry per index, and none on a node that is down.
      expect(new Set(segment.pieces.map((p) => p.operator)).size).toBe(segment.pieces.length)
      expect(new Set(segment.pieces.map((p) => p.index)).size).toBe(segment.pieces.length)
      expect(segment.pieces.some((p) => firstDown.includes(nodeOf(all, p)))).toBe(false)
    }

    // 4 more of the original nodes go down: all those still holding segment 0's original pieces.
    const secondDown = holdersOf(all, file, 0)
      .filter((node) => originals.includes(node))
      .slice(0, 4)
    expect(secondDown).toHaveLength(4)
    for (const node of secondDown) await node.stop()
    await expect(downloadFile(stored, { timeoutMs: 2_000 })).rejects.toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_TOO_FEW_PIECES' }))
    expect(same(await downloadFile(file, { timeoutMs: 2_000 }), bytes)).toBe(true)
  })

  it("leaves alone a segment at or above repairBelow, without a byte of traffic; by default (repairAt + 1) repairs at or below repairAt, Storj's rule", async () => {
    const nodes = await startNodes(12)
    const bytes = seededBytes(100_000, 7)
    const stored = await upload(bytes, nodes.slice(0, 10), 1 << 20, 3)
    const holders = holdersOf(nodes, stored, 0)
    // Down to 6 healthy: above the repair threshold (5).
    for (const node of holders.slice(0, holders.length - 6)) await node.stop()
    for (const repairBelow of [undefined, 6]) {
      const { transport, calls, count } = countingTransport()
      const result = await repairFile(stored, { providers: providersOf(nodes), random: seededRandom(1), transport, timeoutMs: 2_000, ...(repairBelow ? { repairBelow } : {}) })
      expect(result.segments).toEqual([expect.objectContaining({ segment: 0, healthy: 6, healthyAfter: 6, outcome: 'healthy', restored: [] })])
      expect(result.summary).toEqual({ checked: 1, repaired: 0, short: 0, unrecoverable: 0, piecesUploaded: 0, bytesDownloaded: 0, bytesUploaded: 0 })
      expect(result.file).toEqual(stored)
      // HEAD for each piece, nothing else.
      expect([count('has'), calls.length]).toEqual([stored.segments[0]!.pieces.length, stored.segments[0]!.pieces.length])
    }
    // One more down: 5, at the threshold, so due.
    await holders[holders.length - 6]!.stop()
    const { transport, count } = countingTransport()
    const result = await repairFile(stored, { providers: providersOf(nodes), random: seededRandom(1), transport, timeoutMs: 2_000 })
    expect(result.segments[0]).toMatchObject({ healthy: 5, healthyAfter: 8, outcome: 'repaired' })
    expect(count('put')).toBeGreaterThanOrEqual(3)
    expect(result.file.segments[0]!.pieces).toHaveLength(8)
    expect(same(await downloadFile(result.file, { timeoutMs: 2_000 }), bytes)).toBe(true)
  })

  describe('pieces declared lost by the caller, while their nodes still hold them', () => {
    const bytes = seededBytes(50_000, 99)
    const setup = async () => {
      const nodes = await startNodes(12)
      const stored = await upload(bytes, nodes.slice(0, 10), 32 * 1024, 17)
      // Two holders of segment 0 whose deals were terminated, say.
      const terminated = holdersOf(nodes, stored, 0).slice(0, 2)
      const declared = stored.segments.flatMap((s) => s.pieces).filter((p) => terminated.some((n) => n.deviceId === p.deviceId))
      const plans: DealPlan[] = []
      const counting = countingTransport()
      const result = await repairFile(stored, {
        // A customer places nothing new with providers whose deals were terminated.
        providers: providersOf(nodes.filter((n) => !terminated.includes(n))),
        random: seededRandom(8),
        transport: counting.transport,
        repairBelow: 8,
        isLost: (piece) => declared.includes(piece),
        onRepaired: (plan) => void plans.push(plan),
      })
      return { nodes, stored, terminated, declared, plans, counting, result }
    }

    it('counts them lost though their nodes answer, never asks about them, and replaces them', async () => {
      const { stored, terminated, declared, counting, result } = await setup()
      expect(declared.length).toBeGreaterThanOrEqual(2)
      expect(counting.count('has')).toBe(stored.segments.flatMap((s) => s.pieces).length - declared.length)
      // Their nodes still hold them: nothing was deleted.
      for (const piece of declared) expect(terminated.find((n) => n.deviceId === piece.deviceId)!.store.has(piece.sha256)).toBe(true)
      for (const [s, segment] of stored.segments.entries()) {
        const mine = declared.filter((p) => segment.pieces.includes(p))
        expect(result.segments[s]).toMatchObject({
          healthy: segment.pieces.length - mine.length,
          outcome: mine.length > 0 && segment.pieces.length - mine.length < 8 ? 'repaired' : 'healthy',
          lost: mine.map((p) => ({ index: p.index, deviceId: p.deviceId, url: p.url, why: 'declared lost by the caller' })),
        })
      }
      expect(result.segments[0]!.outcome).toBe('repaired')
      // A repaired segment keeps no piece on those nodes; one still at or above repairBelow (all ten
      // of its uploads landed) was left alone, lost entries included.
      const repaired = result.file.segments.filter((_, s) => result.segments[s]!.outcome === 'repaired').flatMap((s) => s.pieces)
      expect(repaired.some((p) => terminated.some((n) => n.deviceId === p.deviceId))).toBe(false)
      expect(same(await downloadFile(result.file), bytes)).toBe(true)
    })

    it("encodes each new piece for its new provider: other bytes than the lost piece's, the same shard, and the PDP commitment of what the new node stores", async () => {
      const { nodes, stored, result } = await setup()
      const key = hexToBytes(stored.key)
      const added = newIn(result.file, stored)
      expect(added.length).toBeGreaterThanOrEqual(2)
      for (const { segment, piece } of added) {
        const old = stored.segments[segment]!.pieces.find((p) => p.index === piece.index)!
        expect(piece.deviceId).not.toBe(old.deviceId)
        expect(piece.sha256).not.toBe(old.sha256)
        const held = nodeOf(nodes, piece).store.get(piece.sha256)!
        const { root, height, leafCount } = pieceTree(held)
        expect([sha256(held), piece.pdp]).toEqual([piece.sha256, { root, height, leafCount }])
        expect(piece.pdp.root).not.toBe(old.pdp.root)
        // Decoded, the old and the new piece are the same erasure-coded shard.
        const shardBytes = pieceBytes(stored.segments[segment]!.bytes, DEVNET_REDUNDANCY.required)
        const before = fromStoredPiece(nodeOf(nodes, old).store.get(old.sha256)!, key, { deviceId: old.deviceId, segment, piece: old.index }, shardBytes)
        const after = fromStoredPiece(held, key, { deviceId: piece.deviceId, segment, piece: piece.index }, shardBytes)
        expect(same(after, before)).toBe(true)
      }
    })

    it('hands onRepaired exactly the new pieces, grouped by provider; a throw from it fails the repair and deletes them', async () => {
      const { nodes, stored, plans, result, terminated } = await setup()
      expect(plans).toHaveLength(1)
      const plan = plans[0]!
      expect(plan.fileId).toBe(stored.id)
      expect(new Set(plan.providers.map((p) => p.deviceId)).size).toBe(plan.providers.length)
      const planned = plan.providers.flatMap((p) => p.pieces.map((piece) => ({ ...piece, deviceId: p.deviceId, operator: p.operator, url: p.url })))
      const added = newIn(result.file, stored).map(({ segment, piece }) => ({
        segment,
        index: piece.index,
        sha256: piece.sha256,
        pdp: piece.pdp,
        deviceId: piece.deviceId,
        operator: piece.operator,
        url: piece.url,
      }))
      expect(planned).toEqual(expect.arrayContaining(added))
      expect(planned).toHaveLength(added.length)

      const held = nodes.map((n) => n.store.list())
      const failing = repairFile(result.file, {
        providers: providersOf(nodes.filter((n) => !terminated.includes(n))),
        random: seededRandom(8),
        repairBelow: 8,
        // The new pieces on one provider are declared lost in turn: a second repair, whose deals cannot be proposed.
        isLost: (piece) => piece.deviceId === plan.providers[0]!.deviceId,
        onRepaired: () => {
          throw new Error('the chain refused the deals')
        },
      })
      await expect(failing).rejects.toThrow('the chain refused the deals')
      expect(nodes.map((n) => n.store.list())).toEqual(held)
    })
  })

  it('reports a segment with fewer healthy pieces than rebuild it as unrecoverable (PINION_ERR_STORAGE_UNRECOVERABLE), fetching nothing of it, and still repairs the others', async () => {
    const nodes = await startNodes(16)
    const stored = await upload(seededBytes(60_000, 5), nodes, 32 * 1024, 4)
    const [zero, one] = [0, 1].map((s) => holdersOf(nodes, stored, s))
    // 5 holders of segment 0 go down, those holding a piece of segment 1 too first: at most 4 of them do (16 nodes, the load spread).
    const down = [...zero!.filter((n) => one!.includes(n)), ...zero!.filter((n) => !one!.includes(n))].slice(0, 5)
    expect(down.filter((n) => one!.includes(n)).length).toBeGreaterThan(0)
    expect(down.filter((n) => one!.includes(n)).length).toBeLessThanOrEqual(4)
    for (const node of down) await node.stop()
    const { transport, calls } = countingTransport()
    const result = await repairFile(stored, { providers: providersOf(nodes), random: seededRandom(2), transport, timeoutMs: 2_000, repairBelow: 8 })
    const healthy0 = stored.segments[0]!.pieces.length - 5
    expect(result.segments[0]).toMatchObject({
      healthy: healthy0,
      healthyAfter: healthy0,
      outcome: 'unrecoverable',
      restored: [],
      problem: { code: 'PINION_ERR_STORAGE_UNRECOVERABLE', message: `segment 0: ${healthy0} of its pieces are healthy, fewer than the 4 that rebuild it` },
    })
    expect(result.file.segments[0]).toEqual(stored.segments[0])
    expect(result.segments[1]).toMatchObject({ outcome: 'repaired', healthyAfter: 8 })
    expect(result.summary).toMatchObject({ checked: 2, repaired: 1, unrecoverable: 1 })
    // Every GET and PUT was for segment 1.
    const segment1 = new Set([...stored.segments[1]!.pieces, ...result.file.segments[1]!.pieces].map((p) => p.sha256))
    expect(calls.filter((c) => c.method !== 'has').every((c) => segment1.has(c.sha256))).toBe(true)
  })

  it('reports a segment it cannot bring back to `pieces` as short (PINION_ERR_STORAGE_REPAIR_SHORT), keeping what it stored and the lost entries', async () => {
    const nodes = await startNodes(10)
    const stored = await upload(seededBytes(20_000, 6), nodes, 1 << 20, 9)
    const holders = holdersOf(nodes, stored, 0)
    const spare = nodes.filter((n) => !holders.includes(n))
    for (const node of holders.slice(0, 4)) await node.stop()
    // Only the nodes without a piece of it may take new ones: fewer than the 4 it needs.
    const result = await repairFile(stored, { providers: providersOf(nodes), random: seededRandom(3), timeoutMs: 2_000, repairBelow: 8 })
    const healthy = holders.length - 4
    expect(result.segments[0]).toMatchObject({ healthy, healthyAfter: healthy + spare.length, outcome: 'short', problem: { code: 'PINION_ERR_STORAGE_REPAIR_SHORT' } })
    expect(result.segments[0]!.restored.map((r) => r.deviceId).sort()).toEqual(spare.map((n) => n.deviceId).sort())
    // The lost entries not replaced stay: a node that comes back still adds a piece.
    expect(result.file.segments[0]!.pieces).toHaveLength(holders.length)
  })

  it('is deterministic: the same seed and answers place the same pieces in the same places', async () => {
    const nodes = await startNodes(14)
    const stored = await upload(seededBytes(200_000, 12), nodes.slice(0, 10), 64 * 1024, 30)
    for (const node of holdersOf(nodes, stored, 0).slice(0, 3)) await node.stop()
    const run = () => repairFile(stored, { providers: providersOf(nodes), random: seededRandom(77), timeoutMs: 2_000, repairBelow: 8 })
    const [a, b] = [await run(), await run()]
    expect(a.summary.piecesUploaded).toBeGreaterThanOrEqual(3)
    expect(b.file).toEqual(a.file)
    expect(b.summary).toEqual(a.summary)
    // Why a node did not answer is its own affair (a refused connection, a closed socket).
    const placed = (r: typeof a) => r.segments.map(({ lost, ...s }) => ({ ...s, lost: lost.map(({ why, ...l }) => l) }))
    expect(placed(b)).toEqual(placed(a))
  })
})
