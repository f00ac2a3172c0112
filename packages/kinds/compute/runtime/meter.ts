import { ModuleError, Reader, concatBytes, nameBytes, sLeb, u32Leb } from './wasmBytes.ts'

/**
 * Pinion's own fuel metering of a WebAssembly binary. No well-kept npm library does this: the one
 * that exists (`wasm-metering`, ewasm's, last changed years ago) covers the MVP only, decodes through
 * a JSON form, and charges by calling an imported function, which costs a host call per charge.
 *
 * What the metered module does, beside what the original did:
 * - Fuel. A new mutable i64 global (exported as `pinion_fuel`) holds the fuel left. At each function's
 *   entry and at the start of each `loop` body it subtracts the number of instructions of that
 *   function's or loop's body at that nesting level, nested loops' bodies excluded (they charge for
 *   themselves), and traps (`unreachable`) when the fuel goes below zero. That is sound: only a loop
 *   or a call runs an instruction again, and both pass a charge first; and it is exact per entry, so a
 *   run's fuel is a function of the module and the input alone. `end` and `else` are free (they are
 *   markers, not work); both arms of an `if` are charged, the one that runs or not. Bulk operations
 *   that take a length (memory.copy/fill/init: one unit per 8 bytes; table.copy/fill/init/grow: one per
 *   element) also charge that length when they run. memory.grow is one unit: growth is bounded by the
 *   memory cap. Host (WASI) calls charge for the bytes they move in wasi.ts.
 * - Call depth. The native stack's size is the host's (and how deep the JavaScript that called the
 *   runtime already is), so a stack overflow would fall at a different depth on another machine. A
 *   second global (`pinion_depth`) adds, around each call, the caller frame's weight (a constant per
 *   function: its parameters and locals plus a fixed frame cost) and traps past maxStackUnits, so a
 *   deep recursion traps at the same depth everywhere. Frames far larger than their weight says
 *   could still meet V8's own limit first; runTask reports that as the host-dependent STACK_OVERFLOW.
 * - NaN bits. The result of a float operation that is NaN has hardware-dependent bits (x86 and ARM
 *   disagree on the sign of 0/0; which operand's payload propagates can depend on V8's register
 *   choice), visible through reinterpret, a store or copysign. Each float operation that can make a
 *   NaN is followed by a `select` that replaces any NaN by the canonical quiet NaN, as Wasmtime's NaN
 *   canonicalisation does, except where the next instruction consumes the value without showing its
 *   bits (ABSORBS_F32/F64). Loads, stores, reinterprets, abs, neg and copysign move bits as the spec
 *   says, so NaN-boxing programs keep working.
 * - Memory. The module's own memory becomes an import (`pinion.memory`), so runTask creates it with
 *   the task's cap as its maximum: one compiled module serves every cap. Its limits are kept.
 * - Start. A start section would run at instantiation, before the runtime could give it fuel: it is
 *   removed and its function exported as `pinion_start`, which runTask calls first.
 * Custom sections (names, producers) are dropped: nothing reads them and they are input to parse.
 *
 * Supported: the MVP, sign extension, non-trapping float-to-int, bulk memory, multi-value, reference
 * types (`ref.null`, `ref.func`, `ref.is_null`, tables of funcref/externref, `call_indirect` on any
 * table), mutable-global exports, extended constant expressions. Rejected with
 * MODULE_UNSUPPORTED_FEATURE: SIMD (and relaxed SIMD), threads and shared memory, exception handling,
 * tail calls, typed function references and GC, memory64, multiple memories. Every machine of a network
 * runs Node ≥ 20, whose V8 has all the supported features, so whether a module is accepted does not
 * depend on the machine.
 */

/** The exported global holding the fuel left (i64). */
export const FUEL_EXPORT = 'pinion_fuel'
/** The exported global holding the call-depth units in use (i32). */
export const DEPTH_EXPORT = 'pinion_depth'
/** The export of what was the module's start function. */
export const START_EXPORT = 'pinion_start'
/** Where the module's memory is imported from in the metered module. */
export const MEMORY_IMPORT = { module: 'pinion', name: 'memory' } as const
/** Exports starting with this are the runtime's: a module that has one is refused. */
const RESERVED_EXPORT_PREFIX = 'pinion_'

