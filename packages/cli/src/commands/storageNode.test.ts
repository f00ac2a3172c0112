import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDeviceKeyFile, openPieceStore, verifyCapacityClaim } from '@pinion/device'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { until } from '@pinion/testkit/until'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { main } from '../main.ts'
import { capacity, getPiece, putPiece } from '../storage/nodeClient.ts'

describe('pinion storage node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-storage-node-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('serves pieces from --dir within --quota on --listen, signs its capacity with --key, and stops on SIGTERM', async () => {
    const keyFile = join(dir, 'node.json')
    const key = await createDeviceKeyFile(keyFile, 'ed25519')
    const pieces = join(dir, 'pieces')
    const printed: string[] = []
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.join(' '))
    })
    try {
      // In this process, as the binary runs it; it serves until a signal.
      const running = main(['node', 'pinion', 'storage', 'node', '--dir', pieces, '--quota', '1MiB', '--key', keyFile, '--listen', '127.0.0.1:0', '--log-level', 'silent'])
      const line = await until('the node to say where it serves', async () => printed.find((text) => text.startsWith('storage node ')))
      const url = /serving (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1]
      expect(line).toBe(`storage node ${key.deviceId} serving ${url}`)
      const bytes = Uint8Array.from({ length: 3_000 }, (_, i) => (i * 13) & 0xff)
      const id = `0x${createHash('sha256').update(bytes).digest('hex')}`
      expect(await putPiece(url!, id, bytes)).toEqual({ size: 3_000, stored: true })
      expect(Buffer.from(await getPiece(url!, id)).equals(Buffer.from(bytes))).toBe(true)
      const { signature, ...claim } = await capacity(url!)
      expect(claim).toMatchObject({ deviceId: key.deviceId, quotaBytes: 1_048_576, usedBytes: 3_000, pieces: 1 })
      expect(verifyCapacityClaim(claim, signature!, key)).toBe(true)
      process.emit('SIGTERM')
      expect(await running).toBe(0)
      // It stopped listening, and left the piece in --dir, where the next run finds it.
      await expect(capacity(url!, { timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_NODE_UNAVAILABLE' })
      expect(openPieceStore(pieces, 1_048_576).list()).toEqual([id])
      expect(process.listenerCount('SIGTERM') + process.listenerCount('SIGINT')).toBe(0)
    } finally {
      log.mockRestore()
    }
  })

  it('stops before it starts on a --quota or --listen that is not one, or a missing key', async () => {
    const keyFile = join(dir, 'flags.json')
    await createDeviceKeyFile(keyFile, 'ed25519')
    for (const [flags, code] of [
      [['--quota', '10 gigs', '--key', keyFile], 'PINION_ERR_STORAGE_NODE_FLAGS'],
      [['--quota', '10GiB', '--key', keyFile, '--listen', 'localhost'], 'PINION_ERR_STORAGE_NODE_FLAGS'],
      [['--quota', '10GiB', '--key', join(dir, 'missing.json')], 'PINION_ERR_KEY_FILE_MISSING'],
    ] as const) {
      const { code: exit, err } = await runPinion('storage', 'node', '--dir', join(dir, 'unused'), ...flags)
      expect({ flags, exit, err }).toEqual({ flags, exit: 1, err: expect.stringContaining(`[${code}]`) })
    }
  })
})
