import { createHash } from 'node:crypto'
import type { Hex } from 'viem'
import { type MeteredModule, meterModuleWithInfo } from './meter.ts'
import { WASI_MODULE, WASI_SIGNATURES, signatureOf } from './wasi.ts'
import { ModuleError, type ModuleErrorCode } from './wasmBytes.ts'

/** A task module validated, metered and compiled, ready for any number of runs. */
export type CompiledTask = {
  /** SHA-256 of the module as the customer gave it (the job manifest's `module`). */
  hash: Hex
  /** The metered module, compiled. */
  module: WebAssembly.Module
  /** The module's memory limits (imported from the runtime in the metered module), if it has a memory. */
  memory: MeteredModule['memory']
  /** Whether the module had a start function, which runTask calls before `_start`. */
  hasStart: boolean
  /** The call-depth budget compiled into the module. */
  maxStackUnits: number
}

export type CompileOutcome = { ok: true; compiled: CompiledTask } | { ok: false; hash: Hex; error: { code: ModuleErrorCode; message: string } }

/** The largest module compileTask takes (the compute kind's own limit, MAX_MODULE_BYTES, is lower). */
export const MAX_RUNTIME_MODULE_BYTES = 8 << 20
/** Outcomes compileTask keeps, most recently used first. */
export const COMPILE_CACHE_ENTRIES = 16

const cache = new Map<Hex, CompileOutcome>()
/** Modules compileTask compiled, so that runTask can take the WebAssembly.Module alone. */
const compiledModules = new WeakMap<WebAssembly.Module, CompiledTask>()

/**
 * Validates, meters and compiles a task's module once: an oracle that re-executes many tasks of one
 * job compiles its module once. Outcomes (refusals too) are kept by the module's SHA-256 in a small
 * LRU cache. Never throws on a bad module: the outcome says why, with a stable code.
 */
export function compileTask(wasm: Uint8Array): CompileOutcome {
  const hash = sha256Hex(wasm)
  const cached = cache.get(hash)
  if (cached !== undefined) {
    // Refreshes its place in the LRU order.
    cache.delete(hash)
    cache.set(hash, cached)
    return cached
  }
  const outcome = compileUncached(wasm, hash)
  cache.set(hash, outcome)
  if (cache.size > COMPILE_CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
  return outcome
}

/** The CompiledTask compileTask made for this WebAssembly.Module, if it made one. */
export const compiledTaskOf = (module: WebAssembly.Module): CompiledTask | undefined => compiledModules.get(module)

function compileUncached(wasm: Uint8Array, hash: Hex): CompileOutcome {
  try {
    if (wasm.length > MAX_RUNTIME_MODULE_BYTES) throw new ModuleError('MODULE_TOO_LARGE', `the module is ${wasm.length} bytes; at most ${MAX_RUNTIME_MODULE_BYTES} are allowed`)
    const metered = meterModuleWithInfo(wasm)
    for (const { module, name, kind, type } of metered.imports) {
      const expected = WASI_SIGNATURES[name]
      if (module !== WASI_MODULE || kind !== 'function' || expected === undefined || !Object.hasOwn(WASI_SIGNATURES, name)) {
        throw new ModuleError('MODULE_IMPORT_NOT_ALLOWED', `the module imports ${kind} "${module}"."${name}"; a task may import only ${WASI_MODULE} functions`)
      }
      if (type === undefined || signatureOf(type) !== expected) {
        throw new ModuleError(
          'MODULE_IMPORT_NOT_ALLOWED',
          `the module imports ${WASI_MODULE}.${name} as (${type === undefined ? '?' : signatureOf(type)}); WASI's is (${expected})`,
        )
      }
    }
    const start = metered.exports.find((e) => e.name === '_start')
    if (start?.kind !== 'function' || start.type === undefined || start.type.params.length > 0 || start.type.results.length > 0) {
      throw new ModuleError('MODULE_NO_START', 'the module does not export a function `_start` taking and returning nothing (a WASI command)')
    }
    let module: WebAssembly.Module
    try {
      module = new WebAssembly.Module(metered.wasm)
    } catch (error) {
      // The original validated, so this is a limit the added locals or code passed (V8's 50,000 locals a function).
      throw new ModuleError('MODULE_INVALID', `the metered module does not compile: ${(error as Error).message}`)
    }
    const compiled: CompiledTask = { hash, module, memory: metered.memory, hasStart: metered.hasStart, maxStackUnits: metered.maxStackUnits }
    compiledModules.set(module, compiled)
    return { ok: true, compiled }
  } catch (error) {
    if (error instanceof ModuleError) return { ok: false, hash, error: { code: error.code, message: error.message } }
    // A bug of the reader that a hostile module found must still be a refusal, not a crash.
    return { ok: false, hash, error: { code: 'MODULE_MALFORMED', message: `the module could not be read: ${(error as Error).message}` } }
  }
}

/** SHA-256 as 0x-prefixed hex. */
export const sha256Hex = (bytes: Uint8Array): Hex => `0x${createHash('sha256').update(bytes).digest('hex')}`
