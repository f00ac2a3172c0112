import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { logLevelOption } from './logLevelOption.ts'

function parse(argv: string[]): unknown {
  let level: unknown
  const command = new Command('run')
    .exitOverride()
    .addOption(logLevelOption())
    .action((flags: { logLevel: unknown }) => {
      level = flags.logLevel
    })
  command.parse(argv, { from: 'user' })
  return level
}

describe('--log-level', () => {
  it('defaults to info and takes any pino level or silent', () => {
    expect(parse([])).toBe('info')
    for (const level of ['trace', 'debug', 'warn', 'error', 'fatal', 'silent']) expect(parse(['--log-level', level])).toBe(level)
  })

  it('fails with PINION_ERR_LOG_LEVEL on anything else', () => {
    expect(() => parse(['--log-level', 'verbose'])).toThrow(expect.objectContaining({ code: 'PINION_ERR_LOG_LEVEL' }))
  })

  it('is on every long-running command, and a bad value stops it before it starts', async () => {
    for (const command of [['up'], ['oracle'], ['device', 'run', '--key', 'missing.json']]) {
      const { code, err } = await runPinion(...command, '--log-level', 'loud')
      expect(code).toBe(1)
      expect(err).toContain('pinion: --log-level "loud" is not a log level; expected one of trace, debug, info, warn, error, fatal, silent [PINION_ERR_LOG_LEVEL]')
    }
  })
})
