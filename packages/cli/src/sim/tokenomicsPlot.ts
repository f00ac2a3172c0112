import type { RevenueMode } from './operatorRevenue.ts'
import { type Figure, type LineChart, type Marker, figureSvg } from './plotSvg.ts'
import type { ScenarioRun } from './runScenarios.ts'
import type { TokenomicsParams } from './tokenomicsModel.ts'

/** Token amounts (18 decimals) as numbers of tokens for the chart, to 10^-6: exact enough for pixels. */
const tokens = (amount: bigint): number => Number(amount / 10n ** 12n) / 1e6

const COLORS = { minted: '#1f77b4', burned: '#d62728', net: '#2ca02c', operators: '#ff7f0e', supply: '#9467bd', cap: '#7f7f7f' } as const

/** The halvings inside the run, as markers. */
function halvingMarkers(params: TokenomicsParams, epochs: number): Marker[] {
  const interval = Number(params.schedule.halvingInterval)
  const markers: Marker[] = []
  if (interval > 0) for (let epoch = interval; epoch < epochs; epoch += interval) markers.push({ x: epoch, label: 'halving' })
  return markers
}

/**
 * Per scenario, one row of two charts: the tokens minted, burnt and the net change of supply per
 * epoch (plus what operators are paid, in revenue-share mode, where it differs from the mint), and
 * the total supply under the cap.
 */
function tokenomicsFigure(runs: readonly ScenarioRun[], params: TokenomicsParams, mode: RevenueMode, seed: number, footnote?: string): Figure {
  const charts: LineChart[] = []
  for (const { scenario, outcomes } of runs) {
    const markers = [...halvingMarkers(params, outcomes.length), ...scenario.events.map((e) => ({ x: e.epoch, label: e.label }))]
    charts.push({
      title: `${scenario.title}: tokens per epoch`,
      xLabel: 'epoch (day)',
      yLabel: 'tokens',
      includeZero: true,
      markers,
      series: [
        { label: mode === 'net-emissions' ? 'minted (emission + net emission)' : 'minted (emission)', color: COLORS.minted, values: outcomes.map((o) => tokens(o.minted)) },
        { label: 'burnt for credits', color: COLORS.burned, values: outcomes.map((o) => tokens(o.burned)) },
        { label: 'net supply change', color: COLORS.net, values: outcomes.map((o) => tokens(o.netSupplyChange)) },
        ...(mode === 'revenue-share' ? [{ label: 'paid to operators', color: COLORS.operators, dashed: true, values: outcomes.map((o) => tokens(o.operatorTokens)) }] : []),
      ],
    })
    charts.push({
      title: `${scenario.title}: total supply`,
      xLabel: 'epoch (day)',
      yLabel: 'tokens',
      markers,
      series: [
        { label: 'total supply', color: COLORS.supply, values: outcomes.map((o) => tokens(o.totalSupply)) },
        { label: 'cap', color: COLORS.cap, dashed: true, values: outcomes.map(() => tokens(params.cap)) },
      ],
    })
  }
  const netCap = tokens(params.netEmissionCapPerEpoch)
  return {
    title: `Pinion tokenomics: burn and mint, ${mode === 'net-emissions' ? 'net emissions (HIP-20)' : 'revenue share'}`,
    subtitle:
      `${tokens(params.schedule.initialEpochEmission).toLocaleString('en')} tokens an epoch, halving every ${params.schedule.halvingInterval} epochs · ` +
      `net emission cap ${netCap === 0 ? 'off' : `${netCap.toLocaleString('en')} an epoch`} · supply ${tokens(params.initialSupply).toLocaleString('en')} under a ` +
      `${tokens(params.cap).toLocaleString('en')} cap · price walk seed ${seed}`,
    ...(footnote === undefined ? {} : { footnote }),
    columns: 2,
    chartWidth: 640,
    chartHeight: 300,
    charts,
  }
}

/** The figure of tokenomicsFigure as an SVG document. */
export const tokenomicsSvg = (runs: readonly ScenarioRun[], params: TokenomicsParams, mode: RevenueMode, seed: number, footnote?: string): string =>
  figureSvg(tokenomicsFigure(runs, params, mode, seed, footnote))
