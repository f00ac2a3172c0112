import { createLogger } from '@pinion/contracts/log'
import { capturedStream } from '@pinion/testkit/capturedStream'
import { describe, expect, it } from 'vitest'
import { threadEvents } from './threadEvents.ts'

describe('threadEvents', () => {
  it('writes and posts the events the level lets through, and no others', () => {
    const destination = capturedStream()
    const posted: string[] = []
    const sink = threadEvents('info', createLogger({ destination, pretty: false, level: 'info' }), (event) => posted.push(event))
    sink('epoch sealed', { epoch: '1' })
    sink('epoch computed', { epoch: '1' })
    sink('epochs halted', { reason: 'x' })
    expect(posted).toEqual(['epoch computed', 'epochs halted'])
    expect(destination.records().map((line) => line.msg)).toEqual(['epoch computed', 'epochs halted'])
  })

  it('posts at debug what info would hold back', () => {
    const posted: string[] = []
    threadEvents('debug', createLogger({ level: 'silent' }), (event) => posted.push(event))('epoch sealed', {})
    expect(posted).toEqual(['epoch sealed'])
  })
})
