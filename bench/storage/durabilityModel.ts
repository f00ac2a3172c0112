/**
 * How many segments a k-of-n erasure code with lazy repair loses under node churn (bench:storage,
 * part a): a seeded Monte Carlo, and the closed forms it is compared with. Pure: no clock, no I/O,
 * every draw from the seed.
 *
 * The world, in steps of `stepHours` (an hour by default), per node holding one of a segment's pieces:
 * - it leaves for good with probability p per step, p = 1 − (1 − c)^(step / 730 h) for a churn of c
 *   a month (730 h = a year / 12): its piece is lost;
 * - independently, an online node goes offline for a while with probability q per step and an offline
 *   one comes back with probability s = step / outageHours (outages last outageHours on average);
 *   q = f·s / (1 − f), so that a node is offline a share f of the time (honest churn). An offline
 *   node's piece is not lost, but it cannot serve a repair or a download until it is back.
 * In a step, the leaving coin is tossed before the on/off coin. Each piece is drawn as the time to its
 * next event (a geometric number of steps, which is exactly a coin per step), so a quiet segment costs
 * nothing until something happens to it.
 *
 * The checker (Storj's, satellite/repair/checker) looks at every segment after every step: one whose
 * healthy and online pieces are `repairAt` or fewer is queued, and repaired `repairHours` later
 * (Storj's repair queue and worker). At repair time a segment back above `repairAt` (its nodes
 * returned) is left alone, as Storj's repairer skips a segment that no longer needs it; one with
 * fewer than `required` pieces online waits until enough are back (the repairer downloads `required`
 * of them). A repair uploads fresh pieces to new nodes for every piece not online, so the segment has
 * `pieces` again, all online: pieces re-uploaded = pieces − online. A segment is lost the step its
 * surviving pieces (online or not) fall below `required`.
 *
 * Segments are independent: each piece sits on a node of its own (Storj picks distinct /24
 * networks) and no node is shared between segments. The expected fraction lost is the same as if
 * nodes held many segments' pieces; its spread from run to run is smaller than it would be then.
 */
import { seededRandom } from '@pinion/kinds'
import { type Redundancy, checkRedundancy } from '../../packages/cli/src/storage/redundancy.ts'

/** Hours in a month: a year of 8,760 h over 12. */
const HOURS_PER_MONTH = 730

export type DurabilityScenario = {
  /** required (k), repairAt (r) and pieces (n) are used; uploads only has to fit checkRedundancy. */
  redundancy: Redundancy
  segments: number
  months: number
  /** Share of nodes that leave for good in a month, 0 ≤ c < 1. */
  churnPerMonth: number
  /** Long-run share of the time a node is offline for a while and comes back with its piece, 0 ≤ f < 1. */
  offlineFraction: number
  /** Mean length of one such outage. */
  outageHours: number
  /** From a segment falling to `repairAt` to its repair. */
  repairHours: number
  /** false: nothing is ever repaired (what the code alone does). */
  repair: boolean
  seed: number
  /** Length of a step (default 1 h). */
  stepHours?: number
}

export type DurabilityResult = {
  segments: number
  /** Segments whose surviving pieces fell below `required`. */
  lost: number
  /** Repairs done (each uploads the pieces not online). */
  repairs: number
  /** Pieces uploaded by repairs, over every segment. */
  piecesUploaded: number
  /** Repairs that found fewer than `required` pieces online when due, and waited for nodes to come back. */
  deferred: number
  /** Queued segments whose nodes came back above `repairAt` before the repair was due: left alone. */
  unnecessary: number
}

/** The chance that a node leaves for good within `hours`, at a churn of `churnPerMonth`: 1 − (1 − c)^(hours / 730). */
export function pieceLossWithin(hours: number, churnPerMonth: number): number {
  return -Math.expm1((hours / HOURS_PER_MONTH) * Math.log1p(-churnPerMonth))
}

/**
 * P[X > m] for X ~ Binomial(h, p) = Σ_{j=m+1}^{h} C(h, j) p^j (1 − p)^(h − j): the chance that more
 * than m of h pieces fail, each with probability p. Summed in logarithms, so that tails far below
 * 1e-300 come out as 0 rather than NaN, and from the small end, so that 1e-120 keeps its digits.
 */
export function binomialTail(h: number, p: number, m: number): number {
  if (m < 0) return 1
  if (m >= h || p <= 0) return 0
  if (p >= 1) return 1
  const logP = Math.log(p)
  const logQ = Math.log1p(-p)
  let logChoose = 0 // log C(h, j), built up from j = 0
  let sum = 0
  for (let j = 1; j <= h; j++) {
    logChoose += Math.log(h - j + 1) - Math.log(j)
    if (j > m) sum += Math.exp(logChoose + j * logP + (h - j) * logQ)
  }
  return Math.min(1, sum)
}

