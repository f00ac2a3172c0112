import type { EpochWindow } from '@pinion/kinds'
import type { Hex } from 'viem'
import type { ComputedEpoch } from '../epoch/computeOffThread.ts'
import type { Db } from '../store/db.ts'

const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))

/** How an epoch's input set was decided: a proposal this oracle adopted, or a committed root's published inputs. */
export type Provenance = { proposal: { version: number; round: number } } | { recovered: true }

/**
 * Stores an epoch's result in one transaction: the epoch row, its sealed inputs (report ids), every
 * verdict, every share with its explanation, the pool allocations, the usage receipts it charged,
 * the slash orders it called for, what operators' delegators were paid, and the cumulative amounts.
 * Either all of it is there, or none of it (a crash mid-way leaves the epoch to be computed again).
 */
export async function saveEpoch(
  db: Db,
  window: EpochWindow,
  endBlock: bigint,
  emission: bigint,
  inputs: readonly Hex[],
  result: ComputedEpoch,
  computedAtMs: bigint,
  provenance: Provenance,
): Promise<void> {
  const epoch = result.epoch.toString()
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into epochs (epoch, start_ms, end_ms, entropy, inputs_hash, params_hash, emission, root, total_cumulative,
                           report_count, valid_count, device_count, computed_at_ms, end_block, carried,
                           proposal_version, proposal_round, recovered, rules, params_document, credits)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
      [
        epoch,
        window.startMs.toString(),
        window.endMs.toString(),
        window.entropy,
        result.inputsHash,
        result.paramsHash,
        emission.toString(),
        result.root,
        result.totalCumulative.toString(),
        result.counts.reports,
        result.counts.valid,
        result.counts.devices,
        computedAtMs.toString(),
        endBlock.toString(),
        json(Object.fromEntries(result.carried)),
        'proposal' in provenance ? provenance.proposal.version : null,
        'proposal' in provenance ? provenance.proposal.round : null,
        'recovered' in provenance,
        json(Object.fromEntries(result.rules)),
        result.paramsDocument,
        result.credits === null ? null : json({ creditsPerToken: result.credits.creditsPerToken, charged: Object.fromEntries(result.credits.charged) }),
      ],
    )
    await insertRows(
      tx,
      'epoch_inputs',
      ['epoch', 'report_id'],
      inputs.map((id) => [epoch, id]),
    )
    await insertRows(
      tx,
      'verdicts',
      ['epoch', 'report_id', 'device_id', 'sequence', 'valid', 'reason'],
      result.verdicts.filter((v) => v.deviceId !== null).map((v) => [epoch, v.reportId, v.deviceId, v.sequence?.toString() ?? '0', v.valid, v.reason]),
    )
    await insertRows(
      tx,
      'shares',
      ['epoch', 'device_id', 'pool', 'recipient', 'base', 'weight', 'multipliers', 'inputs', 'amount'],
      result.shares.map((s) => [
        epoch,
        s.deviceId,
        s.pool,
        s.recipient.toLowerCase(),
        s.base.toString(),
        s.weight.toString(),
        json(s.multipliers),
        json(s.inputs),
        s.amount.toString(),
      ]),
    )
    await insertRows(
      tx,
      'pool_allocations',
      ['epoch', 'pool', 'basis_points', 'allocation', 'paid', 'remainder', 'total_weight'],
      result.pools.map((p) => [epoch, p.pool, p.basisPoints, p.allocation.toString(), p.paid.toString(), p.remainder.toString(), p.totalWeight.toString()]),
    )
    await insertRows(
      tx,
      'credit_receipts',
      ['epoch', 'position', 'receipt_id', 'kind', 'report_id', 'device_id', 'service_key', 'credits'],
      (result.credits?.receipts ?? []).map((r, position) => [epoch, position, r.receiptId, r.kind, r.reportId, r.deviceId, r.serviceKey, r.credits.toString()]),
    )
    await insertRows(
      tx,
      'slash_orders',
      ['epoch', 'device_id', 'reason', 'evidence', 'evidence_hash', 'amount'],
      result.slashOrders.map((o) => [epoch, o.deviceId, o.reason, json(o.evidence), o.evidenceHash, o.amount.toString()]),
    )
    await insertRows(
      tx,
      'kind_settlements',
      ['epoch', 'kind', 'position', 'record'],
      [...result.settlements].flatMap(([kind, records]) => records.map((record, position) => [epoch, kind, position, json(record)])),
    )
    await insertRows(
      tx,
      'delegator_payments',
      ['epoch', 'operator', 'delegator', 'amount'],
      result.delegations.map((d) => [epoch, d.operator, d.delegator, d.amount.toString()]),
    )
    await insertRows(
      tx,
      'cumulative',
      ['epoch', 'recipient', 'amount'],
      result.cumulative.map((c) => [epoch, c.recipient.toLowerCase(), c.cumulativeAmount.toString()]),
    )
  })
}

/**
 * Discards what this oracle computed for `epoch` and every later one: they build on a cumulative
 * state the chain did not commit. What it signed stays (root_signatures), so it never signs a second
 * root for an (epoch, version) it already signed.
 */
export async function discardEpochsFrom(db: Db, epoch: bigint): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of [
      'epoch_inputs',
      'verdicts',
      'shares',
      'pool_allocations',
      'cumulative',
      'credit_receipts',
      'slash_orders',
      'kind_settlements',
      'delegator_payments',
      'epochs',
    ]) {
      await tx.query(`delete from ${table} where epoch >= $1`, [epoch.toString()])
    }
  })
}

/**
 * Multi-row INSERTs in chunks of at most 2,000 rows: under PostgreSQL's 65,535 bind parameters, and
 * small enough that PGlite, which runs a statement without yielding, never holds the oracle's event
 * loop (ingest, the read API) for long.
 */
async function insertRows(db: Db, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const perChunk = Math.min(2_000, Math.floor(60_000 / columns.length))
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk)
    const placeholders = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
    await db.query(`insert into ${table} (${columns.join(', ')}) values ${placeholders.join(', ')}`, chunk.flat())
  }
}
