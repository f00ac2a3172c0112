import { zeroAddress } from 'viem'
import { Badge } from '../components/Badge.tsx'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import type { Governance } from '../governance/readGovernance.ts'

const WHAT_PAUSE_STOPS = { distributor: 'root commits and promotions (claims never pause)', registry: 'registrations and location assertions' }

/** Each Guarded contract's guardian, a named successor, and whether it is paused. */
export function GuardianCard({ governance }: { governance: Governance }) {
  return (
    <Card title="Guardian" id="guardian">
      <p class="muted small">May pause and veto a pending root; never move funds, change the oracle set, grant roles, change parameters or stop a proposal.</p>
      <ul class="guarded-list" data-testid="guardian">
        {governance.guarded.map(({ contract, guardian, pendingGuardian, paused }) => (
          <li key={contract} data-testid={`guarded-${contract}`}>
            <div class="guarded-head">
              <strong>{contract}</strong>
              {paused ? <Badge tone="bad">paused</Badge> : <Badge tone="good">running</Badge>}
            </div>
            <div class="small">
              guardian {guardian === zeroAddress ? <span class="muted">none</span> : <HexValue value={guardian} />}
              {pendingGuardian === zeroAddress ? null : (
                <>
                  {' '}
                  → named successor <HexValue value={pendingGuardian} /> (must accept)
                </>
              )}
            </div>
            {paused ? <div class="small muted">stopped: {WHAT_PAUSE_STOPS[contract]}</div> : null}
          </li>
        ))}
      </ul>
    </Card>
  )
}
