import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { type GovernanceAddresses, readGovernance } from '../governance/readGovernance.ts'
import type { Status } from '../lib/network.tsx'
import { useLive } from '../lib/live.tsx'
import { useNetwork } from '../lib/network.tsx'
import { useResource } from '../lib/useResource.ts'
import { GuardianCard } from './GuardianCard.tsx'
import { NetworkParamsCard } from './NetworkParamsCard.tsx'
import { OracleSetCard } from './OracleSetCard.tsx'
import { ProposalList } from './ProposalList.tsx'
import { TimelockQueue } from './TimelockQueue.tsx'

/** Blocks between refreshes: proposals move by the second, but a page need not re-read the chain every block. */
const REFRESH_BLOCKS = 5n

/** The governance contracts the oracle reports, or null for a network deployed before governance. */
function governanceAddresses(status: Status): GovernanceAddresses | null {
  const { distributor, registry, params, timelock, governor } = status.contracts
  return params && timelock && governor ? { distributor, registry, params, timelock, governor } : null
}

/** Who may change what, and what they are changing: the oracle set, proposals, the timelock queue, the parameters in force. */
export function GovernancePage() {
  const { client, status } = useNetwork()
  const block = useLive().snapshot?.block
  const addresses = governanceAddresses(status)
  const governance = useResource(
    'governance',
    async () => (addresses === null ? null : readGovernance(client, addresses, BigInt(status.contracts.blockNumber))),
    block == null ? '' : String(BigInt(block) / REFRESH_BLOCKS),
  )
  return (
    <div class="page" data-testid="governance-page">
      <header class="page-header">
        <h1>Governance</h1>
        <p class="lede">
          Token holders propose and vote; a passed proposal waits in the timelock, then changes the oracle set, the parameters or the registry. The guardian may only pause and veto
          a pending root.
        </p>
      </header>
      {governance.error ? <ErrorNotice error={governance.error} retry={governance.reload} title="The governance contracts could not be read" /> : null}
      {governance.loading ? <Loading label="Reading governance from the chain…" /> : null}
      {governance.data === null ? <Empty>This network's oracle does not report governance contracts: it was deployed before Pinion had them.</Empty> : null}
      {governance.data ? (
        <>
          <div class="two-columns">
            <OracleSetCard governance={governance.data} />
            <GuardianCard governance={governance.data} />
          </div>
          <ProposalList proposals={governance.data.proposals} now={governance.data.now} />
          <TimelockQueue proposals={governance.data.proposals} now={governance.data.now} delay={governance.data.timelockDelay} />
          <NetworkParamsCard params={governance.data.params} />
        </>
      ) : null}
    </div>
  )
}
