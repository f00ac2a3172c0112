import { describe, expect, it } from 'vitest'
import { createNoticeBoard, noticeOf } from './notices.ts'

describe('the notice board of pinion up', () => {
  it('prints each distinct notice once, then how many more came in the window', () => {
    let now = 0
    const lines: string[] = []
    const board = createNoticeBoard({ write: (line) => lines.push(line), now: () => now, windowMs: 60_000 })
    const delivery = (port: number) => noticeOf('error', { where: 'fleet', error: `delivery to http://127.0.0.1:${port}: fetch failed [PINION_ERR_ORACLE_UNREACHABLE]` }, 'error')
    for (let i = 0; i < 13; i++) board.say(delivery(4000 + i))
    board.say(noticeOf('epoch not signed', { oracle: 1, epoch: '7', why: 'already signed another root' }, 'warn'))
    expect(lines).toEqual([
      'error: fleet: error; delivery to http://127.0.0.1:4000: fetch failed [PINION_ERR_ORACLE_UNREACHABLE]',
      'warning: oracle 1: epoch not signed; epoch 7; why already signed another root',
    ])
    now = 61_000
    board.say(delivery(5000))
    expect(lines.slice(2)).toEqual([
      'error: fleet: error; delivery to http://127.0.0.1:4000: fetch failed [PINION_ERR_ORACLE_UNREACHABLE] (×12 more in the last minute)',
      'error: fleet: error; delivery to http://127.0.0.1:5000: fetch failed [PINION_ERR_ORACLE_UNREACHABLE]',
    ])
  })

  it('sums up on request, and says nothing once closed', () => {
    const lines: string[] = []
    const board = createNoticeBoard({ write: (line) => lines.push(line), now: () => 0 })
    const halted = noticeOf('epochs halted', { oracle: 0, reason: 'PINION_ERR_ROOT_MISMATCH: …' }, 'error')
    board.say(halted)
    board.say(halted)
    board.summarize()
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/\(×1 more in the last/)
    board.say(halted)
    board.close()
    board.say(halted)
    board.summarize()
    expect(lines).toHaveLength(3)
  })

  it('reads any error field, never "[object Object]"', () => {
    const fromFields = noticeOf(
      'error',
      { oracle: 2, where: 'runner', error: { message: 'RPC node is behind', code: 'PINION_ERR_CHAIN_BEHIND', cause: { message: 'ECONNREFUSED' } } },
      'error',
    )
    expect(fromFields.text).toBe('oracle 2: error (runner); RPC node is behind [PINION_ERR_CHAIN_BEHIND] (because: ECONNREFUSED)')
    const viem = { message: 'The request took too long to respond.\n\nURL: http://127.0.0.1:39085/\nRequest body: {"method":"eth_blockNumber"}\n\nVersion: viem@2.57.1' }
    expect(noticeOf('error', { oracle: 0, where: 'follower', error: { ...viem, cause: viem } }, 'error').text).toBe(
      'oracle 0: error (follower); The request took too long to respond.',
    )
    const fromObject = noticeOf('slash refused', { oracle: 0, epoch: '3', error: { reason: { nested: true } } }, 'warn')
    expect(fromObject.text).not.toContain('[object Object]')
    expect(fromObject.text).toContain('{"reason":{"nested":true}}')
    // The same code from any oracle is one notice; the numbers in a message do not make it another.
    expect(noticeOf('error', { oracle: 0, where: 'runner', error: { message: 'a', code: 'X' } }, 'error').key).toBe(
      noticeOf('error', { oracle: 1, where: 'runner', error: { message: 'b', code: 'X' } }, 'error').key,
    )
  })
})
