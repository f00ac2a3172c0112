import { creditsDeployParams } from './economy.ts'
import { DEVNET_DISPUTE_WINDOW_SECONDS, DEVNET_GOVERNANCE, DEVNET_STAKING, type Deployment, deploy, deviceRegistryAbi, waitForReceipt } from '@pinion/contracts'
import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem'
import type { GovernedParams } from '@pinion/oracle'
import type { NetworkConfig } from '../config/network.ts'
import type { NetworkState } from '../state.ts'

const TOKEN_UNIT = 10n ** 18n

/**
 * Reuses the deployment recorded in the state file when its contracts are still on the chain (a
 * restarted devnet resumes from its saved state); deploys a new network otherwise, with epoch 0
 * starting at the chain's current time, or `genesisDelaySeconds` after it.
 */
export async function deployOrResume(
  client: PublicClient,
  admin: WalletClient<Transport, Chain, Account>,
  config: NetworkConfig,
  previous: NetworkState | undefined,
  oracles: readonly `0x${string}`[],
  /** Approved while deploying: afterwards only governance may approve makers. */
  maker?: `0x${string}`,
  /** The parameter hashes NetworkParams starts with (governedParams): oracles compute only under them. */
  params: readonly GovernedParams[] = [],
  /** What the kinds' devnets need at genesis beside the treasury's votes (kindDevnet.ts), in base units. */
  kindAllocations: readonly { holder: `0x${string}`; amount: bigint }[] = [],
  /** May mint credits against card payments (Credits.PAYMENT_OPERATOR_ROLE). */
  paymentOperators: readonly `0x${string}`[] = [],
  /** Epoch 0 starts this many seconds after the chain's current time (a new network only). */
  genesisDelaySeconds = 0,
): Promise<{ deployment: Deployment; schedule: { genesisTime: bigint; epochDuration: bigint }; resumed: boolean }> {
  if (previous !== undefined && previous.chainId === admin.chain.id) {
    const code = await client.getCode({ address: previous.deployment.registry })
    if (code !== undefined && code !== '0x') {
      return {
        deployment: previous.deployment,
        schedule: { genesisTime: BigInt(previous.schedule.genesisTime), epochDuration: BigInt(previous.schedule.epochDuration) },
        resumed: true,
      }
    }
  }
  const { timestamp } = await client.getBlock()
  const schedule = { genesisTime: timestamp + BigInt(genesisDelaySeconds), epochDuration: BigInt(config.epochs.durationSeconds) }
  const deployment = await deploy(admin, {
    token: {
      name: config.token.name,
      symbol: config.token.symbol,
      cap: config.token.cap * TOKEN_UNIT,
      // The devnet's treasury holds votes from genesis, so governance works from the first minute.
      genesisAllocations: [{ holder: admin.account.address, amount: devnetTreasuryAllocation(config.token.cap) * TOKEN_UNIT }, ...kindAllocations],
    },
    emissions: {
      ...schedule,
      initialEpochEmission: config.epochs.initialEmission * TOKEN_UNIT,
      halvingInterval: BigInt(config.epochs.halvingInterval),
    },
    oracles: { signers: oracles, quorum: config.oracles.quorum },
    governance: DEVNET_GOVERNANCE,
    // The devnet's admin is its guardian (it may pause and veto, nothing more).
    guardian: admin.account.address,
    disputeWindowSeconds: DEVNET_DISPUTE_WINDOW_SECONDS,
    // Unbonding and slash windows in minutes, not days: a devnet's epochs are seconds long.
    staking: DEVNET_STAKING,
    credits: creditsDeployParams(config, paymentOperators),
    params,
    // Each kind's own contracts (packages/contracts/src/kinds/<kind>/), beside the network's.
    kinds: Object.keys(config.kinds),
    ...(maker === undefined ? {} : { registry: { makers: [{ deviceClass: config.deviceClass, maker }] } }),
  })
  return { deployment, schedule, resumed: false }
}

/**
 * Whole tokens the devnet's treasury holds from genesis: a thousandth of the cap (a million tokens
 * under the default billion). Enough for a 4% quorum of any supply the devnet reaches in a day, and
 * too little to crowd the emission schedule out from under the cap.
 */
function devnetTreasuryAllocation(cap: bigint): bigint {
  return cap / 1_000n
}

/** Approves `maker` for the network's device class, unless it already is. */
export async function ensureMaker(
  client: PublicClient,
  admin: WalletClient<Transport, Chain, Account>,
  registry: `0x${string}`,
  deviceClass: number,
  maker: `0x${string}`,
): Promise<void> {
  if (await client.readContract({ address: registry, abi: deviceRegistryAbi, functionName: 'isMaker', args: [deviceClass, maker] })) return
  const hash = await admin.writeContract({ address: registry, abi: deviceRegistryAbi, functionName: 'addMaker', args: [deviceClass, maker] })
  await waitForReceipt(client, hash)
}
