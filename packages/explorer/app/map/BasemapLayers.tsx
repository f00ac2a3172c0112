import type { TileSource } from '../../shared/explorerConfig.ts'
import { type ProjectedDetail, linesPath, placeLabels } from './detail.ts'
import { visibleTiles } from './tiles.ts'
import type { Size, View } from './viewport.ts'

/** Online basemap: the source's raster tiles for this view, in screen pixels (like the cells). */
export function TileLayer({ source, view, size }: { source: TileSource; view: View; size: Size }) {
  return (
    <g class="map-tiles">
      {visibleTiles(view, size, source).map((tile) => (
        // A hair larger than the tile: neighbours overlap by a fraction of a pixel, so no seam shows.
        <image
          key={`${tile.z}/${tile.x}/${tile.y}`}
          href={tile.url}
          x={tile.left}
          y={tile.top}
          width={tile.size + 0.5}
          height={tile.size + 0.5}
          preserveAspectRatio="none"
          data-tile={`${tile.z}/${tile.x}/${tile.y}`}
        />
      ))}
    </g>
  )
}

/** Offline basemap under the cells: each region's sea and finer land, then county, state and coast lines. */
export function DetailLayer({ detail, view, size }: { detail: ProjectedDetail; view: View; size: Size }) {
  const screen = (x: number, y: number) => [x * view.scale + view.x, y * view.scale + view.y] as const
  return (
    <g class="map-detail">
      {detail.regions.map((r) => {
        const [left, top] = screen(r.minX, r.minY)
        const [right, bottom] = screen(r.maxX, r.maxY)
        return <rect key={`${r.minX},${r.minY}`} class="map-detail-sea" x={left} y={top} width={right - left} height={bottom - top} />
      })}
      <path class="map-detail-land" d={detail.land.map((rings) => linesPath(rings, view, size, true)).join('')} fill-rule="evenodd" />
      <path class="map-detail-county" d={linesPath(detail.counties, view, size)} />
      <path class="map-detail-state" d={linesPath(detail.states, view, size)} />
      <path class="map-detail-coast" d={linesPath(detail.coast, view, size)} />
    </g>
  )
}

/** Place names over the cells (the pointer goes through them to the cells underneath). */
export function PlaceLabels({ detail, view, size }: { detail: ProjectedDetail; view: View; size: Size }) {
  return (
    <g class="map-places">
      {placeLabels(detail.places, view, size).map((label) => (
        <g key={label.name + label.x} class={`map-place map-place-${label.size}`}>
          <circle cx={label.x} cy={label.y} r={label.size === 'large' ? 3 : 2.2} />
          <text x={label.x + 6} y={label.y} dominant-baseline="central">
            {label.name}
          </text>
        </g>
      ))}
    </g>
  )
}
