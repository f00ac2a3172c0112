import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type PieceStore, openPieceStore, startStorageNode } from '@pinion/device'
import type { Address, Hex } from 'viem'

/** One storage node of a test: its device, the operator who runs it, where it serves, its folder and store. */
export type TestStorageNode = {
  deviceId: Hex
  operator: Address
  url: string
  dir: string
  store: PieceStore
  /** Stops serving (a node that went down): its URL refuses connections from then on. */
  stop(): Promise<void>
}

/**
 * `count` real storage nodes (packages/device's node server over a piece store), each in a temporary
 * folder of its own and listening on 127.0.0.1 on a port of its own choosing, run by `count` distinct
 * operators: node i has device id and operator address i + 1 (hex, padded). `close` stops them all
 * and removes their folders.
 */
export async function startStorageNodes(count: number, quotaBytes = 1 << 30): Promise<{ nodes: TestStorageNode[]; close(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'pinion-storage-nodes-'))
  const running = new Set<() => Promise<void>>()
  const nodes = await Promise.all(
    Array.from({ length: count }, async (_, i): Promise<TestStorageNode> => {
      const dir = join(root, `node-${i}`)
      const store = openPieceStore(dir, quotaBytes)
      const deviceId = `0x${(i + 1).toString(16).padStart(64, '0')}` as Hex
      const server = await startStorageNode({ store, deviceId, host: '127.0.0.1', port: 0 })
      running.add(server.close)
      return {
        deviceId,
        operator: `0x${(i + 1).toString(16).padStart(40, '0')}` as Address,
        url: server.url,
        dir,
        store,
        stop: async () => {
          if (running.delete(server.close)) await server.close()
        },
      }
    }),
  )
  return {
    nodes,
    close: async () => {
      await Promise.all([...running].map((close) => close()))
      running.clear()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/** `length` bytes of a xorshift32 stream from `seed`: a file no one has to ship. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length)
  const view = new DataView(out.buffer)
  let x = seed >>> 0 || 1
  for (let i = 0; i + 4 <= length; i += 4) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    view.setUint32(i, x >>> 0)
  }
  for (let i = length - (length % 4); i < length; i++) out[i] = i & 0xff
  return out
}

/** The nodes as a customer's provider list: device, operator, URL. */
export const providersOf = (nodes: readonly TestStorageNode[]) => nodes.map(({ deviceId, operator, url }) => ({ deviceId, operator, url }))

/** Whether two byte arrays hold the same bytes. */
export const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))
