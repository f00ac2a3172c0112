import { describe, expect, it } from 'vitest'
import { allElements, parseXml } from './parseXml.ts'
import { type Figure, decimate, escapeXml, figureSvg, flatRunsDropped, formatTick, niceStep, niceTicks } from './plotSvg.ts'

const figure: Figure = {
  title: 'Burn & mint <test>',
  subtitle: 'a "quoted" subtitle',
  footnote: 'pinion sim tokenomics',
  columns: 2,
  chartWidth: 400,
  chartHeight: 250,
  charts: [
    {
      title: 'flows',
      xLabel: 'epoch',
      yLabel: 'tokens',
      includeZero: true,
      markers: [
        { x: 2, label: 'halving' },
        { x: 99, label: 'beyond the last epoch' },
      ],
      series: [
        { label: 'minted', color: '#1f77b4', values: [10, 10, 5, 5] },
        { label: 'burnt & gone', color: '#d62728', values: [3, 6, 9, 12] },
        { label: 'net', color: '#2ca02c', dashed: true, values: [7, 4, -4, -7] },
      ],
    },
    { title: 'supply', xLabel: 'epoch', yLabel: 'tokens', series: [{ label: 'supply', color: '#9467bd', values: [100, 104, 100, 93] }] },
    { title: 'third, on a second row', xLabel: 'epoch', yLabel: 'tokens', series: [{ label: 'flat', color: '#000', values: [1, 1, 1, 1] }] },
  ],
}

describe('figureSvg', () => {
  const svg = figureSvg(figure)
  const root = parseXml(svg)
  const elements = allElements(root)
  const texts = elements.filter((e) => e.name === 'text').map((e) => e.text)

  it('writes well-formed SVG whose size fits the grid: 2 columns, 2 rows, a header and a footnote', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true)
    expect(root.name).toBe('svg')
    expect(root.attributes).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', width: '800', height: String(58 + 2 * 250 + 28), viewBox: '0 0 800 586' })
    expect(elements.filter((e) => e.name === 'g')).toHaveLength(3)
  })

  it('draws every series as a polyline with one point per value, in its colour and dash', () => {
    const lines = elements.filter((e) => e.name === 'polyline')
    expect(lines.map((l) => l.attributes['data-label'])).toEqual(['minted', 'burnt & gone', 'net', 'supply', 'flat'])
    for (const line of lines.slice(0, 4)) expect(line.attributes.points!.split(' ')).toHaveLength(4)
    // A flat line needs only its ends.
    expect(lines[4]!.attributes.points!.split(' ')).toHaveLength(2)
    expect(lines[1]!.attributes.stroke).toBe('#d62728')
    expect(lines[2]!.attributes['stroke-dasharray']).toBe('6 4')
    expect(lines[0]!.attributes['stroke-dasharray']).toBeUndefined()
  })

  it('puts the lowest value at the bottom and the highest at the top of the plot area, x left to right', () => {
    const points = (label: string) =>
      elements
        .find((e) => e.attributes['data-label'] === label)!
        .attributes.points!.split(' ')
        .map((p) => p.split(',').map(Number) as [number, number])
    const burnt = points('burnt & gone')
    expect(burnt.map(([x]) => x)).toEqual([...burnt.map(([x]) => x)].sort((a, b) => a - b))
    // y grows downwards: a rising series has falling y.
    expect(burnt.map(([, y]) => y)).toEqual([...burnt.map(([, y]) => y)].sort((a, b) => b - a))
    // The flows chart spans −10..15 (ticks of 5): −7 is above its bottom, 12 below its top.
    const net = points('net')
    expect(net[3]![1]).toBeGreaterThan(burnt[3]![1])
  })

  it('labels the figure, the charts, the axes, the ticks, the legend and the markers, escaping text', () => {
    expect(texts).toEqual(expect.arrayContaining(['Burn & mint <test>', 'a "quoted" subtitle', 'pinion sim tokenomics', 'flows', 'supply', 'epoch', 'tokens', 'halving']))
    expect(texts).toEqual(expect.arrayContaining(['minted', 'burnt & gone', 'net']))
    expect(texts).toEqual(expect.arrayContaining(['−10', '−5', '0', '5', '10', '15']))
    expect(texts).not.toContain('beyond the last epoch')
    expect(elements.find((e) => e.name === 'title')!.text).toBe('Burn & mint <test>')
    expect(svg).toContain('Burn &amp; mint &lt;test&gt;')
  })

  it('gives the same bytes for the same figure', () => {
    expect(figureSvg(structuredClone(figure))).toBe(svg)
  })

  it('refuses series of different lengths, non-finite values, an empty chart and a bad column count', () => {
    const chart = figure.charts[0]!
    const withSeries = (series: Figure['charts'][number]['series']) => ({ ...figure, charts: [{ ...chart, series }] })
    expect(() => figureSvg(withSeries([chart.series[0]!, { label: 'short', color: '#000', values: [1] }]))).toThrow(/"short" has 1 values, expected 4/)
    expect(() => figureSvg(withSeries([{ label: 'nan', color: '#000', values: [1, Number.NaN] }]))).toThrow(/not a finite number/)
    expect(() => figureSvg(withSeries([]))).toThrow(/no values/)
    expect(() => figureSvg({ ...figure, columns: 0 })).toThrow(/columns/)
  })
})

describe('decimate', () => {
  it('keeps every point that fits, and each column’s low and high, in order, when they do not', () => {
    expect(decimate([1, 2, 3], 2)).toEqual([
      { index: 0, value: 1 },
      { index: 1, value: 2 },
      { index: 2, value: 3 },
    ])
    const values = [5, 1, 9, 4, 4, 4, 7, 0, 3, 2, 8, 6]
    // Two columns of six: [5 1 9 4 4 4] → 1 at 1, 9 at 2; [7 0 3 2 8 6] → 0 at 7, 8 at 10.
    expect(decimate(values, 2).map((p) => p.index)).toEqual([1, 2, 7, 10])
    expect(decimate(new Array<number>(100).fill(3), 10)).toHaveLength(10)
  })
})

describe('flatRunsDropped', () => {
  it('keeps the ends of a run at one height and every point where the height changes', () => {
    const points = (ys: string[]) => ys.map((y, x) => [String(x), y] as const)
    expect(flatRunsDropped(points(['1', '1', '1', '1', '2', '2', '1'])).map(([x]) => x)).toEqual(['0', '3', '4', '5', '6'])
    expect(flatRunsDropped(points(['1', '1']))).toHaveLength(2)
    expect(flatRunsDropped(points([]))).toEqual([])
  })
})

describe('ticks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([niceStep(10), niceStep(25), niceStep(30_000), niceStep(0.7), niceStep(1_459, 6)]).toEqual([2, 5, 10_000, 0.2, 250])
    expect(niceTicks(-7, 12)).toEqual([-10, -5, 0, 5, 10, 15])
    expect(niceTicks(182.5e6, 206e6)).toEqual([180e6, 185e6, 190e6, 195e6, 200e6, 205e6, 210e6])
    expect(niceTicks(3, 3)).toEqual([2.6, 2.8, 3, 3.2, 3.4])
    expect(() => niceStep(0)).toThrow(RangeError)
    expect(() => niceTicks(2, 1)).toThrow(RangeError)
  })

  it('formats ticks compactly, with a real minus sign', () => {
    expect([0, 5, 2_500, -20_000, 1_500_000, 206e6, 2.5e9, 0.25].map(formatTick)).toEqual(['0', '5', '2.5k', '−20k', '1.5M', '206M', '2.5B', '0.25'])
  })

  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;')
  })
})
