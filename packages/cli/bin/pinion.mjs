#!/usr/bin/env node
// Pinion ships TypeScript sources; tsx's loader lets Node run them (and pinion.config.ts) directly.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main.ts')
process.exitCode = await main(process.argv)
