import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** A whole code: a prefix such as `PINION_ERR_GOV_` (it ends in `_`) is not one. */
const CODE = /PINION_ERR_[A-Z0-9_]*[A-Z0-9]\b/g
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'dist'])

/** Every `PINION_ERR_*` code written in a source file under `dir` (tests included), with the files using it. */
export function codesUsed(dir: string): Map<string, string[]> {
  const used = new Map<string, string[]>()
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path)
      } else if (SOURCE.test(entry.name)) {
        for (const [code] of readFileSync(path, 'utf8').matchAll(CODE)) {
          const files = used.get(code) ?? []
          if (!files.includes(path)) files.push(path)
          used.set(code, files)
        }
      }
    }
  }
  walk(dir)
  return used
}
