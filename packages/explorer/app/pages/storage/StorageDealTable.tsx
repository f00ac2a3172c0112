import type { StorageDeal } from '@pinion/oracle/api'
import { Amount } from '../../components/Amount.tsx'
import { HexValue } from '../../components/HexValue.tsx'
import { Link } from '../../components/Link.tsx'
import { formatCount } from '../../lib/format.ts'
import { paths } from '../../lib/router.ts'
import { DealStateBadge } from './DealStateBadge.tsx'

/** Deals on StorageMarket, each linking to its page: who stores for whom, where it stands, and what the market still holds for it. */
export function StorageDealTable({ deals }: { deals: readonly StorageDeal[] }) {
  return (
    <div class="table-scroll">
      <table class="table" data-testid="storage-deals">
        <caption class="visually-hidden">Storage deals</caption>
        <thead>
          <tr>
            <th scope="col">Deal</th>
            <th scope="col">Provider</th>
            <th scope="col">Customer</th>
            <th scope="col">State</th>
            <th scope="col" class="num" title="Proving periods StorageMarket recorded, of the deal's periods">
              Periods
            </th>
            <th scope="col" class="num" title="The price of the periods not recorded yet, held by StorageMarket">
              Escrow left
            </th>
            <th scope="col" class="num" title="What is left of the provider's collateral after fault fees">
              Collateral left
            </th>
          </tr>
        </thead>
        <tbody>
          {deals.map((d) => (
            <tr key={d.dealId}>
              <td>
                <Link href={paths.storageDeal(d.dealId)} aria-label={`Deal ${d.dealId}`}>
                  #{d.dealId}
                </Link>
              </td>
              <td>
                <Link href={paths.device(d.deviceId)} aria-label={`Device ${d.deviceId}`}>
                  <HexValue value={d.deviceId} />
                </Link>
              </td>
              <td>
                <Link href={paths.recipient(d.customer)}>
                  <HexValue value={d.customer} />
                </Link>
              </td>
              <td>
                <DealStateBadge state={d.state} />
              </td>
              <td class="num">
                {formatCount(d.periodsRecorded)} / {formatCount(d.periods)}
              </td>
              <td class="num">
                <Amount value={d.escrowLeft} digits={2} />
              </td>
              <td class="num">
                <Amount value={d.collateralLeft} digits={2} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
