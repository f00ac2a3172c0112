import { createRequire } from 'node:module'
import { DevnetError } from './errors.ts'

const require = createRequire(import.meta.url)

/** npm ships anvil as one optional package per platform; this maps Node's names to theirs. */
const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64/bin/anvil',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64/bin/anvil',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64/bin/anvil',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64/bin/anvil',
  'win32-x64': '@foundry-rs/anvil-win32-amd64/bin/anvil.exe',
}

/**
 * The path of the anvil binary installed by the `@foundry-rs/anvil` npm package (pinned in
 * package.json). No download: the binary arrives with the platform package at `npm install`.
 */
export function anvilBinary(): string {
  const target = `${process.platform}-${process.arch}`
  const path = PLATFORM_PACKAGES[target]
  if (path === undefined) {
    throw new DevnetError('PINION_ERR_ANVIL_UNSUPPORTED', `anvil has no npm build for ${target}; expected one of ${Object.keys(PLATFORM_PACKAGES).join(', ')}`)
  }
  try {
    return require.resolve(path)
  } catch (cause) {
    throw new DevnetError('PINION_ERR_ANVIL_MISSING', `anvil binary ${path} is not installed; run \`npm install\` (without --omit=optional)`, { cause })
  }
}
