#!/usr/bin/env node
// The explorer for any network: an oracle's read API and the chain's RPC URL. (`pinion up` starts
// one by itself.) Like the pinion command: installed, @pinion/explorer resolves to its compiled
// JavaScript (dist/); in Pinion's checkout, under the "development" condition (.npmrc), to its
// TypeScript sources, which tsx's loader compiles as they load.
const entry = new URL(import.meta.resolve('@pinion/explorer'))
const fromSources = entry.pathname.endsWith('.ts')
if (fromSources) {
  const { register } = await import('tsx/esm/api')
  register()
}
const { main } = await import(new URL(fromSources ? './main.ts' : './main.js', entry).href)
process.exitCode = await main(process.argv.slice(2))
