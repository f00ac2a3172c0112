import { createLogger } from '@pinion/contracts/log'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { threadEvents } from './threadEvents.ts'

describe('threadEvents', () => {
  it('writes and posts the events the level lets through, and no others', () => {
    let text = ''
    const destination = new Writable({ write: (chunk, _, done) => ((text += String(chunk)), done()) })
    const posted: string[] = []
    const sink = threadEvents('info', createLogger({ destination, pretty: false, level: 'info' }), (event) => posted.push(event))
    sink('epoch sealed', { epoch: '1' })
    sink('epoch computed', { epoch: '1' })
    sink('epochs halted', { reason: 'x' })
    expect(posted).toEqual(['epoch computed', 'epochs halted'])
    expect(
      text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { msg: string }).msg),
    ).toEqual(['epoch computed', 'epochs halted'])
  })

  it('posts at debug what info would hold back', () => {
    const posted: string[] = []
    threadEvents('debug', createLogger({ level: 'silent' }), (event) => posted.push(event))('epoch sealed', {})
    expect(posted).toEqual(['epoch sealed'])
  })
})
