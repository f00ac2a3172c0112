import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { type EconomyAddresses, readEconomy } from '../economy/readEconomy.ts'
import { useLive } from '../lib/live.tsx'
import { type Status, useNetwork } from '../lib/network.tsx'
import { useResource } from '../lib/useResource.ts'
import { CreditsCard, PoolsCard, SharesCard, SlashesCard, SplitsCard, StakesCard } from './EconomyCards.tsx'

/** Blocks between refreshes, as on the Governance page. */
const REFRESH_BLOCKS = 5n

/** Where the economy contracts are listed, or null for a network whose oracle names no deployer (deployed before it recorded one). */
function economyAddresses(status: Status): EconomyAddresses | null {
  const { deployer, deployedBy, registry, blockNumber } = status.contracts
  return deployer && deployedBy ? { deployer, deployedBy, registry, fromBlock: BigInt(blockNumber) } : null
}

/** Credits bought and consumed, stake bonded and slashed, and rewards shared: the network's economy as the chain records it. */
export function EconomyPage() {
  const { client, status } = useNetwork()
  const block = useLive().snapshot?.block
  const addresses = economyAddresses(status)
  const economy = useResource(
    'economy',
    async (signal) => (addresses === null ? null : readEconomy(client, addresses, signal)),
    block == null ? '' : String(BigInt(block) / REFRESH_BLOCKS),
  )
  return (
    <div class="page" data-testid="economy-page">
      <header class="page-header">
        <h1>Economy</h1>
        <p class="lede">
          Customers burn tokens for credits (or pay by card) and their usage receipts consume them; devices bond stake that a proven cheat loses; a device's rewards can be shared
          by several owners.
        </p>
      </header>
      {economy.error ? <ErrorNotice error={economy.error} retry={economy.reload} title="The economy contracts could not be read" /> : null}
      {economy.loading ? <Loading label="Reading the economy from the chain…" /> : null}
      {economy.data === null ? <Empty>This network's oracle does not name the deployer of its contracts, so the explorer cannot find its economy contracts.</Empty> : null}
      {economy.data ? (
        <>
          <CreditsCard economy={economy.data} />
          <StakesCard events={economy.data.events} />
          <PoolsCard events={economy.data.events} />
          <SlashesCard events={economy.data.events} />
          <SplitsCard events={economy.data.events} />
          <SharesCard events={economy.data.events} />
        </>
      ) : null}
    </div>
  )
}
