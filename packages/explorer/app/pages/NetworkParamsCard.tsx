import { Badge } from '../components/Badge.tsx'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Empty } from '../components/States.tsx'
import { type ParamsEntry, paramsView } from '../governance/governanceView.ts'

/** NetworkParams: each parameter set's hash in force now and since which epoch, and the changes governance scheduled. */
export function NetworkParamsCard({ params }: { params: { currentEpoch: bigint; history: Map<string, ParamsEntry[]> } }) {
  const rows = paramsView(params.history, params.currentEpoch)
  return (
    <Card title="Network parameters" id="network-params" actions={<span class="muted small">epoch {params.currentEpoch.toLocaleString('en')} now</span>}>
      <div data-testid="network-params">
        {rows.length === 0 ? (
          <Empty>No parameter set is on chain: oracles of this network compute under no governed parameters.</Empty>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <caption class="visually-hidden">Parameter sets in force and scheduled</caption>
              <thead>
                <tr>
                  <th scope="col">Parameters</th>
                  <th scope="col">Hash</th>
                  <th scope="col">From epoch</th>
                </tr>
              </thead>
              <tbody>
                {rows.flatMap((row) => [
                  <tr key={`${row.name}/in-force`} data-testid="params-in-force" data-name={row.name}>
                    <td>
                      {row.label} <code class="muted small">{row.name}</code>
                    </td>
                    <td>{row.inForce === null ? <span class="muted">none yet</span> : <HexValue value={row.inForce.hash} />}</td>
                    <td class="num">{row.inForce === null ? '–' : <>{row.inForce.fromEpoch.toLocaleString('en')} <Badge tone="good">in force</Badge></>}</td>
                  </tr>,
                  ...row.scheduled.map((entry) => (
                    <tr key={`${row.name}/${entry.fromEpoch}`} data-testid="params-scheduled" data-name={row.name}>
                      <td class="muted">↳ then</td>
                      <td>
                        <HexValue value={entry.hash} />
                      </td>
                      <td class="num">
                        {entry.fromEpoch.toLocaleString('en')} <Badge tone="warn">scheduled</Badge>
                      </td>
                    </tr>
                  )),
                ])}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  )
}
