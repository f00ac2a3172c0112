#!/usr/bin/env node
// The pinion command. Installed, @pinion/cli resolves to its compiled JavaScript (dist/), which
// Node runs as it is. In Pinion's checkout npm runs it under the "development" condition (.npmrc),
// where the packages resolve to their TypeScript sources; tsx's loader then compiles them as they
// load (and, either way, pinion.config.ts when a command reads it).
let entry
try {
  entry = new URL(import.meta.resolve('@pinion/cli'))
} catch (error) {
  console.error(`pinion: cannot find @pinion/cli (${error instanceof Error ? error.message : String(error)})`)
  process.exit(1)
}
const fromSources = entry.pathname.endsWith('.ts')
if (fromSources) {
  const { register } = await import('tsx/esm/api')
  register()
}
const main = new URL(fromSources ? './main.ts' : './main.js', entry)
let loaded
try {
  loaded = await import(main.href)
} catch (error) {
  if (!fromSources && error?.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(main.pathname)) {
    console.error('pinion: @pinion/cli is not built (dist/). In the checkout, run it with `npx pinion` (from sources), or `npm run build` first.')
    process.exit(1)
  }
  throw error
}
process.exitCode = await loaded.main(process.argv)
