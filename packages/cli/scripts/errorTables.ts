import { CONTRACTS_ERROR_CODES } from '@pinion/contracts'
import { DEVICE_ERROR_CODES } from '@pinion/device'
import { EXPLORER_ERROR_CODES } from '@pinion/explorer'
import { KINDS_ERROR_CODES } from '@pinion/kinds'
import { ORACLE_ERROR_CODES } from '@pinion/oracle'
import { type ErrorCodeTable, PROTOCOL_ERROR_CODES, REPORT_ERROR_CODES, SERVER_ERROR_CODES } from '@pinion/protocol'
import { CLI_ERROR_CODES } from '../src/errorCodes.ts'

/**
 * Every package's table of error codes, with where its ERRORS.md goes. This lives in the CLI
 * package only because the CLI is the one package that may depend on every other.
 */
export type ErrorDoc = {
  /** The package directory, from the repository root: ERRORS.md and its prose fragments live there. */
  dir: string
  package: string
  title: string
  /** Where the table is defined, from `dir`. */
  source: string
  table: ErrorCodeTable
  /** Codes another package defines that this package's server answers with too, listed after its own. */
  alsoAnswers?: { from: string; table: ErrorCodeTable }
}

export const ERROR_DOCS: readonly ErrorDoc[] = [
  { dir: 'packages/protocol', package: '@pinion/protocol', title: 'Protocol error codes', source: 'src/errorCodes.ts', table: PROTOCOL_ERROR_CODES },
  { dir: 'packages/contracts', package: '@pinion/contracts', title: 'Contracts SDK error codes', source: 'sdk/errors.ts', table: CONTRACTS_ERROR_CODES },
  { dir: 'packages/kinds', package: '@pinion/kinds', title: 'Kinds error codes', source: 'src/errorCodes.ts', table: KINDS_ERROR_CODES },
  {
    dir: 'packages/oracle',
    package: '@pinion/oracle',
    title: 'Oracle error codes',
    source: 'src/errors.ts',
    table: ORACLE_ERROR_CODES,
    alsoAnswers: { from: 'packages/protocol', table: { ...REPORT_ERROR_CODES, ...SERVER_ERROR_CODES } },
  },
  { dir: 'packages/device', package: '@pinion/device', title: 'Device SDK error codes', source: 'src/errors.ts', table: DEVICE_ERROR_CODES },
  { dir: 'packages/cli', package: '@pinion/cli', title: 'Error codes of the pinion command', source: 'src/errorCodes.ts', table: CLI_ERROR_CODES },
  {
    dir: 'packages/explorer',
    package: '@pinion/explorer',
    title: 'Explorer error codes',
    source: 'server/errors.ts',
    table: EXPLORER_ERROR_CODES,
    alsoAnswers: { from: 'packages/protocol', table: SERVER_ERROR_CODES },
  },
]
