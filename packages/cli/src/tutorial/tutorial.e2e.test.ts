import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Address, getAddress } from 'viem'
import { afterAll, describe, expect, it } from 'vitest'
import { driveUntil } from '../../../testkit/src/cli/drive.ts'
import { type SpawnedPinion, spawnPinion } from '../../../testkit/src/cli/spawnPinion.ts'
import { packedPinion } from '../../test/packedPinion.ts'
import { until } from '../../../testkit/src/until.ts'
import { getJson } from '../commands/output.ts'
import { rewardsOf } from '../commands/rewards.ts'
import { loadConfig } from '../config/loadConfig.ts'
import { type RunningNetwork, up } from '../up/up.ts'
import { type TutorialBlock, shellWords, tutorialBlocks } from './tutorialBlocks.ts'

/**
 * docs/tutorial.md, run as a reader runs it: every `sh tutorial` block in order (tutorialBlocks.ts),
 * in a scratch folder outside the checkout, each `npx pinion …` by the checkout's binary on its
 * built packages, as installed (spawnPinion), each other command by bash. Each must exit 0, and the operator's claim must pay.
 *
 * One command runs differently: `npx pinion up` is started in this process (the same `up()` the
 * binary calls) on driven time, because the binary runs on the wall clock and a test must not wait
 * for the wall clock's epochs. A block marked `after=…` first drives the network's time until what it
 * needs has happened (an epoch committed, rewards claimable), as a reader waits for it.
 *
 * `npm install` is not a tested block: the scratch folder reaches Pinion through a link to the
 * checkout's node_modules, which is what installing from the checkout gives it.
 */
const CHECKOUT = fileURLToPath(new URL('../../../../', import.meta.url))
const TUTORIAL = join(CHECKOUT, 'docs', 'tutorial.md')

/** Driven time moves 2 s at a step: under the template's 3 s lateReportMs (drive.ts says why that matters). */
const STEP = { stepMs: 2_000, timeoutMs: 240_000 }

/** How a long-running (`background`) command says it has started, by the command it runs. */
const STARTED: readonly [RegExp, RegExp][] = [[/^npx pinion device run\b/, /device reporting/]]

type EpochJson = { epoch: string; validReports: number; committed: unknown }
type Ran = { command: string; out: string; seconds: number }