/**
 * Stack units a run may have in use; a frame weighs FRAME_STACK_UNITS plus its parameters and locals.
 * 48,000 units are 4,363 frames of a function without parameters or locals, 1,454 of one with 22.
 * Measured on Node 20 (x64, default 984 KiB stack, Liftoff frames): V8's stack holds about 215,000
 * units of frames without locals (17,958 frames) and 125,000 of frames with 1,000 i64 locals (124), so
 * the budget is reached first with a margin of 2.6 for what the units do not count (operand stack
 * spills, the JavaScript frames under the run); runTask.test.ts checks it.
 */
export const DEFAULT_MAX_STACK_UNITS = 48_000
const FRAME_STACK_UNITS = 8
/** The largest table (elements) a module may declare: 1 Mi, 8 MiB of references. */
const DEFAULT_MAX_TABLE_ELEMENTS = 1 << 20

/** Fuel for bulk memory operations: one unit per 2^3 bytes (plus the instruction's own one). */
const MEMORY_BYTES_SHIFT = 3n

export type MeterOptions = {
  /** Replace NaN results of float operations by the canonical NaN (default true). */
  canonicalizeNaNs?: boolean
  /** Call-depth budget in stack units (default DEFAULT_MAX_STACK_UNITS). */
  maxStackUnits?: number
  /** The largest table a module may declare (default DEFAULT_MAX_TABLE_ELEMENTS). */
  maxTableElements?: number
}

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'funcref' | 'externref'
export type FuncType = { params: ValType[]; results: ValType[] }

export type MeteredModule = {
  /** The metered binary. */
  wasm: Uint8Array
  /** The module's memory, now imported from MEMORY_IMPORT; undefined when it defines none. */
  memory: { minPages: number; maxPages: number | undefined } | undefined
  /** The original module's imports (the metered one adds MEMORY_IMPORT). */
  imports: { module: string; name: string; kind: 'function' | 'table' | 'memory' | 'global'; type?: FuncType }[]
  /** The original module's exports; functions with their type. */
  exports: { name: string; kind: 'function' | 'table' | 'memory' | 'global'; type?: FuncType }[]
  /** Whether the module had a start section (now exported as START_EXPORT). */
  hasStart: boolean
  /** The call-depth budget compiled into the module. */
  maxStackUnits: number
}

/** Meters a module (see above): its metered binary. Throws ModuleError (with a stable code) on a module it refuses. */
export function meterModule(wasm: Uint8Array, options: MeterOptions = {}): Uint8Array {
  return meterModuleWithInfo(wasm, options).wasm
}

const VAL_TYPES: Record<number, ValType> = { 127: 'i32', 126: 'i64', 125: 'f32', 124: 'f64', 112: 'funcref', 111: 'externref' }
const EXTERNAL_KINDS = ['function', 'table', 'memory', 'global'] as const

const unsupported = (what: string) => new ModuleError('MODULE_UNSUPPORTED_FEATURE', `the module uses ${what}, which the metering runtime does not support`)
const malformed = (message: string) => new ModuleError('MODULE_MALFORMED', message)

function valType(byte: number): ValType {
  const type = VAL_TYPES[byte]
  if (type !== undefined) return type
  if (byte === 0x7b) throw unsupported('SIMD (v128)')
  throw unsupported(`the value type 0x${byte.toString(16)} (typed references or GC)`)
}

/** Limits of a memory or a table: flags 0 (min) or 1 (min, max); shared (threads) and 64-bit ones are refused. */
function limits(r: Reader, what: 'memory' | 'table'): { min: number; max: number | undefined } {
  const flags = r.u8()
  if (flags === 0) return { min: r.u32(), max: undefined }
  if (flags === 1) return { min: r.u32(), max: r.u32() }
  if (flags === 2 || flags === 3) throw unsupported(`a shared ${what} (threads)`)
  throw unsupported(`${what} limits with flags 0x${flags.toString(16)} (memory64 or custom page sizes)`)
}

function blockType(r: Reader): void {
  const byte = r.bytes[r.pos]
  if (byte === 0x40 || (byte !== undefined && VAL_TYPES[byte] !== undefined)) {
    r.pos++
    return
  }
  if (byte === 0x7b) throw unsupported('SIMD (v128)')
  if (r.s33() < 0) throw unsupported('a block type of typed references or GC')
}

function heapType(r: Reader): void {
  const byte = r.u8()
  if (byte !== 0x70 && byte !== 0x6f) throw unsupported(`the heap type 0x${byte.toString(16)} (typed references or GC)`)
}

