import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import type { CoverageCell } from '@pinion/oracle/api'
import type { TileSource } from '../../shared/explorerConfig.ts'
import { formatCount } from '../lib/format.ts'
import { DetailLayer, PlaceLabels, TileLayer } from './BasemapLayers.tsx'
import { type ColourMode, earningsColour, statusOf } from './colours.ts'
import { type ProjectedDetail, detailInView } from './detail.ts'
import { boundsOf, cellPolygon, screenPath } from './geo.ts'
import { pixelsPerKm, resolutionFor } from './resolution.ts'
import { scaleBar } from './scaleBar.ts'
import { useSize } from './useSize.ts'
import type { WorldOutline } from './useWorldOutline.ts'
import { type MapAt, type Size, type View, centreOf, fitBounds, panBy, viewAt, worldView, zoomAt } from './viewport.ts'

type WorldMapProps = {
  world: WorldOutline
  /** Under the cells: an online tile source when configured, else the shipped detail (when loaded). */
  basemap: { tiles: TileSource | null; detail: ProjectedDetail | undefined }
  cells: readonly CoverageCell[]
  /** The H3 resolution `cells` were aggregated at (they lag the zoom by one request). */
  cellsResolution: number | undefined
  colourBy: ColourMode
  selected: string | undefined
  onSelect: (cell: CoverageCell | undefined) => void
  /** Where to open instead of fitting the devices (a link's `?at=`). */
  initialAt?: MapAt | undefined
  /** Called with the H3 resolution the current zoom should show. */
  onResolution: (resolution: number) => void
}

const KEY_PAN_PX = 80
const BUTTON_ZOOM = 2

/**
 * The coverage map: the world outline and H3 cells in SVG. Drag or arrow keys pan, the wheel or
 * the buttons zoom; cells are buttons that select themselves. Hexagons are projected to screen
 * pixels in script (not by an SVG transform), so they stay exact at street-level zoom.
 */
