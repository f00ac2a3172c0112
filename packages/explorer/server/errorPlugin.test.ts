import { PinionError } from '@pinion/protocol'
import { errorCodes } from 'fastify'
import { describe, expect, it } from 'vitest'
import { clientErrorHandler, errorResponse } from './errorPlugin.ts'
import { EXPLORER_ANSWERS, ExplorerError } from './errors.ts'

describe('errorResponse', () => {
  it('answers each kind of error with a stable code from the table and that code’s status', () => {
    const cases: [string, unknown, number, string][] = [
      ['an ExplorerError', new ExplorerError('PINION_ERR_BAD_PATH', 'x'), 400, 'PINION_ERR_BAD_PATH'],
      ['a PinionError of another package', new PinionError('PINION_ERR_MATH', 'overflow'), 500, 'PINION_ERR_INTERNAL'],
      ['an Error', new Error('secret detail'), 500, 'PINION_ERR_INTERNAL'],
      ['a body too large', new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), 413, 'PINION_ERR_BODY_TOO_LARGE'],
      ['a media type', new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), 415, 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE'],
      ['a content length', new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(), 400, 'PINION_ERR_BAD_REQUEST'],
      ['an empty JSON body', new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), 400, 'PINION_ERR_MALFORMED_JSON'],
      ['bad JSON', new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), 400, 'PINION_ERR_MALFORMED_JSON'],
      ['a bad URL', new errorCodes.FST_ERR_BAD_URL('/%zz'), 400, 'PINION_ERR_BAD_REQUEST'],
      ['not found', new errorCodes.FST_ERR_NOT_FOUND(), 404, 'PINION_ERR_NOT_FOUND'],
      ['another Fastify 4xx', new errorCodes.FST_ERR_INVALID_URL(5), 400, 'PINION_ERR_BAD_REQUEST'],
      ['a non-Fastify error with a 4xx statusCode', Object.assign(new Error('x'), { statusCode: 404 }), 500, 'PINION_ERR_INTERNAL'],
    ]
    for (const [name, error, status, code] of cases) {
      const answer = errorResponse(error)
      expect({ name, status: answer.status, code: answer.body.code }).toEqual({ name, status, code })
      expect(EXPLORER_ANSWERS[answer.body.code].status).toBe(answer.status)
    }
    expect(errorResponse(new Error('secret detail')).body.message).not.toContain('secret')
  })
})

describe('clientErrorHandler', () => {
  it('answers a request that did not arrive in time with 408 PINION_ERR_REQUEST_TIMEOUT, then closes', () => {
    // Node raises this after its headers timeout (60 s): the handler is called as Node would.
    const written: string[] = []
    let destroyed = false
    const socket = { destroyed: false, writable: true, write: (text: string) => written.push(text), destroy: () => (destroyed = true) }
    clientErrorHandler(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket as never)
    const [head = '', body = ''] = written.join('').split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1.1 408 /)
    expect(JSON.parse(body)).toEqual({ code: 'PINION_ERR_REQUEST_TIMEOUT', message: expect.any(String) })
    expect(destroyed).toBe(true)
  })
})
