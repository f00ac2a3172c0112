import type { ComponentChildren } from 'preact'
import { Chart } from '../charts/Chart.tsx'
import { PALETTE } from '../charts/series.ts'
import { Amount } from '../components/Amount.tsx'
import { Badge, type Tone } from '../components/Badge.tsx'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { Empty } from '../components/States.tsx'
import { type EconomyEvent, type SlashStatus, creditsByEpoch, deviceShares, deviceStakes, hasCreditActivity, operatorPools, slashOrders, splits } from '../economy/economyView.ts'
import type { Economy } from '../economy/readEconomy.ts'
import { percent } from '../governance/governanceView.ts'
import { formatCompact, formatFixedPoint, formatTime, tokensAsNumber } from '../lib/format.ts'
import { useNetwork } from '../lib/network.tsx'
import { paths } from '../lib/router.ts'

/** Whole credits, grouped: "1,000,000". */
const credits = (value: bigint) => value.toLocaleString('en')

const DeviceLink = ({ deviceId }: { deviceId: string }) => (
  <Link href={paths.device(deviceId)} aria-label={`Device ${deviceId}`}>
    <HexValue value={deviceId} />
  </Link>
)

/**
 * A table of rows with its header and a caption for screen readers, or `empty` in words when there
 * are no rows: the shape every table of this page shares.
 */
