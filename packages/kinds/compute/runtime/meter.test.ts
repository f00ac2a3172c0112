import { describe, expect, it } from 'vitest'
import { DEPTH_EXPORT, FUEL_EXPORT, MEMORY_IMPORT, START_EXPORT, meterModule, meterModuleWithInfo } from './meter.ts'
import { wat } from './testing/wat.ts'
import { ModuleError } from './wasmBytes.ts'

type Exports = Record<string, unknown>

/** Instantiates the original module and its metered form (fuel plenty), both with a one-page memory when they have one. */
function both(source: string): { plain: Exports; metered: Exports; fuel: WebAssembly.Global } {
  const wasm = wat(source)
  const plain = new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports
  const meteredWasm = meterModule(wasm)
  expect(WebAssembly.validate(meteredWasm)).toBe(true)
  const info = meterModuleWithInfo(wasm)
  const memory = info.memory === undefined ? undefined : new WebAssembly.Memory({ initial: info.memory.minPages, maximum: info.memory.maxPages ?? 4 })
  const metered = new WebAssembly.Instance(new WebAssembly.Module(meteredWasm), memory === undefined ? {} : { [MEMORY_IMPORT.module]: { [MEMORY_IMPORT.name]: memory } }).exports
  const fuel = metered[FUEL_EXPORT] as WebAssembly.Global
  fuel.value = 1_000_000_000n
  return { plain, metered, fuel }
}

/** Programs in most of the supported instruction set, each with an exported `run` and arguments to try. */
const PROGRAMS: { name: string; source: string; args: number[][] }[] = [
  {
    name: 'recursion, if/else, i64',
    source: `(module (func $fact (export "run") (param $n i32) (result i64)
      (if (result i64) (i32.le_u (local.get $n) (i32.const 1)) (then (i64.const 1))
        (else (i64.mul (i64.extend_i32_u (local.get $n)) (call $fact (i32.sub (local.get $n) (i32.const 1))))))))`,
    args: [[0], [1], [5], [20], [25]],
  },
  {
    name: 'nested loops, br_table, blocks',
    source: `(module (func (export "run") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $acc i32)
      (loop $outer
        (local.set $j (i32.const 0))
        (loop $inner
          (block $d (block $c (block $b (block $a
            (br_table $a $b $c $d (i32.rem_u (i32.add (local.get $i) (local.get $j)) (i32.const 4))))
            (local.set $acc (i32.add (local.get $acc) (i32.const 1))) (br $d))
            (local.set $acc (i32.mul (local.get $acc) (i32.const 3))) (br $d))
            (local.set $acc (i32.xor (local.get $acc) (local.get $j))) (br $d))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $j) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $acc)))`,
    args: [[0], [1], [7], [40]],
  },
  {
    name: 'memory, bulk memory, sign extension, saturating truncation',
    source: `(module (memory 1) (data (i32.const 16) "pinion")
      (func (export "run") (param $n i32) (result i32)
        (memory.fill (i32.const 100) (local.get $n) (i32.const 50))
        (memory.copy (i32.const 200) (i32.const 16) (i32.const 6))
        (i32.add (i32.add (i32.load8_s (i32.const 120)) (i32.extend8_s (i32.load (i32.const 202))))
          (i32.add (i32.trunc_sat_f64_s (f64.mul (f64.convert_i32_s (local.get $n)) (f64.const 1e10)))
            (i32.load16_u (i32.const 204))))))`,
    args: [[0], [1], [200], [-3]],
  },
  {
    name: 'multi-value blocks and calls, call_indirect, ref.func, ref.null, tables',
    source: `(module (type $bin (func (param i32 i32) (result i32)))
      (table $t 4 funcref) (elem (table $t) (i32.const 0) func $add $sub)
      (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
      (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
      (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
      (func (export "run") (param $n i32) (result i32)
        (table.set $t (i32.const 2) (ref.func $add))
        (i32.add
          (block (result i32 i32) (call $swap (local.get $n) (i32.const 7)))
          (call_indirect $t (type $bin) (i32.const 1) (i32.const 2) (i32.rem_u (local.get $n) (i32.const 3))))
        (i32.add (ref.is_null (ref.null func)) (ref.is_null (table.get $t (i32.const 3))))
        (i32.add) (i32.add)))`,
    args: [[0], [1], [2], [9]],
  },
  {
    name: 'floats (no NaN)',
    source: `(module (func (export "run") (param $n i32) (result f64) (local $x f64) (local $i i32)
      (local.set $x (f64.const 1))
      (loop $l
        (local.set $x (f64.add (f64.sqrt (f64.mul (local.get $x) (f64.const 3.5))) (f64.promote_f32 (f32.demote_f64 (f64.div (local.get $x) (f64.const 7))))))
        (local.set $x (f64.max (f64.floor (local.get $x)) (f64.nearest (f64.min (local.get $x) (f64.const 1e9)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_s (local.get $i) (local.get $n))))
      (local.get $x)))`,
    args: [[1], [10], [100]],
  },
]

