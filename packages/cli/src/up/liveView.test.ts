import { describe, expect, it } from 'vitest'
import { type CommittedEpoch, describeEpoch } from './liveView.ts'

const epoch: CommittedEpoch = {
  event: 'epoch committed',
  epoch: '7',
  rootState: 'committed',
  reports: {
    valid: 186,
    invalid: 14,
    invalidReasons: [{ reason: 'uptime.TOO_FEW_HEARTBEATS', count: 14 }],
    refused: 9,
    refusedReasons: [
      { reason: 'forged', count: 6 },
      { reason: 'replayed', count: 3 },
    ],
  },
  root: '0x1a2b3c4d5e6f00000000000000000000000000000000000000000000000f9f0e',
  signedBy: { oracles: [0, 2], of: 3, quorum: 2 },
  paid: { amount: (10_000n * 10n ** 18n).toString(), recipients: 17 },
  transaction: '0x01',
}

describe('an epoch as pinion up prints it', () => {
  it('says what was valid and why not, what was paid in tokens, the root and who signed it, on one line', () => {
    expect(describeEpoch(epoch, 'PIN')).toBe(
      'epoch 7 committed: 186 valid reports, 14 invalid (uptime.TOO_FEW_HEARTBEATS 14), 9 refused at ingest (forged 6, replayed 3) · paid 10,000 PIN to 17 recipients · root 0x1a2b3c4d…9f0e signed by oracles 0, 2 (quorum 2 of 3)',
    )
  })

  it('leaves out what did not happen, and names the token of the network', () => {
    const quiet = { ...epoch, reports: { valid: 1, invalid: 0, invalidReasons: [], refused: 0, refusedReasons: [] }, paid: { amount: '1500000000000000000', recipients: 1 } }
    expect(describeEpoch(quiet, 'WX')).toBe(
      'epoch 7 committed: 1 valid report, 0 invalid · paid 1.5 WX to 1 recipient · root 0x1a2b3c4d…9f0e signed by oracles 0, 2 (quorum 2 of 3)',
    )
  })
})
