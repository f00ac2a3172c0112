import { createLogger } from '@pinion/contracts/log'
import { capturedStream } from '@pinion/testkit/capturedStream'
import { describe, expect, it } from 'vitest'
import { EVENT_LEVELS, eventLevel, logEvents } from './eventLevels.ts'

describe('the oracle events as log lines', () => {
  it('puts every alert at warn or above, so it shows at the default level', () => {
    for (const alert of ['error', 'epochs halted', 'epoch not recovered', 'root vetoed', 'epoch not signed']) {
      expect(['warn', 'error', 'fatal']).toContain(eventLevel(alert))
    }
    expect(eventLevel('epoch sealed')).toBe('debug')
    expect(eventLevel('something new')).toBe('info')
    expect(Object.keys(EVENT_LEVELS)).toContain('root committed')
  })

  it('writes an event as a line at its level, with its fields', () => {
    const destination = capturedStream()
    const log = logEvents(createLogger({ destination, pretty: false }))
    log('epoch sealed', { epoch: '4' })
    log('epochs halted', { reason: 'PINION_ERR_UNAVAILABLE: broken', error: { message: 'broken', stack: 'Error: broken\n    at here' } })
    expect(destination.records()).toMatchObject([{ level: 60, msg: 'epochs halted', reason: 'PINION_ERR_UNAVAILABLE: broken', error: { stack: 'Error: broken\n    at here' } }])
  })
})
