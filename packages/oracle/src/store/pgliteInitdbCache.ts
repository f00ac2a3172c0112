import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'

/**
 * PGlite runs initdb (in WebAssembly) for every new data directory: ~6 s of wall time and ~8 s of
 * CPU, where opening an existing directory takes ~0.8 s. initdb's output depends only on PGlite's
 * build, so the first store on a machine keeps a closed copy of it here, and every later new store
 * starts as a copy of that (a file copy, ~0.3 s) and opens as an existing one. Nothing of the
 * oracle is in it: the schema is migrated and the store bound to its chain after it opens.
 */
const CACHE_ROOT = join(tmpdir(), 'pinion-pglite-initdb')

/**
 * Fills `dataDir` with a freshly initialized PostgreSQL cluster when it is missing or empty, so
 * that PGlite opens it instead of running initdb; leaves any other directory alone.
 */
export async function seedFromInitdbCache(dataDir: string): Promise<void> {
  if ((await entries(dataDir)) !== 0) return
  const template = await initializedCluster()
  await mkdir(dataDir, { recursive: true })
  await cp(template, dataDir, { recursive: true })
}

/** The cached cluster for this build of PGlite, made (by one initdb) when absent. */
async function initializedCluster(): Promise<string> {
  const path = join(CACHE_ROOT, await buildKey())
  // The directory is renamed into place only after PGlite closed it: a present one is complete.
  if ((await entries(path)) > 0) return path
  await mkdir(CACHE_ROOT, { recursive: true })
  const scratch = await mkdtemp(join(CACHE_ROOT, 'making-'))
  try {
    const pglite = await PGlite.create({ dataDir: scratch })
    await pglite.close()
    // Another process or thread may have made it meanwhile: theirs is as good as ours.
    await rename(scratch, path).catch(async (error: NodeJS.ErrnoException) => {
      if ((await entries(path)) === 0) throw error
    })
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  return path
}

/** PGlite's version and the sizes of its WebAssembly and data files: another build, another cache. */
async function buildKey(): Promise<string> {
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  const { version } = JSON.parse(await readFile(join(dist, '..', 'package.json'), 'utf8')) as { version: string }
  const sizes = await Promise.all(['pglite.wasm', 'initdb.wasm', 'pglite.data'].map(async (file) => (await stat(join(dist, file))).size))
  return `${version}-${sizes.join('-')}`
}

/** How many entries `dir` has: 0 when it is empty or does not exist. */
async function entries(dir: string): Promise<number> {
  try {
    return (await readdir(dir)).length
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
}
