import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { type TestStorageNode, startStorageNodes } from '@pinion/testkit/storage/storageNodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** The file commands, `pinion storage put|ls|status|get|rm`, as a customer runs them, against 10 real storage nodes. */
describe('pinion storage put, ls, status, get and rm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-storage-files-'))
  const dataDir = join(dir, '.pinion')
  const providersFile = join(dir, 'providers.json')
  const a = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 2_654_435_761) >>> 24)
  const b = Uint8Array.from({ length: 1_234 }, (_, i) => i & 0xff)
  let nodes: TestStorageNode[]
  let close: () => Promise<void>
  const ids: { a?: string; b?: string } = {}
  beforeAll(async () => {
    ;({ nodes, close } = await startStorageNodes(10))
    writeFileSync(providersFile, JSON.stringify(nodes.map(({ deviceId, operator, url }) => ({ deviceId, operator, url }))))
    writeFileSync(join(dir, 'readings.csv'), a)
    writeFileSync(join(dir, 'small.bin'), b)
  })
  afterAll(async () => {
    await close()
    rmSync(dir, { recursive: true, force: true })
  })
  const pinion = (...args: string[]) => runPinion('storage', ...args, '--data-dir', dataDir)
  const json = async (...args: string[]) => {
    const { code, out, err } = await pinion(...args, '--json')
    expect([code, err]).toEqual([0, ''])
    return JSON.parse(out)
  }
  const piecesOf = (id: string) =>
    JSON.parse(readFileSync(join(dataDir, 'storage', 'files', `${id}.json`), 'utf8')).segments[0].pieces as { deviceId: string; sha256: `0x${string}` }[]
  /** The nodes holding a piece of file `id`, by its manifest. */
  const holdersOf = (id: string) => nodes.filter((node) => piecesOf(id).some((p) => p.deviceId === node.deviceId))

  it('put stores each file and prints its id; ls lists them (without their keys)', async () => {
    const put = await pinion('put', join(dir, 'readings.csv'), '--providers', providersFile, '--seed', '1')
    expect(put.code).toBe(0)
    ids.a = put.out
    expect(ids.a).toMatch(/^0x[0-9a-f]{64}$/)
    ids.b = (await json('put', join(dir, 'small.bin'), '--providers', providersFile, '--scheme', 'devnet', '--seed', '2')).id
    expect(statSync(join(dataDir, 'storage', 'files', `${ids.a}.json`)).mode & 0o777).toBe(0o600)
    const listed = await json('ls')
    expect(listed.map((f: { id: string; name: string; size: number; segments: number }) => [f.id, f.name, f.size, f.segments]).sort()).toEqual(
      [
        [ids.a, 'readings.csv', 300_000, 1],
        [ids.b, 'small.bin', 1_234, 1],
      ].sort(),
    )
    expect(listed.every((f: { providers: number }) => f.providers >= 8)).toBe(true)
    const human = await pinion('ls')
    expect(human.out).toMatch(/^ID +NAME +SIZE +CREATED +SEGMENTS +PROVIDERS$/m)
    expect(human.out).toContain('readings.csv')
    expect(human.out + JSON.stringify(listed)).not.toMatch(/"key"|key/)
  })

  it('refuses a provider list of too few operators, and a scheme it cannot hold, with stable codes and exit code 1', async () => {
    const storj = await pinion('put', join(dir, 'small.bin'), '--providers', providersFile, '--scheme', 'storj')
    expect([storj.code, storj.err]).toEqual([1, expect.stringMatching(/needs its 80 pieces on 80 different operators.*\[PINION_ERR_STORAGE_PLACEMENT\]$/)])
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ deviceId: '0x12', operator: nodes[0]!.operator, url: nodes[0]!.url }]))
    const bad = await pinion('put', join(dir, 'small.bin'), '--providers', join(dir, 'bad.json'))
    expect([bad.code, bad.err]).toEqual([1, expect.stringMatching(/bad\.json at \[0\]\.deviceId: expected a device id.*\[PINION_ERR_STORAGE_PROVIDERS\]$/)])
    const missing = await pinion('put', join(dir, 'nothing.bin'), '--providers', providersFile)
    expect([missing.code, missing.err]).toEqual([1, expect.stringMatching(/nothing\.bin.*\[PINION_ERR_STORAGE_SOURCE\]$/)])
    expect((await json('ls')).length).toBe(2)
  })

  it('status counts healthy pieces; get writes the file back, by id or its start, and will not replace a file without --force', async () => {
    const status = await json('status', ids.a!)
    expect(status).toMatchObject({ id: ids.a, required: 4, repairAt: 5, state: 'healthy' })
    expect(status.segments[0].healthy).toBe(status.segments[0].stored)
    const out = join(dir, 'back.csv')
    const got = await pinion('get', ids.a!.slice(0, 10), '-o', out)
    expect([got.code, got.out]).toEqual([0, expect.stringMatching(/^wrote .*back\.csv \(293\.0 KiB, SHA-256 0x/)])
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(a))).toBe(true)
    const again = await pinion('get', ids.a!, '-o', out)
    expect([again.code, again.err]).toEqual([1, expect.stringMatching(/back\.csv exists.*\[PINION_ERR_STORAGE_OUTPUT\]$/)])
    expect((await pinion('get', ids.a!, '-o', out, '--force')).code).toBe(0)
    const unknown = await pinion('get', 'ffff')
    expect([unknown.code, unknown.err]).toEqual([1, expect.stringMatching(/no stored file has the id ffff.*\[PINION_ERR_STORAGE_UNKNOWN_FILE\]$/)])
  })

  it('rm deletes every piece from its node, then the manifest', async () => {
    const pieces = piecesOf(ids.b!)
    expect(pieces.filter((p) => nodes.some((n) => n.store.has(p.sha256)))).toHaveLength(pieces.length)
    const removed = await json('rm', ids.b!)
    expect(removed).toEqual({ id: ids.b, name: 'small.bin', deleted: pieces.length, left: [] })
    expect(pieces.filter((p) => nodes.some((n) => n.store.has(p.sha256)))).toEqual([])
    expect((await json('ls')).map((f: { id: string }) => f.id)).toEqual([ids.a])
  })

  it('status shows when repair is due and when a segment is lost (exit code 1); rm keeps the manifest while a node is down, unless --force', async () => {
    const holders = holdersOf(ids.a!)
    // Down to the repair threshold (5): repair is due, the file is whole.
    for (const node of holders.slice(0, holders.length - 5)) await node.stop()
    const due = await pinion('status', ids.a!, '--timeout-ms', '2000')
    expect(due.code).toBe(0)
    expect(due.out).toMatch(/: repair due\n {2}any 4 pieces rebuild a segment; repair is due at 5 or fewer\n {2}segment 0: 5 of \d+ pieces healthy, repair due/)
    const out = join(dir, 'again.csv')
    expect((await pinion('get', ids.a!, '-o', out)).code).toBe(0)
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(a))).toBe(true)
    // Two more down: 3 left, fewer than the 4 that rebuild it.
    for (const node of holders.slice(holders.length - 5, holders.length - 3)) await node.stop()
    const lost = await pinion('status', ids.a!, '--json')
    expect([lost.code, JSON.parse(lost.out).state, JSON.parse(lost.out).segments[0].healthy]).toEqual([1, 'lost', 3])
    const kept = await pinion('rm', ids.a!)
    expect([kept.code, kept.err]).toEqual([1, expect.stringMatching(/could not be deleted, so its manifest is kept .*\[PINION_ERR_STORAGE_REMOVE\]$/)])
    expect((await json('ls')).map((f: { id: string }) => f.id)).toEqual([ids.a])
    // The nodes that answered deleted their pieces already; --force forgets the rest.
    expect(piecesOf(ids.a!).filter((p) => holders.slice(holders.length - 3).some((node) => node.store.has(p.sha256)))).toEqual([])
    const forced = await json('rm', ids.a!, '--force')
    expect(forced).toMatchObject({ id: ids.a, deleted: 3 })
    expect(forced.left).toHaveLength(holders.length - 3)
    expect(await json('ls')).toEqual([])
  })
})
