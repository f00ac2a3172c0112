import type { Hex } from 'viem'

/**
 * The shard a device's reports go to: FNV-1a (32-bit) of its lower-case id, modulo the partitions.
 * Stable across processes, machines and releases (never change it on a running stream: a device's
 * reports would then be split across two shards and two writers, and lose their one order).
 */
export function shardOf(deviceId: Hex, partitions: number): number {
  let hash = 0x811c9dc5
  const id = deviceId.toLowerCase()
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % partitions
}

/** The subject of a shard's reports: `<prefix>.reports.<shard>`. */
export function shardSubject(prefix: string, shard: number): string {
  return `${prefix}.reports.${shard}`
}

/** Every shard, 0 to partitions − 1. */
export function allShards(partitions: number): number[] {
  return Array.from({ length: partitions }, (_, i) => i)
}