export type DurabilityTheory = {
  /** p(horizon): one piece's chance to be lost over the whole horizon. */
  pieceLossOverHorizon: number
  /** No repair: P[X > n − k], X ~ Bin(n, p(horizon)), exact for the simulation with repair off. */
  noRepair: number
  /** p(repairHours): one piece's chance to be lost within one repair cycle. */
  pieceLossPerCycle: number
  /**
   * Per repair cycle: P[X > n − k], X ~ Bin(n, p(repairHours)): a full segment losing more than n − k
   * of its n pieces before a repair could act. Eager repair (every lost piece replaced within a cycle)
   * loses about this per cycle.
   */
  perCycle: number
  /** Repair cycles in the horizon: horizon / repairHours. */
  cycles: number
  /** 1 − (1 − perCycle)^cycles: the per-cycle formula over the whole horizon. */
  perCycleOverHorizon: number
  /**
   * From the threshold: P[X > r − k], X ~ Bin(r, p(repairHours)): a segment queued with r pieces
   * losing more than r − k of them before its repair. Lost ≈ repairs × this (a segment queued with
   * nodes offline rather than gone has more pieces than r, so this is an upper estimate).
   */
  perRepairAtThreshold: number
}

/** The closed forms for `scenario` (their formulas are on DurabilityTheory's fields). */
export function durabilityTheory(scenario: DurabilityScenario): DurabilityTheory {
  const { required: k, repairAt: r, pieces: n } = checkScenario(scenario).redundancy
  const hours = scenario.months * HOURS_PER_MONTH
  const pieceLossOverHorizon = pieceLossWithin(hours, scenario.churnPerMonth)
  const pieceLossPerCycle = pieceLossWithin(scenario.repairHours, scenario.churnPerMonth)
  const perCycle = binomialTail(n, pieceLossPerCycle, n - k)
  const cycles = scenario.repairHours > 0 ? hours / scenario.repairHours : Number.POSITIVE_INFINITY
  return {
    pieceLossOverHorizon,
    noRepair: binomialTail(n, pieceLossOverHorizon, n - k),
    pieceLossPerCycle,
    perCycle,
    cycles,
    perCycleOverHorizon: perCycle === 0 ? 0 : -Math.expm1(cycles * Math.log1p(-perCycle)),
    perRepairAtThreshold: binomialTail(r, pieceLossPerCycle, r - k),
  }
}

function checkScenario(scenario: DurabilityScenario): DurabilityScenario {
  checkRedundancy(scenario.redundancy)
  const step = scenario.stepHours ?? 1
  const bad = (name: string, value: number, rule: string) => new RangeError(`${name} must be ${rule}, got ${value}`)
  if (!(Number.isInteger(scenario.segments) && scenario.segments > 0)) throw bad('segments', scenario.segments, 'a positive whole number')
  if (!(scenario.months > 0)) throw bad('months', scenario.months, 'positive')
  if (!(scenario.churnPerMonth >= 0 && scenario.churnPerMonth < 1)) throw bad('churnPerMonth', scenario.churnPerMonth, 'in [0, 1)')
  if (!(scenario.offlineFraction >= 0 && scenario.offlineFraction < 1)) throw bad('offlineFraction', scenario.offlineFraction, 'in [0, 1)')
  if (!(step > 0)) throw bad('stepHours', step, 'positive')
  if (!(scenario.outageHours >= step)) throw bad('outageHours', scenario.outageHours, `at least one step (${step} h)`)
  if (!(scenario.repairHours >= 0)) throw bad('repairHours', scenario.repairHours, '0 or more')
  return scenario
}

