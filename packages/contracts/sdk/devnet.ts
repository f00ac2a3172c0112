import { type ChildProcess, spawn } from 'node:child_process'
import { pbkdf2Sync } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { type Chain, type HDAccount, type Hex, toHex } from 'viem'
import { HDKey, hdKeyToAccount } from 'viem/accounts'
import { anvilBinary } from './anvilBinary.ts'
import { chainFor } from './chain.ts'
import { DevnetError } from './errors.ts'

export type DevnetOptions = {
  /** File the chain state is loaded from (when it exists) and saved to; omit for a throwaway chain. */
  statePath?: string
  /** Port on 127.0.0.1; 0 (default) takes a free one. */
  port?: number
  chainId?: number
  /** The EVM rules; Osaka has the P-256 precompile (EIP-7951). */
  hardfork?: string
  /** Seconds between blocks; omit to mine one block per transaction. */
  blockTime?: number
  /** Seconds between state saves while running, besides the save on stop. */
  stateInterval?: number
  /** Unix time of the first block of a new chain. */
  genesisTimestamp?: number
}

export type Devnet = {
  rpcUrl: string
  port: number
  chain: Chain
  /** Stops anvil, saving its state first when `statePath` was given. */
  stop(): Promise<void>
}

export const DEVNET_CHAIN_ID = 31_337
/** anvil's default mnemonic: on a new devnet its first accounts hold 10,000 ETH each. Never use it elsewhere. */
export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk'

/** The private key of devnet account `index` (for tools that take a key, like `pinion rewards claim`). */
export function devnetPrivateKey(index: number): Hex {
  return toHex(devnetAccount(index).getHdKey().privateKey!)
}

/** The first `count` funded accounts of a devnet. */
export function devnetAccounts(count = 10): HDAccount[] {
  return Array.from({ length: count }, (_, addressIndex) => devnetAccount(addressIndex))
}

/** Account `addressIndex` of the devnet mnemonic, on BIP-44's Ethereum path (m/44'/60'/0'/0/i): mnemonicToAccount's. */
function devnetAccount(addressIndex: number): HDAccount {
  devnetRoot ??= HDKey.fromMasterSeed(pbkdf2Sync(DEVNET_MNEMONIC.normalize('NFKD'), 'mnemonic', BIP39_SEED_ROUNDS, 64, 'sha512'))
  return hdKeyToAccount(devnetRoot, { addressIndex })
}

/**
 * The mnemonic's BIP-39 seed as an HD root, derived once per process, natively: mnemonicToAccount
 * derives it again for every account, in JavaScript (~50 ms of CPU each; pinion up and the tests
 * ask for dozens).
 */
let devnetRoot: HDKey | undefined
/** BIP-39: PBKDF2-HMAC-SHA512 over the mnemonic, salt "mnemonic" + passphrase (none), 2,048 rounds. */
const BIP39_SEED_ROUNDS = 2_048
export const DEVNET_HARDFORK = 'osaka'
const STARTUP_TIMEOUT_MS = 15_000
const STOP_TIMEOUT_MS = 10_000

/**
 * The watchdog anvil runs under (`node -e`, arguments: anvil's binary and its arguments). anvil's
 * output goes straight to the watchdog's, which the parent reads. It stops anvil gracefully
 * (SIGINT: anvil saves --state) when the parent sends SIGINT or when the parent's end of its stdin
 * closes — the parent exited or was killed — and at once (SIGKILL) on SIGTERM; it exits with anvil.
 */
const ANVIL_WATCHDOG = `
const { spawn } = require('node:child_process')
const [binary, ...args] = process.argv.slice(1)
const anvil = spawn(binary, args, { stdio: ['ignore', 'inherit', 'inherit'] })
let stopping = false
const stop = (signal) => {
  if (stopping && signal !== 'SIGKILL') return
  stopping = true
  anvil.kill(signal)
  setTimeout(() => anvil.kill('SIGKILL'), ${STOP_TIMEOUT_MS}).unref()
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGKILL'))
process.stdin.on('end', () => stop('SIGINT'))
process.stdin.on('error', () => stop('SIGINT'))
process.stdin.resume()
anvil.on('error', (error) => { console.error(String(error)); process.exit(1) })
anvil.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)))
`

/**
 * Starts an anvil devnet on 127.0.0.1. The code-size limit stays on, the hardfork is explicit, and
 * with `statePath` the chain survives restarts: state is saved every `stateInterval` seconds and on
 * stop, and loaded on start.
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const chainId = options.chainId ?? DEVNET_CHAIN_ID
  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0), '--chain-id', String(chainId), '--hardfork', options.hardfork ?? DEVNET_HARDFORK]
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime))
  if (options.genesisTimestamp !== undefined) args.push('--timestamp', String(options.genesisTimestamp))
  if (options.statePath !== undefined) {
    mkdirSync(dirname(options.statePath), { recursive: true })
    args.push('--state', options.statePath, '--state-interval', String(options.stateInterval ?? 5))
  }

  // anvil runs under a watchdog that holds a pipe from this process: when this process dies, even
  // by SIGKILL, the kernel closes the pipe and the watchdog stops anvil. Nothing is left running.
  const child = spawn(process.execPath, ['-e', ANVIL_WATCHDOG, anvilBinary(), ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  const port = await waitForListening(child)
  const rpcUrl = `http://127.0.0.1:${port}`
  const chain = chainFor(chainId, 'Pinion devnet', rpcUrl)
  return { rpcUrl, port, chain, stop: () => stopChild(child) }
}

function waitForListening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGTERM') // the watchdog kills anvil at once, then exits
      reject(new DevnetError('PINION_ERR_DEVNET_START', `anvil did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output}`))
    }, STARTUP_TIMEOUT_MS)
    const onData = (data: Buffer) => {
      output += data.toString()
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        child.stdout?.resume() // keep draining so anvil never blocks on a full pipe
        resolve(Number(match[1]))
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (data: Buffer) => {
      output += data.toString()
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new DevnetError('PINION_ERR_DEVNET_START', `anvil exited with code ${code} before listening:\n${output}`))
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM') // the watchdog kills anvil at once, then exits
      reject(new DevnetError('PINION_ERR_DEVNET_STOP', `anvil did not stop within ${STOP_TIMEOUT_MS} ms; killed`))
    }, STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    // SIGINT is anvil's graceful stop: it saves --state before exiting.
    child.kill('SIGINT')
  })
}
