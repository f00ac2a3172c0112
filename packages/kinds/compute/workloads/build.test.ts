import { describe, expect, it } from 'vitest'
import { WORKLOADS, buildFingerprint, compilerVersion, readBuildInputs, sha256Hex } from './build.ts'
import { WORKLOAD_NAMES, workloadWasm } from './index.ts'

/**
 * The committed modules are what a build of today's sources gives, checked without compiling (asc
 * and binaryen take seconds): the build is reproducible, so equal inputs (compiler, flags, every
 * AssemblyScript source by content) give equal modules, and the modules are checked against the
 * hashes the build recorded. `build.ts --check` compiles from scratch and compares byte for byte.
 */
describe('the committed workload modules', () => {
  const inputs = readBuildInputs()

  it("were built from today's sources, flags and compiler (rebuild with `npx tsx packages/kinds/compute/workloads/build.ts`)", () => {
    expect(inputs.compiler).toBe(compilerVersion())
    expect(buildFingerprint(inputs.compiler), 'an AssemblyScript source, a flag or the compiler changed since the modules were built').toBe(inputs.fingerprint)
  })

  it('are exactly what that build wrote', () => {
    expect(Object.keys(inputs.modules)).toEqual(WORKLOADS.map((workload) => workload.wasm))
    for (const workload of WORKLOADS) expect([workload.wasm, sha256Hex(workloadWasm(workload.name))]).toEqual([workload.wasm, inputs.modules[workload.wasm]])
  })

  it('are WASI commands that import fd_read, fd_write and proc_exit only, and export _start and memory', () => {
    expect(WORKLOADS.map((workload) => workload.name)).toEqual([...WORKLOAD_NAMES])
    for (const name of WORKLOAD_NAMES) {
      const module = new WebAssembly.Module(workloadWasm(name))
      const imports = WebAssembly.Module.imports(module).map(({ module, name, kind }) => `${module}.${name}:${kind}`)
      expect([name, imports.sort()]).toEqual([
        name,
        ['wasi_snapshot_preview1.fd_read:function', 'wasi_snapshot_preview1.fd_write:function', 'wasi_snapshot_preview1.proc_exit:function'],
      ])
      const exports = WebAssembly.Module.exports(module).map(({ name, kind }) => `${name}:${kind}`)
      expect([name, exports.sort()]).toEqual([name, ['_start:function', 'memory:memory']])
      // A release build: no name section, no source map URL.
      expect([name, WebAssembly.Module.customSections(module, 'name').length, WebAssembly.Module.customSections(module, 'sourceMappingURL').length]).toEqual([name, 0, 0])
    }
  })
})
