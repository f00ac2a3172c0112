import { uptime } from '../uptime/index.ts'
import { wireless } from '../wireless/index.ts'
import type { Kind } from './kind.ts'

/** Every kind Pinion ships, by name. A network runs the ones its config names. */
export const kinds: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  [uptime.name, uptime],
  [wireless.name, wireless],
])