function memoryIndexZero(r: Reader): void {
  if (r.u32() !== 0) throw unsupported('multiple memories')
}

function memarg(r: Reader): void {
  const align = r.u32()
  if ((align & 0x40) !== 0) throw unsupported('multiple memories')
  r.u32()
}

/** Skips a constant expression (global initialisers), refusing SIMD and anything not constant. */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.u8()
    switch (op) {
      case 0x0b:
        return
      case 0x41:
        r.skipSigned(32)
        break
      case 0x42:
        r.skipSigned(64)
        break
      case 0x43:
        r.skip(4)
        break
      case 0x44:
        r.skip(8)
        break
      case 0x23:
      case 0xd2:
        r.u32()
        break
      case 0xd0:
        heapType(r)
        break
      case 0x6a:
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break
      case 0xfd:
        throw unsupported('SIMD (v128.const)')
      default:
        throw unsupported(`the opcode 0x${op.toString(16)} in a constant expression`)
    }
  }
}

type Section = { id: number; start: number; end: number }
/** Known sections in the order the binary format requires (13, tags, is refused). */
const SECTION_ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11]
const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]

/** Meters a module (see the comment at the top): the metered binary and what runTask needs to know about the module. */
export function meterModuleWithInfo(wasm: Uint8Array, options: MeterOptions = {}): MeteredModule {
  const canonicalizeNaNs = options.canonicalizeNaNs ?? true
  const maxStackUnits = options.maxStackUnits ?? DEFAULT_MAX_STACK_UNITS
  const maxTableElements = options.maxTableElements ?? DEFAULT_MAX_TABLE_ELEMENTS
  // The parser below trusts the structure WebAssembly.validate checked (section order, matching `end`s,
  // index ranges), and still checks every read's bounds.
  if (wasm.length < 8 || !WASM_HEADER.every((byte, i) => wasm[i] === byte)) throw malformed('not a WebAssembly version 1 binary (bad magic or version)')
  let valid: boolean
  try {
    valid = WebAssembly.validate(wasm)
  } catch (error) {
    throw new ModuleError('MODULE_INVALID', `WebAssembly.validate failed: ${(error as Error).message}`)
  }
  if (!valid) throw new ModuleError('MODULE_INVALID', invalidReason(wasm))

  const sections = new Map<number, Section>()
  const top = new Reader(wasm, 8)
  while (!top.done) {
    const id = top.u8()
    const size = top.u32()
    const start = top.pos
    top.skip(size)
    if (id === 0) continue
    if (id === 13) throw unsupported('exception handling (a tag section)')
    if (!SECTION_ORDER.includes(id)) throw malformed(`unknown section id ${id}`)
    sections.set(id, { id, start, end: top.pos })
  }
  const readerOf = (id: number) => {
    const s = sections.get(id)
    return s === undefined ? undefined : new Reader(wasm, s.start, s.end)
  }

  // Types.
  const types: FuncType[] = []
  const typeReader = readerOf(1)
  if (typeReader !== undefined) {
    for (let n = typeReader.u32(); n > 0; n--) {
      const form = typeReader.u8()
      if (form !== 0x60) throw unsupported(`the type form 0x${form.toString(16)} (GC)`)
      const params = Array.from({ length: typeReader.u32() }, () => valType(typeReader.u8()))
      const results = Array.from({ length: typeReader.u32() }, () => valType(typeReader.u8()))
      types.push({ params, results })
    }
  }
  const typeAt = (index: number): FuncType => {
    const type = types[index]
    if (type === undefined) throw malformed(`type index ${index} out of range`)
    return type
  }

  // Imports.
  const imports: MeteredModule['imports'] = []
  const funcTypes: FuncType[] = []
  let importedGlobals = 0
  let importedMemories = 0
  let importEntries: Uint8Array = new Uint8Array(0)
  const importReader = readerOf(2)
  if (importReader !== undefined) {
    const count = importReader.u32()
    const entriesStart = importReader.pos
    for (let n = count; n > 0; n--) {
      const module = importReader.name()
      const name = importReader.name()
      const kind = importReader.u8()
      if (kind === 0) {
        const type = typeAt(importReader.u32())
        funcTypes.push(type)
        imports.push({ module, name, kind: 'function', type })
      } else if (kind === 1) {
        valType(importReader.u8())
        checkTable(limits(importReader, 'table'), maxTableElements)
        imports.push({ module, name, kind: 'table' })
      } else if (kind === 2) {
        limits(importReader, 'memory')
        importedMemories++
        imports.push({ module, name, kind: 'memory' })
      } else if (kind === 3) {
        valType(importReader.u8())
        importReader.u8()
        importedGlobals++
        imports.push({ module, name, kind: 'global' })
      } else if (kind === 4) throw unsupported('exception handling (an imported tag)')
      else throw malformed(`import kind ${kind}`)
    }
    importEntries = wasm.subarray(entriesStart, importReader.pos)
  }
  const importedFuncs = funcTypes.length

  // Functions, tables, memory.
  const functionReader = readerOf(3)
  if (functionReader !== undefined) for (let n = functionReader.u32(); n > 0; n--) funcTypes.push(typeAt(functionReader.u32()))
  const tableReader = readerOf(4)
  if (tableReader !== undefined) {
    for (let n = tableReader.u32(); n > 0; n--) {
      valType(tableReader.u8())
      checkTable(limits(tableReader, 'table'), maxTableElements)
    }
  }
  let memory: MeteredModule['memory']
  let memoryImport: number[] = []
  const memoryReader = readerOf(5)
  if (memoryReader !== undefined) {
    const count = memoryReader.u32()
    if (count + importedMemories > 1) throw unsupported('multiple memories')
    if (count === 1) {
      const limitsStart = memoryReader.pos
      const { min, max } = limits(memoryReader, 'memory')
      memory = { minPages: min, maxPages: max }
      memoryImport = [...nameBytes(MEMORY_IMPORT.module), ...nameBytes(MEMORY_IMPORT.name), 0x02, ...wasm.subarray(limitsStart, memoryReader.pos)]
    }
  }

  // Globals: count them (the new ones go last, so no index changes) and refuse v128 ones.
  let definedGlobals = 0
  let globalEntries: Uint8Array = new Uint8Array(0)
  const globalReader = readerOf(6)
  if (globalReader !== undefined) {
    definedGlobals = globalReader.u32()
    const entriesStart = globalReader.pos
    for (let n = definedGlobals; n > 0; n--) {
      valType(globalReader.u8())
      globalReader.u8()
      skipConstExpr(globalReader)
    }
    globalEntries = wasm.subarray(entriesStart, globalReader.pos)
  }
  const fuelGlobal = importedGlobals + definedGlobals
  const depthGlobal = fuelGlobal + 1

  // Exports.
  const exports: MeteredModule['exports'] = []
  let exportEntries: Uint8Array = new Uint8Array(0)
  const exportReader = readerOf(7)
  if (exportReader !== undefined) {
    const count = exportReader.u32()
    const entriesStart = exportReader.pos
    for (let n = count; n > 0; n--) {
      const name = exportReader.name()
      const kindByte = exportReader.u8()
      const index = exportReader.u32()
      const kind = EXTERNAL_KINDS[kindByte]
      if (kind === undefined) throw unsupported(`export kind ${kindByte} (exception handling)`)
      if (name.startsWith(RESERVED_EXPORT_PREFIX))
        throw new ModuleError('MODULE_RESERVED_NAME', `the module exports "${name}"; names starting with "${RESERVED_EXPORT_PREFIX}" are the runtime's`)
      const type = kind === 'function' ? funcTypes[index] : undefined
      exports.push(type === undefined ? { name, kind } : { name, kind, type })
    }
    exportEntries = wasm.subarray(entriesStart, exportReader.pos)
  }

  const startReader = readerOf(8)
  const startFunc = startReader?.u32()

  // Code.
  const codeReader = readerOf(10)
  const bodies: Uint8Array[] = []
  if (codeReader !== undefined) {
    const count = codeReader.u32()
    const constants = chargeConstants(fuelGlobal, depthGlobal, maxStackUnits)
    for (let i = 0; i < count; i++) {
      const size = codeReader.u32()
      const start = codeReader.pos
      codeReader.skip(size)
      const type = funcTypes[importedFuncs + i]
      if (type === undefined) throw malformed(`code for function ${importedFuncs + i}, which the function section does not declare`)
      bodies.push(meterBody(wasm, start, codeReader.pos, type.params.length, importedFuncs, constants, canonicalizeNaNs))
    }
  }

  // The metered module, sections in the binary format's order.
  const out: (Uint8Array | number[])[] = [WASM_HEADER]
  const section = (id: number, payload: (Uint8Array | number[])[]) => {
    const bytes = concatBytes(payload)
    out.push([id, ...u32Leb(bytes.length)], bytes)
  }
  const original = (id: number) => {
    const s = sections.get(id)
    if (s !== undefined) section(id, [wasm.subarray(s.start, s.end)])
  }
  const importCount = imports.length + (memory === undefined ? 0 : 1)
  const newExports: number[] = [
    ...nameBytes(FUEL_EXPORT),
    0x03,
    ...u32Leb(fuelGlobal),
    ...nameBytes(DEPTH_EXPORT),
    0x03,
    ...u32Leb(depthGlobal),
    ...(startFunc === undefined ? [] : [...nameBytes(START_EXPORT), 0x00, ...u32Leb(startFunc)]),
  ]
  for (const id of SECTION_ORDER) {
    if (id === 2) {
      if (importCount > 0) section(2, [u32Leb(importCount), importEntries, memoryImport])
    } else if (id === 5 || id === 8) {
      // The memory is imported now; the start function is exported.
    } else if (id === 6) {
      section(6, [u32Leb(definedGlobals + 2), globalEntries, [0x7e, 0x01, 0x42, 0x00, 0x0b, 0x7f, 0x01, 0x41, 0x00, 0x0b]])
    } else if (id === 7) {
      section(7, [u32Leb(exports.length + (startFunc === undefined ? 2 : 3)), exportEntries, newExports])
    } else if (id === 10) {
      if (codeReader !== undefined) section(10, [u32Leb(bodies.length), ...bodies.flatMap((body) => [u32Leb(body.length), body])])
    } else original(id)
  }
  return { wasm: concatBytes(out), memory, imports, exports, hasStart: startFunc !== undefined, maxStackUnits }
}

