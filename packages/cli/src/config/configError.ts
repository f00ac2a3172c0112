import { type ParamsProblem, describeProblem, pathName } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { CliErrorCode } from '../errorCodes.ts'

/** Each sort of config problem's stable code (errorCodes.ts). */
const CODE_OF_SORT = {
  'unknown-key': 'PINION_ERR_CONFIG_UNKNOWN_KEY',
  value: 'PINION_ERR_CONFIG_VALUE',
  rule: 'PINION_ERR_CONFIG_RULE',
} as const satisfies Record<ParamsProblem['sort'], CliErrorCode>

/** One thing wrong with a network's config: its code, the field's path as config writes it, and the sentence that says it. */
export type ConfigProblem = {
  readonly code: (typeof CODE_OF_SORT)[ParamsProblem['sort']]
  readonly path: string
  readonly message: string
}

/**
 * A network config that does not hold, with every problem found in it: each names the field's path,
 * what was given and what was expected (`oracles.quorum is 4, expected an integer from 2 to 3 …`).
 * Its code is the problems' code when they share one (PINION_ERR_CONFIG_UNKNOWN_KEY, _VALUE or
 * _RULE), PINION_ERR_CONFIG when they differ; then each line of the message ends with its own.
 */
export class ConfigError extends PinionError {
  override readonly name = 'ConfigError'
  readonly problems: readonly ConfigProblem[]

  constructor(problems: readonly ParamsProblem[]) {
    const described = problems.map((problem) => ({ code: CODE_OF_SORT[problem.sort], path: pathName(problem.path), message: describeProblem(problem) }))
    const codes = new Set(described.map((problem) => problem.code))
    const [only] = described
    const message =
      described.length === 1 && only !== undefined
        ? `Invalid network config: ${only.message}.`
        : `Invalid network config, ${described.length} problems:\n${described.map((problem) => `- ${problem.message}. [${problem.code}]`).join('\n')}`
    super(codes.size === 1 ? [...codes][0]! : 'PINION_ERR_CONFIG', message)
    this.problems = described
  }
}

/** How a rule across a config's fields reports what breaks it (networkSchema.ts). */
export type Report = {
  /** A field that breaks a rule: its path, its value, what was expected. */
  problem(path: readonly PropertyKey[], given: unknown, expected: string): void
  /** A key that names nothing known (`what`: "kind", "behaviour"…), what was expected, and the names it could be. */
  unknown(path: readonly PropertyKey[], what: string, expected: string, known: readonly string[]): void
}
