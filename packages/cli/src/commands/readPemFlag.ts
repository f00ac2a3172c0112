import { readFileSync } from 'node:fs'
import { PinionError } from '@pinion/protocol'

/**
 * The PEM text of the file an MQTT TLS flag names (flags name files, never keys), or undefined when
 * the flag is absent. A file that cannot be read stops the command before it starts, naming the flag.
 */
export function readPemFlag(flag: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new PinionError('PINION_ERR_MQTT_FLAGS', `${flag} ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}
