// A mobile network (Helium Mobile-style small cells: Wi-Fi and CBRS radios prove coverage with
// heartbeats, speedtests and validated locations, and earn from the subscriber data a carrier
// pays for): `pinion init --kind mobile` writes this file, and `npx pinion up` runs it on the
// embedded devnet. Every mobile parameter and reason code, with its source and the attack it
// stops: docs/mobile.md.
import { defineNetwork } from '@pinion/cli'
import { mobileParams } from '@pinion/kinds/mobile'

export default defineNetwork({
  name: 'Pinion Mobile',
  // 30-second epochs so rewards show up within a minute; Helium's are 24 h.
  epochs: { durationSeconds: 30, initialEmission: 10_000n, halvingInterval: 0, lateReportMs: 6_000 },
  // The mobile kind's budget (coverage + data, 9,500 bps) is re-divided every epoch: data "eats
  // first" (HIP-147/148), up to dataMaxBps (70 %) as carriers' bytes reach dataFullBytes, and
  // coverage gets the rest. The 6,500 / 3,000 here only add up the budget.
  pools: { 'mobile.coverage': 6_500, 'mobile.data': 3_000, treasury: 500 },
  kinds: {
    mobile: mobileParams({
      // Helium counts hourly heartbeats, 12 of a 24 h epoch's 24. A 30 s epoch keeps the ratio:
      // a heartbeat period of 2.5 s, 6 of the epoch's 12 periods required.
      heartbeatPeriodMs: 2_500n,
      minHeartbeatPeriods: 6,
      // The data pool is full at 1 GB an epoch (the simulated fleet carries a few hundred MB).
      dataFullBytes: 1_000_000_000n,
      // Everything else keeps Helium's values: the latest 6 speedtests (at least 2), HRP-20251107's
      // location trust (×1 to 300 m, ×0.25 to 400 m), HIP-74/93 points ranked per hex (HIP-105),
      // 3 unique subscribers to be paid for coverage, 100,000 bytes a credit. For Pollen's rule
      // (one point per unique hex, to its best-ranked radio), set coverageRule: 'pollen'.
    }),
  },
  oracles: { count: 3, quorum: 2 },
  fleet: {
    devices: 20,
    behaviours: { honest: 12, 'location-spoofer': 2, 'speedtest-faker': 2, 'no-service': 2, crowder: 2 },
    seed: 42,
  },
})
