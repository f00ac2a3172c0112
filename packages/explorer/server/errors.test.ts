import { describe, expect, it } from 'vitest'
import { EXPLORER_ANSWERS, EXPLORER_ERROR_CODES, ExplorerError } from './errors.ts'

describe('EXPLORER_ANSWERS', () => {
  it('answers the codes every server shares and the explorer’s own that carry a status, never the web app’s', () => {
    expect(Object.keys(EXPLORER_ANSWERS)).toContain('PINION_ERR_NOT_FOUND')
    expect(Object.keys(EXPLORER_ANSWERS)).toContain('PINION_ERR_BAD_PATH')
    expect(Object.keys(EXPLORER_ANSWERS)).not.toContain('PINION_ERR_UNREACHABLE')
    expect(Object.hasOwn(EXPLORER_ERROR_CODES, 'PINION_ERR_UNREACHABLE')).toBe(true)
  })

  it('gives an ExplorerError its status from the table', () => {
    const error = new ExplorerError('PINION_ERR_RPC_METHOD_NOT_ALLOWED', 'anvil_setBalance is not forwarded')
    expect(error).toMatchObject({ code: 'PINION_ERR_RPC_METHOD_NOT_ALLOWED', status: 403, name: 'ExplorerError' })
    expect(new ExplorerError('PINION_ERR_NOT_FOUND', 'x').status).toBe(404)
  })
})
