/**
 * A local network: the core contracts deployed by `deploy()` on an anvil devnet (so every admin
 * role is the timelock's), typed clients for the anvil accounts, and helpers to fund rewards, commit
 * and promote roots and act as governance. The gas measurements run on it, and the tests' chain
 * fixture (@pinion/testkit/chain) deploys it on its worker's anvil.
 */
import {
  type Abi,
  type Account,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  keccak256,
  parseEther,
  parseEventLogs,
  toHex,
} from 'viem'
import {
  DEVNET_GOVERNANCE,
  type DeployParams,
  type Devnet,
  KeyType,
  type RewardRoot,
  deploy,
  devnetAccounts,
  deviceRegistryAbi,
  packOracleSignatures,
  pinionContracts,
  pinionTokenAbi,
  registrationTypedData,
  rewardRootTypedData,
  startDevnet,
  withGasHeadroom,
  waitForReceipt,
} from '@pinion/contracts'

export const EPOCH_DURATION = 3_600n
export const INITIAL_EPOCH_EMISSION = 1_000n * 10n ** 18n
export const HALVING_INTERVAL = 4n
export const TOKEN_CAP = 1_000_000n * 10n ** 18n
/** The tests' dispute window: a root is claimable ten minutes after it is committed. */
export const DISPUTE_WINDOW = 600n

/** A root as tests write it: the oracle-set version is filled in from the chain when omitted. */
export type RootInput = Omit<RewardRoot, 'version'> & { version?: number }

export type NetworkOptions = {
  oracleCount?: number
  quorum?: number
  deploy?: Partial<DeployParams>
  /**
   * Give the admin account every role of the device registry, as a governance proposal could (the
   * registry tests act as its administrator). Default true; false leaves the deployment as deploy()
   * made it.
   */
  registryAdmin?: boolean
}

/** A network on an anvil of its own; `stop()` stops that anvil. */
export async function startNetwork(options: NetworkOptions = {}) {
  const devnet = await startDevnet()
  try {
    return await deployNetwork(devnet, options)
  } catch (error) {
    await devnet.stop()
    throw error
  }
}

