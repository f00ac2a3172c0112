import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { EXPLORER_ERROR_CODES, ExplorerError } from './errors.ts'

describe('EXPLORER_ERROR_CODES', () => {
  it('lists exactly the codes and statuses that ERRORS.md documents', async () => {
    const doc = await readFile(new URL('../ERRORS.md', import.meta.url), 'utf8')
    const documented = [...doc.matchAll(/^\| `(PINION_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])])
    expect(documented).toEqual(Object.entries(EXPLORER_ERROR_CODES).map(([code, { status }]) => [code, status]))
  })

  it('gives an ExplorerError its status from the table', () => {
    const error = new ExplorerError('PINION_ERR_RPC_METHOD_NOT_ALLOWED', 'anvil_setBalance is not forwarded')
    expect(error).toMatchObject({ code: 'PINION_ERR_RPC_METHOD_NOT_ALLOWED', status: 403, name: 'ExplorerError' })
  })
})
