import type { Challenge } from '@pinion/kinds'
import type { Hex } from 'viem'

export type { Challenge } from '@pinion/kinds'

/** A report that answers a challenge; the agent signs it with the next sequence and sends it like any other. */
export type ChallengeResponse = { payloadType: string; payload: Uint8Array }

/**
 * The extension point: returns the response report, or null to ignore the challenge. It never gets
 * the device key, only what it needs to build a payload: the agent does all signing, so a handler
 * cannot make the device sign anything but a report.
 */
export type ChallengeHandler = (challenge: Challenge, device: { deviceId: Hex }) => ChallengeResponse | null | Promise<ChallengeResponse | null>
