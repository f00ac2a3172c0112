// Writes every ERRORS.md from the packages' tables of error codes: `npm run generate:errors`.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ERROR_DOCS } from './errorTables.ts'
import { renderErrorDocs } from './renderErrors.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
for (const [path, text] of renderErrorDocs(root, ERROR_DOCS)) {
  writeFileSync(new URL(path, `file://${root}`), text)
  console.log(`wrote ${path}`)
}
