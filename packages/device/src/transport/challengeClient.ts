import { type Challenge, type ChallengeJson, challengeFromJson } from '@pinion/kinds'
import type { Hex } from 'viem'
import { DeviceError } from '../errors.ts'
import type { FetchLike } from './ingestClient.ts'

/** The oracle's challenge endpoint (packages/oracle/src/api/challengeRoutes.ts). */
export const CHALLENGES_PATH = '/v1/challenges'

/** What asking for an epoch's challenges came to: the device's challenges, or "not yet" (the epoch has not begun on chain). */
export type ChallengesOutcome = { type: 'issued'; challenges: Challenge[] } | { type: 'not-started' }

/**
 * Asks an oracle for the challenges put to `deviceId` in `epoch`, waiting up to `waitMs` on the
 * oracle for the epoch to begin (a long-poll). Every challenge is checked against its id
 * (challengeFromJson) and must name this device and epoch: an oracle cannot make a device answer
 * a question it was not asked.
 */
export async function fetchChallenges(
  oracleUrl: string,
  query: { epoch: bigint; deviceId: Hex; waitMs?: number },
  options: { fetch?: FetchLike; signal?: AbortSignal } = {},
): Promise<ChallengesOutcome> {
  const url = new URL(CHALLENGES_PATH, oracleUrl.endsWith('/') ? oracleUrl : `${oracleUrl}/`)
  url.searchParams.set('epoch', query.epoch.toString())
  url.searchParams.set('deviceId', query.deviceId)
  if (query.waitMs !== undefined) url.searchParams.set('waitMs', String(query.waitMs))
  const response = await (options.fetch ?? fetch)(url.toString(), { method: 'GET', ...(options.signal === undefined ? {} : { signal: options.signal }) })
  const body = (await response.json().catch(() => null)) as { code?: string; message?: string; challenges?: ChallengeJson[] } | null
  if (response.status === 409 && body?.code === 'PINION_ERR_EPOCH_NOT_STARTED') return { type: 'not-started' }
  if (!response.ok || !Array.isArray(body?.challenges)) {
    throw new DeviceError(
      'PINION_ERR_CHALLENGES',
      `${url.origin} answered ${response.status} for epoch ${query.epoch}'s challenges${body?.code === undefined ? '' : ` (${body.code}: ${body.message})`}`,
    )
  }
  const challenges = body.challenges.map((json) => {
    const challenge = challengeFromJson(json)
    if (challenge.deviceId !== query.deviceId.toLowerCase() || challenge.epoch !== query.epoch) {
      throw new DeviceError(
        'PINION_ERR_CHALLENGES',
        `${url.origin} served challenge ${challenge.challengeId} of device ${challenge.deviceId}, epoch ${challenge.epoch}; asked for ${query.deviceId}, epoch ${query.epoch}`,
      )
    }
    return challenge
  })
  return { type: 'issued', challenges }
}
