import { createHash, randomUUID } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { join } from 'node:path'
import { type Hex, bytesToHex } from 'viem'
import { DeviceError } from '../errors.ts'
import { createFileAtomic, fsyncDir } from '../fs/durable.ts'

/** A piece's id: the SHA-256 of its bytes, lower-case 0x hex, which is also its file's name (no path can be smuggled in). */
const PIECE_ID = /^0x[0-9a-f]{64}$/

/** How much of a piece's file is read at a time when it is checked against its id (readPiece). */
const READ_CHUNK_BYTES = 1024 * 1024

/** Part of a piece: `length` bytes from `offset`. */
export type ByteRange = { offset: number; length: number }

/**
 * A storage node's pieces on its disk, within a quota: each in a file named by its SHA-256 (under a
 * folder of its first byte, so no folder grows past a few thousand files), written whole or not at
 * all (a temporary file, fsync, link, fsync the folder), never replaced. A node restarted after a
 * crash finds every piece it acknowledged and none half-written; its usage is counted from the files.
 *
 * `put`, `get` and `remove` are synchronous, as the device's other durable files are. `putStream`
 * and `read` are their asynchronous forms for a server, which must not stop answering while a piece
 * of megabytes crosses the disk: several may run at once, and with `put` and `remove`. The quota
 * holds for them together: bytes being written are reserved as they arrive, so two uploads cannot
 * each fit on their own and overflow the quota between them; of two writes of one piece the first to
 * finish stores it, and the other answers 'already-held'.
 */
