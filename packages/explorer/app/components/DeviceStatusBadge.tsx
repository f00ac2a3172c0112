import type { DeviceStatus } from '@pinion/oracle/api'
import { Badge } from './Badge.tsx'

export function DeviceStatusBadge({ status }: { status: DeviceStatus }) {
  return <Badge tone={status === 'active' ? 'good' : status === 'suspended' ? 'warn' : 'neutral'}>{status}</Badge>
}
