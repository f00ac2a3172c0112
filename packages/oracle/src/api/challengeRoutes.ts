import { challengeToJson } from '@pinion/kinds'
import type { FastifyInstance } from 'fastify'
import { OracleError } from '../errors.ts'
import type { EpochChallenges } from '../service/challengeBoard.ts'
import { parseDeviceId, parseEpoch } from './context.ts'
import { challengesResponse } from './responseSchemas.ts'
import { deviceIdSchema, epochSchema, querySchema } from './schemas.ts'

/** The longest a device may wait on one request for an epoch's challenges to be issued (long-poll). */
const MAX_CHALLENGE_WAIT_MS = 30_000
/** How often a waiting request looks again. */
const CHALLENGE_POLL_MS = 250

/**
 * GET /v1/challenges?epoch=N[&deviceId=0x…][&waitMs=…]: the challenges the network's kinds put to
 * devices in epoch N (all, or one device's), as JSON with their ids. They are fixed once the epoch
 * has begun (derived from its entropy block); before that the answer waits up to `waitMs` for it to
 * begin (a long-poll), then says PINION_ERR_EPOCH_NOT_STARTED, which a device retries.
 */
export function registerChallengeRoutes(app: FastifyInstance, challengesOf: (epoch: bigint) => Promise<EpochChallenges>): void {
  app.get<{ Querystring: { epoch: string; deviceId?: string; waitMs: number } }>(
    '/v1/challenges',
    {
      schema: {
        querystring: {
          ...querySchema({
            epoch: epochSchema,
            deviceId: deviceIdSchema,
            waitMs: { type: 'integer', minimum: 0, maximum: MAX_CHALLENGE_WAIT_MS, default: 0, description: `whole milliseconds from 0 to ${MAX_CHALLENGE_WAIT_MS}` },
          }),
          required: ['epoch'],
        },
        response: { 200: challengesResponse },
      },
    },
    async (request) => {
      const epoch = parseEpoch(request.query.epoch)
      const device = request.query.deviceId === undefined ? undefined : parseDeviceId(request.query.deviceId)
      const deadline = Date.now() + request.query.waitMs
      let found = await challengesOf(epoch)
      while (found.status === 'not-started' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, CHALLENGE_POLL_MS))
        found = await challengesOf(epoch)
      }
      if (found.status === 'not-started') throw new OracleError('PINION_ERR_EPOCH_NOT_STARTED', `epoch ${epoch} has not begun on chain; its challenges are not fixed yet`)
      const challenges = device === undefined ? found.challenges : found.challenges.filter((c) => c.deviceId === device)
      return { epoch: epoch.toString(), challenges: challenges.map(challengeToJson) }
    },
  )
}
