import type { DeviceEpochRow, DeviceRejectionEpoch } from '@pinion/oracle/api'
import { type ComponentChildren, type VNode, isValidElement } from 'preact'
import { describe, expect, it } from 'vitest'
import { InvalidReasons } from './InvalidReasons.tsx'
import { invalidLines, uncomputedRejections } from './invalidLines.ts'

const row = (epoch: string, invalidReasons: DeviceEpochRow['invalidReasons'] = []): DeviceEpochRow => ({
  epoch,
  validReports: 10,
  invalidReports: invalidReasons.reduce((sum, r) => sum + r.count, 0),
  invalidReasons,
  pools: {},
  amount: '0',
})

const REJECTED: DeviceRejectionEpoch = {
  epoch: '7',
  total: 5,
  reasons: [
    { reason: 'PINION_ERR_BAD_SIGNATURE', reasonText: "forged: the signature does not verify under the device's key", count: 3 },
    { reason: 'PINION_ERR_WRONG_NETWORK', reasonText: 'signed for another network', count: 2 },
  ],
}

/**
 * The text a hook-free component renders, with each list item on a line of its own: function
 * components are called, elements walked, as preact would render them (the app's tests run without a DOM).
 */
function renderText(node: ComponentChildren): string {
  if (node === null || node === undefined || typeof node === 'boolean') return ''
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return String(node)
  if (Array.isArray(node)) return node.map(renderText).join('')
  if (!isValidElement(node)) return ''
  const vnode = node as VNode<{ children?: ComponentChildren }>
  if (typeof vnode.type === 'function') return renderText((vnode.type as (props: unknown) => ComponentChildren)(vnode.props))
  const inner = renderText(vnode.props.children)
  return vnode.type === 'li' ? `${inner}\n` : inner
}

describe('a device\'s "invalid, and why"', () => {
  it("lists the verdicts' reasons, then what ingest refused, each with its count", () => {
    const lines = invalidLines(row('7', [{ reason: 'uptime.TOO_FREQUENT', reasonText: 'heartbeats closer than the interval', count: 4 }]), REJECTED)
    expect(lines.map((l) => [l.stage, l.reason, l.count])).toEqual([
      ['verdict', 'uptime.TOO_FREQUENT', 4],
      ['ingest', 'BAD_SIGNATURE', 3],
      ['ingest', 'WRONG_NETWORK', 2],
    ])
    expect(renderText(InvalidReasons({ lines }))).toBe(
      [
        '4 × uptime.TOO_FREQUENT heartbeats closer than the interval',
        "3 × BAD_SIGNATURE forged: the signature does not verify under the device's key refused at ingest",
        '2 × WRONG_NETWORK signed for another network refused at ingest',
        '',
      ].join('\n'),
    )
  })

  it('shows refusals at ingest in an epoch whose verdicts found nothing invalid, and "none" when there is nothing at all', () => {
    expect(renderText(InvalidReasons({ lines: invalidLines(row('7'), REJECTED) }))).toContain('3 × BAD_SIGNATURE')
    expect(renderText(InvalidReasons({ lines: invalidLines(row('7'), undefined) }))).toBe('none')
  })

  it('gives epochs not computed yet that already have refusals rows of their own, newest first', () => {
    const computed = [row('5'), row('6')]
    const rejections = [{ ...REJECTED, epoch: '4' }, REJECTED, { ...REJECTED, epoch: '8' }, { ...REJECTED, epoch: '6' }]
    expect(uncomputedRejections(computed, rejections).map((r) => r.epoch)).toEqual(['8', '7'])
    expect(uncomputedRejections([], [REJECTED]).map((r) => r.epoch)).toEqual(['7'])
  })
})
