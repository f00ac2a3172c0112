import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type Hex, bytesToHex } from 'viem'
import { DeviceError } from '../errors.ts'
import { createFileAtomic, fsyncDir } from '../fs/durable.ts'

/** A piece's id: the SHA-256 of its bytes, lower-case 0x hex, which is also its file's name (no path can be smuggled in). */
const PIECE_ID = /^0x[0-9a-f]{64}$/

/**
 * A storage node's pieces on its disk, within a quota: each in a file named by its SHA-256 (under a
 * folder of its first byte, so no folder grows past a few thousand files), written whole or not at
 * all (a temporary file, fsync, link, fsync the folder), never replaced. A node restarted after a
 * crash finds every piece it acknowledged and none half-written; its usage is counted from the files.
 * Synchronous, as the device's other durable files are: one write cannot interleave with another.
 */
export type PieceStore = {
  readonly quotaBytes: number
  /** Bytes and pieces held. */
  usage(): { bytes: number; pieces: number }
  has(id: Hex): boolean
  /**
   * Stores `bytes` as piece `id`: PINION_ERR_PIECE_HASH unless `id` is their SHA-256, PINION_ERR_PIECE_QUOTA
   * if they do not fit; nothing is written either way. A piece already held is not written again.
   */
  put(id: Hex, bytes: Uint8Array): 'stored' | 'already-held'
  /** Piece `id`'s bytes, checked against its id as they are read (PINION_ERR_PIECE_CORRUPT if the disk changed them), or undefined. */
  get(id: Hex): Uint8Array | undefined
  /** Removes piece `id`; whether it was held. */
  remove(id: Hex): boolean
  /** Every piece held, in id order. */
  list(): Hex[]
}

export function openPieceStore(dir: string, quotaBytes: number): PieceStore {
  if (!Number.isSafeInteger(quotaBytes) || quotaBytes <= 0)
    throw new DeviceError('PINION_ERR_AGENT_CONFIG', `a storage quota is a positive whole number of bytes, not ${quotaBytes}`)
  const root = join(dir, 'pieces')
  mkdirSync(root, { recursive: true })
  const sizes = new Map<Hex, number>()
  let used = 0
  for (const shard of readdirSync(root)) {
    const folder = join(root, shard)
    if (!statSync(folder).isDirectory()) continue
    for (const name of readdirSync(folder)) {
      // A temporary file is a write that never completed: it was never acknowledged.
      if (name.endsWith('.tmp')) {
        rmSync(join(folder, name), { force: true })
        continue
      }
      if (!PIECE_ID.test(name)) continue
      const size = statSync(join(folder, name)).size
      sizes.set(name as Hex, size)
      used += size
    }
  }

  const pathOf = (id: Hex) => {
    if (!PIECE_ID.test(id)) throw new DeviceError('PINION_ERR_PIECE_HASH', `a piece id is the SHA-256 of its bytes as 0x and 64 lower-case hex digits, not ${JSON.stringify(id)}`)
    return { folder: join(root, id.slice(2, 4)), file: join(root, id.slice(2, 4), id) }
  }
  const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())

  return {
    quotaBytes,
    usage: () => ({ bytes: used, pieces: sizes.size }),
    has: (id) => sizes.has(id),
    put(id, bytes) {
      const { folder, file } = pathOf(id)
      if (sizes.has(id)) return 'already-held'
      const actual = sha256(bytes)
      if (actual !== id) throw new DeviceError('PINION_ERR_PIECE_HASH', `the bytes offered as piece ${id} hash to ${actual}`)
      if (used + bytes.length > quotaBytes) {
        throw new DeviceError('PINION_ERR_PIECE_QUOTA', `piece ${id} (${bytes.length} bytes) does not fit: ${used} of ${quotaBytes} bytes are used`)
      }
      mkdirSync(folder, { recursive: true })
      createFileAtomic(file, bytes, 0o600)
      sizes.set(id, bytes.length)
      used += bytes.length
      return 'stored'
    },
    get(id) {
      if (!sizes.has(id)) return undefined
      const bytes = new Uint8Array(readFileSync(pathOf(id).file))
      if (sha256(bytes) !== id) throw new DeviceError('PINION_ERR_PIECE_CORRUPT', `piece ${id} on disk no longer hashes to its id: the disk changed it`)
      return bytes
    },
    remove(id) {
      const { folder, file } = pathOf(id)
      const size = sizes.get(id)
      if (size === undefined) return false
      rmSync(file, { force: true })
      fsyncDir(folder)
      sizes.delete(id)
      used -= size
      return true
    },
    list: () => [...sizes.keys()].sort(),
  }
}
