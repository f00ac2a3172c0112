import { Amount } from '../components/Amount.tsx'
import type { DeviceEpochExplanation, EpochDetail } from '@pinion/oracle/api'
import { EXACT_DIGITS, formatFixedPoint, formatMultiplier } from '../lib/format.ts'

type Share = DeviceEpochExplanation['shares'][number]

/**
 * One pool share, step by step: base, each multiplier and why, the weight, the part of the pool.
 * Every number is shown to its last digit (fixed point, 18 decimals, trailing zeros trimmed), so an
 * operator can redo the arithmetic — base × each multiplier, rounded toward zero; the pool's
 * allocation × weight ÷ the pool's total weight, rounded toward zero — and land on the amount paid.
 */
export function ShareSteps({ share, pool }: { share: Share; pool: EpochDetail['pools'][number] | undefined }) {
  const paidTotal = pool ? BigInt(pool.paid) : 0n
  // The pool pays in proportion to weight, so this share's part of what it paid is its part of the weights.
  const part = paidTotal > 0n ? Number((BigInt(share.amount) * 1_000_000n) / paidTotal) / 10_000 : undefined
  // Epochs stored before pools recorded their total weight show 0 for a pool that paid something.
  const recordedTotal = pool !== undefined && (BigInt(pool.totalWeight) > 0n || paidTotal === 0n)
  return (
    <section class="share" aria-label={`Share of the ${share.pool} pool`}>
      <h4>
        Pool <code>{share.pool}</code> → <Amount value={share.amount} digits={EXACT_DIGITS} />
      </h4>
      <ol class="share-steps">
        <li>
          Base <strong>{formatFixedPoint(share.base, EXACT_DIGITS)}</strong> <span class="muted">units of work</span>
        </li>
        {share.multipliers.map((m) => (
          <li key={m.name}>
            <strong>{formatMultiplier(m.value)}</strong> {m.name}: <span class="muted">{m.why}</span>
          </li>
        ))}
        <li>
          = weight <strong>{formatFixedPoint(share.weight, EXACT_DIGITS)}</strong> <span class="muted">(each step rounded toward zero)</span>
        </li>
        <li>
          {pool ? (
            <>
              The pool's allocation <Amount value={pool.allocation} digits={EXACT_DIGITS} /> × this weight ÷ the pool's total weight{' '}
              {recordedTotal ? <strong>{formatFixedPoint(pool.totalWeight, EXACT_DIGITS)}</strong> : <span class="muted">(not recorded for this epoch)</span>}, rounded toward zero:{' '}
              <Amount value={share.amount} digits={EXACT_DIGITS} />, about <strong>{part === undefined ? '0' : part.toLocaleString('en', { maximumFractionDigits: 4 })} %</strong>{' '}
              of the <Amount value={pool.paid} digits={EXACT_DIGITS} /> the pool paid.
            </>
          ) : (
            <>
              The pool is split in proportion to the weights of all devices: this share's part is <Amount value={share.amount} digits={EXACT_DIGITS} />.
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
