// An uptime network (devices earn for being online, Helium Mobile's heartbeat rule): `pinion init
// --kind uptime` writes this file, and `npx pinion up` runs it on the embedded devnet.
import { defineNetwork } from '@pinion/cli'
import { uptimeParams } from '@pinion/kinds/uptime'

export default defineNetwork({
  name: 'Pinion Uptime',
  // Ten-second epochs: the first devices are paid within half a minute of `npx pinion up`.
  epochs: { durationSeconds: 10, initialEmission: 10_000n, halvingInterval: 0, lateReportMs: 3_000 },
  pools: { 'uptime.uptime': 9_500, treasury: 500 }, // basis points of each epoch's emission
  kinds: { uptime: uptimeParams({ subIntervalMs: 2_000 }) }, // five 2 s sub-intervals a 10 s epoch, half of them required
  oracles: { count: 3, quorum: 2 },
  fleet: { devices: 20, behaviours: { honest: 13, flaky: 3, offline: 1, forger: 1, replayer: 1, 'wrong-network': 1 }, seed: 42 },
})