/** A network deployed on `devnet` as it is now; `stop()` stops the devnet. */
export async function deployNetwork(devnet: Devnet, options: NetworkOptions = {}) {
  const { chain } = devnet
  const transport = http(devnet.rpcUrl)
  const accounts = devnetAccounts(11)
  const [admin, oracleA, oracleB, oracleC, maker, ...rest] = accounts as unknown as [Account, ...Account[]] & Account[]
  const users = rest.slice(0, 5)
  const guardian = rest[5]!
  const oracles = [oracleA, oracleB, oracleC].slice(0, options.oracleCount ?? 3) as Account[]
  // Poll receipts often: anvil mines at once, and viem's default 4 s poll would dominate test time.
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 })
  const testClient = createTestClient({ chain, transport, mode: 'anvil' })
  const walletFor = (account: Account) => createWalletClient({ account, chain, transport, pollingInterval: 50 })

  // The guardian is not among anvil's ten funded accounts.
  await testClient.setBalance({ address: guardian.address, value: parseEther('100') })

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
    governance: DEVNET_GOVERNANCE,
    guardian: guardian.address,
    disputeWindowSeconds: Number(DISPUTE_WINDOW),
    ...options.deploy,
  }
  const deployment = await deploy(walletFor(admin!), params)
  const contracts = pinionContracts(deployment, publicClient)

  type Call = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; value?: bigint }

  /**
   * Waits for `hash`; on a revert, replays the call at the block before to throw the decoded revert
   * reason (anvil mines one transaction per block, so that block's state is the one it ran on).
   */
  async function receiptOf(hash: Hash, from: Address, call: Call) {
    const receipt = await waitForReceipt(publicClient, hash)
    if (receipt.status === 'success') return receipt
    await publicClient.simulateContract({ ...(call as object), account: from, blockNumber: receipt.blockNumber - 1n } as never)
    throw new Error(`transaction ${hash} reverted (replaying it at block ${receipt.blockNumber - 1n} did not)`)
  }

  /**
   * Sends a contract call from `account` and returns its successful receipt, or throws the decoded
   * revert reason (whether the node refused it at gas estimation or it was mined and reverted).
   */
  async function send<const abi extends Abi>(
    account: Account,
    call: { address: Address; abi: abi; functionName: string; args?: readonly unknown[]; value?: bigint; gas?: bigint },
  ) {
    // A test's own gas limit stands; otherwise the estimate with headroom, as the CLI sends (withGasHeadroom).
    const gas = call.gas ?? withGasHeadroom(await publicClient.estimateContractGas({ ...call, account } as never))
    const hash: Hash = await walletFor(account).writeContract({ ...call, gas } as never)
    return receiptOf(hash, account.address, call as Call)
  }

  /** Sends a contract call from `address`, whose key nobody holds, through anvil's impersonation. */
  async function sendAs<const abi extends Abi>(address: Address, call: { address: Address; abi: abi; functionName: string; args?: readonly unknown[]; value?: bigint }) {
    await testClient.impersonateAccount({ address })
    try {
      if ((await publicClient.getBalance({ address })) < parseEther('1')) await testClient.setBalance({ address, value: parseEther('10') })
      const hash: Hash = await createWalletClient({ account: address, chain, transport }).writeContract(call as never)
      return await receiptOf(hash, address, call as Call)
    } finally {
      await testClient.stopImpersonatingAccount({ address })
    }
  }

  /**
   * Sends a call as governance (the timelock). A shortcut for what a passed proposal would execute;
   * the governance tests take the real path, proposal by proposal.
   */
  const governance = <const abi extends Abi>(call: { address: Address; abi: abi; functionName: string; args?: readonly unknown[] }) => sendAs(deployment.timelock, call)

  if (options.registryAdmin !== false) {
    const registry = { address: deployment.registry, abi: deviceRegistryAbi } as const
    for (const role of [await contracts.registry.read.DEFAULT_ADMIN_ROLE(), await contracts.registry.read.MAKER_ADMIN_ROLE(), await contracts.registry.read.SUSPENDER_ROLE()]) {
      await governance({ ...registry, functionName: 'grantRole', args: [role, admin!.address] })
    }
  }

  /** Moves chain time forward by `seconds` and mines a block. */
  async function travel(seconds: bigint) {
    await testClient.increaseTime({ seconds: Number(seconds) })
    await testClient.mine({ blocks: 1 })
  }

  /** Moves time past the end of `epochs` more epochs and releases their emission to the distributor. */
  async function releaseEpochs(epochs: bigint) {
    await testClient.increaseTime({ seconds: Number(epochs * EPOCH_DURATION) })
    await testClient.mine({ blocks: 1 })
    return send(users[0]!, { ...contracts.emissions, functionName: 'release' })
  }

  /** `root` with the distributor's current oracle-set version, unless it names one. */
  async function versioned(root: RootInput): Promise<RewardRoot> {
    return { ...root, version: root.version ?? (await contracts.distributor.read.oracleSetVersion()) }
  }

  /** Signs `root` with `signers` (default: the first `quorum()` oracles) and packs the signatures. */
  async function signRoot(root: RootInput, signers?: readonly Account[]) {
    signers ??= oracles.slice(0, Number(await contracts.distributor.read.quorum()))
    const typedData = rewardRootTypedData(chain.id, deployment.distributor, await versioned(root))
    const signatures = await Promise.all(signers.map(async (signer) => ({ signer: signer.address, signature: await signer.signTypedData!(typedData) })))
    return packOracleSignatures(signatures)
  }

  /** Commits `root` signed by `signers`; anyone may submit, here `users[0]`. The root is pending. */
  async function commitRoot(root: RootInput, signers?: readonly Account[]) {
    const full = await versioned(root)
    const signatures = await signRoot(full, signers)
    return send(users[0]!, { ...contracts.distributor, functionName: 'commitRoot', args: [full, signatures] })
  }

  /** Waits out the dispute window and promotes every matured root, making the latest one claimable. */
  async function promote() {
    await travel(BigInt(params.disputeWindowSeconds))
    return send(users[0]!, { ...contracts.distributor, functionName: 'promoteRoots' })
  }

  /** Commits `root` and makes it claimable: commit, wait out the dispute window, promote. */
  async function publishRoot(root: RootInput, signers?: readonly Account[]) {
    const receipt = await commitRoot(root, signers)
    await promote()
    return receipt
  }

  /** The device class registerDevice() registers in; its maker is approved by governance on first use. */
  const TEST_DEVICE_CLASS = 1
  /**
   * Registers an ed25519 device for `owner`, vouched for by the maker, with a key derived from
   * `label` (the same label gives the same device): returns its id (the registry's uint256).
   */
  async function registerDevice(owner: Address, label: string): Promise<bigint> {
    const registry = { address: deployment.registry, abi: deviceRegistryAbi } as const
    if (!(await contracts.registry.read.isMaker([TEST_DEVICE_CLASS, maker!.address]))) {
      await governance({ ...registry, functionName: 'addMaker', args: [TEST_DEVICE_CLASS, maker!.address] })
    }
    const key: Hex = keccak256(toHex(`pinion-test:device:${label}`))
    const registration = { keyType: KeyType.Ed25519, key, deviceClass: TEST_DEVICE_CLASS, serial: keccak256(key), owner, nonce: 0n, deadline: 2n ** 64n }
    const signature = await walletFor(maker!).signTypedData(registrationTypedData(chain.id, deployment.registry, registration))
    await send(maker!, { ...registry, functionName: 'registerDevice', args: [registration, maker!.address, signature] })
    return BigInt(keccak256(key))
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
    accounts: { admin: admin!, maker: maker!, oracles, users, guardian },
    params,
    deployment,
    contracts,
    send,
    sendAs,
    governance,
    travel,
    releaseEpochs,
    versioned,
    signRoot,
    commitRoot,
    promote,
    publishRoot,
    payoutsOf,
    registerDevice,
    stop: () => devnet.stop(),
  }
}

export type Network = Awaited<ReturnType<typeof deployNetwork>>
