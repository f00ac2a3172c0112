import { expect } from 'vitest'
import { ConfigError } from './configError.ts'
import { type NetworkInput, defineNetwork } from './network.ts'

/** For the config tests: the ConfigError defineNetwork throws for `input` (failing the test if it accepts it). */
export function refusedConfig(input: unknown): ConfigError {
  try {
    defineNetwork(input as NetworkInput)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('the config was accepted')
}
