import { useState } from 'preact/hooks'
import { HexValue } from '../components/HexValue.tsx'
import type { DeviceEpochExplanation } from '@pinion/oracle/api'

const FIRST = 10

/** Every report's verdict in the epoch, with the reason in words for the invalid ones. */
export function VerdictList({ verdicts }: { verdicts: DeviceEpochExplanation['verdicts'] }) {
  const [all, setAll] = useState(false)
  if (verdicts.length === 0) return <p class="muted">The device sent no report in this epoch.</p>
  const shown = all ? verdicts : verdicts.slice(0, FIRST)
  return (
    <details class="verdicts">
      <summary>Verdicts on {verdicts.length} reports</summary>
      <div class="table-scroll">
        <table class="table table-compact">
          <caption class="visually-hidden">Verdicts</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                Sequence
              </th>
              <th scope="col">Report</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((v) => (
              <tr key={v.reportId}>
                <td class="num">{v.sequence}</td>
                <td>
                  <HexValue value={v.reportId} />
                </td>
                <td>
                  {v.valid ? (
                    <span class="verdict-valid">valid</span>
                  ) : (
                    <>
                      <code class="reason-code">{v.reason}</code> <span class="reason-text">{v.reasonText}</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {verdicts.length > FIRST ? (
        <button type="button" class="button button-ghost" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${verdicts.length}`}
        </button>
      ) : null}
    </details>
  )
}
