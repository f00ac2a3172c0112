#!/usr/bin/env node
// The explorer for any network: an oracle's read API and the chain's RPC URL. (`pinion up` starts
// one by itself.) TypeScript sources run through tsx's loader, like the pinion command.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../server/main.ts')
process.exitCode = await main(process.argv.slice(2))
