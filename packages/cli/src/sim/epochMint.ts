/**
 * What one epoch mints: its scheduled emission plus, under HIP-20 net emissions, the tokens burnt
 * in it re-minted up to a cap per epoch, all within the token's cap. The contracts' rule: supply
 * never exceeds the cap, whatever the cap leaves no room for is not minted (and not owed later), and
 * supply burnt makes room again.
 */

/**
 * HIP-20 net emissions: the tokens burnt in an epoch are minted again as rewards, up to
 * `netEmissionCapPerEpoch` (Helium: 1,643.83561643 HNT per daily epoch). A cap of 0 turns it off.
 */
export function netEmission(burned: bigint, netEmissionCapPerEpoch: bigint): bigint {
  if (burned < 0n) throw new RangeError(`burned is ${burned}, expected 0 or more`)
  if (netEmissionCapPerEpoch < 0n) throw new RangeError(`netEmissionCapPerEpoch is ${netEmissionCapPerEpoch}, expected 0 or more`)
  return burned < netEmissionCapPerEpoch ? burned : netEmissionCapPerEpoch
}

export type EpochMint = {
  /** The schedule's emission for the epoch (emissionOf). */
  scheduled: bigint
  /** The burn re-minted (netEmission), before the cap. */
  netEmission: bigint
  /** What is minted: `min(scheduled + netEmission, cap - supply)`. */
  minted: bigint
  /** What the cap left no room for: `scheduled + netEmission - minted`. It is never minted. */
  clipped: bigint
}

/**
 * The epoch's mint given `supply` after the epoch's burns (the release comes after the epoch ends,
 * so its burns have already made room): as `Emissions.release` clamps `amount` to `cap - totalSupply`.
 */
export function epochMint(scheduled: bigint, netEmissionAmount: bigint, supply: bigint, cap: bigint): EpochMint {
  if (supply > cap) throw new RangeError(`supply ${supply} is above the cap ${cap}`)
  if (scheduled < 0n || netEmissionAmount < 0n) throw new RangeError(`a mint of ${scheduled} + ${netEmissionAmount}: expected amounts of 0 or more`)
  const wanted = scheduled + netEmissionAmount
  const room = cap - supply
  const minted = wanted < room ? wanted : room
  return { scheduled, netEmission: netEmissionAmount, minted, clipped: wanted - minted }
}
