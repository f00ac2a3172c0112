import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import type { Equivocation } from '@pinion/oracle/api'
import { paths } from '../lib/router.ts'

/**
 * The reports a device signed twice under one sequence, each with its exact signed bytes: anyone can
 * check both signatures against the device's key. Every report of the device in those epochs is
 * void (DEVICE_EQUIVOCATED), and this is the evidence a slash order carries.
 */
export function EquivocationEvidence({ equivocations }: { equivocations: Equivocation[] }) {
  return (
    <div class="equivocations" data-testid="device-equivocations">
      <p class="muted">This device signed different reports under one sequence number. Every report it sent in these epochs is void; the signed reports below prove it.</p>
      {equivocations.map((e) => (
        <section key={`${e.epoch}-${e.sequence}`} class="equivocation">
          <h3>
            Sequence {e.sequence} in <Link href={paths.epoch(e.epoch)}>epoch {e.epoch}</Link>: {e.reports.length} signed versions
          </h3>
          <ul>
            {e.reports.map((r) => (
              <li key={r.reportId}>
                report <HexValue value={r.reportId} />
                {r.signed === null ? <span class="muted"> (bytes not held by this oracle)</span> : <pre class="hex-block">{r.signed}</pre>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
