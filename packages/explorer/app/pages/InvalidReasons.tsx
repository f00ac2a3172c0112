import { formatCount } from '../lib/format.ts'
import type { InvalidLine } from './invalidLines.ts'

/** A device's "invalid, and why" for one epoch: each reason with its count, those refused at ingest marked so. */
export function InvalidReasons({ lines }: { lines: InvalidLine[] }) {
  if (lines.length === 0) return <span class="muted">none</span>
  return (
    <ul class="reasons">
      {lines.map((line) => (
        <li key={line.key}>
          <strong>{formatCount(line.count)} ×</strong> <code class="reason-code">{line.reason}</code> <span class="reason-text">{line.text}</span>
          {line.stage === 'ingest' ? (
            <>
              {' '}
              <span class="reason-stage" title="Refused when it arrived, so never stored nor given a verdict. A forged report only names the device: it is not from it.">
                refused at ingest
              </span>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  )
}
