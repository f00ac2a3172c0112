import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { type TestStorageNode, startStorageNodes } from '@pinion/testkit/storage/storageNodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** `pinion storage repair`, as a customer runs it after `put`, against 12 real storage nodes (10 take the upload, 2 join later). */
describe('pinion storage repair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-storage-repair-'))
  const dataDir = join(dir, '.pinion')
  const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 2_654_435_761) >>> 24)
  let nodes: TestStorageNode[]
  let close: () => Promise<void>
  let id: string
  const down = new Set<TestStorageNode>()
  const stop = async (node: TestStorageNode) => {
    down.add(node)
    await node.stop()
  }
  const providersFile = (name: string, of: readonly TestStorageNode[]) => {
    const path = join(dir, name)
    writeFileSync(path, JSON.stringify(of.map(({ deviceId, operator, url }) => ({ deviceId, operator, url }))))
    return path
  }
  beforeAll(async () => {
    ;({ nodes, close } = await startStorageNodes(12))
    writeFileSync(join(dir, 'readings.csv'), bytes)
  })
  afterAll(async () => {
    await close()
    rmSync(dir, { recursive: true, force: true })
  })
  const pinion = (...args: string[]) => runPinion('storage', ...args, '--data-dir', dataDir)
  const manifest = () =>
    JSON.parse(readFileSync(join(dataDir, 'storage', 'files', `${id}.json`), 'utf8')) as { segments: { pieces: { index: number; deviceId: string; operator: string }[] }[] }
  const holders = () => nodes.filter((node) => manifest().segments[0]!.pieces.some((p) => p.deviceId === node.deviceId))

  it('rebuilds the lost pieces onto other providers and saves the manifest: status is healthy again and get gives the file back', async () => {
    const put = await pinion('put', join(dir, 'readings.csv'), '--providers', providersFile('first.json', nodes.slice(0, 10)), '--seed', '1')
    expect(put.code).toBe(0)
    id = put.out
    const stored = holders()
    for (const node of stored.slice(0, 3)) await stop(node)
    const due = JSON.parse((await pinion('status', id, '--json', '--timeout-ms', '2000')).out)
    expect([due.state, due.segments[0].healthy]).toEqual(['repair', stored.length - 3])

    const repair = await pinion('repair', id.slice(0, 12), '--providers', providersFile('all.json', nodes), '--seed', '4', '--timeout-ms', '2000', '--json')
    expect([repair.code, repair.err]).toEqual([0, ''])
    const result = JSON.parse(repair.out)
    expect(result).toMatchObject({ id, name: 'readings.csv', checked: 1, repaired: 1, short: 0, unrecoverable: 0, piecesUploaded: 8 - (stored.length - 3) })
    expect(result.bytesDownloaded).toBeGreaterThan(0)
    expect(result.segments[0]).toMatchObject({ segment: 0, outcome: 'repaired', healthyAfter: 8 })
    expect(result.manifest).toBe(join(dataDir, 'storage', 'files', `${id}.json`))

    const pieces = manifest().segments[0]!.pieces
    expect(new Set(pieces.map((p) => p.operator)).size).toBe(pieces.length)
    const healthy = JSON.parse((await pinion('status', id, '--json', '--timeout-ms', '2000')).out)
    expect([healthy.state, healthy.segments[0].healthy]).toEqual(['healthy', 8])
    const out = join(dir, 'back.csv')
    expect((await pinion('get', id, '-o', out, '--timeout-ms', '2000')).code).toBe(0)
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(bytes))).toBe(true)

    // Nothing more to do: a second run leaves it alone and says so.
    const again = await pinion('repair', id, '--providers', join(dir, 'all.json'), '--seed', '4', '--timeout-ms', '2000')
    expect([again.code, again.out]).toEqual([0, `readings.csv (${id}): 1 segments checked, 0 repaired, 0 short, 0 unrecoverable\n  0 pieces stored anew; 0 B fetched, 0 B sent`])
  })

  it('refuses a --repair-below outside (required, pieces] with PINION_ERR_STORAGE_FLAGS', async () => {
    for (const value of ['4', '9', 'x']) {
      const refused = await pinion('repair', id, '--providers', join(dir, 'all.json'), '--repair-below', value)
      expect([refused.code, refused.err]).toEqual([1, expect.stringMatching(/--repair-below .*\[PINION_ERR_STORAGE_FLAGS\]$/)])
    }
  })

  it('exits 1 with PINION_ERR_STORAGE_UNRECOVERABLE when a segment has fewer healthy pieces than rebuild it, keeping the manifest', async () => {
    const before = readFileSync(join(dataDir, 'storage', 'files', `${id}.json`), 'utf8')
    const up = holders().filter((node) => !down.has(node))
    expect(up).toHaveLength(8)
    for (const node of up.slice(0, up.length - 3)) await stop(node)
    const lost = await pinion('repair', id, '--providers', join(dir, 'all.json'), '--repair-below', '8', '--timeout-ms', '2000')
    expect([lost.code, lost.err]).toEqual([
      1,
      expect.stringMatching(/segment 0: 3 of its pieces are healthy, fewer than the 4 that rebuild it \[PINION_ERR_STORAGE_UNRECOVERABLE\]$/),
    ])
    expect(lost.out).toMatch(/segment 0: 3 healthy, now 3, unrecoverable/)
    expect(readFileSync(join(dataDir, 'storage', 'files', `${id}.json`), 'utf8')).toBe(before)
  })
})
