/** `GET /config.json`: what the page needs to know that the oracle's /v1/status does not say. */
export type ExplorerConfig = {
  /** The network's name, for titles. */
  name: string
  /**
   * Present only when the server runs against the embedded devnet: the accounts the in-page
   * wallet may sign with. They are anvil's well-known test keys, worthless anywhere else.
   */
  devnet: { accounts: DevnetAccount[] } | null
}

export type DevnetAccount = { label: string; address: `0x${string}`; privateKey: `0x${string}` }
