import type { ComputeOrder } from '@pinion/oracle/api'
import { Amount } from '../../components/Amount.tsx'
import { HexValue } from '../../components/HexValue.tsx'
import { Link } from '../../components/Link.tsx'
import { formatCount } from '../../lib/format.ts'
import { paths } from '../../lib/router.ts'
import { formatDuration } from './duration.ts'
import { BidStateBadge, OrderStateBadge } from './MarketBadges.tsx'

/**
 * Orders on ComputeMarket with their bids: what each customer asked for (resources, the most it
 * pays a second, for how long, the deposit), and each bid's device, price, state and the collateral
 * it still locks; a leased order links to its leases.
 */
export function ComputeOrderTable({ orders }: { orders: readonly ComputeOrder[] }) {
  return (
    <div class="table-scroll">
      <table class="table" data-testid="compute-orders">
        <caption class="visually-hidden">Compute orders and their bids</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">State</th>
            <th scope="col" title="What the job needs: thousandths of a CPU, and memory">
              Needs
            </th>
            <th scope="col" class="num" title="The most the customer pays a second">
              Max price / s
            </th>
            <th scope="col" title="How long a lease of it runs">
              Duration
            </th>
            <th scope="col" class="num">
              Deposit
            </th>
            <th scope="col">Bids: device, price / s, state, collateral locked</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.orderId}>
              <td>
                #{o.orderId}
                {o.leaseIds.map((leaseId) => (
                  <div key={leaseId}>
                    <Link href={paths.computeLease(leaseId)} aria-label={`Lease ${leaseId}`}>
                      lease #{leaseId}
                    </Link>
                  </div>
                ))}
              </td>
              <td>
                <OrderStateBadge state={o.state} />
              </td>
              <td>
                {formatCount(o.cpuMillis)} mCPU · {formatCount(o.memoryMiB)} MiB
              </td>
              <td class="num">
                <Amount value={o.maxPricePerSecond} digits={6} />
              </td>
              <td>{formatDuration(o.durationSeconds)}</td>
              <td class="num">
                <Amount value={o.deposit} digits={2} />
              </td>
              <td>
                {o.bids.length === 0 ? (
                  <span class="muted">no bids</span>
                ) : (
                  <ul class="reasons" data-testid="order-bids">
                    {o.bids.map((b) => (
                      <li key={b.bidId}>
                        <Link href={paths.device(b.deviceId)} aria-label={`Device ${b.deviceId}`}>
                          <HexValue value={b.deviceId} />
                        </Link>{' '}
                        <Amount value={b.pricePerSecond} digits={6} /> <BidStateBadge state={b.state} /> <Amount value={b.collateralLocked} digits={2} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