function RowsTable({
  count,
  empty,
  testId,
  caption,
  head,
  children,
}: {
  count: number
  empty: ComponentChildren
  testId: string
  caption: string
  head: ComponentChildren
  children: ComponentChildren
}) {
  if (count === 0) return <Empty>{empty}</Empty>
  return (
    <div class="table-scroll">
      <table class="table" data-testid={testId}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}

/** Per epoch, tokens burnt for credits, credits minted for card payments and credits settled; and burn against emission. */
export function CreditsCard({ economy }: { economy: Economy }) {
  const { token } = useNetwork()
  const rows = creditsByEpoch(economy.events, economy.emissions, economy.revenue)
  const active = rows.filter(hasCreditActivity).reverse()
  const charted = rows.filter((r) => r.emitted !== null)
  const tokens = (value: number) => `${value.toLocaleString('en', { maximumFractionDigits: 2 })} ${token.symbol}`
  return (
    <Card title="Credits" id="credits">
      <div class="economy-chart">
        <Chart
          title="Tokens burnt for credits and emitted per epoch"
          kind="bar"
          labels={charted.map((r) => r.epoch)}
          series={[
            { name: 'burnt for credits', color: PALETTE[2]!, values: charted.map((r) => tokensAsNumber(r.tokensBurnt)) },
            { name: 'emitted', color: PALETTE[0]!, values: charted.map((r) => tokensAsNumber(r.emitted ?? 0n)) },
          ]}
          format={tokens}
          axisFormat={formatCompact}
        />
      </div>
      <RowsTable
        count={active.length}
        empty={
          <>
            No credits bought, minted or settled yet. Anyone burns tokens for credits with <code>pinion credits buy</code>.
          </>
        }
        testId="credits-table"
        caption="Credits per epoch"
        head={
          <>
            <th scope="col">Epoch</th>
            <th scope="col" class="num">
              Tokens burnt
            </th>
            <th scope="col" class="num">
              Credits bought
            </th>
            <th scope="col" class="num">
              Credits by card
            </th>
            <th scope="col" class="num">
              Credits settled
            </th>
            <th scope="col" class="num">
              Revenue paid
            </th>
          </>
        }
      >
        {active.map((r) => (
          <tr key={r.epoch} data-testid="credits-row" data-epoch={r.epoch}>
            <td>
              <Link href={paths.epoch(r.epoch)}>{r.epoch}</Link>
            </td>
            <td class="num" data-testid="credits-burnt">
              <Amount value={r.tokensBurnt} />
            </td>
            <td class="num">{credits(r.creditsBought)}</td>
            <td class="num">{credits(r.creditsMinted)}</td>
            <td class="num">
              {credits(r.creditsSettled)}
              {r.receiptsSettled > 0n ? <span class="muted small"> ({credits(r.receiptsSettled)} receipts)</span> : null}
            </td>
            <td class="num">{r.revenue === null ? <span class="muted">none</span> : <Amount value={r.revenue} />}</td>
          </tr>
        ))}
      </RowsTable>
    </Card>
  )
}

/** Each device's bonded stake, and what slashing took from it. */
export function StakesCard({ events }: { events: EconomyEvent[] }) {
  const stakes = deviceStakes(events)
  return (
    <Card title="Device stake" id="stakes">
      <RowsTable
        count={stakes.length}
        empty={
          <>
            No device has bonded stake yet (<code>pinion stake bond</code>).
          </>
        }
        testId="stakes-table"
        caption="Bonded stake per device"
        head={
          <>
            <th scope="col">Device</th>
            <th scope="col">Bonded by</th>
            <th scope="col" class="num">
              Bonded
            </th>
            <th scope="col" class="num">
              Slashed
            </th>
          </>
        }
      >
        {stakes.map((s) => (
          <tr key={s.deviceId} data-testid="stake-row">
            <td>
              <DeviceLink deviceId={s.deviceId} />
            </td>
            <td>{s.owner === null ? <span class="muted">unknown</span> : <HexValue value={s.owner} />}</td>
            <td class="num" data-testid="stake-bonded">
              <Amount value={s.bonded} />
            </td>
            <td class="num">{s.slashed === 0n ? <span class="muted">none</span> : <Amount value={s.slashed} />}</td>
          </tr>
        ))}
      </RowsTable>
    </Card>
  )
}

/** Each operator's pool: what is bonded in it, by how many delegators, for what commission. */
export function PoolsCard({ events }: { events: EconomyEvent[] }) {
  const pools = operatorPools(events)
  return (
    <Card title="Operator pools" id="pools">
      <RowsTable
        count={pools.length}
        empty={
          <>
            No operator has bonded a pool yet (<code>pinion stake bond --operator</code>, <code>pinion stake delegate</code>).
          </>
        }
        testId="pools-table"
        caption="Operator pools: self-bond and delegations"
        head={
          <>
            <th scope="col">Operator</th>
            <th scope="col" class="num">
              Bonded
            </th>
            <th scope="col" class="num">
              Delegators
            </th>
            <th scope="col">Commission</th>
          </>
        }
      >
        {pools.map((p) => (
          <tr key={p.operator} data-testid="pool-row">
            <td>
              <Link href={paths.recipient(p.operator)} aria-label={`Operator ${p.operator}`}>
                <HexValue value={p.operator} />
              </Link>
            </td>
            <td class="num" data-testid="pool-bonded">
              <Amount value={p.bonded} />
            </td>
            <td class="num">{p.delegators}</td>
            <td data-testid="pool-commission">
              {p.commission === null ? (
                <span class="muted">none</span>
              ) : (
                <>
                  {percent(p.commission.bps)} <span class="muted">from {formatTime(Number(p.commission.effectiveAt) * 1000)}</span>
                </>
              )}
            </td>
          </tr>
        ))}
      </RowsTable>
    </Card>
  )
}

const SLASH_TONES: Record<SlashStatus, Tone> = { proposed: 'warn', appealed: 'info', upheld: 'warn', rejected: 'neutral', vetoed: 'neutral', executed: 'bad' }

/** Every slash order: whom it names, why, how much, the evidence, and where it stands. */
export function SlashesCard({ events }: { events: EconomyEvent[] }) {
  const orders = slashOrders(events)
  return (
    <Card title="Slash orders" id="slashes">
      <RowsTable
        count={orders.length}
        empty={<>No slash order yet: the oracles propose one when an epoch proves a device cheated.</>}
        testId="slashes-table"
        caption="Slash orders, newest first"
        head={
          <>
            <th scope="col">Epoch</th>
            <th scope="col">Subject</th>
            <th scope="col">Reason</th>
            <th scope="col" class="num">
              Amount
            </th>
            <th scope="col">Evidence</th>
            <th scope="col">Status</th>
          </>
        }
      >
        {orders.map((o) => (
          <tr key={o.id} data-testid="slash-row" data-status={o.status}>
            <td>
              <Link href={paths.epoch(o.epoch)}>{o.epoch.toString()}</Link>
            </td>
            <td>{o.isDevice ? <DeviceLink deviceId={o.subject} /> : <HexValue value={o.subject} />}</td>
            <td>
              <code>{o.reason}</code>
            </td>
            <td class="num">
              <Amount value={o.amount} />
            </td>
            <td>
              <HexValue value={o.evidenceHash} />
            </td>
            <td>
              <Badge tone={SLASH_TONES[o.status]}>{o.status}</Badge>
              <div class="small muted">
                {o.status === 'executed' && o.taken !== null ? (
                  <>
                    took <Amount value={o.taken} /> {o.burnt ? '(burnt)' : '(to the treasury)'}
                  </>
                ) : o.status === 'vetoed' || o.status === 'rejected' ? (
                  'will not run'
                ) : (
                  <>executable from {formatTime(Number(o.executableAt) * 1000)}</>
                )}
              </div>
            </td>
          </tr>
        ))}
      </RowsTable>
    </Card>
  )
}

/** Every reward split with its payees' shares, and the devices paying their rewards to it. */
export function SplitsCard({ events }: { events: EconomyEvent[] }) {
  const list = splits(events)
  return (
    <Card title="Reward splits" id="splits">
      {list.length === 0 ? (
        <Empty>
          No reward split yet (<code>pinion split create</code>).
        </Empty>
      ) : (
        <ul class="economy-list">
          {list.map((s) => (
            <li key={s.split} data-testid="split" data-split={s.split.toLowerCase()}>
              <div>
                Split{' '}
                <Link href={paths.recipient(s.split)}>
                  <HexValue value={s.split} />
                </Link>{' '}
                <span class="small muted">
                  created by <HexValue value={s.creator} />
                </span>
              </div>
              <ul class="economy-payees" aria-label="Payees">
                {s.payees.map((p) => (
                  <li key={p.payee} data-testid="split-payee">
                    <Link href={paths.recipient(p.payee)}>
                      <HexValue value={p.payee} />
                    </Link>{' '}
                    {p.shares.toLocaleString('en')} shares <span class="muted">({percent(p.basisPoints)})</span>
                  </li>
                ))}
              </ul>
              <div class="small" data-testid="split-devices">
                {s.devices.length === 0 ? (
                  <span class="muted">No device pays its rewards to it now.</span>
                ) : (
                  <>
                    Rewards of{' '}
                    {s.devices.map((d, i) => (
                      <span key={d}>
                        {i > 0 ? ', ' : ''}
                        <DeviceLink deviceId={d} />
                      </span>
                    ))}
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

/** Each device's shares contract: an ERC-20 whose holders claim the device's rewards pro rata. */
export function SharesCard({ events }: { events: EconomyEvent[] }) {
  const list = deviceShares(events)
  return (
    <Card title="Device shares" id="device-shares">
      <RowsTable
        count={list.length}
        empty={<>No device has issued shares of its rewards yet.</>}
        testId="shares-table"
        caption="Device shares contracts"
        head={
          <>
            <th scope="col">Device</th>
            <th scope="col">Shares contract</th>
            <th scope="col">Created by</th>
            <th scope="col" class="num">
              Supply
            </th>
          </>
        }
      >
        {list.map((s) => (
          <tr key={s.shares} data-testid="shares-row">
            <td>
              <DeviceLink deviceId={s.deviceId} />
            </td>
            <td>
              <Link href={paths.recipient(s.shares)}>
                <HexValue value={s.shares} />
              </Link>
            </td>
            <td>
              <HexValue value={s.owner} />
            </td>
            <td class="num">{formatFixedPoint(s.supply.toString(), 2)}</td>
          </tr>
        ))}
      </RowsTable>
    </Card>
  )
}
