import { Fragment } from 'preact'
import { useState } from 'preact/hooks'
import { Amount } from '../components/Amount.tsx'
import { Link } from '../components/Link.tsx'
import { Empty } from '../components/States.tsx'
import type { DeviceEpochRow } from '@pinion/oracle/api'
import { formatCount } from '../lib/format.ts'
import { paths } from '../lib/router.ts'
import { EpochExplanation } from './EpochExplanation.tsx'

const FIRST_ROWS = 12

/** The device's epochs, newest first; each row opens the full explanation of its reward. */
export function DeviceEpochTable({ deviceId, epochs }: { deviceId: string; epochs: DeviceEpochRow[] }) {
  const [open, setOpen] = useState<string>()
  const [all, setAll] = useState(false)
  if (epochs.length === 0) return <Empty>No epoch has been computed yet.</Empty>
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
            {rows.map((row) => {
              const expanded = open === row.epoch
              const panel = `explain-${row.epoch}`
              return (
                <Fragment key={row.epoch}>
                  <tr class={expanded ? 'row-open' : ''}>
                    <td>
                      <Link href={paths.epoch(row.epoch)}>{row.epoch}</Link>
                    </td>
                    <td class="num">{formatCount(row.validReports)}</td>
                    <td>
                      {row.invalidReports === 0 ? (
                        <span class="muted">none</span>
                      ) : (
                        <ul class="reasons">
                          {row.invalidReasons.map((r) => (
                            <li key={r.reason}>
                              <strong>{r.count} ×</strong> <code class="reason-code">{r.reason}</code> <span class="reason-text">{r.reasonText}</span>
                            </li>
                          ))}
                        </ul>
                      )}
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
