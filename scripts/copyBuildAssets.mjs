#!/usr/bin/env node
// Copies the files a package reads at run time but TypeScript does not emit into its dist/, at the
// same relative path, so that the built code finds them where the sources do: SQL migrations,
// worker entries (plain .mjs), templates that `pinion init` copies, the explorer app that esbuild
// bundles when the server starts. Run from a package's folder by its `build:dist` script.
//
//   node ../../scripts/copyBuildAssets.mjs <dir>:<suffix> …
//
// copies every file under <dir> (relative to the package) whose name ends with <suffix> (every file
// when the suffix is empty), leaving out tests, node_modules and dist itself.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist'])

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) yield* filesUnder(join(dir, entry.name))
    } else if (entry.isFile()) yield join(dir, entry.name)
  }
}

let copied = 0
for (const argument of process.argv.slice(2)) {
  const split = argument.lastIndexOf(':')
  if (split < 0) throw new Error(`copyBuildAssets: "${argument}" is not <dir>:<suffix>`)
  const dir = argument.slice(0, split)
  const suffix = argument.slice(split + 1)
  for (const file of filesUnder(dir)) {
    if (!file.endsWith(suffix) || /\.test\.tsx?$/.test(file)) continue
    const target = join('dist', relative('.', file))
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(file, target)
    copied++
  }
}
console.log(`copyBuildAssets: ${copied} files into dist/`)
