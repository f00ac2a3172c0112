/**
 * `pinion sim tokenomics`, run through main() as the binary runs it: its text and JSON output, the
 * SVG it writes, its determinism and its refusals.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { allElements, parseXml } from '../sim/parseXml.ts'

const dir = mkdtempSync(join(tmpdir(), 'pinion-sim-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type EpochJson = Record<string, string | number>
type SimJson = {
  mode: string
  seed: number
  epochs: number
  plot: string
  params: {
    cap: string
    initialSupply: string
    netEmissionCapPerEpoch: string
    mode: string
    schedule: { initialEpochEmission: string; halvingInterval: string }
    revenueShare: { shareBps: number; maxEmissionBps: number }
  }
  scenarios: { name: string; title: string; description: string; epochs: EpochJson[] }[]
}

/** Runs `pinion sim tokenomics …args`, writing the plot to `plot` in the test's directory; stderr too (commander writes its errors there). */
async function sim(plot: string, ...args: string[]) {
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    const result = await runPinion('sim', 'tokenomics', '--out', join(dir, plot), ...args)
    return { ...result, stderr: stderr.mock.calls.map((c) => String(c[0])).join('') }
  } finally {
    stderr.mockRestore()
  }
}

describe('pinion sim tokenomics', () => {
  it('prints every scenario in 30-epoch periods and writes the plot: burn, mint and net change, and supply under the cap, per scenario', async () => {
    const { code, out } = await sim('default.svg')
    expect(code).toBe(0)
    expect(out).toContain('mode net-emissions, 365 epochs, seed 1')
    for (const title of ['Flat demand (flat)', 'Growing demand (growing)', 'Shock (shock)']) expect(out).toContain(title)
    // 365 epochs: 12 periods of 30, one of 5, then the totals, for each scenario.
    expect(out.split('\n').filter((l) => l.startsWith('360–364'))).toHaveLength(3)
    expect(out.split('\n').filter((l) => l.startsWith('all '))).toHaveLength(3)
    expect(out.trimEnd().endsWith(`plot: ${join(dir, 'default.svg')}`)).toBe(true)

    const svg = parseXml(readFileSync(join(dir, 'default.svg'), 'utf8'))
    const labels = allElements(svg)
      .filter((e) => e.name === 'polyline')
      .map((e) => e.attributes['data-label'])
    const row = ['minted (emission + net emission)', 'burnt for credits', 'net supply change', 'total supply', 'cap']
    expect(labels).toEqual([...row, ...row, ...row])
    const texts = allElements(svg)
      .filter((e) => e.name === 'text')
      .map((e) => e.text)
    expect(texts).toEqual(expect.arrayContaining(['Flat demand: tokens per epoch', 'Growing demand: total supply', 'Shock: tokens per epoch', 'shock', 'recovered']))
    expect(texts).toContain('pinion sim tokenomics --scenario all --epochs 365 --mode net-emissions --seed 1 (docs/tokenomics.md)')
  })

  it('emits the full series with --json, amounts as decimal strings, adding up to the supply', async () => {
    const { code, out } = await sim('json.svg', '--json', '--epochs', '40', '--seed', '9')
    expect(code).toBe(0)
    const result = JSON.parse(out) as SimJson
    expect(result).toMatchObject({ mode: 'net-emissions', seed: 9, epochs: 40, plot: join(dir, 'json.svg') })
    expect(result.params).toEqual({
      schedule: { initialEpochEmission: (20_548n * 10n ** 18n).toString(), halvingInterval: '730' },
      cap: (206_000_000n * 10n ** 18n).toString(),
      initialSupply: (182_500_000n * 10n ** 18n).toString(),
      netEmissionCapPerEpoch: '1643840000000000000000',
      mode: 'net-emissions',
      revenueShare: { shareBps: 10_000, maxEmissionBps: 10_000 },
    })
    expect(result.scenarios.map((s) => s.name)).toEqual(['flat', 'growing', 'shock'])
    for (const { epochs } of result.scenarios) {
      expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i))
      const change = epochs.reduce((sum, e) => sum + BigInt(e.minted!) - BigInt(e.burned!), 0n)
      expect(BigInt(epochs.at(-1)!.totalSupply!)).toBe(BigInt(result.params.initialSupply) + change)
      expect(Object.keys(epochs[0]!)).toEqual([
        'epoch',
        'demandUsd',
        'priceUsd',
        'creditsPerToken',
        'creditsBought',
        'burned',
        'scheduled',
        'netEmission',
        'minted',
        'clipped',
        'netSupplyChange',
        'totalSupply',
        'tokensPerMillionCredits',
        'operatorTokens',
        'operatorUsd',
        'otherPoolsTokens',
      ])
    }
  })

  it('runs one scenario in revenue-share mode: no net emission, and the operators’ pay drawn on the plot', async () => {
    const { code, out } = await sim('revenue.svg', '--json', '--scenario', 'growing', '--mode', 'revenue-share', '--epochs', '30')
    expect(code).toBe(0)
    const result = JSON.parse(out) as SimJson
    expect(result.params.netEmissionCapPerEpoch).toBe('0')
    expect(result.scenarios.map((s) => s.name)).toEqual(['growing'])
    const [first] = result.scenarios[0]!.epochs
    expect(first).toMatchObject({ netEmission: '0', minted: (20_548n * 10n ** 18n).toString() })
    expect(BigInt(first!.operatorTokens!) + BigInt(first!.otherPoolsTokens!)).toBe(BigInt(first!.minted!))
    const svg = parseXml(readFileSync(join(dir, 'revenue.svg'), 'utf8'))
    expect(allElements(svg).filter((e) => e.name === 'polyline')).toHaveLength(4 + 2)
    expect(allElements(svg).some((e) => e.attributes['data-label'] === 'paid to operators')).toBe(true)
  })

  it('gives the same bytes for the same flags, and another plot for another seed', async () => {
    const flags = ['--epochs', '200', '--seed', '42']
    const [a, b] = [await sim('a.svg', ...flags), await sim('b.svg', ...flags)]
    expect(a.out.replace('a.svg', 'x')).toBe(b.out.replace('b.svg', 'x'))
    expect(readFileSync(join(dir, 'a.svg'))).toEqual(readFileSync(join(dir, 'b.svg')))
    const [c, d] = [await sim('c.svg', '--json', ...flags), await sim('d.svg', '--json', ...flags)]
    expect(c.out.replace('c.svg', 'x')).toBe(d.out.replace('d.svg', 'x'))
    await sim('other.svg', '--epochs', '200', '--seed', '43')
    expect(readFileSync(join(dir, 'other.svg'))).not.toEqual(readFileSync(join(dir, 'a.svg')))
  })

  it('reproduces the committed plot, docs/images/tokenomics.svg, byte for byte (docs/tokenomics.md names the command)', async () => {
    const { code } = await sim('committed.svg', '--epochs', '1460')
    expect(code).toBe(0)
    const committed = readFileSync(fileURLToPath(new URL('../../../../docs/images/tokenomics.svg', import.meta.url)))
    expect(readFileSync(join(dir, 'committed.svg')).equals(committed), 'regenerate it: npx pinion sim tokenomics --epochs 1460').toBe(true)
  })

  it('writes the plot into directories it creates', async () => {
    const { code } = await sim(join('deep', 'er', 'plot.svg'), '--epochs', '3', '--scenario', 'flat')
    expect(code).toBe(0)
    expect(readFileSync(join(dir, 'deep', 'er', 'plot.svg'), 'utf8')).toContain('<svg ')
  })

  it('refuses a bad scenario, mode, epoch count or seed with exit code 1, naming what it expected', async () => {
    const cases: [string[], string][] = [
      [['--scenario', 'boom'], "argument 'boom' is invalid. Allowed choices are flat, growing, shock, all."],
      [['--mode', 'burn'], "argument 'burn' is invalid. Allowed choices are net-emissions, revenue-share."],
      [['--epochs', '0'], 'expected a whole number from 1 to 36,500'],
      [['--epochs', '36501'], 'expected a whole number from 1 to 36,500'],
      [['--epochs', '1.5'], 'expected a whole number from 1 to 36,500'],
      [['--seed', '-1'], 'expected a whole number from 0 to 4,294,967,295'],
      [['--seed', '4294967296'], 'expected a whole number from 0 to 4,294,967,295'],
    ]
    for (const [args, message] of cases) {
      const { code, stderr } = await sim('refused.svg', ...args)
      expect(code, args.join(' ')).toBe(1)
      expect(stderr).toContain(message)
    }
  })
})
