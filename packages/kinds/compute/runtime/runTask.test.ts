import { createHash } from 'node:crypto'
import { PinionError } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { compileTask } from './compileTask.ts'
import { meterModuleWithInfo } from './meter.ts'
import { HOST_DEPENDENT_CODES, STATUS_EXIT_CODES, type Task, runTask } from './runTask.ts'
import { command, wat } from './testing/wat.ts'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const task = (module: Task['module'], overrides: Partial<Task> = {}): Task => ({
  module,
  input: new Uint8Array(0),
  fuel: 10_000_000n,
  memoryPages: 4,
  seed: new TextEncoder().encode('seed-1'),
  ...overrides,
})
/** A command writing the bytes at [ptr, ptr+len) of its data to stdout. */
const hello = command('(call $write (i32.const 1) (i32.const 100) (i32.const 5))', { extra: '(data (i32.const 100) "hello")' })

describe('runTask', () => {
  it('runs a command: its stdout is the output and the result hash is sha256(exit code ‖ output)', () => {
    const run = runTask(task(hello))
    expect(run.status).toBe('ok')
    expect(run.exitCode).toBe(0)
    expect(text(run.output)).toBe('hello')
    expect(run.resultHash).toBe(
      `0x${createHash('sha256')
        .update(Buffer.from([0, 0, 0, 0, ...Buffer.from('hello')]))
        .digest('hex')}`,
    )
    expect(run.error).toBeUndefined()
    expect(runTask(task(hello))).toEqual(run)
  })

  it('echoes stdin to stdout', () => {
    const echo = command(`(local $n i32)
      (loop $l
        (local.set $n (call $read (i32.const 1024) (i32.const 4096)))
        (if (local.get $n) (then (call $write (i32.const 1) (i32.const 1024) (local.get $n)) (br $l))))`)
    const input = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 251)
    const run = runTask(task(echo, { input }))
    expect(run.status).toBe('ok')
    expect(run.output).toEqual(input)
  })

  it('counts fuel exactly, the same every run, a + b·n for a loop of n iterations', () => {
    const loop = (n: number) => command(`(local $i i32) (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const ${n}))))`)
    const used = [1, 2, 3, 100, 100].map((n) => runTask(task(loop(n))).fuelUsed)
    const b = used[1]! - used[0]!
    expect(b).toBe(8n)
    expect(used).toEqual([used[0]!, used[0]! + b, used[0]! + 2n * b, used[0]! + 99n * b, used[0]! + 99n * b])
  })

  it('stops an endless loop when the fuel runs out', () => {
    const run = runTask(task(command('(loop $l (br $l))'), { fuel: 100_000n }))
    expect(run.status).toBe('out-of-fuel')
    expect(run.error?.code).toBe('OUT_OF_FUEL')
    expect(run.fuelUsed).toBe(100_000n)
    expect(run.exitCode).toBe(STATUS_EXIT_CODES['out-of-fuel'])
  })

  it('traps a deep recursion at the module’s depth budget, deterministically, before V8’s stack runs out', () => {
    const recurse = (locals: number) =>
      command('(drop (call $r (i32.const 0)))', {
        extra: `(func $r (param $x i32) (result i32) ${Array.from({ length: locals }, () => '(local i64)').join(' ')} (i32.add (call $r (i32.add (local.get $x) (i32.const 1))) (i32.const 1)))`,
      })
    for (const locals of [0, 30, 1000]) {
      const runs = [runTask(task(recurse(locals))), runTask(task(recurse(locals)))]
      expect(runs[0]!.status).toBe('trap')
      expect(runs[0]!.error?.code).toBe('CALL_DEPTH_EXCEEDED')
      expect(runs[1]).toEqual(runs[0])
    }
  })

  it('reports V8’s own stack overflow as the host-dependent STACK_OVERFLOW trap', () => {
    // Metered with a depth budget too large to ever be reached, so V8's stack runs out first.
    const wasm = command('(call $r)', { extra: '(func $r (call $r))' })
    const metered = meterModuleWithInfo(wasm, { maxStackUnits: 2 ** 30 })
    const compiled = { hash: '0x00' as const, module: new WebAssembly.Module(metered.wasm), memory: metered.memory, hasStart: false, maxStackUnits: 2 ** 30 }
    const run = runTask(task(compiled))
    expect(run.status).toBe('trap')
    expect(run.error?.code).toBe('STACK_OVERFLOW')
    expect(HOST_DEPENDENT_CODES.has('STACK_OVERFLOW')).toBe(true)
  })

  it('caps memory: growth past the cap fails, a minimum above it is refused', () => {
    // Writes memory.grow's two results as bytes: the first succeeds (old size 1), the second fails (-1).
    const grow = command(`(i32.store8 (i32.const 200) (memory.grow (i32.const 1)))
      (i32.store8 (i32.const 201) (memory.grow (i32.const 1)))
      (call $write (i32.const 1) (i32.const 200) (i32.const 2))`)
    const run = runTask(task(grow, { memoryPages: 2 }))
    expect(run.status).toBe('ok')
    expect([...run.output]).toEqual([1, 255])
    const big = runTask(task(command('', { pages: 5 }), { memoryPages: 4 }))
    expect(big.status).toBe('memory-limit')
    expect(big.error?.code).toBe('MEMORY_MIN_EXCEEDS_LIMIT')
    expect(big.exitCode).toBe(STATUS_EXIT_CODES['memory-limit'])
  })

  it('ends a run that writes more than its bound, keeping what fitted', () => {
    const chatty = command('(call $write (i32.const 1) (i32.const 100) (i32.const 5)) (call $write (i32.const 1) (i32.const 100) (i32.const 5))', {
      extra: '(data (i32.const 100) "hello")',
    })
    const run = runTask(task(chatty, { maxOutputBytes: 8 }))
    expect(run.status).toBe('output-too-large')
    expect(run.error?.code).toBe('OUTPUT_TOO_LARGE')
    expect(text(run.output)).toBe('hello')
    const logs = command('(call $write (i32.const 2) (i32.const 100) (i32.const 5))', { extra: '(data (i32.const 100) "hello")' })
    expect(runTask(task(logs, { maxLogBytes: 4 })).error?.code).toBe('LOG_TOO_LARGE')
    expect(text(runTask(task(logs)).log)).toBe('hello')
  })

  it('gives random bytes determined by the seed, and the task’s fixed time', () => {
    const random = command(
      `(drop (call $random_get (i32.const 100) (i32.const 16)))
      (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 116)))
      (call $write (i32.const 1) (i32.const 100) (i32.const 24))`,
      {
        imports: `(import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))`,
      },
    )
    const seed = new TextEncoder().encode('seed-1')
    const run = runTask(task(random, { seed, timeNs: 1_234_567_890n }))
    const block = createHash('sha256').update(seed).update(Buffer.alloc(8)).digest()
    expect([...run.output.subarray(0, 16)]).toEqual([...block.subarray(0, 16)])
    expect(Buffer.from(run.output.subarray(16)).readBigUInt64LE()).toBe(1_234_567_890n)
    expect(runTask(task(random, { seed, timeNs: 1_234_567_890n }))).toEqual(run)
    const other = runTask(task(random, { seed: new TextEncoder().encode('seed-2') }))
    expect(other.output.subarray(0, 16)).not.toEqual(run.output.subarray(0, 16))
    expect(Buffer.from(other.output.subarray(16)).readBigUInt64LE()).toBe(0n)
  })

  it('links a module importing a WASI function it does not implement, which answers ENOSYS', () => {
    const opener = command(
      '(i32.store8 (i32.const 100) (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0))) (call $write (i32.const 1) (i32.const 100) (i32.const 1))',
      {
        imports: '(import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))',
      },
    )
    const run = runTask(task(opener))
    expect([run.status, [...run.output]]).toEqual(['ok', [52]])
  })

  it('exits with proc_exit’s code', () => {
    const run = runTask(task(command('(call $write (i32.const 1) (i32.const 100) (i32.const 2)) (call $proc_exit (i32.const 3))', { extra: '(data (i32.const 100) "ok")' })))
    expect([run.status, run.exitCode, text(run.output)]).toEqual(['exit', 3, 'ok'])
    expect(run.resultHash).toBe(
      `0x${createHash('sha256')
        .update(Buffer.from([0, 0, 0, 3, 0x6f, 0x6b]))
        .digest('hex')}`,
    )
  })

  it('reports an ordinary trap as WASM_TRAP with the fuel used up to it', () => {
    const run = runTask(task(command('(drop (i32.div_u (i32.const 1) (i32.const 0)))')))
    expect(run.status).toBe('trap')
    expect(run.error?.code).toBe('WASM_TRAP')
    expect(run.fuelUsed).toBeGreaterThan(0n)
    expect(run.exitCode).toBe(STATUS_EXIT_CODES.trap)
  })

  it('runs a start function before _start', () => {
    const started = command('(call $write (i32.const 1) (i32.const 100) (i32.const 1))', { extra: '(func $init (i32.store8 (i32.const 100) (i32.const 0x41))) (start $init)' })
    expect(text(runTask(task(started)).output)).toBe('A')
  })

  it('throws PINION_ERR_KIND_PARAMS on a task that breaks its own type', () => {
    const thrown = (overrides: Partial<Task>) => {
      try {
        runTask(task(hello, overrides))
      } catch (error) {
        return error instanceof PinionError ? error.code : 'not a PinionError'
      }
      return 'ran'
    }
    expect(thrown({ fuel: -1n })).toBe('PINION_ERR_KIND_PARAMS')
    expect(thrown({ memoryPages: 65_537 })).toBe('PINION_ERR_KIND_PARAMS')
    expect(thrown({ input: 'x' as unknown as Uint8Array })).toBe('PINION_ERR_KIND_PARAMS')
    expect(thrown({ maxOutputBytes: -1 })).toBe('PINION_ERR_KIND_PARAMS')
  })

  it('takes a compiled module and gives the same run as from the bytes', () => {
    const outcome = compileTask(hello)
    if (!outcome.ok) throw new Error(outcome.error.message)
    expect(runTask(task(outcome.compiled))).toEqual(runTask(task(hello)))
    expect(runTask(task(outcome.compiled.module))).toEqual(runTask(task(hello)))
    const foreign = runTask(task(new WebAssembly.Module(wat('(module)'))))
    expect([foreign.status, foreign.error?.code]).toEqual(['invalid-module', 'MODULE_NOT_METERED'])
  })
})