/** The simulation described at the top of this file. */
export function simulateDurability(scenario: DurabilityScenario): DurabilityResult {
  const { required: k, repairAt: r, pieces: n } = checkScenario(scenario).redundancy
  const step = scenario.stepHours ?? 1
  const horizon = Math.round((scenario.months * HOURS_PER_MONTH) / step)
  const repairDelay = Math.round(scenario.repairHours / step)
  const leave = pieceLossWithin(step, scenario.churnPerMonth)
  const back = Math.min(1, step / scenario.outageHours)
  const away = scenario.offlineFraction === 0 ? 0 : Math.min(1, (scenario.offlineFraction * back) / (1 - scenario.offlineFraction))
  const random = seededRandom(scenario.seed)
  /** Steps until a coin of probability `p` first lands, counting this one: geometric, ≥ 1 (∞ when p = 0). */
  const logNot = (p: number) => Math.log1p(-p)
  const [logLeave, logAway, logBack] = [logNot(leave), logNot(away), logNot(back)]
  const steps = (p: number, log: number) => (p <= 0 ? Number.POSITIVE_INFINITY : p >= 1 ? 1 : Math.max(1, Math.ceil(Math.log(1 - random()) / log)))

  const leavesAt = new Float64Array(n)
  const togglesAt = new Float64Array(n)
  const online = new Uint8Array(n)
  const heap = new IndexedMinHeap(n)
  const result: DurabilityResult = { segments: scenario.segments, lost: 0, repairs: 0, piecesUploaded: 0, deferred: 0, unnecessary: 0 }
  const place = (i: number, now: number) => {
    leavesAt[i] = now + steps(leave, logLeave)
    togglesAt[i] = now + steps(away, logAway)
    online[i] = 1
    heap.set(i, Math.min(leavesAt[i]!, togglesAt[i]!))
  }

  for (let segment = 0; segment < scenario.segments; segment++) {
    for (let i = 0; i < n; i++) place(i, 0)
    let alive = n
    let up = n
    let dueAt = Number.POSITIVE_INFINITY // a queued repair's step
    let waiting = false // due, but fewer than k pieces online
    for (;;) {
      const now = Math.min(heap.minKey(), waiting ? Number.POSITIVE_INFINITY : dueAt)
      if (now > horizon) break
      // Every piece's event in this step: leaving first, then going offline or coming back.
      while (heap.minKey() === now) {
        const i = heap.minIndex()
        if (leavesAt[i]! <= togglesAt[i]!) {
          alive--
          if (online[i] === 1) up--
          online[i] = 0
          heap.set(i, Number.POSITIVE_INFINITY)
        } else {
          if (online[i] === 1) {
            online[i] = 0
            up--
            togglesAt[i] = now + steps(back, logBack)
          } else {
            online[i] = 1
            up++
            togglesAt[i] = now + steps(away, logAway)
          }
          heap.set(i, Math.min(leavesAt[i]!, togglesAt[i]!))
        }
      }
      if (alive < k) {
        result.lost++
        break
      }
      if (!scenario.repair) continue
      if (dueAt === Number.POSITIVE_INFINITY && up <= r) dueAt = now + repairDelay
      if (now >= dueAt) {
        if (up > r) {
          result.unnecessary++
          dueAt = Number.POSITIVE_INFINITY
          waiting = false
        } else if (up >= k) {
          result.repairs++
          result.piecesUploaded += n - up
          for (let i = 0; i < n; i++) if (online[i] === 0) place(i, now)
          alive = n
          up = n
          dueAt = Number.POSITIVE_INFINITY
          waiting = false
        } else if (!waiting) {
          result.deferred++
          waiting = true
        }
      }
    }
  }
  return result
}

/**
 * The smallest key among n items, each keyed by a number, with keys changed in place: a binary
 * heap over item indexes and each item's position in it (a segment's next event is the earliest of
 * its pieces' next events).
 */
class IndexedMinHeap {
  private readonly items: Int32Array
  private readonly positions: Int32Array
  private readonly keys: Float64Array

  constructor(size: number) {
    this.items = Int32Array.from({ length: size }, (_, i) => i)
    this.positions = Int32Array.from({ length: size }, (_, i) => i)
    this.keys = new Float64Array(size).fill(Number.POSITIVE_INFINITY)
  }

  minKey(): number {
    return this.keys[this.items[0]!]!
  }

  minIndex(): number {
    return this.items[0]!
  }

  set(item: number, key: number): void {
    const old = this.keys[item]!
    this.keys[item] = key
    if (key < old) this.up(this.positions[item]!)
    else if (key > old) this.down(this.positions[item]!)
  }

  private swap(a: number, b: number): void {
    const [x, y] = [this.items[a]!, this.items[b]!]
    this.items[a] = y
    this.items[b] = x
    this.positions[x] = b
    this.positions[y] = a
  }

  private up(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1
      if (this.keys[this.items[parent]!]! <= this.keys[this.items[at]!]!) return
      this.swap(at, parent)
      at = parent
    }
  }

  private down(at: number): void {
    const size = this.items.length
    for (;;) {
      const left = 2 * at + 1
      if (left >= size) return
      const right = left + 1
      const child = right < size && this.keys[this.items[right]!]! < this.keys[this.items[left]!]! ? right : left
      if (this.keys[this.items[at]!]! <= this.keys[this.items[child]!]!) return
      this.swap(at, child)
      at = child
    }
  }
}
