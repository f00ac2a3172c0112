/** The ping kind's own reasons, beyond COMMON_REASONS (which the pipeline checks first), in the order verify checks them. */
export const PING_REASONS = {
  UNKNOWN_CHALLENGE: 'The pong names a challenge the network did not issue this epoch: made up, from another epoch, or from another kind.',
  NOT_YOUR_CHALLENGE: 'The pong answers a challenge issued to another device: one device (or one server) answering for others.',
  ANSWERED_EARLY: "The pong's timestamp is before the challenge was issued: stamped before the device could have been asked.",
  ANSWERED_LATE: "The pong's timestamp is after the challenge's deadline (issued at + responseWindowMs): the device did not answer in time.",
  WRONG_ANSWER: 'The answer is not keccak256(nonce ‖ device id) for the challenge it names: the device did not read the challenge, or guessed.',
  STAKE_TOO_LOW: "The device's stake at the epoch's end is below minStake: it unbonded after it was challenged, or never bonded enough.",
  DUPLICATE_ANSWER: 'Another pong to the same challenge came first (earlier timestamp, then lower sequence): each challenge is answered once.',
} as const satisfies Record<string, string>

export type PingReason = keyof typeof PING_REASONS
