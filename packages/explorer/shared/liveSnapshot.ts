/**
 * What the explorer server pushes to every open page over server-sent events (`GET /events`),
 * about once a second while the network moves: enough for live counters, and for pages to know
 * when to fetch again (a new epoch computed or committed, a device registered).
 */
export type LiveSnapshot = {
  /** Whether the oracle API and the chain both answered the last poll. */
  connected: boolean
  block: string | null
  latestEpoch: string | null
  latestCommittedEpoch: string | null
  devices: number
  activeDevices: number
  reports: number
  onlineDevices: number
  lastReportMs: string | null
}
