import wabtInit from 'wabt'

// Tests assemble their modules from WebAssembly text with wabt, here: hermetic, nothing downloaded.
const wabt = await wabtInit()

/** The binary of a module in WebAssembly text (with the post-MVP features the runtime supports, and SIMD for the tests that refuse it). */
export function wat(source: string): Uint8Array {
  const parsed = wabt.parseWat('test.wat', source, { simd: true, bulk_memory: true, reference_types: true, multi_value: true, sign_extension: true, sat_float_to_int: true })
  try {
    parsed.resolveNames()
    parsed.validate()
    return parsed.toBinary({}).buffer
  } finally {
    parsed.destroy()
  }
}

/**
 * A WASI command: imports fd_write, fd_read and proc_exit (and `imports`), a memory of `pages` pages
 * (default 1), helpers `$write(fd, ptr, len)` and `$read(ptr, len) -> n` (scratch at 0..16), `extra`
 * fields, and `_start` with the body `start`.
 */
export function command(start: string, options: { extra?: string; imports?: string; pages?: number } = {}): Uint8Array {
  return wat(`(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  ${options.imports ?? ''}
  (memory (export "memory") ${options.pages ?? 1})
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $read (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.load (i32.const 8)))
  ${options.extra ?? ''}
  (func (export "_start") ${start}))`)
}
