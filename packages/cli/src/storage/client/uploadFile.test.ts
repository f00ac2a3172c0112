import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingMessage, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seededRandom } from '@pinion/kinds'
import { pieceTree } from '@pinion/protocol/pdp'
import { type TestStorageNode, providersOf, startStorageNodes } from '@pinion/testkit/storage/storageNodes'
import { bytesToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEVNET_REDUNDANCY } from '../redundancy.ts'
import { downloadFile } from './downloadFile.ts'
import { type DealPlan, uploadFile } from './uploadFile.ts'

const file = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 2_654_435_761) >>> 24)
const sha256 = (bytes: Uint8Array) => bytesToHex(createHash('sha256').update(bytes).digest())
const held = (nodes: readonly TestStorageNode[]) => nodes.reduce((sum, node) => sum + node.store.usage().pieces, 0)

describe('uploadFile', () => {
  let nodes: TestStorageNode[]
  let close: () => Promise<void>
  const dir = mkdtempSync(join(tmpdir(), 'pinion-upload-'))
  const servers: Server[] = []
  beforeAll(async () => {
    ;({ nodes, close } = await startStorageNodes(10))
  })
  afterAll(async () => {
    await close()
    for (const server of servers) server.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const options = { name: 'file.bin', redundancy: DEVNET_REDUNDANCY, createdAt: '2026-03-02T10:00:00.000Z', segmentBytes: 16_384 }

  it("reads a path segment by segment into a manifest whose every piece is what its node holds: SHA-256, PDP commitment, each provider's bytes its own", async () => {
    const path = join(dir, 'file.bin')
    writeFileSync(path, file)
    const plans: DealPlan[] = []
    const stored = await uploadFile({ ...options, source: { path }, providers: providersOf(nodes), random: seededRandom(11), onPiecesPlaced: (plan) => void plans.push(plan) })
    expect(stored).toMatchObject({ version: 1, name: 'file.bin', size: 50_000, sha256: sha256(file), redundancy: DEVNET_REDUNDANCY, segmentBytes: 16_384 })
    // 50,028 sealed bytes: three segments of 16 KiB and one of 876.
    expect(stored.segments.map((s) => s.bytes)).toEqual([16_384, 16_384, 16_384, 876])
    const all = stored.segments.flatMap((s) => s.pieces)
    for (const piece of all) {
      const bytes = nodes.find((n) => n.deviceId === piece.deviceId)!.store.get(piece.sha256)!
      const { root, height, leafCount } = pieceTree(bytes)
      expect([piece.sha256, piece.pdp]).toEqual([sha256(bytes), { root, height, leafCount }])
    }
    // No two providers hold the same bytes, and the bytes are not the plaintext's.
    expect(new Set(all.map((p) => p.sha256)).size).toBe(all.length)
    expect(new Set(all.map((p) => p.pdp.root)).size).toBe(all.length)
    // The key stays here: no node holds it.
    expect(stored.key).toMatch(/^0x[0-9a-f]{64}$/)
    // One deal per provider, with every piece it holds and its commitment.
    expect(plans).toHaveLength(1)
    expect(plans[0]!.fileId).toBe(stored.id)
    expect(plans[0]!.providers.map((p) => p.pieces.length).reduce((a, b) => a + b, 0)).toBe(all.length)
    for (const provider of plans[0]!.providers) {
      for (const { segment, index, pdp } of provider.pieces) {
        expect(stored.segments[segment]!.pieces.find((p) => p.index === index)).toMatchObject({ deviceId: provider.deviceId, pdp })
      }
    }
    expect(Buffer.from(await downloadFile(stored)).equals(Buffer.from(file))).toBe(true)
  })

  it('gives the same file a new key, nonce and id each time it is stored', async () => {
    const [a, b] = await Promise.all([1, 2].map((seed) => uploadFile({ ...options, source: file.subarray(0, 1_000), providers: providersOf(nodes), random: seededRandom(seed) })))
    expect(a!.id).not.toBe(b!.id)
    expect(a!.key).not.toBe(b!.key)
    expect(a!.sha256).toBe(b!.sha256)
  })

  it('refuses too few operators with PINION_ERR_STORAGE_PLACEMENT before sending anything', async () => {
    const before = held(nodes)
    // 10 nodes, but run by 7 operators.
    const providers = providersOf(nodes).map((p, i) => ({ ...p, operator: providersOf(nodes)[i % 7]!.operator }))
    await expect(uploadFile({ ...options, source: file, providers, random: seededRandom(1) })).rejects.toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_PLACEMENT' }))
    expect(held(nodes)).toBe(before)
  })

  it('cancels the slowest uploads once 8 pieces are stored (long-tail cancellation), without waiting for them', async () => {
    // Two "nodes" take a piece's bytes and never answer; each request they saw is closed by the client.
    const aborted: Promise<void>[] = []
    const slow = await Promise.all(
      [0, 1].map(async () => {
        const server = createServer((request: IncomingMessage) => {
          request.resume()
          aborted.push(new Promise((resolve) => request.once('close', () => resolve())))
        })
        servers.push(server)
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
        return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      }),
    )
    const providers = providersOf(nodes).map((p, i) => (i < 2 ? { ...p, url: slow[i]! } : p))
    // An hour per piece: only cancellation lets this return.
    const stored = await uploadFile({ ...options, segmentBytes: 1 << 20, source: file, providers, random: seededRandom(5), timeoutMs: 3_600_000 })
    expect(stored.segments[0]!.pieces).toHaveLength(8)
    expect(stored.segments[0]!.pieces.every((p) => !slow.includes(p.url))).toBe(true)
    // Whichever of their requests had reached them were closed by the client, not left open.
    await Promise.all(aborted)
  })

  it('fails with PINION_ERR_STORAGE_UPLOAD when fewer than 8 of a segment are stored, even 7 (above repairAt), and deletes what it stored', async () => {
    const before = nodes.map((n) => n.store.list())
    for (const node of nodes.slice(7)) await node.stop()
    const failure = uploadFile({ ...options, source: file, providers: providersOf(nodes), random: seededRandom(9) })
    await expect(failure).rejects.toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_UPLOAD' }))
    await expect(failure).rejects.toThrow(/segment 0: 7 of its pieces were stored, fewer than the 8 an upload needs \(10 tried\); piece \d+ to http/)
    expect(nodes.map((n) => n.store.list())).toEqual(before)
  })
})
