import { getJson } from '../lib/api.ts'
import { type Resource, useResource } from '../lib/useResource.ts'

export type WorldOutline = { size: number; land: string; borders: string; attribution: string }

/** The world's land and borders, shipped by the explorer server (no tiles, works offline). */
export const useWorldOutline = (): Resource<WorldOutline> => useResource('world', (signal) => getJson<WorldOutline>('/assets/world.json', signal))
