// @ts-nocheck: AssemblyScript (compiled by ../build.ts with asc), not TypeScript; tsc only parses it.
//
// The three WASI preview1 calls a workload may make. AssemblyScript imports a file's declared
// functions from the module named after the file, so this file's name is the import module's:
// "wasi_snapshot_preview1" (an @external decorator would say the same, but is not TypeScript syntax
// that tsc and Biome parse).

export declare function fd_read(fd: u32, iovs: usize, iovsLength: usize, read: usize): u16

export declare function fd_write(fd: u32, iovs: usize, iovsLength: usize, written: usize): u16

export declare function proc_exit(code: u32): void