function checkTable({ min }: { min: number; max: number | undefined }, maxTableElements: number): void {
  if (min > maxTableElements) throw new ModuleError('MODULE_TABLE_TOO_LARGE', `a table of ${min} elements; at most ${maxTableElements} are allowed`)
}

/** V8's reason a module does not validate, as its compile error says. */
function invalidReason(wasm: Uint8Array): string {
  try {
    new WebAssembly.Module(wasm)
    return 'WebAssembly.validate refused the module'
  } catch (error) {
    return (error as Error).message
  }
}

type ChargeConstants = { fuel: number[]; depth: number[]; maxStackUnits: number[] }
const chargeConstants = (fuelGlobal: number, depthGlobal: number, maxStackUnits: number): ChargeConstants => ({
  fuel: u32Leb(fuelGlobal),
  depth: u32Leb(depthGlobal),
  maxStackUnits: sLeb(BigInt(maxStackUnits)),
})

/** `if (fuel < 0) unreachable`, after the fuel global was updated. */
const trapIfNegative = (fuel: number[]) => [0x23, ...fuel, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b]
/** fuel -= n; trap if negative. */
const chargeCode = (fuel: number[], n: number) => [0x23, ...fuel, 0x42, ...sLeb(BigInt(n)), 0x7d, 0x24, ...fuel, ...trapIfNegative(fuel)]

