import type { Hex } from 'viem'

/**
 * A challenge a kind's verifier issues to a device (e.g. "transmit this beacon", "prove you hold
 * this sector"). How challenges reach the device (polling, MQTT) is for the transport that
 * delivers them; the agent only answers.
 */
export type Challenge = {
  /** Issuer-chosen id, echoed by the kind's response payload as the kind defines. */
  id: string
  /** The kind that issued it, e.g. "wireless". */
  kind: string
  /** The kind's challenge type, e.g. "beacon". */
  challengeType: string
  /** The kind's challenge message, encoded. */
  payload: Uint8Array
  issuedAtMs: bigint
}

/** A report that answers a challenge; the agent signs it with the next sequence and sends it like any other. */
export type ChallengeResponse = { payloadType: string; payload: Uint8Array }

/**
 * The extension point: returns the response report, or null to ignore the challenge. It never gets
 * the device key, only what it needs to build a payload: the agent does all signing, so a handler
 * cannot make the device sign anything but a report.
 */
export type ChallengeHandler = (challenge: Challenge, device: { deviceId: Hex }) => ChallengeResponse | null | Promise<ChallengeResponse | null>
