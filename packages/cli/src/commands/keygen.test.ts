import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadDeviceKey } from '@pinion/device'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { afterAll, describe, expect, it } from 'vitest'

describe('pinion device keygen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-keygen-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('writes to a key folder it creates and git ignores, named after the device id, readable by the owner only', async () => {
    const dataDir = join(dir, '.pinion')
    const { code, out } = await runPinion('device', 'keygen', '--data-dir', dataDir, '--json')
    expect(code).toBe(0)
    const { file, deviceId } = JSON.parse(out) as { file: string; deviceId: string }
    expect(file).toBe(join(dataDir, 'keys', `${deviceId}.json`))
    expect((await loadDeviceKey(file)).deviceId).toBe(deviceId)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700)
    expect(readFileSync(join(dataDir, 'keys', '.gitignore'), 'utf8')).toMatch(/^\*$/m)
    // A second key goes beside the first; nothing is left half-written.
    await runPinion('device', 'keygen', '--data-dir', dataDir, '--type', 'p256')
    const names = readdirSync(join(dataDir, 'keys'))
    expect(names.filter((name) => name.endsWith('.json') && !name.startsWith('.'))).toHaveLength(2)
    expect(names.filter((name) => name.startsWith('.new-'))).toEqual([])
  })

  it('writes where --out says, and never replaces a key', async () => {
    const out = join(dir, 'elsewhere', 'radio.json')
    expect((await runPinion('device', 'keygen', '--out', out)).code).toBe(0)
    expect(existsSync(out)).toBe(true)
    const again = await runPinion('device', 'keygen', '--out', out)
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/already exists; refusing to replace a device key/)
  })
})
