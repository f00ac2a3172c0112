import { bytesToString, sha256, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { type JobManifest, decodeManifest, encodeManifest, specHashOf } from './manifest.ts'

const manifest: JobManifest = {
  name: 'raytrace 320x240',
  module: sha256(stringToBytes('module')),
  tasks: [sha256(stringToBytes('band 0')), sha256(stringToBytes('band 1'))],
  fuelPerTask: 5_000_000n,
  memoryPages: 32,
  redundancy: 1,
}

describe('job manifests', () => {
  it('have one encoding, sorted and without white space, which decodes back and names the order by its SHA-256', () => {
    const bytes = encodeManifest(manifest)
    expect(bytesToString(bytes)).toMatch(/^\{"fuelPerTask":"5000000","memoryPages":32,"module":"0x[0-9a-f]{64}","name":"raytrace 320x240","redundancy":1,"tasks":\["0x/)
    expect(decodeManifest(bytes)).toEqual(manifest)
    expect(specHashOf(manifest)).toBe(sha256(bytes))
  })

  it('refuse a second encoding of the same manifest, which would hash differently', () => {
    const spaced = stringToBytes(JSON.stringify(JSON.parse(bytesToString(encodeManifest(manifest))), null, 1))
    expect(() => decodeManifest(spaced)).toThrow(/canonical encoding/)
    const reordered = JSON.parse(bytesToString(encodeManifest(manifest)))
    const { tasks, ...rest } = reordered
    expect(() => decodeManifest(stringToBytes(JSON.stringify({ tasks, ...rest })))).toThrow(/canonical encoding/)
  })

  it.each([
    ['not JSON', stringToBytes('{'), /must be JSON/],
    ['an array', stringToBytes('[]'), /JSON object/],
    ['a missing key', stringToBytes('{"name":"x"}'), /exactly the keys/],
    ['an extra key', null, /exactly the keys/],
    ['fuel as a number', null, /decimal string/],
    ['an upper-case hash', null, /lower-case hex/],
    ['no tasks', null, /1 to 40 tasks/],
    ['zero memory', null, /memoryPages/],
    ['redundancy 8', null, /redundancy/],
  ])('refuse %s with PINION_ERR_MALFORMED_PAYLOAD', (what, given, message) => {
    const base = JSON.parse(bytesToString(encodeManifest(manifest)))
    const variants: Record<string, unknown> = {
      'an extra key': { ...base, zz: 1 },
      'fuel as a number': { ...base, fuelPerTask: 5 },
      'an upper-case hash': { ...base, module: base.module.toUpperCase().replace('0X', '0x') },
      'no tasks': { ...base, tasks: [] },
      'zero memory': { ...base, memoryPages: 0 },
      'redundancy 8': { ...base, redundancy: 8 },
    }
    const bytes = given ?? stringToBytes(JSON.stringify(variants[what]))
    expect(() => decodeManifest(bytes)).toThrow(expect.objectContaining({ code: 'PINION_ERR_MALFORMED_PAYLOAD', message: expect.stringMatching(message) }))
  })
})
