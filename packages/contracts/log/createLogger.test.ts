import { describe, expect, it } from 'vitest'
import { createLogger } from './createLogger.ts'
import { capturedStream } from '@pinion/testkit/capturedStream'

describe('createLogger', () => {
  it('writes JSON lines with level, time, msg and bindings when the destination is not a terminal', () => {
    const out = capturedStream()
    createLogger({ destination: out, bindings: { oracle: 2 } }).info({ epoch: '7' }, 'epoch computed')
    const [record] = out.records()
    expect(record).toMatchObject({ level: 30, msg: 'epoch computed', epoch: '7', oracle: 2 })
    expect(typeof record!.time).toBe('string')
  })

  it('logs an error with its stack, code and whole cause chain', () => {
    const out = capturedStream()
    const root = new Error('connection refused')
    const cause = Object.assign(new Error('rpc unreachable', { cause: root }), { code: 'PINION_ERR_DEVNET_START' })
    createLogger({ destination: out }).error({ err: new Error('epoch 3 failed', { cause }) }, 'epochs halted')
    const record = out.records()[0] as {
      level: number
      err: { message: string; stack: string; cause: { message: string; code: string; stack: string; cause: { message: string } } }
    }
    expect(record.level).toBe(50)
    expect(record.err.message).toBe('epoch 3 failed')
    expect(record.err.stack).toContain('createLogger.test.ts')
    expect(record.err.cause).toMatchObject({ message: 'rpc unreachable', code: 'PINION_ERR_DEVNET_START' })
    expect(record.err.cause.stack).toContain('Error: rpc unreachable')
    expect(record.err.cause.cause.message).toBe('connection refused')
  })

  it('filters by level', () => {
    const out = capturedStream()
    const logger = createLogger({ destination: out, level: 'warn' })
    logger.info('hidden')
    logger.warn('shown')
    expect(out.records().map((r) => r.msg)).toEqual(['shown'])
  })

  it('writes pretty lines to a terminal', () => {
    const out = capturedStream(true)
    createLogger({ destination: out }).info({ epoch: '7' }, 'epoch computed')
    expect(out.text()).toContain('epoch computed')
    expect(out.text()).toContain('INFO')
    expect(() => JSON.parse(out.text())).toThrow()
  })
})
