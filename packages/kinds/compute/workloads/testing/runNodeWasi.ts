import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WASI } from 'node:wasi'
import type { WasiRun } from './runWasi.ts'

/**
 * Runs the WASI command `wasm` under Node's own WASI (preview1), stdin and stdout through temporary
 * files: a host the workloads were not written against, to show they keep the standard ABI.
 */
export function runNodeWasi(wasm: Uint8Array, stdin: Uint8Array): WasiRun {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-wasi-'))
  try {
    writeFileSync(join(dir, 'stdin'), stdin)
    const fds = [openSync(join(dir, 'stdin'), 'r'), openSync(join(dir, 'stdout'), 'w'), openSync(join(dir, 'stderr'), 'w')] as const
    let exitCode: number
    try {
      const wasi = new WASI({ version: 'preview1', args: ['task'], env: {}, stdin: fds[0], stdout: fds[1], stderr: fds[2], returnOnExit: true })
      const imports = wasi.getImportObject() as WebAssembly.Imports
      const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), imports)
      exitCode = wasi.start(instance)
    } finally {
      for (const fd of fds) closeSync(fd)
    }
    return { exitCode, stdout: new Uint8Array(readFileSync(join(dir, 'stdout'))), stderr: readFileSync(join(dir, 'stderr'), 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
