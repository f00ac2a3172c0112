import { Badge } from '../components/Badge.tsx'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Empty } from '../components/States.tsx'
import { type ParamsEntry, paramsView } from '../governance/governanceView.ts'

const epoch = (entry: ParamsEntry) => `from epoch ${entry.fromEpoch.toLocaleString('en')}`

/** NetworkParams: each parameter set's hash in force now and since which epoch, and the changes governance scheduled. */
export function NetworkParamsCard({ params }: { params: { currentEpoch: bigint; history: Map<string, ParamsEntry[]> } }) {
  const rows = paramsView(params.history, params.currentEpoch)
  return (
    <Card title="Network parameters" id="network-params" actions={<span class="muted small">epoch {params.currentEpoch.toLocaleString('en')} now</span>}>
      <div data-testid="network-params">
        {rows.length === 0 ? (
          <Empty>No parameter set is on chain: oracles of this network compute under no governed parameters.</Empty>
        ) : (
          <ul class="params-list">
            {rows.map((row) => (
              <li key={row.name} data-testid="params-entry" data-name={row.name}>
                <div>
                  <strong>{row.label}</strong> <code class="muted small">{row.name}</code>
                </div>
                <div class="params-line" data-testid="params-in-force">
                  <Badge tone="good">in force</Badge>{' '}
                  {row.inForce === null ? (
                    <span class="muted">none yet</span>
                  ) : (
                    <>
                      <HexValue value={row.inForce.hash} /> {epoch(row.inForce)}
                    </>
                  )}
                </div>
                {row.scheduled.map((entry) => (
                  <div class="params-line" key={entry.fromEpoch.toString()} data-testid="params-scheduled">
                    <Badge tone="warn">scheduled</Badge> <HexValue value={entry.hash} /> {epoch(entry)}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  )
}
