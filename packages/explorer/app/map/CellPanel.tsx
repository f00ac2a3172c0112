import { Amount } from '../components/Amount.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import type { CoverageCell } from '@pinion/oracle/api'
import { formatCount } from '../lib/format.ts'
import { paths } from '../lib/router.ts'
import { statusOf } from './colours.ts'

/** The selected cell: its figures and links to its devices. */
export function CellPanel({ cell, resolution, onClose }: { cell: CoverageCell; resolution: number; onClose: () => void }) {
  const hidden = cell.devices - cell.deviceIds.length
  return (
    <aside class="cell-panel" aria-labelledby="cell-panel-title">
      <header class="cell-panel-header">
        <h3 id="cell-panel-title">
          Cell <code>{cell.cell}</code>
        </h3>
        <button type="button" class="button button-ghost" aria-label="Close cell details" onClick={onClose}>
          ✕
        </button>
      </header>
      <p class="muted">
        H3 resolution {resolution} · {statusOf(cell).label.toLowerCase()}
      </p>
      <dl class="facts facts-compact">
        <div class="fact">
          <dt>Devices</dt>
          <dd>{formatCount(cell.devices)}</dd>
        </div>
        <div class="fact">
          <dt>Active</dt>
          <dd>{formatCount(cell.active)}</dd>
        </div>
        <div class="fact">
          <dt>Reported validly</dt>
          <dd>{formatCount(cell.reporting)}</dd>
        </div>
        <div class="fact">
          <dt>Earning</dt>
          <dd>{formatCount(cell.earning)}</dd>
        </div>
        <div class="fact">
          <dt>Earned, latest epoch</dt>
          <dd>
            <Amount value={cell.earned} />
          </dd>
        </div>
      </dl>
      <h4>Devices</h4>
      <ul class="device-links">
        {cell.deviceIds.map((id) => (
          <li key={id}>
            <Link href={paths.device(id)} aria-label={`Device ${id}`}>
              <HexValue value={id} />
            </Link>
          </li>
        ))}
      </ul>
      {hidden > 0 ? <p class="muted">and {formatCount(hidden)} more: zoom in to split the cell.</p> : null}
    </aside>
  )
}
