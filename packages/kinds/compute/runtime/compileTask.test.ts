import { describe, expect, it } from 'vitest'
import { COMPILE_CACHE_ENTRIES, compileTask } from './compileTask.ts'
import { runTask } from './runTask.ts'
import { command, wat } from './testing/wat.ts'

const codeOf = (wasm: Uint8Array) => {
  const outcome = compileTask(wasm)
  return outcome.ok ? 'compiled' : outcome.error.code
}

/** A deterministic byte stream (xorshift32) for garbage inputs. */
function garbage(seed: number, length: number): Uint8Array {
  let x = seed
  return Uint8Array.from({ length }, () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x & 0xff
  })
}

describe('compileTask', () => {
  it('compiles a module once and keeps it by hash, in a bounded LRU cache', () => {
    const first = command('(nop)')
    const a = compileTask(first)
    expect(a.ok).toBe(true)
    expect(compileTask(Uint8Array.from(first))).toBe(a)
    // Enough other modules to push it out of the cache: it is compiled again.
    for (let i = 0; i < COMPILE_CACHE_ENTRIES; i++) compileTask(command(`(drop (i32.const ${i}))`))
    const again = compileTask(first)
    expect(again).not.toBe(a)
    expect(again).toEqual(expect.objectContaining({ ok: true }))
  })

  it('refuses imports that are not WASI preview1 functions, or WASI functions with another signature', () => {
    expect(codeOf(command('', { imports: '(import "env" "f" (func))' }))).toBe('MODULE_IMPORT_NOT_ALLOWED')
    expect(codeOf(command('', { imports: '(import "wasi_snapshot_preview1" "bogus" (func (result i32)))' }))).toBe('MODULE_IMPORT_NOT_ALLOWED')
    expect(codeOf(command('', { imports: '(import "wasi_snapshot_preview1" "toString" (func (result i32)))' }))).toBe('MODULE_IMPORT_NOT_ALLOWED')
    expect(codeOf(command('', { imports: '(import "wasi_snapshot_preview1" "random_get" (func (param i64 i32) (result i32)))' }))).toBe('MODULE_IMPORT_NOT_ALLOWED')
    expect(codeOf(wat('(module (import "env" "memory" (memory 1)) (func (export "_start")))'))).toBe('MODULE_IMPORT_NOT_ALLOWED')
    const run = runTask({ module: command('', { imports: '(import "env" "f" (func))' }), input: new Uint8Array(0), fuel: 1000n, memoryPages: 1, seed: new Uint8Array(0) })
    expect([run.status, run.error?.code, run.output.length, run.fuelUsed]).toEqual(['invalid-module', 'MODULE_IMPORT_NOT_ALLOWED', 0, 0n])
  })

  it('needs a `_start` taking and returning nothing', () => {
    expect(codeOf(wat('(module (memory 1))'))).toBe('MODULE_NO_START')
    expect(codeOf(wat('(module (func (export "_start") (param i32)))'))).toBe('MODULE_NO_START')
    expect(codeOf(wat('(module (global (export "_start") i32 (i32.const 0)))'))).toBe('MODULE_NO_START')
  })

  it('turns every truncation of a module and garbage bytes into an outcome, never a throw; what does not validate into MODULE_INVALID or MODULE_MALFORMED', () => {
    const wasm = command('(call $write (i32.const 1) (i32.const 100) (i32.const 5))', { extra: '(data (i32.const 100) "hello")' })
    const inputs: Uint8Array[] = []
    for (let length = 0; length < wasm.length; length++) inputs.push(wasm.slice(0, length))
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = garbage(seed, 1 + (seed % 97))
      // Garbage behind a valid header reaches the section parser.
      if (seed % 2 === 0) bytes.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0].slice(0, bytes.length))
      inputs.push(bytes)
    }
    const refusals = new Set<string>()
    for (const bytes of inputs) {
      const code = codeOf(bytes)
      // A truncation at a section boundary is a valid module (without its later sections).
      if (!WebAssembly.validate(bytes)) refusals.add(code)
    }
    expect([...refusals].sort()).toEqual(['MODULE_INVALID', 'MODULE_MALFORMED'])
  })

  it('refuses a module over the size limit without reading it', () => {
    expect(codeOf(new Uint8Array((8 << 20) + 1))).toBe('MODULE_TOO_LARGE')
  })
})
