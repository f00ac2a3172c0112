import type { StorageDeal } from '@pinion/oracle/api'
import { Badge, type Tone } from '../../components/Badge.tsx'

const TONES: Record<StorageDeal['state'], Tone> = {
  proposed: 'info',
  active: 'good',
  completed: 'neutral',
  terminated: 'bad',
  cancelled: 'neutral',
  ended: 'neutral',
}

/** Where a deal stands on StorageMarket: proposed, active, or over (completed, terminated for its faults, cancelled, ended). */
export function DealStateBadge({ state }: { state: StorageDeal['state'] }) {
  return <Badge tone={TONES[state]}>{state}</Badge>
}
