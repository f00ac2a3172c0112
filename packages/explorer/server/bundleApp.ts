import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { ExplorerError } from './errors.ts'

/** The web app as the server sends it: one script and one stylesheet. */
export type AppBundle = { js: string; css: string; buildMs: number }

const ENTRY = fileURLToPath(new URL('../app/main.tsx', import.meta.url))

/**
 * Bundles the web app in memory with esbuild when the server starts (a fraction of a second), so
 * `npm install` then `npx pinion up` is the whole setup: there is no build step to forget and no
 * generated bundle to keep fresh.
 */
export async function bundleApp(): Promise<AppBundle> {
  const started = performance.now()
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  }).catch((error: unknown) => {
    throw new ExplorerError('PINION_ERR_BUNDLE', `the explorer app does not bundle: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  })
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? ''
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? ''
  return { js, css, buildMs: Math.round(performance.now() - started) }
}
