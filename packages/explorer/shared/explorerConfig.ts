/** `GET /config.json`: what the page needs to know that the oracle's /v1/status does not say. */
export type ExplorerConfig = {
  /** The network's name, for titles. */
  name: string
  /**
   * Present only when the server runs against the embedded devnet: the accounts the in-page
   * wallet may sign with. They are anvil's well-known test keys, worthless anywhere else.
   */
  devnet: { accounts: DevnetAccount[] } | null
  /** What the map draws under the coverage: online tiles when configured, else the shipped detail. */
  basemap: BasemapConfig
}

export type BasemapConfig = {
  /** A raster XYZ tile source the browser loads tiles from; null: the shipped offline detail only. */
  tiles: TileSource | null
}

/** `url` is an XYZ template (`{z}`, `{x}`, `{y}`) of 256 px tiles; `attribution` is shown on the map. */
export type TileSource = { url: string; attribution: string; maxZoom: number }

export type DevnetAccount = { label: string; address: `0x${string}`; privateKey: `0x${string}` }
