import type { DeviceStatus } from '../lib/apiTypes.ts'
import { Badge } from './Badge.tsx'

export function DeviceStatusBadge({ status }: { status: DeviceStatus }) {
  return <Badge tone={status === 'active' ? 'good' : status === 'suspended' ? 'warn' : 'neutral'}>{status}</Badge>
}
