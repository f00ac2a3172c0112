/**
 * Test harness: a fresh anvil devnet with the core contracts deployed, typed clients for the anvil
 * accounts, and helpers to fund rewards, commit roots and read reverts. Each test file calls
 * `startNetwork()` once and takes an anvil snapshot per test where state must not leak.
 */
import {
  type Abi,
  type Account,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseEventLogs,
} from 'viem'
import { pinionTokenAbi } from '../generated/artifacts.ts'
import { type DeployParams, deploy } from '../sdk/deploy.ts'
import { pinionContracts } from '../sdk/contracts.ts'
import { devnetAccounts, startDevnet } from '../sdk/devnet.ts'
import { type RewardRoot, packOracleSignatures, rewardRootTypedData } from '../sdk/typedData.ts'

export const EPOCH_DURATION = 3_600n
export const INITIAL_EPOCH_EMISSION = 1_000n * 10n ** 18n
export const HALVING_INTERVAL = 4n
export const TOKEN_CAP = 1_000_000n * 10n ** 18n

export type NetworkOptions = {
  oracleCount?: number
  quorum?: number
  deploy?: Partial<DeployParams>
}

export async function startNetwork(options: NetworkOptions = {}) {
  const devnet = await startDevnet()
  const { chain } = devnet
  const transport = http(devnet.rpcUrl)
  const accounts = devnetAccounts(10)
  const [admin, oracleA, oracleB, oracleC, maker, ...users] = accounts as unknown as [Account, ...Account[]] & Account[]
  const oracles = [oracleA, oracleB, oracleC].slice(0, options.oracleCount ?? 3) as Account[]
  // Poll receipts often: anvil mines at once, and viem's default 4 s poll would dominate test time.
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 })
  const testClient = createTestClient({ chain, transport, mode: 'anvil' })
  const walletFor = (account: Account) => createWalletClient({ account, chain, transport })

  const { timestamp } = await publicClient.getBlock()
  const params: DeployParams = {
    token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP },
    emissions: {
      genesisTime: timestamp,
      epochDuration: EPOCH_DURATION,
      initialEpochEmission: INITIAL_EPOCH_EMISSION,
      halvingInterval: HALVING_INTERVAL,
    },
    oracles: { signers: oracles.map((o) => o.address), quorum: options.quorum ?? 2 },
    ...options.deploy,
  }
  const deployment = await deploy(walletFor(admin!), params)
  const contracts = pinionContracts(deployment, publicClient)

  /** Sends a contract call from `account` and returns its successful receipt. */
  async function send<const abi extends Abi>(
    account: Account,
    call: { address: Address; abi: abi; functionName: string; args?: readonly unknown[]; value?: bigint },
  ) {
    const hash: Hash = await walletFor(account).writeContract(call as never)
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return receipt
  }

  /** Moves time past the end of `epochs` more epochs and releases their emission to the distributor. */
  async function releaseEpochs(epochs: bigint) {
    await testClient.increaseTime({ seconds: Number(epochs * EPOCH_DURATION) })
    await testClient.mine({ blocks: 1 })
    return send(users[0]!, { ...contracts.emissions, functionName: 'release' })
  }

  /** Signs `root` with `signers` (default: the first `quorum` oracles) and packs the signatures. */
  async function signRoot(root: RewardRoot, signers: readonly Account[] = oracles.slice(0, params.oracles.quorum)) {
    const typedData = rewardRootTypedData(chain.id, deployment.distributor, root)
    const signatures = await Promise.all(
      signers.map(async (signer) => ({ signer: signer.address, signature: await signer.signTypedData!(typedData) })),
    )
    return packOracleSignatures(signatures)
  }

  /** Commits `root` signed by `signers`; anyone may submit, here `users[0]`. */
  async function commitRoot(root: RewardRoot, signers?: readonly Account[]) {
    const signatures = await signRoot(root, signers)
    return send(users[0]!, { ...contracts.distributor, functionName: 'commitRoot', args: [root, signatures] })
  }

  /** The rewards a transaction paid out: the token's transfers out of the distributor. */
  function payoutsOf(receipt: TransactionReceipt) {
    return parseEventLogs({ abi: pinionTokenAbi, logs: receipt.logs, eventName: 'Transfer' })
      .filter((log) => log.args.from === deployment.distributor)
      .map((log) => ({ recipient: log.args.to, amount: log.args.value }))
  }

  return {
    devnet,
    chain,
    publicClient,
    testClient,
    walletFor,
    accounts: { admin: admin!, maker: maker!, oracles, users },
    params,
    deployment,
    contracts,
    send,
    releaseEpochs,
    signRoot,
    commitRoot,
    payoutsOf,
    stop: () => devnet.stop(),
  }
}

export type Network = Awaited<ReturnType<typeof startNetwork>>

/** A 32-byte value from a small number, for roots and hashes in tests. */
export const word = (n: number | bigint): Hex => `0x${BigInt(n).toString(16).padStart(64, '0')}`

/**
 * Runs `action`, expects it to revert with a custom error, and returns the error's name and
 * arguments as decoded from the ABI.
 */
export async function revertOf(action: Promise<unknown>): Promise<{ name: string; args: readonly unknown[] }> {
  try {
    await action
  } catch (error) {
    if (!(error instanceof BaseError)) throw error
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
      return { name: reverted.data.errorName, args: reverted.data.args ?? [] }
    }
    throw error
  }
  throw new Error('expected a revert, but the call succeeded')
}
