import { PPM } from './priceModel.ts'

/**
 * A shock: a value falls to `troughPpm` of itself over `fallEpochs`, stays there `holdEpochs`, then
 * climbs back over `recoverEpochs`, all in straight lines.
 */
export type Shock = {
  startEpoch: number
  fallEpochs: number
  holdEpochs: number
  recoverEpochs: number
  /** The multiplier at the bottom, ppm: 300,000 leaves 30 %. */
  troughPpm: bigint
}

/**
 * The shock's multiplier in `epoch`, ppm: 10^6 before `startEpoch`, down a straight line to
 * `troughPpm` at the fall's last epoch, `troughPpm` while it holds, back up a straight line to 10^6
 * at the recovery's last epoch, 10^6 after. Divisions toward zero.
 */
export function shockMultiplierPpm(epoch: number, shock: Shock): bigint {
  const { startEpoch, fallEpochs, holdEpochs, recoverEpochs, troughPpm } = shock
  if (fallEpochs < 1 || recoverEpochs < 1 || holdEpochs < 0 || startEpoch < 0)
    throw new RangeError(`a shock falls and recovers over at least one epoch each: ${JSON.stringify({ startEpoch, fallEpochs, holdEpochs, recoverEpochs })}`)
  if (troughPpm < 0n || troughPpm > PPM) throw new RangeError(`troughPpm is ${troughPpm}, expected 0 to 1,000,000`)
  const drop = PPM - troughPpm
  const holdStart = startEpoch + fallEpochs
  const recoverStart = holdStart + holdEpochs
  if (epoch < startEpoch) return PPM
  if (epoch < holdStart) return PPM - (drop * BigInt(epoch - startEpoch + 1)) / BigInt(fallEpochs)
  if (epoch < recoverStart) return troughPpm
  if (epoch < recoverStart + recoverEpochs) return troughPpm + (drop * BigInt(epoch - recoverStart + 1)) / BigInt(recoverEpochs)
  return PPM
}

/** `values[e] * shockMultiplierPpm(e) / 10^6` for every epoch, toward zero. */
export function applyShock(values: readonly bigint[], shock: Shock): bigint[] {
  return values.map((value, epoch) => (value * shockMultiplierPpm(epoch, shock)) / PPM)
}
