/**
 * `pinion deploy` against a fresh anvil prints who holds which role, in words and in --json: every
 * admin role is governance's (the timelock), the guardian holds only its own powers, and the
 * deploying account holds none. `pinion roles` prints the same for the network it wrote.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Devnet, type RoleHolding, devnetAccounts, devnetPrivateKey, startDevnet } from '@pinion/contracts'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runPinion } from '@pinion/testkit/cli/runPinion'

const accounts = devnetAccounts(6)
const deployer = accounts[0]!.address
const oracles = accounts.slice(1, 4).map((a) => a.address)
const guardian = accounts[5]!.address

const pinion = runPinion

describe('pinion deploy', () => {
  let devnet: Devnet
  const dir = mkdtempSync(join(tmpdir(), 'pinion-deploy-'))
  beforeAll(async () => {
    devnet = await startDevnet()
    vi.stubEnv('PINION_DEPLOYER_KEY', devnetPrivateKey(0))
  })
  afterAll(async () => {
    vi.unstubAllEnvs()
    await devnet.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  // The default network's 10-second epochs fit a dispute window of 14 epochs (checkDisputeWindow).
  const oracleFlags = [...oracles.flatMap((address, i) => ['--oracle', `${address}=http://oracle-${i}.example`]), '--dispute-window', '140']

  it('prints every role and its holder: governance holds the admin roles, the guardian its own, the deployer none', async () => {
    const out = join(dir, 'network.json')
    const run = await pinion('deploy', '--rpc-url', devnet.rpcUrl, ...oracleFlags, '--guardian', guardian.toLowerCase(), '--out', out, '--json')
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const printed = JSON.parse(run.out) as { deployment: { deployedBy: string; guardian: string }; roles: RoleHolding[]; deployerHoldsNone: boolean }
    expect(printed.deployment.deployedBy).toBe(deployer)
    expect(printed.deployment.guardian).toBe(guardian)
    expect(printed.deployerHoldsNone).toBe(true)
    const holders = Object.fromEntries(printed.roles.map((r) => [`${r.contract}.${r.role}`, r.holders]))
    expect(holders).toEqual({
      'distributor.DEFAULT_ADMIN_ROLE': ['timelock'],
      'distributor.ORACLE_MANAGER_ROLE': ['timelock'],
      'registry.DEFAULT_ADMIN_ROLE': ['timelock'],
      'registry.MAKER_ADMIN_ROLE': ['timelock'],
      'registry.SUSPENDER_ROLE': ['timelock'],
      'params.DEFAULT_ADMIN_ROLE': ['timelock'],
      'timelock.CANCELLER_ROLE': ['governor'],
      'timelock.DEFAULT_ADMIN_ROLE': ['timelock'],
      'timelock.EXECUTOR_ROLE': ['anyone'],
      'timelock.PROPOSER_ROLE': ['governor'],
      'staking.DEFAULT_ADMIN_ROLE': ['timelock'],
      'distributor.guardian()': ['guardian'],
      'registry.guardian()': ['guardian'],
      'staking.guardian()': ['guardian'],
    })
    // The network file is what `pinion roles` reads.
    const written = JSON.parse(readFileSync(out, 'utf8'))
    expect(written.deployment.guardian).toBe(guardian)
    // The residual pool pays the timelock, never the deploying key: only governance spends it.
    expect(written.treasury).toBe(written.deployment.timelock)
    const roles = await pinion('roles', '--network', out)
    expect(roles.code).toBe(0)
    expect(roles.out).toMatch(/^ {2}distributor\.ORACLE_MANAGER_ROLE +timelock \(governance\) +change the oracle set and quorum$/m)
    expect(roles.out).toMatch(/^ {2}timelock\.CANCELLER_ROLE +governor +cancel queued operations$/m)
    expect(roles.out).toContain(`the deploying account ${deployer} holds no role\nguardian ${guardian}`)
  })

  it('says so when there is no guardian, in words', async () => {
    const run = await pinion('deploy', '--rpc-url', devnet.rpcUrl, ...oracleFlags, '--out', join(dir, 'unguarded.json'))
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    expect(lines[0]).toMatch(/^deployed Pinion Devnet on chain 31337; wrote .*unguarded\.json$/)
    expect(lines).toContain(`the deploying account ${deployer} holds no role`)
    expect(lines.at(-1)).toBe('no guardian: nobody can pause or veto a root before it pays (deploy with --guardian <multisig>)')
    expect(run.out).toMatch(/^ {2}distributor\.guardian\(\) +nobody +pause root commits/m)
    // No line but the summary names the deploying account: it holds nothing.
    expect(lines.filter((line) => line.includes(deployer))).toEqual([`the deploying account ${deployer} holds no role`])
  })

  it('refuses a guardian that is not an address', async () => {
    const run = await pinion('deploy', '--rpc-url', devnet.rpcUrl, ...oracleFlags, '--guardian', 'multisig', '--out', join(dir, 'bad.json'))
    expect(run.code).toBe(1)
    expect(run.err).toBe('pinion: --guardian is "multisig", expected a 0x-prefixed 20-byte address [PINION_ERR_GOV_ADDRESS]')
  })

  it('refuses a dispute window the distributor cannot hold the roots of, before any transaction', async () => {
    const client = createPublicClient({ chain: devnet.chain, transport: http(devnet.rpcUrl) })
    const nonce = await client.getTransactionCount({ address: deployer })
    const run = await pinion('deploy', '--rpc-url', devnet.rpcUrl, ...oracleFlags, '--dispute-window', '86400', '--out', join(dir, 'stalls.json'))
    expect(run.code).toBe(1)
    expect(run.err).toMatch(/Give --dispute-window 140 or less, or epochs of at least 6172 s .*\[PINION_ERR_CONFIG\]/)
    expect(await client.getTransactionCount({ address: deployer })).toBe(nonce)
  })
})
