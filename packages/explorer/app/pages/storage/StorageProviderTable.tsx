import type { StorageProvider } from '@pinion/oracle/api'
import { Amount } from '../../components/Amount.tsx'
import { Badge } from '../../components/Badge.tsx'
import { HexValue } from '../../components/HexValue.tsx'
import { Link } from '../../components/Link.tsx'
import { formatBytes } from '../../lib/formatBytes.ts'
import { formatCount } from '../../lib/format.ts'
import { paths } from '../../lib/router.ts'

/** Storage providers: the capacity their active deals use, their audit reputation, the periods StorageMarket recorded, and the money it moved. */
export function StorageProviderTable({ providers }: { providers: readonly StorageProvider[] }) {
  return (
    <div class="table-scroll">
      <table class="table" data-testid="storage-providers">
        <caption class="visually-hidden">Storage providers</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col" class="num" title="Bytes of the customers' data its active deals hold">
              Used by deals
            </th>
            <th scope="col" class="num">
              Deals
            </th>
            <th scope="col" class="num" title="Storj's audit reputation α/(α+β) over its proving periods; below 0.96 it earns no emissions">
              Reputation
            </th>
            <th scope="col" class="num">
              Proven
            </th>
            <th scope="col" class="num">
              Faulted
            </th>
            <th scope="col" class="num" title="Released to it from its deals' escrow, a period at a time">
              Paid
            </th>
            <th scope="col" class="num" title="Fault fees taken from its collateral and burnt">
              Fees burnt
            </th>
            <th scope="col" class="num" title="The collateral StorageMarket holds for its active deals">
              Collateral
            </th>
          </tr>
        </thead>
        <tbody>
          {providers.map((p) => (
            <tr key={p.deviceId}>
              <td>
                <Link href={paths.device(p.deviceId)} aria-label={`Device ${p.deviceId}`}>
                  <HexValue value={p.deviceId} />
                </Link>
              </td>
              <td class="num">{formatBytes(p.bytesCommitted)}</td>
              <td class="num" title={`${p.dealsActive} active, ${p.dealsEnded} ended, ${p.dealsProposed} proposed`}>
                {formatCount(p.dealsActive)} active{p.dealsEnded > 0 ? ` · ${formatCount(p.dealsEnded)} ended` : ''}
              </td>
              <td class="num" title={`α/(α+β) = ${p.reputation}`}>
                {/* Four decimals, cut (never rounded up): the title has every digit. */}
                {p.reputation.slice(0, 6)}
                {p.disqualified ? (
                  <>
                    {' '}
                    <Badge tone="bad">disqualified</Badge>
                  </>
                ) : null}
              </td>
              <td class="num">{formatCount(p.periodsProven)}</td>
              <td class="num">{formatCount(p.periodsFaulted)}</td>
              <td class="num">
                <Amount value={p.paid} digits={2} />
              </td>
              <td class="num">
                <Amount value={p.feesBurnt} digits={2} />
              </td>
              <td class="num">
                <Amount value={p.collateralHeld} digits={2} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
