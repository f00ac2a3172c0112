import type { EpochSummary } from '@pinion/oracle/api'
import { formatCount } from '../lib/format.ts'
import { paths } from '../lib/router.ts'
import { Amount } from './Amount.tsx'
import { Badge } from './Badge.tsx'
import { HexValue } from './HexValue.tsx'
import { Link } from './Link.tsx'

/** Epochs, newest first: reports, devices, emission, root and whether it is on chain. */
export function EpochTable({ epochs, caption }: { epochs: EpochSummary[]; caption: string }) {
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
                <RootStatus state={e.rootState} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const ROOT_STATE_TONES = { committed: 'good', 'in a later root': 'info', pending: 'neutral' } as const

/**
 * Where an epoch's rewards stand, in the oracle's word (`rootState`, the same the CLI prints). Roots
 * are cumulative: a root committed for a later epoch pays everything earned before it, so an epoch
 * whose own root never went on chain is still claimable once a later one did.
 */
function RootStatus({ state }: { state: EpochSummary['rootState'] }) {
  return <Badge tone={ROOT_STATE_TONES[state]}>{state}</Badge>
}
