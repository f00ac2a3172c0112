import { basename, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, stop } from 'esbuild'
import { ExplorerError } from './errors.ts'

/**
 * The web app as the server sends it: the entry script, its stylesheet, and the chunks the entry
 * loads on demand (file name → code; the names carry a content hash, so they may be cached for good).
 */
export type AppBundle = { js: string; css: string; chunks: ReadonlyMap<string, string>; buildMs: number }

const ENTRY = fileURLToPath(new URL('../app/main.tsx', import.meta.url))
/**
 * Whether this server runs from the checkout's TypeScript sources (this file is …/bundleApp.ts). The
 * app's @pinion imports then resolve to the packages' sources, as Node's do in the checkout under the
 * "development" condition, since a fresh clone has no dist/; installed, to the packages' dist/.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts')
/** Where esbuild would write (it writes nothing): only the names of the files matter. */
const OUT = resolve('explorer-bundle')

/** The bundle this process made (or is making): the app's sources do not change while it runs. */
let bundled: Promise<AppBundle> | undefined

/**
 * Bundles the web app in memory with esbuild when the server starts (a fraction of a second), so
 * `npm install` then `npx pinion up` is the whole setup: there is no build step to forget and no
 * generated bundle to keep fresh. Once per process: every explorer it starts serves the same bundle
 * (a failed bundle is tried again by the next call).
 */
export function bundleApp(): Promise<AppBundle> {
  bundled ??= buildBundle().catch((error: unknown) => {
    bundled = undefined
    throw error
  })
  return bundled
}

async function buildBundle(): Promise<AppBundle> {
  const started = performance.now()
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: OUT,
    // Pages imported with import() become chunks of their own (the map and its h3-js).
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'browser',
    conditions: FROM_SOURCES ? ['development'] : [],
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
    .catch((error: unknown) => {
      throw new ExplorerError('PINION_ERR_BUNDLE', `the explorer app does not bundle: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
    })
    .finally(() => {
      // esbuild keeps its service process (~85 MB resident) for a next call that never comes: the
      // process bundles once (a later call would start it again).
      void stop()
    })
  let js = ''
  let css = ''
  const chunks = new Map<string, string>()
  for (const file of result.outputFiles) {
    const name = basename(file.path)
    if (name.startsWith('main-') && name.endsWith('.js')) js = file.text
    else if (name.endsWith('.css')) css += file.text
    else if (name.endsWith('.js')) chunks.set(name, file.text)
  }
  return { js, css, chunks, buildMs: Math.round(performance.now() - started) }
}
