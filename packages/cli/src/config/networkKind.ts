import { type Kind, kinds as knownKinds } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'

/**
 * The kind `name` of a network (`--kind`), or its first kind when no name is given: one the
 * network's config runs, else PINION_ERR_CONFIG naming the ones it does.
 */
export function networkKind(config: { kinds: Record<string, unknown> }, name: string | undefined, known: ReadonlyMap<string, Kind> = knownKinds): Kind {
  const names = Object.keys(config.kinds)
  const wanted = name ?? names[0]!
  const kind = known.get(wanted)
  if (!names.includes(wanted) || kind === undefined) {
    throw new PinionError('PINION_ERR_CONFIG', `--kind is "${wanted}", expected one of the kinds the network runs: ${names.join(', ')}.`)
  }
  return kind
}
