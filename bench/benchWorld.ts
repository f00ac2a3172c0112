/**
 * What the benchmarks' simulated networks share: one network id, daily epochs from one genesis,
 * addresses by role, and a text table. Each benchmark names its own entropy stream (`label`), so two
 * benchmarks never replay one another's epochs.
 */
import type { EpochWindow } from '@pinion/kinds'
import { networkIdOf } from '@pinion/protocol'
import { type Address, keccak256, toBytes } from 'viem'

/** The devnet's chain id and first contract address: the network every benchmark signs for. */
export const BENCH_NETWORK_ID = networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
export const DAY_MS = 86_400_000n
/** 2026-01-01T00:00:00Z: epoch k of a seed starts k days later. */
export const BENCH_GENESIS_MS = 1_767_225_600_000n
/** A device's sequences in epoch k start at k × this, so each epoch's reports are newer than the last's. */
export const SEQUENCES_PER_EPOCH = 1_000_000n

/** Epoch k + 1 of a benchmark's seed: a day from BENCH_GENESIS_MS + k days, entropy from the label, seed and k. */
export function dailyWindow(label: string, seed: number, k: number): EpochWindow {
  const startMs = BENCH_GENESIS_MS + BigInt(k) * DAY_MS
  return { epoch: BigInt(k + 1), startMs, endMs: startMs + DAY_MS, entropy: keccak256(toBytes(`pinion/bench/${label}/${seed}/${k}`)) }
}

/** Device i's address in a role (1 owner, 2 recipient, …) for a seed: distinct across roles, seeds and devices. */
export const benchAddress = (seed: number, i: number, role: number): Address =>
  `0x${role.toString(16)}${seed.toString(16).padStart(7, '0')}${(i + 1).toString(16).padStart(32, '0')}` as Address

/** Rows under a header, the first column left-aligned and the rest right-aligned, with a rule under the header. */
export function textTable(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)]
}
