/**
 * Reading and writing the WebAssembly binary format's primitives (LEB128 integers, names, vectors),
 * for the metering pass. The reader is bounds-checked everywhere: a customer's module is hostile,
 * and a read past the end must end in a ModuleError the runtime reports, never in a crash.
 */

/** Why a module cannot run, as stable codes (data the runtime reports; see runTask.ts). */
export type ModuleErrorCode =
  /** Not a WebAssembly binary, truncated, or an encoding this reader does not accept. */
  | 'MODULE_MALFORMED'
  /** WebAssembly.validate refused it (types, indices, section order...). */
  | 'MODULE_INVALID'
  /** Larger than the runtime accepts. */
  | 'MODULE_TOO_LARGE'
  /** Uses a feature the metering cannot account for soundly or deterministically (SIMD, threads, exceptions, tail calls, GC, memory64, multiple memories). */
  | 'MODULE_UNSUPPORTED_FEATURE'
  /** Imports something other than a WASI preview1 function (or a WASI function with a signature that is not WASI's). */
  | 'MODULE_IMPORT_NOT_ALLOWED'
  /** Does not export a `_start` function taking and returning nothing. */
  | 'MODULE_NO_START'
  /** Exports a name the runtime reserves (`pinion_*`). */
  | 'MODULE_RESERVED_NAME'
  /** Declares a table larger than the runtime allows. */
  | 'MODULE_TABLE_TOO_LARGE'
  /** A `WebAssembly.Module` given to runTask that compileTask did not make (so it is not metered). */
  | 'MODULE_NOT_METERED'

/** A module the runtime refuses, with the stable code that says why. Caught by compileTask and turned into an 'invalid-module' run. */
export class ModuleError extends Error {
  override readonly name = 'ModuleError'
  constructor(
    readonly code: ModuleErrorCode,
    message: string,
  ) {
    super(message)
  }
}

const malformed = (message: string) => new ModuleError('MODULE_MALFORMED', message)

export class Reader {
  pos: number
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start
  }

  get done(): boolean {
    return this.pos >= this.end
  }

  u8(): number {
    if (this.pos >= this.end) throw malformed(`unexpected end at byte ${this.pos}`)
    return this.bytes[this.pos++]!
  }

  /** An unsigned LEB128 of at most 32 bits (at most 5 bytes, no bits past the 32nd). */
  u32(): number {
    let result = 0
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.u8()
      if (shift === 28 && byte > 0x0f) throw malformed(`u32 LEB128 out of range at byte ${this.pos - 1}`)
      result += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) return result
    }
    throw malformed(`u32 LEB128 too long at byte ${this.pos}`)
  }

  /** Skips a signed LEB128 of at most `bits` bits (i32.const, i64.const, block types). */
  skipSigned(bits: 32 | 33 | 64): void {
    const maxBytes = Math.ceil(bits / 7)
    for (let i = 0; i < maxBytes; i++) if ((this.u8() & 0x80) === 0) return
    throw malformed(`s${bits} LEB128 too long at byte ${this.pos}`)
  }

  /** A signed LEB128 of at most 33 bits, as a number (block types' type indices). */
  s33(): number {
    let result = 0
    let shift = 0
    let byte: number
    do {
      if (shift >= 35) throw malformed(`s33 LEB128 too long at byte ${this.pos}`)
      byte = this.u8()
      result += (byte & 0x7f) * 2 ** shift
      shift += 7
    } while ((byte & 0x80) !== 0)
    if ((byte & 0x40) !== 0) result -= 2 ** shift
    return result
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw malformed(`${n} bytes at byte ${this.pos} run past the end at ${this.end}`)
    this.pos += n
  }

  /** A name (a length-prefixed UTF-8 string). */
  name(): string {
    const length = this.u32()
    const start = this.pos
    this.skip(length)
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(start, start + length))
  }
}

/** An unsigned LEB128. */
export function u32Leb(value: number): number[] {
  const out: number[] = []
  let v = value >>> 0
  do {
    let byte = v & 0x7f
    v >>>= 7
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}

/** A signed LEB128 of any bigint (i64.const's immediate). */
export function sLeb(value: bigint): number[] {
  const out: number[] = []
  let v = value
  for (;;) {
    const byte = Number(v & 0x7fn)
    v >>= 7n
    const signBit = (byte & 0x40) !== 0
    if ((v === 0n && !signBit) || (v === -1n && signBit)) {
      out.push(byte)
      return out
    }
    out.push(byte | 0x80)
  }
}

/** A name as the binary format writes it. */
export function nameBytes(name: string): number[] {
  const utf8 = new TextEncoder().encode(name)
  return [...u32Leb(utf8.length), ...utf8]
}

/** Concatenates byte chunks. */
export function concatBytes(chunks: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  let length = 0
  for (const chunk of chunks) length += chunk.length
  const out = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}
