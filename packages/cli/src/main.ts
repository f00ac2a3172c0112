import { Command, CommanderError } from 'commander'
import { COMMANDS, requestedCommand } from './commandTable.ts'

/** The `pinion` command. Returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('pinion').description('Run a DePIN: devnet, contracts, oracles, devices, epochs and rewards.').exitOverride().showHelpAfterError()
  // Only the command asked for is loaded; the others are their name and summary, for --help.
  const requested = requestedCommand(argv.slice(2))
  for (const command of COMMANDS) {
    program.addCommand(command.name === requested ? await command.load() : new Command(command.name).description(command.summary))
  }
  inheritSettings(program)
  // Commands report failure through process.exitCode; it is taken and cleared, so that each of
  // several runs in one process (the tests) starts clean, and the caller sets the process's own.
  process.exitCode = undefined
  try {
    return await runProgram(program, argv)
  } finally {
    process.exitCode = undefined
  }
}

/**
 * Gives every subcommand the program's settings. `addCommand` copies none of them, so without this a
 * subcommand's own parse error (an invalid choice, a bad number) would call process.exit instead of
 * throwing to runProgram: a test runner's worker would die, and the exit code would skip our handling.
 */
function inheritSettings(parent: Command): void {
  for (const command of parent.commands) {
    command.copyInheritedSettings(parent)
    inheritSettings(command)
  }
}

async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync([...argv])
    return Number(process.exitCode ?? 0)
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode
    const code = hasPinionCode(error) ? ` [${error.code}]` : ''
    console.error(`pinion: ${error instanceof Error ? error.message : String(error)}${code}`)
    return 1
  }
}

/** A PinionError or any error carrying one of its codes (told apart without loading @pinion/protocol). */
const hasPinionCode = (error: unknown): error is Error & { code: string } => {
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined
  return typeof code === 'string' && code.startsWith('PINION_ERR_')
}
