import { randomUUID } from 'node:crypto'
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { StorageClientError } from './clientErrors.ts'
import { type StoredFile, storedFileSchema } from './storedFile.ts'

/** A manifest's file name: its id (0x and 64 lower-case hex digits), so no name can smuggle in a path. */
const MANIFEST_NAME = /^(0x[0-9a-f]{64})\.json$/

/**
 * The customer's stored files: one manifest per file in `<data dir>/storage/files/<id>.json`. A
 * manifest holds its file's key, so the folder is owner-only (0700, like `device keygen`'s keys/,
 * with a .gitignore of its own so no checkout commits one) and so is each manifest (0600). A manifest
 * is written whole or not at all: a temporary file, fsync, rename over the old one, fsync the folder;
 * a temporary file a crash left behind is not a manifest and is never listed.
 */
export function openCatalog(dataDir: string) {
  const folder = join(dataDir, 'storage', 'files')
  const pathOf = (id: Hex) => {
    if (!MANIFEST_NAME.test(`${id}.json`))
      throw new StorageClientError('PINION_ERR_STORAGE_UNKNOWN_FILE', `a file id is 0x and 64 lower-case hex digits, not ${JSON.stringify(id)}`)
    return join(folder, `${id}.json`)
  }
  const read = (path: string): StoredFile => {
    let json: unknown
    try {
      json = JSON.parse(readFileSync(path, 'utf8'))
    } catch (cause) {
      throw new StorageClientError('PINION_ERR_STORAGE_CATALOG', `${path} is not a manifest: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    }
    const parsed = storedFileSchema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new StorageClientError('PINION_ERR_STORAGE_CATALOG', `${path} is not a manifest: ${issue.path.join('.') || 'the whole'}: ${issue.message}`)
    }
    return parsed.data as StoredFile
  }
  const ids = (): Hex[] =>
    existsSync(folder)
      ? readdirSync(folder)
          .map((name) => MANIFEST_NAME.exec(name)?.[1] as Hex | undefined)
          .filter((id) => id !== undefined)
          .sort()
      : []

  return {
    folder,
    /** Writes `file`'s manifest (replacing one of the same id); its path. */
    save(file: StoredFile): string {
      mkdirSync(folder, { recursive: true, mode: 0o700 })
      chmodSync(folder, 0o700)
      const ignore = join(folder, '.gitignore')
      if (!existsSync(ignore)) writeFileSync(ignore, "# Stored files' manifests hold their keys: never commit them.\n*\n", { mode: 0o600 })
      const path = pathOf(file.id)
      const temporary = join(folder, `.${file.id}.${randomUUID()}.tmp`)
      const fd = openSync(temporary, 'wx', 0o600)
      try {
        writeSync(fd, `${JSON.stringify(file, null, 2)}\n`)
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      try {
        renameSync(temporary, path)
      } catch (error) {
        rmSync(temporary, { force: true })
        throw error
      }
      const dir = openSync(folder, 'r')
      try {
        fsyncSync(dir)
      } finally {
        closeSync(dir)
      }
      return path
    },
    /** Every stored file, oldest first. */
    list: (): StoredFile[] =>
      ids()
        .map((id) => read(pathOf(id)))
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)),
    /**
     * The file whose id is `id`, or starts with it (with or without 0x, any case), as git takes a
     * commit's prefix; PINION_ERR_STORAGE_UNKNOWN_FILE for none or several.
     */
    get(id: string): StoredFile {
      const prefix = id.toLowerCase().replace(/^0x/, '')
      const matches = /^[0-9a-f]{1,64}$/.test(prefix) ? ids().filter((known) => known.slice(2).startsWith(prefix)) : []
      if (matches.length !== 1) {
        throw new StorageClientError(
          'PINION_ERR_STORAGE_UNKNOWN_FILE',
          matches.length === 0 ? `no stored file has the id ${id} (in ${folder})` : `${matches.length} stored files have ids starting with ${id}: give more of it`,
        )
      }
      return read(pathOf(matches[0]!))
    },
    /** Forgets file `id`: whether its manifest was there. */
    remove(id: Hex): boolean {
      const path = pathOf(id)
      if (!existsSync(path)) return false
      rmSync(path)
      return true
    },
  }
}
