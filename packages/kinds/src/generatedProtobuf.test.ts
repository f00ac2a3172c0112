// The committed protobuf code under every `generated/` is exactly what `buf generate` makes from the
// .proto files beside it (regenerate with `npm run generate:proto`). Covers @pinion/protocol and
// every kind folder that has a buf.gen.yaml.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const kindsDir = join(root, 'packages', 'kinds')
const modules = [
  join(root, 'packages', 'protocol'),
  ...readdirSync(kindsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(kindsDir, entry.name, 'buf.gen.yaml')))
    .map((entry) => join(kindsDir, entry.name)),
]

/** Every file under `dir`, by path relative to it, with its contents. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else files.set(relative(dir, path), readFileSync(path, 'utf8'))
    }
  }
  if (existsSync(dir)) walk(dir)
  return files
}

describe('generated protobuf code', () => {
  it('covers the protocol and the uptime kind', () => {
    expect(modules.map((m) => relative(root, m))).toEqual(expect.arrayContaining(['packages/protocol', 'packages/kinds/uptime']))
  })

  it.each(modules.map((m) => [relative(root, m), m]))('%s/generated is what buf generate makes now', (_, dir) => {
    const out = mkdtempSync(join(tmpdir(), 'pinion-buf-'))
    try {
      execFileSync('buf', ['generate', '--output', out], {
        cwd: dir,
        env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` },
        stdio: 'pipe',
      })
      const fresh = tree(join(out, 'generated'))
      const committed = tree(join(dir, 'generated'))
      expect(fresh.size).toBeGreaterThan(0)
      expect([...committed.keys()].sort(), 'generated files differ: run `npm run generate:proto`').toEqual([...fresh.keys()].sort())
      for (const [path, contents] of fresh) expect(committed.get(path) === contents, `${path} is stale: run \`npm run generate:proto\``).toBe(true)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
