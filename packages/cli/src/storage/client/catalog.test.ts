import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { afterAll, describe, expect, it } from 'vitest'
import { DEVNET_REDUNDANCY } from '../redundancy.ts'
import { openCatalog } from './catalog.ts'
import type { StoredFile } from './storedFile.ts'

const h = (byte: string): Hex => `0x${byte.repeat(32)}`

const fileOf = (id: Hex, createdAt: string): StoredFile => ({
  version: 1,
  id,
  name: 'readings.csv',
  size: 10,
  sha256: h('11'),
  redundancy: DEVNET_REDUNDANCY,
  segmentBytes: 1_024,
  createdAt,
  key: h('22'),
  segments: [
    {
      bytes: 38,
      pieces: [{ index: 0, deviceId: h('33'), operator: `0x${'44'.repeat(20)}`, url: 'http://127.0.0.1:1/', sha256: h('55'), pdp: { root: h('66'), height: 2, leafCount: 3 } }],
    },
  ],
})

describe('openCatalog', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinion-catalog-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const catalog = openCatalog(dataDir)

  it('keeps manifests owner-only (folder 0700, files 0600) under storage/files, git-ignored, named by id', () => {
    expect(catalog.list()).toEqual([])
    const path = catalog.save(fileOf(h('aa'), '2026-03-02T10:00:00.000Z'))
    expect(path).toBe(join(dataDir, 'storage', 'files', `${h('aa')}.json`))
    expect(statSync(catalog.folder).mode & 0o777).toBe(0o700)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(catalog.folder, '.gitignore'), 'utf8')).toMatch(/^\*$/m)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(fileOf(h('aa'), '2026-03-02T10:00:00.000Z'))
  })

  it('replaces a manifest whole (a new file renamed over the old), leaves no temporary file, and lists none a crash left', () => {
    const before = statSync(join(catalog.folder, `${h('aa')}.json`)).ino
    catalog.save({ ...fileOf(h('aa'), '2026-03-02T10:00:00.000Z'), name: 'renamed.csv' })
    expect(statSync(join(catalog.folder, `${h('aa')}.json`)).ino).not.toBe(before)
    expect(catalog.get(h('aa')).name).toBe('renamed.csv')
    expect(readdirSync(catalog.folder).filter((name) => name.endsWith('.tmp'))).toEqual([])
    // A write that died before its rename: a temporary file, half written. It is not a manifest.
    writeFileSync(join(catalog.folder, `.${h('bb')}.crashed.tmp`), '{"version":1,"id":')
    expect(catalog.list().map((f) => f.id)).toEqual([h('aa')])
  })

  it('lists oldest first, finds a file by its id or a prefix of it, and removes it', () => {
    catalog.save(fileOf(h('ab'), '2026-03-01T09:00:00.000Z'))
    expect(catalog.list().map((f) => f.id)).toEqual([h('ab'), h('aa')])
    expect(catalog.get('ABABAB').id).toBe(h('ab'))
    expect(catalog.get(`0x${'aa'.repeat(4)}`).id).toBe(h('aa'))
    const unknown = (message: RegExp) => expect.objectContaining({ code: 'PINION_ERR_STORAGE_UNKNOWN_FILE', message: expect.stringMatching(message) })
    expect(() => catalog.get('a')).toThrow(unknown(/2 stored files have ids starting with a/))
    expect(() => catalog.get('cc')).toThrow(unknown(/no stored file has the id cc/))
    expect(() => catalog.get('../../etc/passwd')).toThrow(unknown(/no stored file/))
    expect(catalog.remove(h('ab'))).toBe(true)
    expect(catalog.remove(h('ab'))).toBe(false)
    expect(catalog.list().map((f) => f.id)).toEqual([h('aa')])
  })

  it('refuses a manifest that is not one with PINION_ERR_STORAGE_CATALOG, naming the file and field', () => {
    const path = join(catalog.folder, `${h('cd')}.json`)
    writeFileSync(path, JSON.stringify({ ...fileOf(h('cd'), '2026-03-03T00:00:00.000Z'), key: 'secret' }))
    expect(() => catalog.get('cd')).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_CATALOG', message: expect.stringContaining(`${path} is not a manifest: key`) }))
    writeFileSync(path, '{')
    expect(() => catalog.list()).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_CATALOG' }))
    rmSync(path)
  })
})
