import type { ProposalState } from '@pinion/contracts/governance'
import type { Tone } from '../components/Badge.tsx'

/** The badge tone of each proposal state: under way, good, bad (it will never run), or over. */
export const STATE_TONES: Record<ProposalState, Tone> = {
  pending: 'neutral',
  active: 'info',
  succeeded: 'good',
  queued: 'warn',
  executed: 'good',
  defeated: 'bad',
  canceled: 'bad',
  expired: 'neutral',
}
