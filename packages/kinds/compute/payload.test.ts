import { type Hex, keccak256, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { type ComputePayload, MAX_MODULE_CHUNKS, decodeComputePayload, encodeComputePayload } from './payload.ts'

const hash = (s: string): Hex => keccak256(stringToBytes(s))
const signature = `0x${'ab'.repeat(65)}` as Hex

const examples: ComputePayload[] = [
  { type: 'job', leaseId: 7n, manifest: stringToBytes('{"name":"x"}') },
  { type: 'module-chunk', module: hash('module'), index: 2, count: 3, data: new Uint8Array([0, 97, 115, 109]) },
  { type: 'task-commit', leaseId: 7n, task: 39, commitment: hash('commitment') },
  {
    type: 'task-reveal',
    leaseId: 2n ** 255n,
    task: 0,
    input: new Uint8Array(2048),
    exitCode: 1,
    fuelUsed: 2n ** 64n - 1n,
    resultHash: hash('r'),
    salt: hash('s'),
    usageSignature: signature,
  },
]

describe('compute payloads', () => {
  it.each(examples)('round-trip a $type', (payload) => {
    expect(decodeComputePayload(payload.type, encodeComputePayload(payload))).toEqual(payload)
  })

  it.each([
    ['an unknown type', 'nope', examples[0]!, /no payload type "nope"/],
    ['lease 0', 'job', { ...examples[0]!, leaseId: 0n }, /lease_id 0/],
    ['a task past any job', 'task-commit', { ...examples[2]!, task: 40 }, /past any job/],
    ['a chunk index at its count', 'module-chunk', { ...examples[1]!, index: 3 }, /not below its count/],
    ['a module of too many chunks', 'module-chunk', { ...examples[1]!, count: MAX_MODULE_CHUNKS + 1 }, /chunks; got count/],
    ['an empty chunk', 'module-chunk', { ...examples[1]!, data: new Uint8Array() }, /chunk holds 1 to/],
    ['an input too large', 'task-reveal', { ...examples[3]!, input: new Uint8Array(2049) }, /task input is at most/],
    ['a short signature', 'task-reveal', { ...examples[3]!, usageSignature: '0xabcd' }, /usage_signature has 2 bytes/],
    ['a short commitment', 'task-commit', { ...examples[2]!, commitment: '0x01' }, /commitment has 1 bytes/],
  ] as const)('refuse %s with PINION_ERR_MALFORMED_PAYLOAD', (_what, type, payload, message) => {
    expect(() => decodeComputePayload(type, encodeComputePayload(payload as ComputePayload))).toThrow(
      expect.objectContaining({ code: 'PINION_ERR_MALFORMED_PAYLOAD', message: expect.stringMatching(message) }),
    )
  })

  it('refuse bytes that are not the message', () => {
    expect(() => decodeComputePayload('task-commit', new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/not a pinion.compute.v1.TaskCommit/)
  })
})
