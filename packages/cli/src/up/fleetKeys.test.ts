import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type StoredFleetDevice, loadOrCreateFleet } from './fleetKeys.ts'

const dir = mkdtempSync(join(tmpdir(), 'pinion-fleet-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const codeOf = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return 'no error'
}

describe('the fleet file', () => {
  it("records each device's kind, each kind's devices with its mix of behaviours, and resumes them as they were", () => {
    const path = join(dir, 'two-kinds.json')
    const fleets = [
      { kind: 'uptime', devices: 3, behaviours: { honest: 2, flaky: 1 } },
      { kind: 'wireless', devices: 4, behaviours: { honest: 3, sybil: 1 } },
    ]
    const fleet = loadOrCreateFleet(path, fleets, 5)
    expect(fleet.map((d) => [d.kind, d.behaviour])).toEqual([
      ['uptime', 'honest'],
      ['uptime', 'honest'],
      ['uptime', 'flaky'],
      ['wireless', 'honest'],
      ['wireless', 'honest'],
      ['wireless', 'honest'],
      ['wireless', 'sybil'],
    ])
    expect(fleet.map((d) => d.owner)).toEqual([0, 1, 2, 3, 4, 0, 1])
    expect(fleet.map((d) => d.key.type)).toEqual(['ed25519', 'ed25519', 'ed25519', 'p256', 'ed25519', 'ed25519', 'ed25519'])
    expect((JSON.parse(readFileSync(path, 'utf8')) as StoredFleetDevice[]).map((d) => d.kind)).toEqual(fleet.map((d) => d.kind))
    expect(loadOrCreateFleet(path, fleets, 5)).toEqual(fleet)
  })

  it("reads a file from before devices had kinds as the first kind's fleet", () => {
    const path = join(dir, 'old.json')
    const [device] = loadOrCreateFleet(join(dir, 'new.json'), [{ kind: 'uptime', devices: 1, behaviours: { honest: 1 } }], 5)
    const { kind: _, ...old } = device!
    writeFileSync(path, JSON.stringify([old]))
    expect(loadOrCreateFleet(path, [{ kind: 'wireless', devices: 9, behaviours: { honest: 1 } }], 5)).toEqual([{ ...old, kind: 'wireless' }])
  })

  it("refuses a file with devices of a kind the network's fleet does not run", () => {
    const path = join(dir, 'two-kinds.json')
    expect(codeOf(() => loadOrCreateFleet(path, [{ kind: 'uptime', devices: 3, behaviours: {} }], 5))).toBe('PINION_ERR_FLEET_FILE')
  })
})
