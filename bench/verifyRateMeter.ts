import type { DeviceKey } from '@pinion/protocol'
import { verifyDeviceSignature } from '@pinion/protocol'

/** A signed message to verify again and again. */
export type VerifySample = { key: DeviceKey; message: Uint8Array; signature: Uint8Array }

/**
 * One core's raw ed25519 verify rate, the unit the ingest benchmarks divide by: `measure()` verifies
 * `sample` round robin for `sampleMs` and returns verifies per second (taken before and after the
 * run under test, since other load on the machine may change meanwhile); `cpuUsPerVerify()` is this
 * process's CPU (user + system) per verify over every measurement so far.
 */
export function verifyRateMeter(sample: readonly VerifySample[], sampleMs: number) {
  let cpuUs = 0
  let count = 0
  return {
    measure(): number {
      let verified = 0
      const start = performance.now()
      const cpu = process.cpuUsage()
      while (performance.now() - start < sampleMs) {
        const item = sample[verified % sample.length]!
        if (!verifyDeviceSignature('ed25519', item.key.publicKey, item.message, item.signature)) throw new Error('a sample signature did not verify')
        verified++
      }
      const used = process.cpuUsage(cpu)
      cpuUs += used.user + used.system
      count += verified
      return (verified * 1000) / (performance.now() - start)
    },
    cpuUsPerVerify: () => cpuUs / count,
  }
}