/** A region (a function's or a loop's body at its own nesting level) and its instruction count, charged where it starts. */
type Region = { count: number }

/**
 * Meters one function body: rewrites it with the charges (see the comment at the top). Copies the
 * original bytes through and only inserts, so every branch depth and immediate stays as it was; every
 * inserted sequence leaves the operand stack as it found it (or, around a bulk operation, puts back
 * the length it read).
 */
function meterBody(wasm: Uint8Array, start: number, end: number, params: number, importedFuncs: number, k: ChargeConstants, canonicalizeNaNs: boolean): Uint8Array {
  const r = new Reader(wasm, start, end)
  const groups = r.u32()
  const groupsStart = r.pos
  let locals = 0
  for (let g = 0; g < groups; g++) {
    locals += r.u32()
    valType(r.u8())
  }
  // Scratch locals, appended so no existing index moves: an i32 (bulk lengths), an f32 and an f64 (NaN checks).
  const scratch = params + locals
  const i32Local = u32Leb(scratch)
  const f32Local = u32Leb(scratch + 1)
  const f64Local = u32Leb(scratch + 2)
  const weight = sLeb(BigInt(FRAME_STACK_UNITS + params + locals + 3))
  const depthUp = [0x23, ...k.depth, 0x41, ...weight, 0x6a, 0x24, ...k.depth, 0x23, ...k.depth, 0x41, ...k.maxStackUnits, 0x4b, 0x04, 0x40, 0x00, 0x0b]
  const depthDown = [0x23, ...k.depth, 0x41, ...weight, 0x6b, 0x24, ...k.depth]
  // len := top (i32); fuel -= len >> shift; trap if negative; push len back.
  const chargeLength = (shift: bigint) => [
    0x21,
    ...i32Local,
    0x23,
    ...k.fuel,
    0x20,
    ...i32Local,
    0xad,
    ...(shift === 0n ? [] : [0x42, ...sLeb(shift), 0x88]),
    0x7d,
    0x24,
    ...k.fuel,
    ...trapIfNegative(k.fuel),
    0x20,
    ...i32Local,
  ]
  const memoryLength = chargeLength(MEMORY_BYTES_SHIFT)
  const tableLength = chargeLength(0n)
  // x := top; push (x == x ? x : canonical NaN).
  const canonF32 = [0x22, ...f32Local, 0x43, 0x00, 0x00, 0xc0, 0x7f, 0x20, ...f32Local, 0x20, ...f32Local, 0x5b, 0x1b]
  const canonF64 = [0x22, ...f64Local, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x7f, 0x20, ...f64Local, 0x20, ...f64Local, 0x61, 0x1b]

  const chunks: (Uint8Array | number[] | Region)[] = [[...u32Leb(groups + 3)], wasm.subarray(groupsStart, r.pos), [1, 0x7f, 1, 0x7d, 1, 0x7c]]
  let copyFrom = r.pos
  const flush = (upTo: number) => {
    if (upTo > copyFrom) chunks.push(wasm.subarray(copyFrom, upTo))
    copyFrom = upTo
  }
  const functionRegion: Region = { count: 0 }
  chunks.push(functionRegion)
  // The control stack: for each open block, the region its instructions are charged to.
  const control: Region[] = [functionRegion]
  // A float result that may be NaN is canonicalised unless the next instruction consumes it in a way
  // its bits cannot show through (its own result canonicalised, a comparison, a conversion to integer).
  let pendingNaN: 'f32' | 'f64' | undefined
  while (control.length > 0) {
    const at = r.pos
    const op = r.u8()
    if (pendingNaN !== undefined) {
      const absorbs = pendingNaN === 'f32' ? ABSORBS_F32 : ABSORBS_F64
      const sub = r.bytes[r.pos]
      if (!(absorbs.has(op) || (op === 0xfc && sub !== undefined && absorbs.has(0xfc00 + sub)))) {
        flush(at)
        chunks.push(pendingNaN === 'f32' ? canonF32 : canonF64)
      }
      pendingNaN = undefined
    }
    const region = control[control.length - 1]!
    if (op === 0x0b) {
      control.pop()
      continue
    }
    if (op === 0x05) continue
    region.count++
    switch (op) {
      case 0x00: // unreachable
      case 0x01: // nop
      case 0x0f: // return
      case 0x1a: // drop
      case 0x1b: // select
      case 0xd1: // ref.is_null
        break
      case 0x02: // block
      case 0x04: // if
        blockType(r)
        control.push(region)
        break
      case 0x03: {
        // loop: its body is a region of its own, charged at the start of every iteration.
        blockType(r)
        flush(r.pos)
        const loop: Region = { count: 0 }
        chunks.push(loop)
        control.push(loop)
        break
      }
      case 0x0c: // br
      case 0x0d: // br_if
      case 0x20: // local.get
      case 0x21: // local.set
      case 0x22: // local.tee
      case 0x23: // global.get
      case 0x24: // global.set
      case 0x25: // table.get
      case 0x26: // table.set
      case 0xd2: // ref.func
        r.u32()
        break
      case 0x0e: // br_table
        for (let n = r.u32(); n >= 0; n--) r.u32()
        break
      case 0x10: {
        // call: host functions do not recurse into the module, so only calls of the module's own count against the depth.
        const callee = r.u32()
        if (callee >= importedFuncs) {
          flush(at)
          chunks.push(depthUp)
          flush(r.pos)
          chunks.push(depthDown)
        }
        break
      }
      case 0x11: // call_indirect
        r.u32()
        r.u32()
        flush(at)
        chunks.push(depthUp)
        flush(r.pos)
        chunks.push(depthDown)
        break
      case 0x1c: // select t*
        for (let n = r.u32(); n > 0; n--) valType(r.u8())
        break
      case 0x3f: // memory.size
      case 0x40: // memory.grow
        memoryIndexZero(r)
        break
      case 0x41:
        r.skipSigned(32)
        break
      case 0x42:
        r.skipSigned(64)
        break
      case 0x43:
        r.skip(4)
        break
      case 0x44:
        r.skip(8)
        break
      case 0xd0: // ref.null
        heapType(r)
        break
      case 0xfc:
        miscOp(r, at, flush, chunks, memoryLength, tableLength)
        break
      case 0x06:
      case 0x07:
      case 0x08:
      case 0x09:
      case 0x0a:
      case 0x18:
      case 0x19:
      case 0x1f:
        throw unsupported('exception handling')
      case 0x12:
      case 0x13:
        throw unsupported('tail calls')
      case 0xfd:
        throw unsupported('SIMD')
      case 0xfe:
        throw unsupported('threads (atomics)')
      default:
        if (op >= 0x28 && op <= 0x3e) {
          memarg(r)
        } else if (op >= 0x45 && op <= 0xc4) {
          // Numeric instructions: no immediates. Those that can make a NaN get it canonicalised.
          if (canonicalizeNaNs && NAN_MAKERS_F32.has(op)) pendingNaN = 'f32'
          else if (canonicalizeNaNs && NAN_MAKERS_F64.has(op)) pendingNaN = 'f64'
        } else throw unsupported(`the opcode 0x${op.toString(16)} (typed references, GC or another proposal)`)
    }
  }
  if (r.pos !== end) throw malformed(`a function body ends at byte ${r.pos}, before its declared end ${end}`)
  flush(end)
  return concatBytes(chunks.map((chunk) => ('count' in chunk ? (chunk.count === 0 ? [] : chargeCode(k.fuel, chunk.count)) : chunk)))
}

