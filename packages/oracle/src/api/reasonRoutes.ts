import type { FastifyInstance } from 'fastify'
import type { ApiContext } from './context.ts'
import { reasonsResponse } from './responseSchemas.ts'

export function registerReasonRoutes(app: FastifyInstance, context: ApiContext): void {
  // Every reason code this network's pipeline and kinds can give, in words: clients (the explorer)
  // explain any verdict, of any kind, without knowing the kinds themselves.
  app.get('/v1/reasons', { schema: { response: { 200: reasonsResponse } } }, async () => ({ reasons: context.reasons }))
}
