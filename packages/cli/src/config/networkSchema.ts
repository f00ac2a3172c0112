import { type Kind, type ParamsNetwork, didYouMean, group, integer, issuesOfParamsError, parseIssues, ruleIssue, unknownKeyIssue } from '@pinion/kinds'
import { isAddress } from 'viem'
import { z } from 'zod'
import type { Report } from './configError.ts'
import { checkFleet, fleetSchema } from './fleetConfig.ts'
import { checkKindPools } from './kindPools.ts'
import type { NetworkConfig } from './network.ts'

// The schema of a whole pinion.config.ts, as defineNetwork merged it with the defaults: every group
// strict (an unknown key is an error, with the nearest known key), every field typed and ranged, and
// the rules across fields — each kind's parameters parsed by the kind, with the network's epoch.

/** A whole number in [min, max], `error` saying what it should be. */
const whole = (min: number, max: number, error: string) => z.number({ error }).int({ error }).min(min, { error }).max(max, { error })
const basisPoints = whole(0, 10_000, 'whole basis points (0–10,000)')
const positiveBigint = (error: string) => z.bigint({ error }).min(1n, { error })
const nonNegativeBigint = (error: string) => z.bigint({ error }).min(0n, { error })
const nonEmpty = z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' })
const ANY_COUNT = Number.MAX_SAFE_INTEGER
const TILE_TEMPLATE = 'an http(s) XYZ tile URL template with {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png'
const tileTemplate = z
  .string({ error: TILE_TEMPLATE })
  .regex(/^https?:\/\/\S+$/, { error: TILE_TEMPLATE })
  .refine((value) => ['{z}', '{x}', '{y}'].every((part) => value.includes(part)), { error: TILE_TEMPLATE })

const revenue = z.discriminatedUnion(
  'mode',
  [
    group({ mode: z.literal('revenue-share'), shareBps: basisPoints, maxEmissionBps: basisPoints }),
    group({ mode: z.literal('net-emissions'), capPerEpoch: nonNegativeBigint('a non-negative bigint, e.g. 1_000n whole tokens') }),
  ],
  { error: '"revenue-share" or "net-emissions"' },
)

