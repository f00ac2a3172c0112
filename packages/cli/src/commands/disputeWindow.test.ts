import { describe, expect, it } from 'vitest'
import { PENDING_ROOTS_AT_MOST, checkDisputeWindow } from './disputeWindow.ts'

describe('checkDisputeWindow', () => {
  it('takes a window of up to 14 epochs: at most 15 roots pending at once', () => {
    expect(PENDING_ROOTS_AT_MOST).toBe(15)
    expect(() => checkDisputeWindow(86_400, 86_400)).not.toThrow()
    expect(() => checkDisputeWindow(14 * 3_600, 3_600)).not.toThrow()
    expect(() => checkDisputeWindow(0, 30)).not.toThrow()
  })

  it('refuses one day over hourly or 30-second epochs, naming the window and the epoch that would fit', () => {
    expect(() => checkDisputeWindow(14 * 3_600 + 1, 3_600)).toThrow(expect.objectContaining({ code: 'PINION_ERR_CONFIG' }))
    expect(() => checkDisputeWindow(86_400, 3_600)).toThrow(/--dispute-window 50400 or less, or epochs of at least 6172 s/)
    expect(() => checkDisputeWindow(86_400, 30)).toThrow(/about 2881 roots of 30-second epochs/)
  })
})
