// A ping network (staked devices answer challenges drawn from chain entropy, and earn for answering
// and for the service customers pay them for): `pinion init --kind ping` writes this file, and
// `npx pinion up` runs it on the embedded devnet. Every ping parameter and reason code, with the
// attack it stops: packages/kinds/ping/docs.md.
import { defineNetwork } from '@pinion/cli'
import { pingParams } from '@pinion/kinds/ping'

export default defineNetwork({
  name: 'Pinion Ping',
  // 30-second epochs so rewards show up within a minute. 1,000 tokens an epoch keeps the service
  // pool within reach of what the devnet's customer pays (tens of tokens an epoch).
  epochs: { durationSeconds: 30, initialEmission: 1_000n, halvingInterval: 0, lateReportMs: 5_000 },
  // The ping kind's budget is its two pools together (9,000 bps = 900 tokens an epoch). Every epoch
  // its splitPools re-divides it by revenue: the service pool grows with what customers paid, up to
  // serviceMaxBps (half), and availability gets the rest. The 6,000 / 3,000 here only add up the budget.
  pools: { 'ping.availability': 6_000, 'ping.service': 3_000, treasury: 1_000 },
  kinds: {
    ping: pingParams({
      // Four challenges a device an epoch, one in each quarter, each answered within 5 s.
      challengesPerEpoch: 4,
      responseWindowMs: 5_000n,
      // 100 tokens bonded per device (the token has 18 decimals); `pinion up` bonds it for every
      // device but the `understaked` ones, which bond half.
      minStake: 100n * 10n ** 18n,
      // The service pool is full at 500 tokens of revenue an epoch, above its largest emission
      // (half of 900 = 450 tokens): paying for your own device's service never mints more than it burns.
      serviceMaxBps: 5_000,
      serviceFullRevenue: 500n * 10n ** 18n,
    }),
  },
  oracles: { count: 3, quorum: 2 },
  fleet: {
    devices: 20,
    behaviours: { honest: 12, late: 2, silent: 1, understaked: 2, impostor: 1, early: 1, repeater: 1 },
    seed: 42,
  },
})