export function WorldMap({ world, basemap, cells, cellsResolution, colourBy, selected, onSelect, onResolution, initialAt }: WorldMapProps) {
  const [frame, size] = useSize<HTMLDivElement>()
  const [view, setView] = useState<View>()
  // Until someone moves the map it keeps fitting the devices: each fit shows finer cells, whose
  // bounds are tighter, so a few rounds settle on the devices themselves.
  const autoFit = useRef(initialAt === undefined)
  const drag = useRef<{ x: number; y: number; moved: number } | undefined>(undefined)

  const polygons = useMemo(() => new Map(cells.map((c) => [c.cell, cellPolygon(c.cell)])), [cells])
  const maxEarned = useMemo(() => cells.reduce((max, c) => (BigInt(c.earned) > max ? BigInt(c.earned) : max), 0n), [cells])

  const fit = (target: Size) => {
    const bounds = boundsOf([...polygons.values()])
    setView(bounds ? fitBounds(bounds, target) : worldView(target))
  }
  useEffect(() => {
    if (size === undefined) return
    if (view === undefined) setView(initialAt ? viewAt(initialAt, size) : worldView(size))
    if (autoFit.current && polygons.size > 0) fit(size)
  }, [size, polygons])
  /** Applies a change the user asked for: from then on the map stays where they put it. */
  const move = (change: (view: View) => View) => {
    autoFit.current = false
    setView((v) => v && change(v))
  }

  const centreY = view && size ? centreOf(view, size)[1] : 0
  const resolution = view ? resolutionFor(view.scale, centreY) : 0
  const bar = view ? scaleBar(pixelsPerKm(view.scale, centreY)) : undefined
  useEffect(() => onResolution(resolution), [resolution])

  // The wheel zooms the map, not the page: that needs a listener that may cancel scrolling.
  useEffect(() => {
    const element = frame.current
    if (element === null || size === undefined) return
    const onWheel = (event: WheelEvent) => {
      event.preventDefault()
      const bounds = element.getBoundingClientRect()
      move((v) => zoomAt(v, Math.exp(-event.deltaY * 0.0025), event.clientX - bounds.left, event.clientY - bounds.top, size))
    }
    element.addEventListener('wheel', onWheel, { passive: false })
    return () => element.removeEventListener('wheel', onWheel)
  }, [size])

  const zoomBy = (factor: number) => size && move((v) => zoomAt(v, factor, size.width / 2, size.height / 2, size))
  const onKeyDown = (event: KeyboardEvent) => {
    if (size === undefined) return
    const moves: Record<string, [number, number]> = { ArrowLeft: [KEY_PAN_PX, 0], ArrowRight: [-KEY_PAN_PX, 0], ArrowUp: [0, KEY_PAN_PX], ArrowDown: [0, -KEY_PAN_PX] }
    const step = moves[event.key]
    if (step) move((v) => panBy(v, step[0], step[1], size))
    else if (event.key === '+' || event.key === '=') zoomBy(BUTTON_ZOOM)
    else if (event.key === '-') zoomBy(1 / BUTTON_ZOOM)
    else return
    event.preventDefault()
  }
  const onPointerDown = (event: PointerEvent) => {
    drag.current = { x: event.clientX, y: event.clientY, moved: 0 }
  }
  const onPointerMove = (event: PointerEvent) => {
    const current = drag.current
    if (current === undefined || size === undefined || (event.buttons & 1) === 0) return
    const dx = event.clientX - current.x
    const dy = event.clientY - current.y
    drag.current = { x: event.clientX, y: event.clientY, moved: current.moved + Math.abs(dx) + Math.abs(dy) }
    if (current.moved > 3) (event.currentTarget as Element).setPointerCapture?.(event.pointerId)
    move((v) => panBy(v, dx, dy, size))
  }
  const wasDrag = () => (drag.current?.moved ?? 0) > 4
  const detail = basemap.tiles === null && basemap.detail && size && view ? detailInView(basemap.detail, view, size) : null
  // The credit each source asks for, whenever it is drawn: tiles cover the world's land outline.
  const credit = basemap.tiles ? basemap.tiles.attribution : detail ? detail.attribution : `Land: ${world.attribution}`

  return (
    <div class="map">
      <div
        class="map-frame"
        ref={frame}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: role="application" takes the keyboard (arrows pan, +/- zoom)
        tabIndex={0}
        role="application"
        aria-label="Coverage map. Arrow keys pan, plus and minus zoom; Tab moves through the cells."
        // Settled: the cells drawn are the ones for this zoom (for tests, and for anyone curious).
        data-settled={String(cellsResolution === resolution)}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => setTimeout(() => (drag.current = undefined))}
      >
        {size && view ? (
          // biome-ignore lint/a11y/noSvgWithoutTitle: the application frame around it carries the name; its cells are labelled buttons
          <svg width={size.width} height={size.height} class="map-svg">
            {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut to deselect; the cell panel's Close button does it from the keyboard */}
            <rect class="map-sea" width={size.width} height={size.height} onClick={() => !wasDrag() && onSelect(undefined)} />
            <defs>
              <clipPath id="world-square">
                <rect width={world.size} height={world.size} />
              </clipPath>
            </defs>
            <g transform={`translate(${view.x},${view.y}) scale(${view.scale})`} clip-path="url(#world-square)">
              <path class="map-land" d={world.land} />
              <path class="map-borders" d={world.borders} />
            </g>
            {basemap.tiles ? <TileLayer source={basemap.tiles} view={view} size={size} /> : null}
            {detail ? <DetailLayer detail={detail} view={view} size={size} /> : null}
            {cells.map((cell) => {
              const polygon = polygons.get(cell.cell)
              if (polygon === undefined) return null
              const fill = colourBy === 'status' ? statusOf(cell).colour : earningsColour(BigInt(cell.earned), maxEarned)
              const label = `Cell ${cell.cell}: ${formatCount(cell.devices)} device${cell.devices === 1 ? '' : 's'}, ${cell.earning} earning`
              const activate = () => !wasDrag() && onSelect(cell)
              return (
                <path
                  key={cell.cell}
                  class={`map-cell${cell.cell === selected ? ' map-cell-selected' : ''}`}
                  d={screenPath(polygon, view)}
                  fill={fill}
                  role="button"
                  tabIndex={0}
                  aria-label={label}
                  aria-pressed={cell.cell === selected}
                  onClick={activate}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault()
                      onSelect(cell)
                    }
                  }}
                >
                  <title>{label}</title>
                </path>
              )
            })}
            {detail ? <PlaceLabels detail={detail} view={view} size={size} /> : null}
          </svg>
        ) : null}
        <div class="map-controls">
          <button type="button" class="map-button" aria-label="Zoom in" onClick={() => zoomBy(BUTTON_ZOOM)}>
            +
          </button>
          <button type="button" class="map-button" aria-label="Zoom out" onClick={() => zoomBy(1 / BUTTON_ZOOM)}>
            −
          </button>
          <button
            type="button"
            class="map-button"
            aria-label="Show all devices"
            onClick={() => {
              autoFit.current = true
              if (size) fit(size)
            }}
          >
            ⤢
          </button>
        </div>
        <div class="map-attribution">
          {bar ? (
            <span class="map-scale">
              <span class="map-scale-bar" style={{ width: `${bar.px}px` }} aria-hidden="true" />
              {bar.label}
            </span>
          ) : null}
          <span class="map-credits" data-testid="map-attribution">
            {credit} · H3 resolution {resolution}
          </span>
        </div>
      </div>
    </div>
  )
}
