import type { DevicesResponse, EpochsResponse } from '@pinion/oracle/api'
import { apiGet } from './api.ts'
import { paths } from './router.ts'
import { type SearchMatch, type ShortId, matchesShortId } from './shortId.ts'

/** Devices read per request: the oracle's largest page. */
const DEVICE_PAGE = 1000
/** The search reads at most this many devices (a bound on what one search costs the oracle). */
const MAX_SEARCHED_DEVICES = 20_000
/** Epochs whose roots are searched: the newest, as many as the oracle lists at once. */
const SEARCHED_EPOCHS = 500

export type ShortIdResults = { matches: SearchMatch[]; searchedDevices: number; totalDevices: number }

/**
 * Finds what a short id names among the registry's devices, their owners and reward recipients,
 * and the newest epochs' roots, read from the oracle's lists (the oracle has no search of its own).
 */
export async function findShortId(id: ShortId, signal?: AbortSignal): Promise<ShortIdResults> {
  const found = new Map<string, SearchMatch>()
  const add = (match: SearchMatch) => found.set(`${match.kind} ${match.value}`, match)
  let searchedDevices = 0
  let totalDevices = 0
  const epochs = apiGet<EpochsResponse>(`/v1/epochs?limit=${SEARCHED_EPOCHS}`, signal)
  do {
    const page = await apiGet<DevicesResponse>(`/v1/devices?limit=${DEVICE_PAGE}&offset=${searchedDevices}`, signal)
    totalDevices = page.total
    for (const device of page.devices) {
      if (matchesShortId(device.deviceId, id)) add({ kind: 'device', value: device.deviceId, path: paths.device(device.deviceId) })
      for (const address of [device.owner, device.recipient]) {
        if (matchesShortId(address, id)) add({ kind: 'address', value: address.toLowerCase(), path: paths.recipient(address.toLowerCase()) })
      }
    }
    searchedDevices += page.devices.length
    if (page.devices.length === 0) break
  } while (searchedDevices < totalDevices && searchedDevices < MAX_SEARCHED_DEVICES)
  for (const epoch of (await epochs).epochs) {
    if (matchesShortId(epoch.root, id)) add({ kind: 'epoch root', value: epoch.root, path: paths.epoch(epoch.epoch), epoch: epoch.epoch })
  }
  return { matches: [...found.values()], searchedDevices, totalDevices }
}
