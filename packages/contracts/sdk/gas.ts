/**
 * The gas to send a call with, from its estimate: a quarter more, plus one fresh storage slot.
 *
 * An estimate holds only for the state it was made against. A transaction mined a moment later, in
 * the next epoch, can write storage the estimate did not: Credits records each epoch's first burn
 * and first card-payment mint in a new slot (~20,000 gas more than adding to the slot of the epoch
 * before). Sent with the bare estimate, such a call runs out of gas and reverts, although it would
 * have succeeded. Unused gas is not charged.
 */
export const withGasHeadroom = (estimate: bigint): bigint => estimate + estimate / 4n + 25_000n