/** f32 operations whose NaN result has unspecified bits: ceil floor trunc nearest sqrt add sub mul div min max, and f32.demote_f64. */
const NAN_MAKERS_F32 = new Set([0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xb6])
/** The same for f64, and f64.promote_f32. */
const NAN_MAKERS_F64 = new Set([0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xbb])

/**
 * Instructions that, taking an f32 (f64) NaN as their last operand, either canonicalise their own
 * result or show none of its bits: the NaN makers of that type, comparisons, truncations to integer
 * (trapping, and saturating as 0xFC00 + sub-opcode), promotion (demotion).
 */
const ABSORBS_F32 = new Set([...NAN_MAKERS_F32, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0xa8, 0xa9, 0xae, 0xaf, 0xbb, 0xfc00, 0xfc01, 0xfc04, 0xfc05])
ABSORBS_F32.delete(0xb6)
const ABSORBS_F64 = new Set([...NAN_MAKERS_F64, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0xaa, 0xab, 0xb0, 0xb1, 0xb6, 0xfc02, 0xfc03, 0xfc06, 0xfc07])
ABSORBS_F64.delete(0xbb)

/** The 0xFC-prefixed instructions: saturating truncation and bulk memory/table operations (those taking a length charge it). */
function miscOp(r: Reader, at: number, flush: (upTo: number) => void, chunks: (Uint8Array | number[] | Region)[], memoryLength: number[], tableLength: number[]): void {
  const sub = r.u32()
  const chargeBefore = (code: number[]) => {
    flush(at)
    chunks.push(code)
  }
  switch (sub) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 7: // iNN.trunc_sat_fMM_s/u
      return
    case 8: // memory.init data mem
      r.u32()
      memoryIndexZero(r)
      chargeBefore(memoryLength)
      return
    case 9: // data.drop
    case 13: // elem.drop
    case 16: // table.size
      r.u32()
      return
    case 10: // memory.copy mem mem
      memoryIndexZero(r)
      memoryIndexZero(r)
      chargeBefore(memoryLength)
      return
    case 11: // memory.fill mem
      memoryIndexZero(r)
      chargeBefore(memoryLength)
      return
    case 12: // table.init elem table
    case 14: // table.copy table table
      r.u32()
      r.u32()
      chargeBefore(tableLength)
      return
    case 15: // table.grow
    case 17: // table.fill
      r.u32()
      chargeBefore(tableLength)
      return
    default:
      throw unsupported(`the instruction 0xfc ${sub}`)
  }
}
