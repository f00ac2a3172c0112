// A plain WASI preview1 host for the workloads' tests and measurements: stdin from bytes, stdout and
// stderr into bytes, proc_exit, and nothing else, so a module that imports anything more fails to
// instantiate. It stands in for the metering runtime (packages/kinds/compute/runtime/), which runs
// the same ABI with fuel; it is not that runtime and meters nothing.

/** What a command module did with one input. */
export interface WasiRun {
  exitCode: number
  stdout: Uint8Array
  stderr: string
}

class Exit {
  constructor(readonly code: number) {}
}

const ERRNO_SUCCESS = 0
const ERRNO_BADF = 8

const compiled = new WeakMap<Uint8Array, WebAssembly.Module>()

function moduleOf(wasm: Uint8Array): WebAssembly.Module {
  let module = compiled.get(wasm)
  if (module === undefined) {
    module = new WebAssembly.Module(wasm)
    compiled.set(wasm, module)
  }
  return module
}

/** Runs the WASI command `wasm` (its `_start`) with `stdin` as fd 0 and returns its exit code, stdout and stderr. */
export function runWasi(wasm: Uint8Array, stdin: Uint8Array): WasiRun {
  let memory: WebAssembly.Memory | undefined
  let read = 0
  const out: Uint8Array[] = []
  const err: Uint8Array[] = []
  const view = () => new DataView(memory!.buffer)
  const imports = {
    wasi_snapshot_preview1: {
      fd_read(fd: number, iovs: number, iovsLength: number, readPointer: number): number {
        if (fd !== 0) return ERRNO_BADF
        let total = 0
        for (let i = 0; i < iovsLength; i++) {
          const pointer = view().getUint32(iovs + i * 8, true)
          const length = view().getUint32(iovs + i * 8 + 4, true)
          const chunk = stdin.subarray(read, read + length)
          new Uint8Array(memory!.buffer, pointer, chunk.length).set(chunk)
          read += chunk.length
          total += chunk.length
          if (chunk.length < length) break
        }
        view().setUint32(readPointer, total, true)
        return ERRNO_SUCCESS
      },
      fd_write(fd: number, iovs: number, iovsLength: number, writtenPointer: number): number {
        if (fd !== 1 && fd !== 2) return ERRNO_BADF
        let total = 0
        for (let i = 0; i < iovsLength; i++) {
          const pointer = view().getUint32(iovs + i * 8, true)
          const length = view().getUint32(iovs + i * 8 + 4, true)
          ;(fd === 1 ? out : err).push(new Uint8Array(memory!.buffer, pointer, length).slice())
          total += length
        }
        view().setUint32(writtenPointer, total, true)
        return ERRNO_SUCCESS
      },
      proc_exit(code: number): never {
        throw new Exit(code)
      },
    },
  }
  const instance = new WebAssembly.Instance(moduleOf(wasm), imports)
  memory = instance.exports.memory as WebAssembly.Memory
  let exitCode = 0
  try {
    ;(instance.exports._start as () => void)()
  } catch (error) {
    if (!(error instanceof Exit)) throw error
    exitCode = error.code
  }
  return { exitCode, stdout: new Uint8Array(Buffer.concat(out)), stderr: Buffer.concat(err).toString('utf8') }
}