export type PieceStore = {
  readonly quotaBytes: number
  /** Bytes and pieces held. */
  usage(): { bytes: number; pieces: number }
  has(id: Hex): boolean
  /** Piece `id`'s size in bytes (as counted when it was stored or found), or undefined if not held. */
  sizeOf(id: Hex): number | undefined
  /**
   * Stores `bytes` as piece `id`: PINION_ERR_PIECE_HASH unless `id` is their SHA-256, PINION_ERR_PIECE_QUOTA
   * if they do not fit; nothing is written either way. A piece already held is not written again.
   */
  put(id: Hex, bytes: Uint8Array): 'stored' | 'already-held'
  /**
   * `put` for bytes that arrive in chunks (an HTTP request's body): hashed and written as they come,
   * never held in memory whole. `declaredBytes` (a Content-Length) makes a piece that cannot fit fail
   * before a byte is read. Fails, leaving no file and no usage behind, with PINION_ERR_PIECE_QUOTA as
   * soon as the bytes pass what fits, PINION_ERR_PIECE_HASH at the end if they are not piece `id`, or
   * whatever error `source` throws (a client that went away). For a piece already held the bytes are
   * only hashed, not written: 'already-held' if they are the piece, PINION_ERR_PIECE_HASH if not.
   */
  putStream(id: Hex, source: AsyncIterable<Uint8Array>, declaredBytes?: number): Promise<'stored' | 'already-held'>
  /** Piece `id`'s bytes, checked against its id as they are read (PINION_ERR_PIECE_CORRUPT if the disk changed them), or undefined. */
  get(id: Hex): Uint8Array | undefined
  /**
   * `get` without blocking, for all of piece `id` or `range` of it: the whole file is read and hashed
   * either way (PINION_ERR_PIECE_CORRUPT if it is not piece `id` any more), so no byte of a changed
   * piece is ever served; only the bytes asked for are kept in memory. Undefined if not held;
   * PINION_ERR_PIECE_RANGE for a range that does not lie within the piece.
   */
  read(id: Hex, range?: ByteRange): Promise<Uint8Array | undefined>
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
  /** Bytes of writes in progress (putStream), counted against the quota with `used`. */
  let reserved = 0
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
  /** `bytes` says how big the piece is, or how much of it has arrived so far. */
  const tooBig = (id: Hex, bytes: string) =>
    new DeviceError(
      'PINION_ERR_PIECE_QUOTA',
      `piece ${id} (${bytes}) does not fit: ${used} of ${quotaBytes} bytes are used${reserved === 0 ? '' : `, ${reserved} more are being written`}`,
    )
  const corrupt = (id: Hex) => new DeviceError('PINION_ERR_PIECE_CORRUPT', `piece ${id} on disk no longer hashes to its id: the disk changed it`)

  return {
    quotaBytes,
    usage: () => ({ bytes: used, pieces: sizes.size }),
    has: (id) => sizes.has(id),
    sizeOf: (id) => sizes.get(id),
    put(id, bytes) {
      const { folder, file } = pathOf(id)
      if (sizes.has(id)) return 'already-held'
      const actual = sha256(bytes)
      if (actual !== id) throw new DeviceError('PINION_ERR_PIECE_HASH', `the bytes offered as piece ${id} hash to ${actual}`)
      if (used + reserved + bytes.length > quotaBytes) throw tooBig(id, `${bytes.length} bytes`)
      mkdirSync(folder, { recursive: true })
      createFileAtomic(file, bytes, 0o600)
      sizes.set(id, bytes.length)
      used += bytes.length
      return 'stored'
    },
    async putStream(id, source, declaredBytes) {
      const { folder, file } = pathOf(id)
      if (sizes.has(id)) {
        const hash = createHash('sha256')
        for await (const chunk of source) hash.update(chunk)
        const actual = bytesToHex(hash.digest())
        if (actual !== id) throw new DeviceError('PINION_ERR_PIECE_HASH', `the bytes offered as piece ${id} hash to ${actual}`)
        return 'already-held'
      }
      // This write's share of `reserved`: grown to the bytes received (or declared), released at the end.
      let mine = 0
      const reserve = (bytes: number) => {
        if (bytes <= mine) return
        if (used + reserved + (bytes - mine) > quotaBytes) throw tooBig(id, bytes === declaredBytes ? `${bytes} bytes` : `${bytes} bytes so far`)
        reserved += bytes - mine
        mine = bytes
      }
      if (declaredBytes !== undefined) reserve(declaredBytes)
      // Named as createFileAtomic names its temporary files: a restart drops it if the process dies mid-write.
      const temp = join(folder, `.${id}.${randomUUID()}.tmp`)
      let handle: FileHandle | undefined
      try {
        mkdirSync(folder, { recursive: true })
        handle = await open(temp, 'wx', 0o600)
        // The umask may have removed bits from the mode; set it exactly.
        await handle.chmod(0o600)
        const hash = createHash('sha256')
        let received = 0
        for await (const chunk of source) {
          received += chunk.length
          reserve(received)
          hash.update(chunk)
          for (let written = 0; written < chunk.length; ) written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten
        }
        const actual = bytesToHex(hash.digest())
        if (actual !== id) throw new DeviceError('PINION_ERR_PIECE_HASH', `the bytes offered as piece ${id} hash to ${actual}`)
        await handle.sync()
        await handle.close()
        handle = undefined
        // Another write of the same piece finished while this one was receiving.
        if (sizes.has(id)) return 'already-held'
        // Synchronous from here to the count: no other call sees the piece linked but not counted.
        linkSync(temp, file)
        fsyncDir(folder)
        sizes.set(id, received)
        used += received
        return 'stored'
      } finally {
        reserved -= mine
        await handle?.close()
        rmSync(temp, { force: true })
      }
    },
    get(id) {
      if (!sizes.has(id)) return undefined
      const bytes = new Uint8Array(readFileSync(pathOf(id).file))
      if (sha256(bytes) !== id) throw corrupt(id)
      return bytes
    },
    async read(id, range) {
      const size = sizes.get(id)
      if (size === undefined) return undefined
      const { offset, length } = range ?? { offset: 0, length: size }
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
        throw new DeviceError('PINION_ERR_PIECE_RANGE', `bytes ${offset} to ${offset + length} are not within piece ${id} (${size} bytes)`)
      }
      let handle: FileHandle
      try {
        handle = await open(pathOf(id).file, 'r')
      } catch (error) {
        // Removed since it was looked up: no longer held.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
      try {
        const hash = createHash('sha256')
        const wanted = new Uint8Array(length)
        const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, Math.max(size, 1)))
        // Read to the end of the file as it is now, not as it was counted: a file the disk grew or cut fails the hash.
        for (let at = 0; ; ) {
          const { bytesRead } = await handle.read(chunk, 0, chunk.length, at)
          if (bytesRead === 0) break
          const read = chunk.subarray(0, bytesRead)
          hash.update(read)
          // The part of this chunk that falls within the range.
          const from = Math.max(offset, at)
          const to = Math.min(offset + length, at + bytesRead)
          if (from < to) wanted.set(read.subarray(from - at, to - at), from - offset)
          at += bytesRead
        }
        if (bytesToHex(hash.digest()) !== id) throw corrupt(id)
        return wanted
      } finally {
        await handle.close()
      }
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
