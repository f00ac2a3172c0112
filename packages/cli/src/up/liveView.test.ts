import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { type CommittedEpoch, createLiveView, describeEpoch } from './liveView.ts'

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

describe('the live view of pinion up', () => {
  it('looks an epoch up once its root is committed and prints it as one JSON line; says nothing once closed', async () => {
    const signer = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    const answers: Record<string, unknown> = {
      '/v1/epochs/7': {
        epoch: '7',
        root: epoch.root,
        totalCumulative: (25n * 10n ** 21n).toString(),
        reports: 12,
        validReports: 10,
        signatures: [{ oracle: signer.toLowerCase(), root: epoch.root }],
      },
      '/v1/epochs/6': { epoch: '6', root: '0x00', totalCumulative: (15n * 10n ** 21n).toString(), reports: 0, validReports: 0, signatures: [] },
      '/v1/epochs/7/rejections': {
        total: 2,
        reasons: [{ reason: 'PINION_ERR_BAD_SIGNATURE', reasonText: "forged: the signature does not verify under the device's key", count: 2 }],
      },
    }
    const server = createServer((request, response) => {
      const path = request.url!.split('?')[0]!
      const body = path === '/v1/epochs/7/recipients' ? { total: 2, recipients: [{ earnedInEpoch: '5' }, { earnedInEpoch: '0' }] } : answers[path]
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    const printed: string[] = []
    const warned: string[] = []
    const view = createLiveView({ quorum: 1, symbol: 'PIN', json: true, print: (line) => printed.push(line), warn: (line) => warned.push(line) })
    try {
      view.onEvent('epoch computed', { oracle: 0, epoch: '7', invalidReasons: [{ reason: 'uptime.LATE', count: 2 }] }, 'info')
      view.onEvent('root committed', { oracle: 0, epoch: '7', transaction: '0xab' }, 'info')
      view.useOracles([{ address: signer, url }])
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(printed.map((line) => JSON.parse(line))).toEqual([
        {
          event: 'epoch committed',
          epoch: '7',
          rootState: 'committed',
          reports: { valid: 10, invalid: 2, invalidReasons: [{ reason: 'uptime.LATE', count: 2 }], refused: 2, refusedReasons: [{ reason: 'forged', count: 2 }] },
          root: epoch.root,
          signedBy: { oracles: [0], of: 1, quorum: 1 },
          paid: { amount: (10n * 10n ** 21n).toString(), recipients: 1 },
          transaction: '0xab',
        },
      ])
      view.onEvent('epoch not signed', { oracle: 0, epoch: '8', why: 'abstains' }, 'warn')
      expect(warned).toEqual(['warning: oracle 0: epoch not signed; epoch 8; why abstains'])
      view.close()
      view.onEvent('root committed', { oracle: 0, epoch: '8', transaction: '0xcd' }, 'info')
      view.onEvent('error', { where: 'fleet', error: 'delivery failed' }, 'error')
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(printed).toHaveLength(1)
      expect(warned).toHaveLength(1)
    } finally {
      server.close()
    }
  })
})
