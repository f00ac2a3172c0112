import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ERRNO, HostOutOfFuel, OutputTooLarge, ProcExit, WASI_SIGNATURES, createWasi, randomStreamBlock } from './wasi.ts'

type Call = (...args: (number | bigint)[]) => number | undefined

/** A shim over a fresh one-page memory, with fuel counted in `spent`. */
function shim(options: { input?: Uint8Array; seed?: Uint8Array; timeNs?: bigint; maxOutputBytes?: number; fuel?: number } = {}) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 })
  let fuel = options.fuel ?? 1_000_000
  const wasi = createWasi({
    input: options.input ?? new Uint8Array(0),
    seed: options.seed ?? new Uint8Array([1]),
    ...(options.timeNs === undefined ? {} : { timeNs: options.timeNs }),
    maxOutputBytes: options.maxOutputBytes ?? 1024,
    maxLogBytes: 16,
    charge: (units) => {
      fuel -= units
      if (fuel < 0) throw new HostOutOfFuel()
    },
  })
  wasi.bindMemory(memory)
  const call = (name: string, ...args: (number | bigint)[]) => (wasi.imports[name] as unknown as Call)(...args)
  const bytes = () => new Uint8Array(memory.buffer)
  const view = () => new DataView(memory.buffer)
  return { wasi, call, bytes, view, fuelLeft: () => fuel }
}