describe('meterModule', () => {
  for (const { name, source, args } of PROGRAMS) {
    it(`keeps what a module computes: ${name}`, () => {
      const { plain, metered, fuel } = both(source)
      for (const a of args) expect([a, (metered.run as (...a: number[]) => unknown)(...a)]).toEqual([a, (plain.run as (...a: number[]) => unknown)(...a)])
      expect(fuel.value).toBeLessThan(1_000_000_000n)
    })
  }

  it('charges a loop of n iterations a + b·n fuel, exactly and the same every run', () => {
    // Entry: local.get, loop, drop (3). Each iteration: the loop body's 8 instructions (`end` is free).
    const { metered, fuel } = both(`(module (func (export "run") (param $n i32) (local $i i32)
      (local.get $n)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (drop)))`)
    const used = (n: number) => {
      const before = fuel.value as bigint
      ;(metered.run as (n: number) => void)(n)
      return before - (fuel.value as bigint)
    }
    const measured = [1, 2, 3, 1000, 1000].map(used)
    expect(measured).toEqual([3n + 8n, 3n + 16n, 3n + 24n, 3n + 8000n, 3n + 8000n])
  })

  it('traps when the fuel runs out, leaving the fuel global negative', () => {
    const { metered, fuel } = both('(module (func (export "run") (loop $l (br $l))))')
    fuel.value = 1000n
    expect(() => (metered.run as () => void)()).toThrow(WebAssembly.RuntimeError)
    expect(fuel.value as bigint).toBeLessThan(0n)
  })

  it('charges bulk memory operations one unit per 8 bytes', () => {
    const { metered, fuel } = both(`(module (memory 1) (func (export "run") (param $n i32)
      (memory.fill (i32.const 0) (i32.const 1) (local.get $n))))`)
    const used = (n: number) => {
      const before = fuel.value as bigint
      ;(metered.run as (n: number) => void)(n)
      return before - (fuel.value as bigint)
    }
    expect([used(0), used(8), used(800), used(65_536)]).toEqual([4n, 5n, 104n, 4n + 8192n])
  })

  it('replaces NaN results by the canonical quiet NaN', () => {
    const { plain, metered } = both(`(module (func (export "run") (param $x f64) (result i64)
      (i64.reinterpret_f64 (f64.div (local.get $x) (f64.const 0)))))`)
    expect((metered.run as (x: number) => bigint)(0)).toBe(0x7ff8000000000000n)
    expect((metered.run as (x: number) => bigint)(-0)).toBe(0x7ff8000000000000n)
    // Unmetered, the bits are the hardware's (on x86 the sign bit is set).
    expect(typeof (plain.run as (x: number) => bigint)(0)).toBe('bigint')
  })

  it('canonicalises NaNs at the end of a chain of float operations, and leaves bits that only move alone (NaN boxing)', () => {
    const { metered } = both(`(module (memory 1)
      (func (export "chain") (param $x f64) (result i64)
        (i64.reinterpret_f64 (f64.add (f64.mul (f64.div (local.get $x) (f64.const 0)) (f64.const 2)) (f64.const 1))))
      (func (export "f32") (param $x f32) (result i32)
        (i32.reinterpret_f32 (f32.demote_f64 (f64.promote_f32 (f32.sqrt (local.get $x))))))
      (func (export "boxed") (param $bits i64) (result i64)
        (f64.store (i32.const 8) (f64.neg (f64.abs (f64.reinterpret_i64 (local.get $bits)))))
        (i64.load (i32.const 8))))`)
    expect((metered.chain as (x: number) => bigint)(0)).toBe(0x7ff8000000000000n)
    expect((metered.f32 as (x: number) => number)(-1)).toBe(0x7fc00000)
    expect((metered.boxed as (bits: bigint) => bigint)(0x7ff4_0000_dead_beefn)).toBe(-0x000b_ffff_2152_4111n)
  })

  it('turns the start section into an export and the memory into an import, and exports its globals', () => {
    const wasm = wat('(module (memory 2 5) (global $g (mut i32) (i32.const 0)) (func $s (global.set $g (i32.const 7))) (start $s) (func (export "_start")))')
    const info = meterModuleWithInfo(wasm)
    expect(info.memory).toEqual({ minPages: 2, maxPages: 5 })
    expect(info.hasStart).toBe(true)
    const module = new WebAssembly.Module(info.wasm)
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: MEMORY_IMPORT.module, name: MEMORY_IMPORT.name, kind: 'memory' }])
    expect(WebAssembly.Module.exports(module).map((e: { name: string }) => e.name)).toEqual(['_start', FUEL_EXPORT, DEPTH_EXPORT, START_EXPORT])
  })

  it('traps a deep recursion at the same depth every run', () => {
    const { metered } = both('(module (func $r (export "run") (param i32) (result i32) (call $r (i32.add (local.get 0) (i32.const 1)))))')
    const depth = metered[DEPTH_EXPORT] as WebAssembly.Global
    const reached = [0, 1].map(() => {
      depth.value = 0
      expect(() => (metered.run as (n: number) => number)(0)).toThrow(WebAssembly.RuntimeError)
      return depth.value as number
    })
    expect(reached[0]).toBeGreaterThan(48_000)
    expect(reached[1]).toBe(reached[0])
  })

  it('refuses SIMD, threads, exception handling and tail calls with MODULE_UNSUPPORTED_FEATURE', () => {
    const simd = wat('(module (func (export "f") (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))')
    const codeOf = (wasm: Uint8Array) => {
      try {
        meterModule(wasm)
        return 'metered'
      } catch (error) {
        return (error as ModuleError).code
      }
    }
    expect(codeOf(simd)).toBe('MODULE_UNSUPPORTED_FEATURE')
    // A shared memory (threads): limits flag 3, written by hand (wabt needs the threads feature).
    const shared = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 4, 1, 3, 1, 1])
    expect(WebAssembly.validate(shared)).toBe(true)
    expect(codeOf(shared)).toBe('MODULE_UNSUPPORTED_FEATURE')
    // A tail call: (func (return_call 0)), by hand.
    const tail = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 6, 1, 4, 0, 0x12, 0, 0x0b])
    expect(codeOf(tail)).toBe('MODULE_UNSUPPORTED_FEATURE')
  })

  it('refuses what does not validate with MODULE_INVALID and what is not wasm with MODULE_MALFORMED', () => {
    const err = (wasm: Uint8Array) => {
      try {
        meterModule(wasm)
      } catch (error) {
        return error instanceof ModuleError ? error.code : 'not a ModuleError'
      }
      return 'metered'
    }
    expect(err(Uint8Array.from([1, 2, 3]))).toBe('MODULE_MALFORMED')
    const valid = wat('(module (func (export "f") (result i32) (i32.const 1)))')
    expect(err(valid.subarray(0, valid.length - 3))).toBe('MODULE_INVALID')
  })

  it('refuses exports in the runtime’s namespace', () => {
    expect(() => meterModule(wat('(module (func (export "pinion_fuel")))'))).toThrow(expect.objectContaining({ code: 'MODULE_RESERVED_NAME' }))
  })
})
