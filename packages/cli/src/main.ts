import { Command, CommanderError } from 'commander'
import { PinionError } from '@pinion/protocol'
import { creditsCommand } from './commands/credits.ts'
import { deployCommand } from './commands/deploy.ts'
import { deviceCommand } from './commands/device.ts'
import { epochCommand } from './commands/epoch.ts'
import { fleetCommand } from './commands/fleet.ts'
import { govCommand } from './commands/gov.ts'
import { initCommand } from './commands/init.ts'
import { replayCommand } from './commands/replay.ts'
import { oracleCommand } from './commands/oracle.ts'
import { paramsCommand } from './commands/params.ts'
import { rewardsCommand } from './commands/rewards.ts'
import { rolesCommand } from './commands/roles.ts'
import { simCommand } from './commands/sim.ts'
import { splitCommand } from './commands/split.ts'
import { stakeCommand } from './commands/stake.ts'
import { statusCommand } from './commands/status.ts'
import { upCommand } from './commands/up.ts'

/** The `pinion` command. Returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('pinion').description('Run a DePIN: devnet, contracts, oracles, devices, epochs and rewards.').exitOverride().showHelpAfterError()
  program.addCommand(initCommand())
  program.addCommand(upCommand())
  program.addCommand(statusCommand())
  program.addCommand(fleetCommand())
  program.addCommand(deviceCommand())
  program.addCommand(epochCommand(replayCommand()))
  program.addCommand(rewardsCommand())
  program.addCommand(creditsCommand())
  program.addCommand(deployCommand())
  program.addCommand(oracleCommand())
  program.addCommand(govCommand())
  program.addCommand(paramsCommand())
  program.addCommand(rolesCommand())
  program.addCommand(simCommand())
  program.addCommand(splitCommand())
  program.addCommand(stakeCommand())
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
    const code = error instanceof PinionError ? ` [${error.code}]` : ''
    console.error(`pinion: ${error instanceof Error ? error.message : String(error)}${code}`)
    return 1
  }
}
