// A compute network (customers order WebAssembly jobs, providers win them in a reverse auction,
// commit to each result before revealing it, and every oracle re-executes a random sample before
// anyone is paid): `pinion init --kind compute` writes this file, and `npx pinion up` runs it on the
// embedded devnet. Every compute parameter and reason code, with the attack it stops:
// packages/kinds/compute/docs.md.
import { defineNetwork } from '@pinion/cli'
import { computeParams } from '@pinion/kinds/compute'

export default defineNetwork({
  name: 'Pinion Compute',
  // 30-second epochs. 1,000 tokens an epoch reward verified work by its fuel, beside what each
  // lease's escrow pays its provider by the second.
  epochs: { durationSeconds: 30, initialEmission: 1_000n, halvingInterval: 0, lateReportMs: 5_000 },
  pools: { 'compute.verified': 9_000, treasury: 1_000 },
  kinds: {
    compute: computeParams({
      // On the devnet every oracle re-executes every revealed task, so each adversary is caught in
      // its first epoch; a production network samples 10 % (the default): `npm run bench:compute`
      // prints what each rate costs and catches.
      sampleRatePpm: 1_000_000,
      // A result is revealed within 3 epochs of its commitment; a started lease with no commitment
      // for 2 epochs is a no-show.
      revealEpochs: 3,
      noShowEpochs: 2,
    }),
  },
  oracles: { count: 3, quorum: 2 },
  // `pinion up` has the customer order a ray-traced image (8 bands) once per provider; each provider
  // wins one order in a reverse auction and starts its lease.
  fleet: {
    devices: 8,
    behaviours: { honest: 4, lazy: 1, overclaimer: 1, copier: 1, 'no-show': 1 },
    seed: 42,
  },
})
