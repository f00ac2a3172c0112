import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { until } from '@pinion/testkit/until'
import { type Hex, createPublicClient, createWalletClient, http, parseEther } from 'viem'
import { afterAll, describe, expect, it } from 'vitest'
import { devnetAccounts, startDevnet } from './devnet.ts'
import { waitForReceipt } from './waitForReceipt.ts'

const [funded] = devnetAccounts(1) as [ReturnType<typeof devnetAccounts>[number]]
const EIP170_LIMIT = 24_576

/** Init code that deploys `size` bytes of zeros as runtime code: PUSH size, PUSH 0, RETURN. */
function initCodeReturning(size: number): Hex {
  const sizeHex = size.toString(16).padStart(4, '0')
  return `0x61${sizeHex}6000f3`
}

describe('startDevnet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-devnet-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('listens on 127.0.0.1 with the chain id and hardfork it was given', async () => {
    const devnet = await startDevnet({ chainId: 4242 })
    try {
      expect(devnet.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const client = createPublicClient({ chain: devnet.chain, transport: http(devnet.rpcUrl) })
      expect(await client.getChainId()).toBe(4242)
      // Osaka's P-256 precompile (EIP-7951) answers: a malformed input returns empty bytes, not a revert.
      const { data } = await client.call({ to: '0x0000000000000000000000000000000000000100', data: '0x' })
      expect(data).toBeUndefined()
    } finally {
      await devnet.stop()
    }
  })

  it('stops anvil when the process that started it dies, even by SIGKILL', async () => {
    // A process that starts a devnet, says where, and waits; it is then killed without warning.
    const script = `import { startDevnet } from ${JSON.stringify(fileURLToPath(new URL('./devnet.ts', import.meta.url)))}
const devnet = await startDevnet()
console.log(devnet.rpcUrl)
setInterval(() => {}, 60_000)`
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    const rpcUrl = await new Promise<string>((resolve, reject) => {
      owner.stdout.once('data', (data: Buffer) => resolve(data.toString().trim()))
      owner.once('exit', (code) => reject(new Error(`the owner exited with ${code} before its devnet listened`)))
    })
    const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) })
    expect(await client.getChainId()).toBe(31_337)
    owner.kill('SIGKILL')
    // The watchdog sees its pipe from the owner close and stops anvil: the port stops answering.
    await until(
      'anvil to stop after its owner was killed',
      async () => {
        try {
          await client.getChainId()
          return undefined
        } catch {
          return true
        }
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    )
  })

  it('keeps the EIP-170 code-size limit on', async () => {
    const devnet = await startDevnet()
    try {
      const transport = http(devnet.rpcUrl)
      const wallet = createWalletClient({ account: funded, chain: devnet.chain, transport })
      const client = createPublicClient({ chain: devnet.chain, transport, pollingInterval: 50 })
      const deployOf = async (size: number) => {
        const hash = await wallet.sendTransaction({ data: initCodeReturning(size), gas: 10_000_000n })
        return waitForReceipt(client, hash)
      }
      expect((await deployOf(EIP170_LIMIT)).status).toBe('success')
      expect((await deployOf(EIP170_LIMIT + 1)).status).toBe('reverted')
    } finally {
      await devnet.stop()
    }
  })

  it('resumes from its state file after a restart', async () => {
    const statePath = join(dir, 'chain.json')
    const recipient = '0x00000000000000000000000000000000000000aa'
    const first = await startDevnet({ statePath })
    let blockBefore: bigint
    try {
      const transport = http(first.rpcUrl)
      const wallet = createWalletClient({ account: funded, chain: first.chain, transport })
      const client = createPublicClient({ chain: first.chain, transport, pollingInterval: 50 })
      const hash = await wallet.sendTransaction({ to: recipient, value: parseEther('1.5') })
      await waitForReceipt(client, hash)
      blockBefore = await client.getBlockNumber()
    } finally {
      await first.stop()
    }

    const second = await startDevnet({ statePath })
    try {
      const client = createPublicClient({ chain: second.chain, transport: http(second.rpcUrl) })
      expect(await client.getBalance({ address: recipient })).toBe(parseEther('1.5'))
      expect(await client.getBlockNumber()).toBeGreaterThanOrEqual(blockBefore)
    } finally {
      await second.stop()
    }
  })

  it('reports a clear error when the port is taken', async () => {
    const holder = await startDevnet()
    try {
      await expect(startDevnet({ port: holder.port })).rejects.toMatchObject({ code: 'PINION_ERR_DEVNET_START' })
    } finally {
      await holder.stop()
    }
  })
})
