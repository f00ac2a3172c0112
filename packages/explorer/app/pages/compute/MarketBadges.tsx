import type { ComputeBid, ComputeLease, ComputeOrder } from '@pinion/oracle/api'
import { Badge, type Tone } from '../../components/Badge.tsx'

const LEASE_TONES: Record<ComputeLease['state'], Tone> = {
  formed: 'info',
  active: 'good',
  closed: 'neutral',
  finalized: 'neutral',
  'no-show': 'bad',
  faulted: 'bad',
}

const BID_TONES: Record<ComputeBid['state'], Tone> = { open: 'info', won: 'good', lost: 'neutral', withdrawn: 'neutral', 'no-show': 'bad' }

const ORDER_TONES: Record<ComputeOrder['state'], Tone> = { open: 'info', leased: 'good', cancelled: 'neutral' }

/** Where a lease stands on ComputeMarket: formed (not started), active, closed (pay still held), or over (finalized, no-show, faulted). */
export function LeaseStateBadge({ state }: { state: ComputeLease['state'] }) {
  return <Badge tone={LEASE_TONES[state]}>{state}</Badge>
}

/** Where a bid stands: open, won, lost, withdrawn, or no-show (won, never started). */
export function BidStateBadge({ state }: { state: ComputeBid['state'] }) {
  return <Badge tone={BID_TONES[state]}>{state}</Badge>
}

/** Where an order stands: open for bids, leased, or cancelled. */
export function OrderStateBadge({ state }: { state: ComputeOrder['state'] }) {
  return <Badge tone={ORDER_TONES[state]}>{state}</Badge>
}