describe('createWasi', () => {
  it('gives args ["task"] and an empty environment', () => {
    const { call, view, bytes } = shim()
    expect(call('args_sizes_get', 100, 104)).toBe(ERRNO.SUCCESS)
    expect([view().getUint32(100, true), view().getUint32(104, true)]).toEqual([1, 5])
    expect(call('args_get', 200, 300)).toBe(ERRNO.SUCCESS)
    expect(view().getUint32(200, true)).toBe(300)
    expect(new TextDecoder().decode(bytes().subarray(300, 305))).toBe('task\0')
    view().setUint32(400, 9, true)
    expect(call('environ_sizes_get', 400, 404)).toBe(ERRNO.SUCCESS)
    expect([view().getUint32(400, true), view().getUint32(404, true)]).toEqual([0, 0])
  })

  it('writes stdout and stderr into their own bounded buffers, and throws OutputTooLarge past a bound', () => {
    const { call, view, bytes, wasi } = shim({ maxOutputBytes: 8 })
    bytes().set(new TextEncoder().encode('hello'), 1000)
    view().setUint32(0, 1000, true)
    view().setUint32(4, 5, true)
    expect(call('fd_write', 1, 0, 1, 8)).toBe(ERRNO.SUCCESS)
    expect(view().getUint32(8, true)).toBe(5)
    expect(call('fd_write', 2, 0, 1, 8)).toBe(ERRNO.SUCCESS)
    expect(call('fd_write', 3, 0, 1, 8)).toBe(ERRNO.BADF)
    expect(() => call('fd_write', 1, 0, 1, 8)).toThrow(OutputTooLarge)
    expect(new TextDecoder().decode(wasi.output())).toBe('hello')
    expect(new TextDecoder().decode(wasi.log())).toBe('hello')
  })

  it('reads the task input on stdin, then end of file', () => {
    const { call, view, bytes } = shim({ input: Uint8Array.from([1, 2, 3, 4, 5]) })
    view().setUint32(0, 100, true)
    view().setUint32(4, 3, true)
    expect(call('fd_read', 0, 0, 1, 8)).toBe(ERRNO.SUCCESS)
    expect(view().getUint32(8, true)).toBe(3)
    expect(call('fd_read', 0, 0, 1, 8)).toBe(ERRNO.SUCCESS)
    expect(view().getUint32(8, true)).toBe(2)
    expect(call('fd_read', 0, 0, 1, 8)).toBe(ERRNO.SUCCESS)
    expect(view().getUint32(8, true)).toBe(0)
    expect([...bytes().subarray(100, 103)]).toEqual([4, 5, 3])
    expect(call('fd_read', 1, 0, 1, 8)).toBe(ERRNO.BADF)
  })

  it('answers EFAULT for memory out of bounds (pointers are unsigned), never throws', () => {
    const { call, view } = shim()
    expect(call('fd_write', 1, 65_534, 1, 8)).toBe(ERRNO.FAULT)
    expect(call('fd_read', 0, -8, 1, 8)).toBe(ERRNO.FAULT)
    view().setUint32(0, 65_000, true)
    view().setUint32(4, 1000, true)
    expect(call('fd_write', 1, 0, 1, 8)).toBe(ERRNO.FAULT)
    expect(call('random_get', 65_000, 1000)).toBe(ERRNO.FAULT)
    expect(call('clock_time_get', 0, 0n, 65_535)).toBe(ERRNO.FAULT)
    // A huge vector count faults before any work (the vectors must be in memory).
    expect(call('fd_write', 1, 0, 0x7fff_ffff, 8)).toBe(ERRNO.FAULT)
  })

  it('describes stdio as character devices, refuses other descriptors, seeks and preopens', () => {
    const { call, view } = shim()
    expect(call('fd_fdstat_get', 1, 64)).toBe(ERRNO.SUCCESS)
    expect(view().getUint8(64)).toBe(2)
    expect(view().getBigUint64(72, true)).toBe(0x40n)
    expect(call('fd_fdstat_get', 3, 64)).toBe(ERRNO.BADF)
    expect(call('fd_seek', 1, 0n, 0, 64)).toBe(ERRNO.SPIPE)
    expect(call('fd_seek', 5, 0n, 0, 64)).toBe(ERRNO.BADF)
    expect(call('fd_prestat_get', 3, 64)).toBe(ERRNO.BADF)
    expect(call('fd_close', 1)).toBe(ERRNO.SUCCESS)
    expect(call('poll_oneoff', 0, 0, 1, 8)).toBe(ERRNO.NOTSUP)
    expect(call('sched_yield')).toBe(ERRNO.SUCCESS)
    expect(call('path_open', 3, 0, 0, 0, 0, 0n, 0n, 0, 0)).toBe(ERRNO.NOSYS)
    expect(call('sock_accept', 3, 0, 0)).toBe(ERRNO.NOSYS)
    expect(Object.keys(WASI_SIGNATURES).length).toBe(46)
  })

  it('stops the clocks at the task’s time', () => {
    const { call, view } = shim({ timeNs: 1_700_000_000_000_000_000n })
    for (const clock of [0, 1, 2, 3]) {
      expect(call('clock_time_get', clock, 1000n, 64)).toBe(ERRNO.SUCCESS)
      expect(view().getBigUint64(64, true)).toBe(1_700_000_000_000_000_000n)
    }
    expect(call('clock_time_get', 4, 0n, 64)).toBe(ERRNO.INVAL)
    expect(call('clock_res_get', 0, 64)).toBe(ERRNO.SUCCESS)
    expect(view().getBigUint64(64, true)).toBe(1n)
  })

  it('streams random bytes as sha256(seed ‖ counter) blocks, across calls', () => {
    const seed = new TextEncoder().encode('seed')
    const { call, bytes } = shim({ seed })
    expect(call('random_get', 100, 10)).toBe(ERRNO.SUCCESS)
    expect(call('random_get', 110, 40)).toBe(ERRNO.SUCCESS)
    const expected = Buffer.concat(
      [0n, 1n].map((counter) =>
        createHash('sha256')
          .update(seed)
          .update(Buffer.from(counter.toString(16).padStart(16, '0'), 'hex'))
          .digest(),
      ),
    )
    expect([...bytes().subarray(100, 150)]).toEqual([...expected.subarray(0, 50)])
    expect(randomStreamBlock(seed, 1n)).toEqual(new Uint8Array(expected.subarray(32)))
  })

  it('charges fuel for the bytes it moves and stops when it runs out', () => {
    const { call, fuelLeft } = shim({ fuel: 1000 })
    expect(call('random_get', 0, 64)).toBe(ERRNO.SUCCESS)
    expect(fuelLeft()).toBe(1000 - 2 * 256)
    expect(() => call('random_get', 0, 64)).toThrow(HostOutOfFuel)
  })

  it('ends the run on proc_exit with the code as an unsigned 32-bit number', () => {
    const { call } = shim()
    expect(() => call('proc_exit', -1)).toThrow(expect.objectContaining({ code: 0xffff_ffff }))
    expect(() => call('proc_exit', 3)).toThrow(ProcExit)
  })
})