const fields = group({
  name: nonEmpty,
  token: group({
    name: nonEmpty,
    symbol: z.string({ error: '1–11 upper-case letters or digits' }).regex(/^[A-Z0-9]{1,11}$/, { error: '1–11 upper-case letters or digits' }),
    cap: positiveBigint('a positive bigint of whole tokens, e.g. 1_000_000_000n'),
  }),
  epochs: group({
    durationSeconds: whole(1, ANY_COUNT, `an integer from 1 to ${ANY_COUNT}`),
    initialEmission: positiveBigint('a positive bigint of whole tokens, e.g. 10_000n'),
    halvingInterval: whole(0, ANY_COUNT, 'a whole number of epochs, 0 for no halving'),
    lateReportMs: whole(0, ANY_COUNT, 'whole milliseconds below the epoch length'),
  }),
  pools: z.record(z.string(), basisPoints, { error: 'basis points by pool, e.g. { "uptime.uptime": 9_500, treasury: 500 }' }),
  residualPool: z.string({ error: 'the name of one of the pools' }),
  treasury: z
    .string({ error: 'an address' })
    .refine((value) => isAddress(value), { error: 'an address' })
    .optional(),
  kinds: z.record(z.string(), z.unknown(), { error: 'the kinds the network runs, with their parameters, e.g. { uptime: {} }' }),
  deviceClass: integer(1, 2 ** 32 - 1),
  devices: group({ transport: z.enum(['http', 'mqtt'], { error: '"http" or "mqtt"' }) }),
  oracles: group({ count: integer(1, 16), quorum: z.int({ error: 'a whole number of oracles, a strict majority of oracles.count' }) }),
  fleet: fleetSchema,
  chain: group({
    rpcUrl: z
      .string({ error: 'an http(s) URL' })
      .regex(/^https?:\/\//, { error: 'an http(s) URL' })
      .optional(),
    confirmations: whole(0, ANY_COUNT, 'a whole number of blocks'),
  }),
  explorer: group({ basemap: group({ tiles: tileTemplate, attribution: nonEmpty, maxZoom: whole(0, 22, 'an integer from 0 to 22').optional() }).optional() }),
  economy: group({
    revenue,
    credits: group({
      creditsPerToken: positiveBigint('a positive bigint, e.g. 100_000n'),
      paymentCapPerEpoch: nonNegativeBigint('a non-negative bigint, e.g. 100_000_000n credits'),
    }),
    slashing: group({ stakeBps: basisPoints }),
  }),
})

/**
 * Every issue of a merged network config (defineNetwork's), none when it holds: its fields, then the
 * rules across them, each rule checked when the fields it reads parsed, so that one run finds them all.
 */
export function networkIssues(config: unknown, known: ReadonlyMap<string, Kind>): readonly z.core.$ZodIssue[] {
  const schema = fields.check(
    z.superRefine(
      (value, ctx) => {
        if (typeof value !== 'object' || value === null) return
        // A key nothing reads leaves the fields beside it readable.
        const blocking = () => ctx.issues.filter((issue) => issue.code !== 'unrecognized_keys')
        const parsed = (...paths: string[]) => !blocking().some((issue) => paths.some((path) => overlaps(issue.path ?? [], path.split('.'))))
        const report: Report = {
          problem: (path, given, expected) => ctx.addIssue(ruleIssue(path, given, expected)),
          unknown: (path, what, expected, names) => ctx.addIssue(unknownKeyIssue(path, what, expected, names)),
        }
        networkRules(value as NetworkConfig, parsed, report, ctx.issues as z.core.$ZodRawIssue[], known)
      },
      { when: () => true },
    ),
  )
  return parseIssues(schema, config)
}

/** Whether one path is within the other (an issue at either stops a rule that reads the other). */
const overlaps = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
  a.slice(0, b.length).every((key, i) => key === b[i]) || b.slice(0, a.length).every((key, i) => key === a[i])

function networkRules(config: NetworkConfig, parsed: (...paths: string[]) => boolean, report: Report, issues: z.core.$ZodRawIssue[], known: ReadonlyMap<string, Kind>): void {
  const epochMs = parsed('epochs.durationSeconds') ? BigInt(config.epochs.durationSeconds) * 1000n : undefined
  if (epochMs !== undefined && parsed('epochs.lateReportMs') && BigInt(config.epochs.lateReportMs) >= epochMs) {
    report.problem(['epochs', 'lateReportMs'], config.epochs.lateReportMs, `whole milliseconds below the epoch length (${epochMs})`)
  }
  if (parsed('epochs.initialEmission', 'token.cap') && config.epochs.initialEmission > config.token.cap) {
    report.problem(['epochs', 'initialEmission'], config.epochs.initialEmission, `at most token.cap (${config.token.cap}n): the cap stops the first epoch's emission short`)
  }

  if (parsed('pools')) {
    const names = Object.keys(config.pools)
    const total = Object.values(config.pools).reduce((a, b) => a + b, 0)
    if (total !== 10_000) report.problem(['pools'], config.pools, `basis points adding up to 10,000 (they add up to ${total})`)
    if (parsed('residualPool') && !Object.hasOwn(config.pools, config.residualPool)) {
      report.problem(['residualPool'], config.residualPool, didYouMean(`one of the pools: ${names.join(', ')}`, config.residualPool, names))
    }
  }

  const kinds: Kind[] = []
  if (parsed('kinds')) {
    if (Object.keys(config.kinds).length === 0) report.problem(['kinds'], config.kinds, 'at least one kind, e.g. { uptime: {} }')
    const network: ParamsNetwork | undefined = epochMs === undefined ? undefined : { epochMs }
    for (const [name, params] of Object.entries(config.kinds)) {
      const kind = known.get(name)
      if (kind === undefined) {
        report.unknown(['kinds', name], 'kind', `one of the kinds Pinion knows: ${[...known.keys()].join(', ')}`, [...known.keys()])
        continue
      }
      kinds.push(kind)
      checkKindParams(kind, params, network, report, issues)
    }
  }
  if (parsed('pools', 'kinds')) checkKindPools(kinds, config.pools, report)

  if (parsed('oracles')) {
    // A strict majority (the distributor enforces it): two disjoint quorums could otherwise commit two roots.
    const { count, quorum } = config.oracles
    const majority = Math.floor(count / 2) + 1
    if (quorum < majority || quorum > count) {
      report.problem(['oracles', 'quorum'], quorum, `an integer from ${majority} to ${count} (a strict majority of the ${count} oracles)`)
    }
  }

  if (parsed('fleet', 'kinds')) checkFleet(config.fleet, Object.keys(config.kinds), known, report)
}

/**
 * A kind's parameters, parsed by the kind with the network's epoch (Kind.parseParams): its problems
 * join the config's, each under `kinds.<kind>`, in the config's words.
 */
function checkKindParams(kind: Kind, params: unknown, network: ParamsNetwork | undefined, report: Report, issues: z.core.$ZodRawIssue[]): void {
  try {
    kind.parseParams(params, network)
  } catch (error) {
    const kindIssues = issuesOfParamsError(error)
    if (kindIssues === undefined) {
      report.problem(['kinds', kind.name], params, `parameters kind ${kind.name} accepts (${error instanceof Error ? error.message : String(error)})`)
      return
    }
    // As the kind's parse left them (messages and given values in place), under the kind's path.
    for (const issue of kindIssues) issues.push({ ...issue, path: ['kinds', kind.name, ...issue.path] } as z.core.$ZodRawIssue)
  }
}
