// A wireless network (Helium-style proof of coverage, with usage paid first): `pinion init --kind
// wireless` writes this file, and `npx pinion up` runs it on the embedded devnet. Every wireless
// parameter, its unit and where its default comes from: docs/wireless.md.
import { defineNetwork } from '@pinion/cli'
import { wirelessParams } from '@pinion/kinds/wireless'

export default defineNetwork({
  name: 'Pinion Wireless',
  // One-minute epochs so rewards show up quickly; Helium's are 24 h.
  epochs: { durationSeconds: 60, initialEmission: 10_000n, halvingInterval: 0, lateReportMs: 6_000 },
  // The wireless kind's budget (coverage + usage, 9,500 bps) is re-divided every epoch by its usage
  // schedule: the more data hotspots carry, the more of it pays for usage instead of coverage.
  pools: { 'wireless.coverage': 8_500, 'wireless.usage': 1_000, treasury: 500 },
  kinds: {
    wireless: wirelessParams({
      // Helium's windows are hours long; a one-minute epoch scales them down and keeps their ratios:
      // four beacon windows per epoch (Helium: 6 h of 24 h), reciprocity over two epochs (48 h),
      // HIP-17 activity over two and a half (60 h), a judged hotspot held for two (48 h).
      // Everything else keeps Helium's values.
      beaconIntervalMs: 15_000n,
      reciprocityWindowMs: 120_000n,
      hexDensityWindowMs: 150_000n,
      heldWindowMs: 120_000n,
      travelCooldownMs: 60_000n,
    }),
  },
  oracles: { count: 3, quorum: 2 },
  fleet: {
    devices: 60,
    behaviours: {
      honest: 44,
      'gps-spoofer': 3,
      sybil: 4,
      'witness-ring': 5,
      'beacon-replayer': 2,
      relay: 2,
    },
    seed: 42,
  },
})
