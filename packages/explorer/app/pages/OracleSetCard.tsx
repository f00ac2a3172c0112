import { formatSeconds } from '@pinion/contracts/governance'
import { Card } from '../components/Card.tsx'
import { Facts } from '../components/Facts.tsx'
import { HexValue } from '../components/HexValue.tsx'
import type { Governance } from '../governance/readGovernance.ts'

/** "10 s", or "1 d (86,400 s)": the exact figure beside a rounded one. */
const seconds = (value: bigint) => (formatSeconds(value) === `${value} s` ? `${value} s` : `${formatSeconds(value)} (${value.toLocaleString('en')} s)`)

/** The oracles that sign roots, where each says it serves, and the rules their roots follow. */
export function OracleSetCard({ governance }: { governance: Governance }) {
  const { oracles, quorum, version, disputeWindow, timelockDelay } = governance
  return (
    <Card title="Oracle set" id="oracle-set" class="oracle-set">
      <div data-testid="oracle-set">
        <Facts
          items={[
            ['Quorum', <span data-testid="oracle-quorum">{`${quorum} of ${oracles.length}`}</span>],
            ['Set version', <span data-testid="oracle-set-version">{version}</span>],
            ['Dispute window', <span data-testid="dispute-window">{seconds(disputeWindow)}</span>],
            ['Timelock delay', <span data-testid="timelock-delay">{seconds(timelockDelay)}</span>],
          ]}
        />
        <ul class="oracle-list" aria-label="Oracles">
          {oracles.map(({ address, url }) => (
            <li key={address} data-testid="oracle">
              <HexValue value={address} full />
              {url === null ? (
                <span class="muted small">no URL announced</span>
              ) : (
                <a class="oracle-url" href={url} rel="noreferrer">
                  {url}
                </a>
              )}
            </li>
          ))}
        </ul>
      </div>
    </Card>
  )
}
