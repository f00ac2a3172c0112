import type { FastifyError, FastifyInstance } from 'fastify'
import { PinionError } from '@pinion/protocol'
import { OracleError } from '../errors.ts'
import { registerActivityRoutes } from './activityRoutes.ts'
import { registerConsensusRoutes } from './consensusRoutes.ts'
import type { ApiContext } from './context.ts'
import { registerCoverageRoutes } from './coverageRoutes.ts'
import { registerDeviceHistoryRoutes } from './deviceHistoryRoutes.ts'
import { registerDeviceRoutes } from './deviceRoutes.ts'
import { registerEmissionRoutes } from './emissionRoutes.ts'
import { registerEpochRecipientRoutes } from './epochRecipientRoutes.ts'
import { registerEpochRoutes } from './epochRoutes.ts'
import { registerReasonRoutes } from './reasonRoutes.ts'
import { registerRecipientRoutes } from './recipientRoutes.ts'
import { registerStatusRoutes } from './statusRoutes.ts'

/** Mounts the read API. Errors with a code answer `{ code, message }` with the code's status. */
export function registerApi(app: FastifyInstance, context: ApiContext): void {
  registerStatusRoutes(app, context)
  registerEpochRoutes(app, context)
  registerConsensusRoutes(app, context)
  registerDeviceRoutes(app, context)
  registerRecipientRoutes(app, context)
  // What the explorer reads besides: charts, map, histories, reason words.
  registerEmissionRoutes(app, context)
  registerActivityRoutes(app, context)
  registerCoverageRoutes(app, context)
  registerDeviceHistoryRoutes(app, context)
  registerEpochRecipientRoutes(app, context)
  registerReasonRoutes(app, context)
}

/** Maps an error to the response the API sends: stable code, status, message. */
export function errorResponse(error: FastifyError | Error): { status: number; body: { code: string; message: string } } {
  if (error instanceof OracleError) return { status: error.status, body: { code: error.code, message: error.message } }
  if (error instanceof PinionError) return { status: 400, body: { code: error.code, message: error.message } }
  const fastifyError = error as FastifyError
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, body: { code: fastifyError.code ?? 'PINION_ERR_BAD_REQUEST', message: fastifyError.message } }
  }
  return { status: 500, body: { code: 'PINION_ERR_INTERNAL', message: 'internal error' } }
}
