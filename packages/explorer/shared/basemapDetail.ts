/**
 * The map's offline detail (`GET /assets/basemap-detail.json`, shipped as basemap/detail.json and
 * built by scripts/buildBasemapDetail.ts): what a devnet's map draws without any tile server, for
 * the regions the simulated fleets stand in. Coordinates are degrees, lines and rings flattened
 * as [lng, lat, lng, lat, …].
 */
export type BasemapDetail = {
  version: 1
  /** What the sources ask to be credited with, shown on the map. */
  attribution: string
  /** Where there is detail; the map fills each with sea and draws its finer land over the world's. */
  regions: DetailRegion[]
  /** Land polygons (outer ring first, then holes) clipped to the regions, 1:10m. */
  land: number[][][]
  coast: number[][]
  states: number[][]
  counties: number[][]
  /** Largest first. */
  places: DetailPlace[]
}

export type DetailRegion = { name: string; west: number; south: number; east: number; north: number }
type DetailPlace = { name: string; lng: number; lat: number; population: number }
