import { Amount } from '../components/Amount.tsx'
import { ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { DeviceEpochExplanation } from '../lib/apiTypes.ts'
import { formatCount, formatMultiplier } from '../lib/format.ts'
import { useResource } from '../lib/useResource.ts'
import { VerdictList } from './VerdictList.tsx'

/**
 * Why the device earned what it earned in one epoch: each pool's share, from its base through
 * every multiplier (with the rule's reason) to the weight and the amount, then every verdict.
 */
export function EpochExplanation({ deviceId, epoch }: { deviceId: string; epoch: string }) {
  const explanation = useResource(`explain-${deviceId}-${epoch}`, (signal) => apiGet<DeviceEpochExplanation>(`/v1/devices/${deviceId}/epochs/${epoch}`, signal))
  if (explanation.error) return <ErrorNotice error={explanation.error} retry={explanation.reload} />
  if (explanation.data === undefined) return <Loading label={`Loading epoch ${epoch}…`} />
  const { shares, verdicts, amount } = explanation.data
  const valid = verdicts.filter((v) => v.valid).length

  return (
    <div class="explanation" data-testid="explanation">
      <p class="explanation-total">
        Epoch {epoch} paid this device <strong data-testid="explained-reward"><Amount value={amount} digits={6} /></strong>
        {shares.length > 0 ? ` from ${shares.length} pool${shares.length === 1 ? '' : 's'}` : ''}, for {formatCount(valid)} valid report{valid === 1 ? '' : 's'} of {formatCount(verdicts.length)}.
      </p>
      {shares.length === 0 ? <p class="muted">No share in any pool: without valid reports there is nothing to score.</p> : null}
      {shares.map((share) => (
        <section class="share" key={share.pool} aria-label={`Share of the ${share.pool} pool`}>
          <h4>
            Pool <code>{share.pool}</code> → <Amount value={share.amount} digits={6} />
          </h4>
          <ol class="share-steps">
            <li>
              Base <strong>{formatCount(Number(share.base))}</strong>
            </li>
            {share.multipliers.map((m) => (
              <li key={m.name}>
                <strong>{formatMultiplier(m.value)}</strong> {m.name}: <span class="muted">{m.why}</span>
              </li>
            ))}
            <li>
              Weight <strong>{formatCount(Number(share.weight))}</strong>: the pool is split in proportion to the weights of all devices.
            </li>
          </ol>
          {Object.keys(share.inputs).length > 0 ? (
            <dl class="inputs">
              {Object.entries(share.inputs).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </section>
      ))}
      <VerdictList verdicts={verdicts} />
    </div>
  )
}
