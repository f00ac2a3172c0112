import { Fragment } from 'preact'
import { useState } from 'preact/hooks'
import { Amount } from '../components/Amount.tsx'
import { Link } from '../components/Link.tsx'
import { Empty } from '../components/States.tsx'
import type { DeviceEpochRow, DeviceRejectionEpoch } from '@pinion/oracle/api'
import { formatCount } from '../lib/format.ts'
import { paths } from '../lib/router.ts'
import { EpochExplanation } from './EpochExplanation.tsx'
import { InvalidReasons } from './InvalidReasons.tsx'
import { type InvalidLine, invalidLines, rejectionsByEpoch, uncomputedRejections } from './invalidLines.ts'

const FIRST_ROWS = 12

/**
 * The device's epochs, newest first; each row opens the full explanation of its reward. "Invalid, and
 * why" holds the verdicts' reasons and what ingest refused that named the device (`rejections`, by
 * epoch of receipt); epochs not computed yet that already have refusals get rows of their own on top.
 */
export function DeviceEpochTable({ deviceId, epochs, rejections = [] }: { deviceId: string; epochs: DeviceEpochRow[]; rejections?: DeviceRejectionEpoch[] }) {
  const [open, setOpen] = useState<string>()
  const [all, setAll] = useState(false)
  const pending = uncomputedRejections(epochs, rejections)
  if (epochs.length === 0 && pending.length === 0) return <Empty>No epoch has been computed yet.</Empty>
  const rejected = rejectionsByEpoch(rejections)
  const newestFirst = [...epochs].reverse()
  const rows = all ? newestFirst : newestFirst.slice(0, FIRST_ROWS)
  return (
    <>
      <div class="table-scroll">
        <table class="table table-epochs">
          <caption class="visually-hidden">The device's epochs</caption>
          <thead>
            <tr>
              <th scope="col">Epoch</th>
              <th scope="col" class="num">
                Valid
              </th>
              <th scope="col">Invalid, and why</th>
              <th scope="col" class="num">
                Reward
              </th>
              <th scope="col">
                <span class="visually-hidden">Explanation</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pending.map((r) => (
              <Fragment key={`pending-${r.epoch}`}>
                <tr class="row-pending">
                  <td>
                    {r.epoch} <span class="muted">(not computed yet)</span>
                  </td>
                  <td class="num muted">–</td>
                  <td>
                    <InvalidReasons lines={invalidLines(undefined, r)} />
                  </td>
                  <td class="num muted">–</td>
                  <td />
                </tr>
                <ReasonsRow lines={invalidLines(undefined, r)} />
              </Fragment>
            ))}
            {rows.map((row) => {
              const expanded = open === row.epoch
              const panel = `explain-${row.epoch}`
              const lines = invalidLines(row, rejected.get(row.epoch))
              return (
                <Fragment key={row.epoch}>
                  <tr class={expanded ? 'row-open' : ''}>
                    <td>
                      <Link href={paths.epoch(row.epoch)}>{row.epoch}</Link>
                    </td>
                    <td class="num">{formatCount(row.validReports)}</td>
                    <td>
                      <InvalidReasons lines={lines} />
                    </td>
                    <td class="num">
                      <Amount value={row.amount} />
                    </td>
                    <td>
                      <button
                        type="button"
                        class="button button-secondary button-small"
                        aria-expanded={expanded}
                        aria-controls={panel}
                        aria-label={`Explain epoch ${row.epoch}`}
                        onClick={() => setOpen(expanded ? undefined : row.epoch)}
                      >
                        {expanded ? 'Hide' : 'Explain'}
                      </button>
                    </td>
                  </tr>
                  <ReasonsRow lines={lines} />
                  {expanded ? (
                    <tr class="row-detail">
                      <td colSpan={5} id={panel}>
                        <EpochExplanation deviceId={deviceId} epoch={row.epoch} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              )
            })}
          </tbody>
        </table>
      </div>
      {epochs.length > FIRST_ROWS ? (
        <button type="button" class="button button-ghost" onClick={() => setAll(!all)}>
          {all ? 'Show the latest epochs only' : `Show all ${epochs.length} epochs`}
        </button>
      ) : null}
    </>
  )
}

/**
 * The epoch's reasons again, on a line of their own under its row, shown instead of the column on a
 * phone (styles.css): sentences read across the screen there, not down a narrow column scrolled sideways.
 */
function ReasonsRow({ lines }: { lines: InvalidLine[] }) {
  if (lines.length === 0) return null
  return (
    <tr class="row-reasons">
      <td colSpan={5}>
        <InvalidReasons lines={lines} />
      </td>
    </tr>
  )
}
