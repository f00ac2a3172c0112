import type { Hex } from 'viem'
import { Amount } from '../components/Amount.tsx'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { StatTile } from '../components/StatTile.tsx'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { Chart } from '../charts/Chart.tsx'
import { PALETTE } from '../charts/series.ts'
import { apiGet } from '../lib/api.ts'
import type { RecipientPosition } from '@pinion/oracle/api'
import { latestRootEpoch, readClaimState } from '../lib/chain.ts'
import { formatCompact, tokensAsNumber } from '../lib/format.ts'
import { useLiveVersion } from '../lib/live.tsx'
import { useNetwork } from '../lib/network.tsx'
import { paths } from '../lib/router.ts'
import { useResource } from '../lib/useResource.ts'
import { ClaimPanel } from './ClaimPanel.tsx'

export type RecipientData = {
  position: RecipientPosition
  rootEpoch: bigint | null
  balance: bigint
  claimed: bigint
  /** The cumulative amount proven by the latest root on chain. */
  committed: bigint
  claimable: bigint
}

export function RecipientPage({ address }: { address: string }) {
  const { client, status, token } = useNetwork()
  const version = useLiveVersion()
  const recipient = address.toLowerCase() as Hex
  const data = useResource(
    `recipient-${recipient}`,
    async (signal): Promise<RecipientData> => {
      const rootEpoch = await latestRootEpoch(client, status.contracts.distributor)
      const [position, { balance, claimed }] = await Promise.all([
        apiGet<RecipientPosition>(`/v1/recipients/${recipient}${rootEpoch === null ? '' : `?epoch=${rootEpoch}`}`, signal),
        readClaimState(client, status, recipient),
      ])
      const committed = BigInt(position.claim?.cumulativeAmount ?? 0)
      return { position, rootEpoch, balance, claimed, committed, claimable: committed > claimed ? committed - claimed : 0n }
    },
    version,
  )
  if (data.error) {
    return (
      <div class="page">
        <h1>Recipient</h1>
        <ErrorNotice error={data.error} retry={data.reload} title="These rewards cannot be shown" />
      </div>
    )
  }
  if (data.data === undefined) return <Loading label="Loading rewards…" />
  const { position, rootEpoch, balance, claimed, committed, claimable } = data.data

  return (
    <div class="page">
      <header class="page-header">
        <h1>
          Rewards of <HexValue value={recipient} />
        </h1>
        <p class="lede">
          <HexValue value={recipient} full />
        </p>
      </header>
      <div class="stats" role="group" aria-label="Reward figures">
        <StatTile
          testId="stat-earned"
          label="Earned"
          value={<Amount value={position.latest?.cumulativeAmount ?? '0'} />}
          detail={position.latest ? `through epoch ${position.latest.epoch}` : 'nothing yet'}
        />
        <StatTile
          testId="stat-committed"
          label="Committed on chain"
          value={<Amount value={committed} />}
          detail={rootEpoch === null ? 'no root on chain yet' : `in the root of epoch ${rootEpoch}`}
        />
        <StatTile testId="stat-claimed" label="Claimed" value={<Amount value={claimed} />} />
        <StatTile testId="stat-claimable" label="Claimable" value={<Amount value={claimable} />} />
        <StatTile testId="stat-balance" label="Token balance" value={<Amount value={balance} />} detail={`${token.symbol} held by this address`} />
      </div>
      <ClaimPanel recipient={recipient} claimable={claimable} onClaimed={data.reload} />
      <div class="card chart-card">
        <Chart
          title="Cumulative rewards"
          kind="line"
          labels={position.cumulative.map((c) => c.epoch)}
          series={[{ name: 'earned to date', color: PALETTE[0]!, values: position.cumulative.map((c) => tokensAsNumber(c.amount)) }]}
          format={(v) => `${v.toLocaleString('en', { maximumFractionDigits: 4 })} ${token.symbol}`}
          axisFormat={formatCompact}
          empty="This address has not earned anything yet."
        />
      </div>
      <Card title={`Devices paying this address (${position.devices.length})`} id="recipient-devices">
        {position.devices.length === 0 ? (
          <Empty>No device currently sends its rewards here.</Empty>
        ) : (
          <ul class="device-links device-links-grid">
            {position.devices.map((id) => (
              <li key={id}>
                <Link href={paths.device(id)} aria-label={`Device ${id}`}>
                  <HexValue value={id} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  )
}
