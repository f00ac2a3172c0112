import { describe, expect, it } from 'vitest'
import { createLogger } from './createLogger.ts'
import { createProgress } from './progress.ts'
import { capturedStream } from '@pinion/testkit/capturedStream'

describe('createProgress', () => {
  it('draws a bar in place on a terminal and ends its line', () => {
    const out = capturedStream(true)
    const progress = createProgress({ task: 'epochs', total: 4, destination: out })
    progress.update(1)
    progress.update(4, 'root committed')
    progress.end()
    const text = out.text()
    expect(text.split('\r\x1b[K')).toHaveLength(3)
    expect(text).toContain('epochs [██████░░░░░░░░░░░░░░░░░░] 1/4 25%')
    expect(text).toContain('epochs [████████████████████████] 4/4 100% root committed')
    expect(text.endsWith('\n')).toBe(true)
    expect(text.indexOf('\n')).toBe(text.length - 1)
  })

  it('writes one structured line per step elsewhere', () => {
    const out = capturedStream(false)
    const progress = createProgress({ task: 'replay', total: 3, destination: out })
    progress.update(1, 'epoch 0')
    progress.update(3)
    progress.end()
    expect(out.records()).toMatchObject([
      { level: 30, msg: 'progress', task: 'replay', done: 1, total: 3, note: 'epoch 0' },
      { level: 30, msg: 'progress', task: 'replay', done: 3, total: 3 },
    ])
    expect(out.text()).not.toContain('\r')
  })

  it('writes a line per tenth of the work, per new note, and at the end, however often it is updated', () => {
    const out = capturedStream(false)
    const progress = createProgress({ task: 'signing', total: 1000, destination: out })
    for (let done = 1; done <= 1000; done++) progress.update(done)
    progress.update(1000, 'signed')
    expect(out.records().map((r) => r.done)).toEqual([1, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1000])
  })

  it('writes its lines through a given logger, at its level', () => {
    const out = capturedStream(false)
    const progress = createProgress({ task: 'epochs', total: 2, destination: capturedStream(false), logger: createLogger({ destination: out, level: 'warn' }) })
    progress.update(1)
    expect(out.text()).toBe('')
  })
})