describe('docs/tutorial.md', () => {
  const root = mkdtempSync(join(tmpdir(), 'pinion-tutorial-'))
  // The reader's Pinion checkout is where the tutorial starts (`--dir ../mynet` is beside it).
  const start = join(root, 'pinion')
  mkdirSync(start)
  symlinkSync(join(CHECKOUT, 'node_modules'), join(root, 'node_modules'), 'dir')
  let network: RunningNetwork | undefined
  const background: SpawnedPinion[] = []
  afterAll(async () => {
    for (const run of background) if (run.child.exitCode === null && run.child.signalCode === null) run.signalGroup('SIGKILL')
    await network?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('runs every command of the tutorial, from `pinion init` to a claim that pays and a root replayed', { timeout: 900_000 }, async () => {
    const blocks = tutorialBlocks(readFileSync(TUTORIAL, 'utf8'))
    // The commands run Pinion as installed, from the packages' built JavaScript: packing the checkout
    // (the run's one packing, which init copies into the folder, as it would pack it itself) builds
    // every package's dist/, and without the "development" condition the checkout's packages resolve
    // to it. A command then starts in about half a second, where compiling the sources took 2-4 s.
    const installed = { PINION_PACKAGES: packedPinion(), NODE_OPTIONS: '' }
    expect(blocks.length).toBeGreaterThanOrEqual(6)
    let cwd = start
    let committedEpoch: string | undefined
    const ran: Ran[] = []

    const oracleUrl = () => running().state.oracles[0]!.url
    const running = () => {
      if (network === undefined) throw new Error('a block needs the network before `npx pinion up` ran')
      return network
    }
    /** Drives time until the block can run: what its `after=` names. */
    const reach = async (block: TutorialBlock) => {
      const after = block.attributes.after
      if (after === undefined) return
      if (after === 'committed') {
        const epoch = await driveUntil(
          running(),
          'an epoch with valid reports committed on chain',
          async () => (await getJson<{ epochs: EpochJson[] }>(`${oracleUrl()}/v1/epochs`)).epochs.find((e) => e.committed !== null && e.validReports > 0),
          STEP,
        )
        committedEpoch = epoch.epoch
      } else if (after === 'claimable') {
        const addresses = [...new Set(block.commands.flatMap((c) => c.match(/0x[0-9a-fA-F]{40}\b/g) ?? []))].map((a) => getAddress(a) as Address)
        expect(addresses.length, `the block at line ${block.line} names whose rewards`).toBeGreaterThan(0)
        await driveUntil(
          running(),
          `rewards claimable for ${addresses.join(', ')}`,
          async () => ((await Promise.all(addresses.map((a) => rewardsOf(running().state, a)))).every((p) => p.claimable > 0n) ? true : undefined),
          STEP,
        )
      } else {
        throw new Error(`the block at line ${block.line} says after=${String(after)}; the test knows committed and claimable`)
      }
    }
    /** `<epoch>` is what the reader reads off `epoch list`: here, the epoch the last `after=committed` saw committed. */
    const substitute = (command: string) =>
      command.replaceAll('<epoch>', () => {
        if (committedEpoch === undefined) throw new Error(`"${command}" needs an epoch before one was committed`)
        return committedEpoch
      })

    for (const block of blocks) {
      const driving = performance.now()
      await reach(block)
      if (block.attributes.after !== undefined)
        ran.push({ command: `# drive time until ${String(block.attributes.after)}`, out: '', seconds: Math.round(performance.now() - driving) / 1000 })
      for (const written of block.commands) {
        const command = substitute(written)
        const began = performance.now()
        const took = () => Math.round(performance.now() - began) / 1000
        const where = `${command} (docs/tutorial.md, block at line ${block.line})`
        if (command.startsWith('cd ')) {
          cwd = resolve(cwd, shellWords(command)[1]!)
          continue
        }
        if (!command.startsWith('npx pinion ')) {
          ran.push({ command, out: execFileSync('bash', ['-e', '-c', command], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), seconds: took() })
          continue
        }
        const args = shellWords(command).slice(2)
        if (args[0] === 'up') {
          expect(args, `${where}: the test runs a plain \`pinion up\``).toEqual(['up'])
          const { config } = await loadConfig(undefined, cwd)
          network = await up({ config, dataDir: join(cwd, '.pinion'), log: () => {}, drivenTime: true, explorerPort: 0 })
          ran.push({ command: `${command} (in this process, on driven time)`, out: '', seconds: took() })
          continue
        }
        const run = spawnPinion(args, { cwd, env: installed })
        if (block.attributes.background === true) {
          const started = STARTED.find(([pattern]) => pattern.test(command))?.[1]
          if (started === undefined) throw new Error(`${where}: the test does not know how this command says it started`)
          background.push(run)
          await until(`${where} to start`, async () => (run.lines.some((l) => started.test(l.text)) ? true : undefined), {
            timeoutMs: 120_000,
            step: async () => {
              if (run.child.exitCode !== null) throw new Error(`${where} exited ${run.child.exitCode}:\n${text(run)}`)
              await new Promise((r) => setTimeout(r, 200))
            },
          })
          continue
        }
        const exit = await run.exited
        expect({ command: where, exit, output: exit.code === 0 ? '' : text(run) }).toEqual({ command: where, exit: { code: 0, signal: null }, output: '' })
        ran.push({ command, out: stdout(run), seconds: took() })
      }
    }

    // PINION_TUTORIAL_TRANSCRIPT=<file> keeps what each command printed, for the tutorial's sample output.
    const transcript = process.env.PINION_TUTORIAL_TRANSCRIPT
    if (transcript) writeFileSync(transcript, ran.map((r) => `$ ${r.command}   (${r.seconds} s)\n${r.out}\n`).join('\n'))

    // The commands said what the tutorial says they say.
    const outputOf = (prefix: string) => ran.find((r) => r.command.startsWith(prefix))?.out ?? ''
    expect(outputOf('npx pinion init')).toMatch(/wrote .*mynet\/pinion\.config\.ts/)
    expect(outputOf('npx pinion status')).toMatch(/oracle 0x[0-9a-fA-F]{40} http:\/\/127\.0\.0\.1:\d+: \d+ devices/)
    expect(outputOf('npx pinion epoch list')).toMatch(/^epoch +\d+ {2}committed +[1-9]\d*\/\d+ valid reports/m)
    expect(outputOf('npx pinion device register')).toMatch(/^device 0x[0-9a-f]+ registered for 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc$/m)
    // The claim paid: a positive amount, and the balance holds it.
    const claim = /^claimed ([\d,.]+) PIN for (0x[0-9a-fA-F]{40}) in 0x[0-9a-f]{64}; balance ([\d,.]+) PIN$/m.exec(outputOf('npx pinion rewards claim'))
    expect(claim, outputOf('npx pinion rewards claim')).not.toBeNull()
    expect(Number(claim![1]!.replaceAll(',', ''))).toBeGreaterThan(0)
    const position = await rewardsOf(running().state, getAddress(claim![2]!))
    expect(position.claimed).toBeGreaterThan(0n)
    expect(position.balance).toBe(position.claimed)
    // Anyone's replay of the committed epoch gives the root on chain and the oracle's.
    const replay = outputOf('npx pinion epoch replay')
    expect(replay).toMatch(/on chain +0x[0-9a-f]{64} ✓ matches/)
    expect(replay).toMatch(/oracle +0x[0-9a-f]{64} ✓ matches/)

    // The operator-facing endpoints of the network the tutorial ran: the oracle's API reference and
    // metrics, and the explorer's metrics (docs/operator-guide.md lists them).
    const explorerMetrics = await (await fetch(`${running().explorer.url}/metrics`)).text()
    expect(explorerMetrics).toMatch(/^pinion_explorer_upstream_up\{upstream="oracle"\} 1$/m)
    expect(explorerMetrics).toMatch(/^pinion_explorer_oracle_epoch\{state="committed"\} \d+$/m)
    const oracleMetrics = await (await fetch(`${oracleUrl()}/metrics`)).text()
    expect(oracleMetrics).toMatch(/^pinion_ingest_accepted_total [1-9]\d*$/m)
    expect(oracleMetrics).toMatch(/^pinion_ingest_rejected_total\{code="PINION_ERR_[A-Z_]+"\} [1-9]\d*$/m)
    expect(oracleMetrics).toMatch(/^pinion_signer_status\{status="signed"\} 1$/m)
    const openApi = (await (await fetch(`${oracleUrl()}/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> }
    expect(openApi.openapi).toMatch(/^3\.1/)
    expect(Object.keys(openApi.paths)).toContain('/v1/epochs')

    // A long-running command stops on Ctrl-C, cleanly.
    for (const run of background) {
      run.signalGroup('SIGINT')
      expect(await run.exited).toEqual({ code: 0, signal: null })
    }
  })
})

const stdout = (run: SpawnedPinion) =>
  run.lines
    .filter((l) => l.stream === 'stdout')
    .map((l) => l.text)
    .join('\n')
const text = (run: SpawnedPinion) => run.lines.map((l) => `${l.stream}: ${l.text}`).join('\n')
