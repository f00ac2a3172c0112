import { Amount } from '../components/Amount.tsx'
import type { DeviceEpochExplanation, EpochDetail } from '@pinion/oracle/api'
import { formatFixedPoint, formatMultiplier } from '../lib/format.ts'

type Share = DeviceEpochExplanation['shares'][number]

/** One pool share, step by step: base, each multiplier and why, the weight, the part of the pool. */
export function ShareSteps({ share, pool }: { share: Share; pool: EpochDetail['pools'][number] | undefined }) {
  const paidTotal = pool ? BigInt(pool.paid) : 0n
  // The pool pays in proportion to weight, so this share's part of what it paid is its part of the weights.
  const part = paidTotal > 0n ? Number((BigInt(share.amount) * 1_000_000n) / paidTotal) / 10_000 : undefined
  return (
    <section class="share" aria-label={`Share of the ${share.pool} pool`}>
      <h4>
        Pool <code>{share.pool}</code> → <Amount value={share.amount} digits={6} />
      </h4>
      <ol class="share-steps">
        <li>
          Base <strong>{formatFixedPoint(share.base)}</strong> <span class="muted">units of work</span>
        </li>
        {share.multipliers.map((m) => (
          <li key={m.name}>
            <strong>{formatMultiplier(m.value)}</strong> {m.name}: <span class="muted">{m.why}</span>
          </li>
        ))}
        <li>
          = weight <strong>{formatFixedPoint(share.weight)}</strong>
        </li>
        <li>
          {pool ? (
            <>
              The pool paid <Amount value={pool.paid} digits={2} /> of its <Amount value={pool.allocation} digits={2} /> in proportion to weight: this share is{' '}
              <strong>{part === undefined ? '0' : part.toLocaleString('en', { maximumFractionDigits: 4 })} %</strong> of it, <Amount value={share.amount} digits={6} />.
            </>
          ) : (
            <>
              The pool is split in proportion to the weights of all devices: this share's part is <Amount value={share.amount} digits={6} />.
            </>
          )}
        </li>
      </ol>
      {Object.keys(share.inputs).length > 0 ? (
        <dl class="inputs" aria-label="Inputs">
          {Object.entries(share.inputs).map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  )
}
