import type { FastifyInstance } from 'fastify'
import { registerActivityRoutes } from './activityRoutes.ts'
import { registerChallengeRoutes } from './challengeRoutes.ts'
import { registerConsensusRoutes } from './consensusRoutes.ts'
import type { ApiContext } from './context.ts'
import { registerComputeRoutes } from './computeRoutes.ts'
import { registerCoverageRoutes } from './coverageRoutes.ts'
import { registerDeviceHistoryRoutes } from './deviceHistoryRoutes.ts'
import { registerDeviceRoutes } from './deviceRoutes.ts'
import { registerEmissionRoutes } from './emissionRoutes.ts'
import { registerEpochRecipientRoutes } from './epochRecipientRoutes.ts'
import { registerEpochRoutes } from './epochRoutes.ts'
import { registerReasonRoutes } from './reasonRoutes.ts'
import { registerRecipientRoutes } from './recipientRoutes.ts'
import { registerRejectionRoutes } from './rejectionRoutes.ts'
import { strictIntegerQuery } from './schemas.ts'
import { registerStatusRoutes } from './statusRoutes.ts'
import { registerStorageRoutes } from './storageRoutes.ts'

/**
 * Mounts the read API. Its errors answer `{ code, message }` with the code's status once the server
 * uses errorPlugin.ts (pinionServerOptions and useErrorHandling).
 */
export function registerApi(app: FastifyInstance, context: ApiContext): void {
  app.addHook('preValidation', strictIntegerQuery)
  registerStatusRoutes(app, context)
  registerEpochRoutes(app, context)
  registerConsensusRoutes(app, context)
  registerDeviceRoutes(app, context)
  registerRejectionRoutes(app, context)
  registerRecipientRoutes(app, context)
  // What devices read: the challenges put to them.
  if (context.challenges !== undefined) registerChallengeRoutes(app, context.challenges)
  // What the explorer reads besides: charts, map, histories, reason words.
  registerEmissionRoutes(app, context)
  registerActivityRoutes(app, context)
  registerCoverageRoutes(app, context)
  registerDeviceHistoryRoutes(app, context)
  registerEpochRecipientRoutes(app, context)
  registerReasonRoutes(app, context)
  // The storage kind's deals, periods and providers (empty where the network runs no storage kind).
  registerStorageRoutes(app, context)
  // The compute kind's orders, bids, leases and providers (empty where the network runs no compute kind).
  registerComputeRoutes(app, context)
}
