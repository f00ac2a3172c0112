// The WebAssembly JavaScript API's types, which TypeScript ships only with the DOM library and
// @types/node 20 not at all: the part the compute runtime (and the compute workloads' tests) use,
// as lib.dom.d.ts declares it. Delete this file once @types/node declares them (v22 does).
declare namespace WebAssembly {
  type BufferSource = ArrayBufferView | ArrayBuffer
  interface CompileError extends Error {}
  var CompileError: { prototype: CompileError; new (message?: string): CompileError }
  interface LinkError extends Error {}
  var LinkError: { prototype: LinkError; new (message?: string): LinkError }
  interface RuntimeError extends Error {}
  var RuntimeError: { prototype: RuntimeError; new (message?: string): RuntimeError }

  interface ValueTypeMap {
    anyfunc: (...args: never[]) => unknown
    externref: unknown
    f32: number
    f64: number
    i32: number
    i64: bigint
  }
  type ValueType = keyof ValueTypeMap
  interface GlobalDescriptor<T extends ValueType = ValueType> {
    mutable?: boolean
    value: T
  }
  interface Global<T extends ValueType = ValueType> {
    value: ValueTypeMap[T]
    valueOf(): ValueTypeMap[T]
  }
  var Global: { prototype: Global; new <T extends ValueType = ValueType>(descriptor: GlobalDescriptor<T>, v?: ValueTypeMap[T]): Global<T> }

  interface MemoryDescriptor {
    initial: number
    maximum?: number
    shared?: boolean
  }
  interface Memory {
    readonly buffer: ArrayBuffer
    grow(delta: number): number
  }
  var Memory: { prototype: Memory; new (descriptor: MemoryDescriptor): Memory }

  interface Table {
    readonly length: number
    get(index: number): unknown
    grow(delta: number, value?: unknown): number
    set(index: number, value?: unknown): void
  }

  type ImportExportKind = 'function' | 'global' | 'memory' | 'table'
  interface ModuleExportDescriptor {
    kind: ImportExportKind
    name: string
  }
  interface ModuleImportDescriptor {
    kind: ImportExportKind
    module: string
    name: string
  }
  interface Module {
    /** Nothing: a module is opaque (a brand, so that other objects are not taken for one). */
    readonly __webAssemblyModule?: never
  }
  var Module: {
    prototype: Module
    new (bytes: BufferSource): Module
    customSections(moduleObject: Module, sectionName: string): ArrayBuffer[]
    exports(moduleObject: Module): ModuleExportDescriptor[]
    imports(moduleObject: Module): ModuleImportDescriptor[]
  }

  type ExportValue = ((...args: never[]) => unknown) | Global | Memory | Table
  type Exports = Record<string, ExportValue>
  type ImportValue = ExportValue | number
  type ModuleImports = Record<string, ImportValue>
  type Imports = Record<string, ModuleImports>
  interface Instance {
    readonly exports: Exports
  }
  var Instance: { prototype: Instance; new (module: Module, importObject?: Imports): Instance }

  function validate(bytes: BufferSource): boolean
  function compile(bytes: BufferSource): Promise<Module>
  function instantiate(moduleObject: Module, importObject?: Imports): Promise<Instance>
}
