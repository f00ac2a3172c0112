import { Amount } from '../components/Amount.tsx'
import { ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { DeviceEpochExplanation, EpochDetail } from '@pinion/oracle/api'
import { formatCount } from '../lib/format.ts'
import { useResource } from '../lib/useResource.ts'
import { ShareSteps } from './ShareSteps.tsx'
import { VerdictList } from './VerdictList.tsx'

type Explained = { explanation: DeviceEpochExplanation; pools: EpochDetail['pools'] }

/**
 * Why the device earned what it earned in one epoch: each pool's share, from its base through
 * every multiplier (with the rule's reason) to the weight and its part of the pool, then every
 * verdict with its reason in words.
 */
export function EpochExplanation({ deviceId, epoch }: { deviceId: string; epoch: string }) {
  const explained = useResource(`explain-${deviceId}-${epoch}`, async (signal): Promise<Explained> => {
    const [explanation, detail] = await Promise.all([
      apiGet<DeviceEpochExplanation>(`/v1/devices/${deviceId}/epochs/${epoch}`, signal),
      apiGet<EpochDetail>(`/v1/epochs/${epoch}`, signal),
    ])
    return { explanation, pools: detail.pools }
  })
  if (explained.error) return <ErrorNotice error={explained.error} retry={explained.reload} />
  if (explained.data === undefined) return <Loading label={`Loading epoch ${epoch}…`} />
  const { explanation, pools } = explained.data
  const { shares, verdicts, amount } = explanation
  const valid = verdicts.filter((v) => v.valid).length

  return (
    <div class="explanation" data-testid="explanation">
      <p class="explanation-total">
        Epoch {epoch} paid this device{' '}
        <strong data-testid="explained-reward">
          <Amount value={amount} digits={6} />
        </strong>
        {shares.length > 0 ? ` from ${shares.length} pool${shares.length === 1 ? '' : 's'}` : ''}, for {formatCount(valid)} valid report{valid === 1 ? '' : 's'} of{' '}
        {formatCount(verdicts.length)}.
      </p>
      {shares.length === 0 ? <p class="muted">No share in any pool: without a valid report there is nothing to score.</p> : null}
      {shares.map((share) => (
        <ShareSteps key={share.pool} share={share} pool={pools.find((p) => p.pool === share.pool)} />
      ))}
      <VerdictList verdicts={verdicts} />
    </div>
  )
}
