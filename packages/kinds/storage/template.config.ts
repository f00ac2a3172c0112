// A storage network (providers keep customers' files and prove it every epoch with Merkle proofs of
// leaves drawn from chain entropy, Filecoin PDP's way, paid from each deal's escrow for the periods
// they prove): `pinion init --kind storage` writes this file, and `npx pinion up` runs it on the
// embedded devnet. Every storage parameter and reason code, with the attack it stops:
// packages/kinds/storage/docs.md.
import { defineNetwork } from '@pinion/cli'
import { storageParams } from '@pinion/kinds/storage'

export default defineNetwork({
  name: 'Pinion Storage',
  // 30-second epochs, each a proving period (Filecoin's is a day). 1,000 tokens an epoch rewards
  // storage proven held, beside what each deal's escrow pays its provider per proven period.
  epochs: { durationSeconds: 30, initialEmission: 1_000n, halvingInterval: 0, lateReportMs: 5_000 },
  pools: { 'storage.proven': 9_000, treasury: 1_000 },
  kinds: {
    storage: storageParams({
      // PDP's 5 leaves a deal a period, answered within 10 s of the epoch's start (PDP: 30 min of a day).
      challengesPerProof: 5,
      responseWindowMs: 10_000n,
      // Filecoin terminates a sector after 42 faulty days; the devnet after 3 faulty epochs in a row.
      maxConsecutiveFaults: 3,
    }),
  },
  oracles: { count: 3, quorum: 2 },
  // `pinion up` makes a deal with every provider (3 seeded pieces of 127 KiB, 1 token a period,
  // 50 tokens of collateral, 5 a fault), and each accepts it.
  fleet: {
    devices: 12,
    behaviours: { honest: 6, flaky: 1, late: 1, dropper: 1, corrupter: 1, sybil: 1, repeater: 1 },
    seed: 42,
  },
})
