/**
 * A kind's gas scenarios live beside its contracts, so that adding a kind's contract touches only
 * its folder: `src/kinds/<kind>/` holds `<Name>.sol`, its test `<Name>.chain.test.ts`, and `gas.ts`,
 * which exports `gasScenarios: KindGasScenarios<'<kind>'>`, one measurement per contract of the kind,
 * by contract name. They are found by folder, as the build finds the contracts (nothing lists the
 * kinds); measureGas runs each on a fresh network deployed with its kind, and snapshots it as any
 * other contract, in `gas-snapshots/<Name>.json`.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Network } from '@pinion/testkit/localNetwork'
import { kindArtifacts } from '../generated/kinds/index.ts'

/** Gas used per named operation, measured on `net`, a fresh network deployed with the kind. */
type GasScenario = (net: Network) => Promise<Record<string, number>>

type KindArtifacts = typeof kindArtifacts

/** What `src/kinds/<kind>/gas.ts` exports as `gasScenarios`: a measurement for each of the kind's contracts. */
export type KindGasScenarios<K extends keyof KindArtifacts> = { readonly [Contract in keyof KindArtifacts[K]]: GasScenario }

const kindsDir = fileURLToPath(new URL('../src/kinds', import.meta.url))

/** Every kind's gas scenarios, kind by kind (in folder order), from `dir` (`src/kinds/`). */
export async function loadKindGasScenarios(dir: string = kindsDir): Promise<{ kind: string; contract: string; measure: GasScenario }[]> {
  const kinds = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'gas.ts')))
    .map((entry) => entry.name)
    .sort()
  const found: { kind: string; contract: string; measure: GasScenario }[] = []
  for (const kind of kinds) {
    const file = `src/kinds/${kind}/gas.ts`
    const { gasScenarios } = (await import(pathToFileURL(join(dir, kind, 'gas.ts')).href)) as { gasScenarios?: unknown }
    if (typeof gasScenarios !== 'object' || gasScenarios === null) throw new Error(`${file} exports no gasScenarios (KindGasScenarios<'${kind}'>)`)
    const contracts = Object.keys((kindArtifacts as Record<string, object>)[kind] ?? {})
    for (const [contract, measure] of Object.entries(gasScenarios)) {
      if (!contracts.includes(contract)) {
        const known = contracts.length > 0 ? contracts.join(', ') : 'none built: run `npm run build:contracts`'
        throw new Error(`${file} measures ${contract}, which is not a contract of the ${kind} kind (${known})`)
      }
      if (typeof measure !== 'function') throw new Error(`${file}: gasScenarios.${contract} is not a function`)
      found.push({ kind, contract, measure: measure as GasScenario })
    }
  }
  return found
}
