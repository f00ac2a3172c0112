/**
 * The closed forms bench:compute sets beside what it measures. Every commitment is drawn for
 * re-execution independently with probability p (commitment.ts: a keccak of the next epoch's entropy
 * and the commitment, below p × 10⁶).
 */

/**
 * The probability that a lease cheating on each of its n revealed tasks is never re-executed:
 * (1 − p)^n. A lazy provider's made-up result and an over-claimer's fuel are both caught by the
 * first sampled task, so this is each one's chance to finish its job unfaulted.
 */
export function escapeProbability(p: number, n: number): number {
  if (!(p >= 0 && p <= 1) || !Number.isInteger(n) || n < 0) throw new RangeError(`escapeProbability(${p}, ${n}): p must be in [0, 1] and n a whole number`)
  return (1 - p) ** n
}

/** The sizes of a job's reveal epochs: `tasks` tasks committed `perEpoch` an epoch, each revealed the epoch after. */
export function revealGroups(tasks: number, perEpoch: number): number[] {
  const groups: number[] = []
  for (let left = tasks; left > 0; left -= perEpoch) groups.push(Math.min(left, perEpoch))
  return groups
}

/**
 * The probability that the honest partner of two colluders on a redundancy-3 job is faulted
 * (REDUNDANCY_MINORITY) before its job ends, when the colluders reveal each task before it does.
 * Per task of a reveal epoch in which both colluders are still running: each colluder's reveal is
 * re-executed with probability p (a fault, and its lease closes after the epoch); a task on which
 * neither was re-executed gives them a majority of 2 against which the partner's reveal is judged.
 * With `sampledPartnerSpared`, a partner's reveal that was itself re-executed and found right is not
 * held against that majority (the rule the judge's comment describes); without it — the judge as
 * written — it is (see bench/README.md). One colluder left alone is no majority.
 *
 * Exact by inclusion–exclusion over each epoch's tasks: with q = 1 − p and per task a = P(neither
 * colluder sampled and the partner spared) (q²·p spared, else 0), b = P(exactly one given colluder
 * sampled) = p·q, c = p², an epoch of m tasks keeps the partner unfaulted with probability
 * T = (a + 2b + c)^m, and keeps it and both colluders running with probability a^m.
 */
export function partnerFaultProbability(p: number, groups: readonly number[], sampledPartnerSpared: boolean): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`partnerFaultProbability: p is ${p}; expected a probability`)
  const q = 1 - p
  const a = sampledPartnerSpared ? q * q * p : 0
  const b = p * q
  const c = p * p
  let bothRunning = 1
  let faulted = 0
  for (const m of groups) {
    faulted += bothRunning * (1 - (a + 2 * b + c) ** m)
    bothRunning *= a ** m
  }
  return faulted
}
