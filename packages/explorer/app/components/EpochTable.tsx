import type { EpochSummary } from '@pinion/oracle/api'
import { formatCount } from '../lib/format.ts'
import { paths } from '../lib/router.ts'
import { Amount } from './Amount.tsx'
import { Badge } from './Badge.tsx'
import { useLive } from '../lib/live.tsx'
import { HexValue } from './HexValue.tsx'
import { Link } from './Link.tsx'

/** Epochs, newest first: reports, devices, emission, root and whether it is on chain. */
export function EpochTable({ epochs, caption }: { epochs: EpochSummary[]; caption: string }) {
  const latestRoot = useLive().snapshot?.latestCommittedEpoch
  return (
    <div class="table-scroll">
      <table class="table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col" class="num">
              Valid reports
            </th>
            <th scope="col" class="num">
              Devices
            </th>
            <th scope="col" class="num">
              Emission
            </th>
            <th scope="col">Root</th>
            <th scope="col">On chain</th>
          </tr>
        </thead>
        <tbody>
          {epochs.map((e) => (
            <tr key={e.epoch}>
              <td>
                <Link href={paths.epoch(e.epoch)} aria-label={`Epoch ${e.epoch}`}>
                  {e.epoch}
                </Link>
              </td>
              <td class="num">
                {formatCount(e.validReports)} / {formatCount(e.reports)}
              </td>
              <td class="num">{formatCount(e.devices)}</td>
              <td class="num">
                <Amount value={e.emission} digits={0} />
              </td>
              <td>
                <HexValue value={e.root} />
              </td>
              <td>
                <RootStatus committed={e.committed !== null} coveredByLaterRoot={latestRoot != null && BigInt(e.epoch) < BigInt(latestRoot)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * Roots are cumulative: a root committed for a later epoch pays everything earned before it, so an
 * epoch whose own root never went on chain is still claimable once a later one did.
 */
function RootStatus({ committed, coveredByLaterRoot }: { committed: boolean; coveredByLaterRoot: boolean }) {
  if (committed) return <Badge tone="good">committed</Badge>
  if (coveredByLaterRoot) return <Badge tone="info">in a later root</Badge>
  return <Badge tone="neutral">pending</Badge>
}
