import { type ComputePayload, MODULE_CHUNK_BYTES, encodeComputePayload, resultCommitment } from '@pinion/kinds/compute'
import type { Hex } from 'viem'
import type { DeviceAgent } from '../agent/agent.ts'
import type { JobStore, ReportMark } from './jobStore.ts'

/** The epoch the reports are for: its number and its window (Unix ms, end exclusive). */
export type ProviderEpoch = { epoch: bigint; startMs: bigint; endMs: bigint }

/** A report to sign and send, and what to record in the store once the device agent has taken it (null: nothing yet). */
export type ScheduledReport = { timestampMs: bigint; payloadType: ComputePayload['type']; payload: ComputePayload; bytes: Uint8Array; mark: ReportMark | null }

/** What the schedule reads of the node's store. */
export type ProviderStoreView = Pick<JobStore, 'leaseIds' | 'lease' | 'module' | 'input'>

/**
 * The reports a compute provider sends in `epoch`, from what its store holds and has sent already:
 * the schedule simulate.ts's honest provider follows, for real runs and a real customer.
 * - each lease's job report, once per epoch the lease is active (`leaseIds`: the leases the chain
 *   says are running; default every lease in the store);
 * - a commitment to each task run to a result and not committed to yet, with the task's salt (random,
 *   drawn when the result was kept: jobStore.ts);
 * - the reveal of each task committed to in an earlier epoch, not revealed yet, whose usage the
 *   customer counter-signed (a task the customer has not counter-signed waits: its reveal would be
 *   USAGE_NOT_COUNTERSIGNED);
 * - in an epoch it reveals anything, the module's chunks (MODULE_CHUNK_BYTES each), once per module
 *   per epoch, so every oracle can re-execute a sampled reveal from what this device published.
 * Every report is stamped `nowMs`, kept within the epoch; in the order job, chunks, commits, reveals.
 * Pure: the same store state, epoch and time give the same reports. The caller sends them (in order)
 * and records each mark once its report is in the device's outbox (sendProviderReports), so nothing
 * is sent twice in one epoch, and a report not sent is scheduled again.
 */
export function scheduleProviderReports(store: ProviderStoreView, input: { deviceId: Hex; epoch: ProviderEpoch; nowMs: bigint; leaseIds?: readonly bigint[] }): ScheduledReport[] {
  const { deviceId, epoch } = input
  const timestampMs = input.nowMs < epoch.startMs ? epoch.startMs : input.nowMs >= epoch.endMs ? epoch.endMs - 1n : input.nowMs
  const all = store.leaseIds().map((id) => store.lease(id)!)
  const active = input.leaseIds === undefined ? all : all.filter((lease) => input.leaseIds!.includes(lease.leaseId))
  // Modules this device already published this epoch (for any lease): once per epoch is enough.
  const published = new Set(all.filter((lease) => lease.modulePublishedEpoch === epoch.epoch).map((lease) => lease.manifest.module))
  const jobs: ScheduledReport[] = []
  const chunks: ScheduledReport[] = []
  const commits: ScheduledReport[] = []
  const reveals: ScheduledReport[] = []
  const scheduled = (payload: ComputePayload, mark: ReportMark | null): ScheduledReport => ({
    timestampMs,
    payloadType: payload.type,
    payload,
    bytes: encodeComputePayload(payload),
    mark,
  })

  for (const lease of active) {
    const { leaseId } = lease
    if (lease.jobReportedEpoch !== epoch.epoch) jobs.push(scheduled({ type: 'job', leaseId, manifest: lease.manifestBytes }, { kind: 'job', leaseId, epoch: epoch.epoch }))
    let revealing = false
    for (const t of lease.tasks) {
      if (t.state !== 'done' || t.result === null || t.salt === null) continue
      if (t.committedEpoch === null) {
        const commitment = resultCommitment(t.result.resultHash, deviceId, t.salt)
        commits.push(scheduled({ type: 'task-commit', leaseId, task: t.task, commitment }, { kind: 'commit', leaseId, task: t.task, epoch: epoch.epoch }))
      } else if (t.committedEpoch < epoch.epoch && t.revealedEpoch === null && t.usageSignature !== null) {
        revealing = true
        const { exitCode, fuelUsed, resultHash } = t.result
        reveals.push(
          scheduled(
            { type: 'task-reveal', leaseId, task: t.task, input: store.input(leaseId, t.task), exitCode, fuelUsed, resultHash, salt: t.salt, usageSignature: t.usageSignature },
            { kind: 'reveal', leaseId, task: t.task, epoch: epoch.epoch },
          ),
        )
      }
    }
    const moduleHash = lease.manifest.module
    if (revealing && !published.has(moduleHash)) {
      published.add(moduleHash)
      const module = store.module(leaseId)
      const count = Math.ceil(module.length / MODULE_CHUNK_BYTES)
      for (let index = 0; index < count; index++) {
        const data = module.subarray(index * MODULE_CHUNK_BYTES, (index + 1) * MODULE_CHUNK_BYTES)
        // The mark goes with the last chunk: a module half sent is sent again whole (the oracles keep the first of each chunk).
        chunks.push(scheduled({ type: 'module-chunk', module: moduleHash, index, count, data }, index === count - 1 ? { kind: 'module', leaseId, epoch: epoch.epoch } : null))
      }
    }
  }
  return [...jobs, ...chunks, ...commits, ...reveals]
}

/**
 * Schedules the epoch's reports (scheduleProviderReports), hands each to the device agent (signed with
 * the sequence it persists and appended to its outbox, fsynced; its flush sends them) in order, and
 * records each one's mark once the agent has it. A crash between the two sends that one report again
 * in the same epoch, which the oracles reject as a duplicate; it never leaves a report unsent.
 */
export async function sendProviderReports(
  store: JobStore,
  agent: Pick<DeviceAgent, 'report'>,
  input: { deviceId: Hex; epoch: ProviderEpoch; nowMs: bigint; leaseIds?: readonly bigint[] },
): Promise<ScheduledReport[]> {
  const reports = scheduleProviderReports(store, input)
  for (const report of reports) {
    await agent.report(report.payloadType, report.bytes, report.timestampMs)
    if (report.mark !== null) store.recordReported(report.mark)
  }
  return reports
}
