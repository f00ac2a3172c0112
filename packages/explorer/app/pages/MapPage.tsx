import { useMemo, useState } from 'preact/hooks'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { Coverage, CoverageCell } from '@pinion/oracle/api'
import { formatCount } from '../lib/format.ts'
import { useLiveVersion } from '../lib/live.tsx'
import { useNetwork } from '../lib/network.tsx'
import { useResource } from '../lib/useResource.ts'
import { CellPanel } from '../map/CellPanel.tsx'
import type { ColourMode } from '../map/colours.ts'
import { MapLegend } from '../map/MapLegend.tsx'
import { parseMapAt } from '../map/viewport.ts'
import { WorldMap } from '../map/WorldMap.tsx'
import { useBasemapDetail } from '../map/useBasemapDetail.ts'
import { useWorldOutline } from '../map/useWorldOutline.ts'

export function MapPage() {
  const version = useLiveVersion()
  const world = useWorldOutline()
  const { tiles } = useNetwork().config.basemap
  const initialAt = useMemo(() => parseMapAt(location.search), [])
  // The shipped detail is only drawn without online tiles; it is small, but no need to fetch it then.
  const detail = useBasemapDetail(tiles === null)
  const [resolution, setResolution] = useState<number>()
  const [colourBy, setColourBy] = useState<ColourMode>('status')
  // The selected cell as it was when clicked, with its resolution: the panel stays open (with the
  // latest figures while the cell is still drawn) when a live update or a zoom redraws the cells.
  const [selected, setSelected] = useState<{ cell: CoverageCell; resolution: number }>()
  // One resource across resolutions: zooming keeps the old cells on screen until the new arrive.
  const coverage = useResource('coverage', (signal) => apiGet<Coverage>(`/v1/coverage?resolution=${resolution ?? 0}`, signal), `${resolution}/${version}`)
  const cells = coverage.data?.cells ?? []
  const maxEarned = useMemo(() => cells.reduce((max, c) => (BigInt(c.earned) > max ? BigInt(c.earned) : max), 0n), [cells])
  const selectedNow = selected && cells.find((c) => c.cell === selected.cell.cell)

  return (
    <div class="page">
      <header class="page-header">
        <h1>Coverage map</h1>
        <p class="lede">
          Devices by their asserted H3 location, grouped into larger hexagons as you zoom out.
          {coverage.data ? ` ${formatCount(coverage.data.located)} located, ${formatCount(coverage.data.unlocated)} without a location.` : ''}
        </p>
      </header>
      <div class="map-toolbar">
        <fieldset class="segmented">
          <legend>Colour by</legend>
          {(['status', 'earnings'] as const).map((mode) => (
            <label key={mode} class={colourBy === mode ? 'segmented-on' : ''}>
              <input type="radio" name="colour-by" value={mode} checked={colourBy === mode} onChange={() => setColourBy(mode)} />
              {mode === 'status' ? 'Status' : 'Earnings'}
            </label>
          ))}
        </fieldset>
        <MapLegend colourBy={colourBy} maxEarned={maxEarned} />
      </div>
      {/* Above the map, not under it: whoever opens the map sees at once why it is empty. */}
      {coverage.data && coverage.data.located === 0 ? (
        <Empty>No device has asserted a location yet: devices appear here once their owners assert an H3 cell on chain.</Empty>
      ) : null}
      {world.error ? <ErrorNotice error={world.error} retry={world.reload} /> : null}
      {coverage.error ? <ErrorNotice error={coverage.error} retry={coverage.reload} /> : null}
      {world.loading || coverage.loading ? <Loading label="Loading the map…" /> : null}
      {world.data && coverage.data ? (
        <div class="map-layout">
          <WorldMap
            world={world.data}
            basemap={{ tiles, detail }}
            initialAt={initialAt}
            cells={cells}
            cellsResolution={coverage.data.resolution}
            colourBy={colourBy}
            selected={selected?.cell.cell}
            onSelect={(cell) => setSelected(cell && { cell, resolution: coverage.data!.resolution })}
            onResolution={setResolution}
          />
          {selected ? (
            <CellPanel cell={selectedNow ?? selected.cell} resolution={selectedNow ? coverage.data.resolution : selected.resolution} onClose={() => setSelected(undefined)} />
          ) : null}
        </div>
      ) : null}
    </div>
  )
}
