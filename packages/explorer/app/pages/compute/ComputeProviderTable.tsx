import type { ComputeProvider } from '@pinion/oracle/api'
import { Amount } from '../../components/Amount.tsx'
import { Badge } from '../../components/Badge.tsx'
import { HexValue } from '../../components/HexValue.tsx'
import { Link } from '../../components/Link.tsx'
import { formatCount } from '../../lib/format.ts'
import { paths } from '../../lib/router.ts'

/** Compute providers: their leases, the work the kind accepted and re-executed, their faults by reason, reputation, pay and locked collateral. */
export function ComputeProviderTable({ providers }: { providers: readonly ComputeProvider[] }) {
  return (
    <div class="table-scroll">
      <table class="table" data-testid="compute-providers">
        <caption class="visually-hidden">Compute providers</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col" class="num" title="Leases won; those not over yet">
              Leases
            </th>
            <th scope="col" class="num" title="Reveals the kind accepted, all epochs">
              Tasks accepted
            </th>
            <th scope="col" class="num" title="Of the accepted tasks, those drawn and re-executed by every oracle, which agreed">
              Re-executed
            </th>
            <th scope="col" title="Its leases' faults by reason; each closed its lease and burnt its collateral">
              Faults
            </th>
            <th scope="col" class="num" title="α/(α+β) over its re-executed tasks and faults; below 0.96 it earns no emissions">
              Reputation
            </th>
            <th scope="col" class="num" title="Released to it from its leases' escrow">
              Paid
            </th>
            <th scope="col" class="num" title="Collateral ComputeMarket holds for its open bids and leases not over">
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
              <td class="num" title={`${p.leasesWon} won, ${p.leasesRunning} not over, ${p.bids} bids`}>
                {formatCount(p.leasesWon)}
                {p.leasesRunning > 0 ? ` · ${formatCount(p.leasesRunning)} running` : ''}
              </td>
              <td class="num">{formatCount(p.tasksAccepted)}</td>
              <td class="num">{formatCount(p.tasksReexecuted)}</td>
              <td class="provider-faults">
                {p.faults.length === 0 ? (
                  <span class="muted">none</span>
                ) : (
                  <ul class="reasons">
                    {p.faults.map((f) => (
                      <li key={f.reason} title={f.reasonText}>
                        <code class="reason-code">{f.reason}</code> ×{formatCount(f.count)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td class="num" title={`α/(α+β) = ${p.reputation} (α ${p.alpha}, β ${p.beta})`}>
                {/* Four decimals, cut (never rounded up): the title has every digit. */}
                {p.reputation.slice(0, 6)}
                {p.disqualified ? (
                  <>
                    {' '}
                    <Badge tone="bad">disqualified</Badge>
                  </>
                ) : null}
              </td>
              <td class="num">
                <Amount value={p.paid} digits={2} />
              </td>
              <td class="num">
                <Amount value={p.collateralLocked} digits={2} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
