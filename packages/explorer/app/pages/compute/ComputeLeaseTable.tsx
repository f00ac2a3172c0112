import type { ComputeLease } from '@pinion/oracle/api'
import { Amount } from '../../components/Amount.tsx'
import { HexValue } from '../../components/HexValue.tsx'
import { Link } from '../../components/Link.tsx'
import { formatCount } from '../../lib/format.ts'
import { paths } from '../../lib/router.ts'
import { LeaseStateBadge } from './MarketBadges.tsx'

/** Leases on ComputeMarket, each linking to its page: who runs what for whom, where it stands, and its money as of the chain's time. */
export function ComputeLeaseTable({ leases }: { leases: readonly ComputeLease[] }) {
  return (
    <div class="table-scroll">
      <table class="table" data-testid="compute-leases">
        <caption class="visually-hidden">Compute leases</caption>
        <thead>
          <tr>
            <th scope="col">Lease</th>
            <th scope="col">Provider</th>
            <th scope="col">State</th>
            <th scope="col" class="num" title="Paid per second of the lease, from its escrow">
              Price / s
            </th>
            <th scope="col" class="num" title="Accrued so far: price × seconds it ran">
              Accrued
            </th>
            <th scope="col" class="num" title="Paid out to the provider">
              Paid
            </th>
            <th scope="col" class="num" title="What ComputeMarket still holds for the lease: deposit not paid out, or accruals held">
              Escrow left
            </th>
            <th scope="col" class="num" title="Epochs the oracles verified on chain">
              Verified
            </th>
          </tr>
        </thead>
        <tbody>
          {leases.map((l) => (
            <tr key={l.leaseId}>
              <td>
                <Link href={paths.computeLease(l.leaseId)} aria-label={`Lease ${l.leaseId}`}>
                  #{l.leaseId}
                </Link>
              </td>
              <td>
                <Link href={paths.device(l.deviceId)} aria-label={`Device ${l.deviceId}`}>
                  <HexValue value={l.deviceId} />
                </Link>
              </td>
              <td>
                <LeaseStateBadge state={l.state} />
                {l.fault?.reason ? (
                  <>
                    {' '}
                    <code class="reason-code" title={l.fault.reasonText ?? undefined}>
                      {l.fault.reason}
                    </code>
                  </>
                ) : null}
              </td>
              <td class="num">
                <Amount value={l.pricePerSecond} digits={6} />
              </td>
              <td class="num">
                <Amount value={l.accrued} digits={2} />
              </td>
              <td class="num">
                <Amount value={l.paid} digits={2} />
              </td>
              <td class="num">
                <Amount value={l.escrowLeft} digits={2} />
              </td>
              <td class="num">{formatCount(l.verifiedEpochs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
