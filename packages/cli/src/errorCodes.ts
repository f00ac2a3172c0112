import type { ErrorCodeTable } from '@pinion/protocol'
import { STAKE_ERROR_CODES } from './commands/stakeErrors.ts'
import { COMPUTE_ERROR_CODES } from './compute/computeErrors.ts'
import { COMPUTE_CLIENT_ERROR_CODES } from './compute/client/clientErrors.ts'
import { STORAGE_CLIENT_ERROR_CODES } from './storage/client/clientErrors.ts'
import { STORAGE_ERROR_CODES } from './storage/storageErrors.ts'
import { GOV_ERROR_CODES } from './gov/errors.ts'

/**
 * Every error code the pinion command defines: the governance commands' (gov/errors.ts) and the
 * rest. The command prints `pinion: <message> [<code>]` and exits with 1. ERRORS.md is generated
 * from this table (`npm run generate:errors`).
 */
export const CLI_ERROR_CODES = {
  PINION_ERR_CONFIG: {
    retryable: false,
    description:
      'The network config (or a flag that stands for part of it) is invalid or missing; the message names the value, what it is and what was expected. A config with problems of several sorts (the codes below) has this code, each problem its own.',
  },
  PINION_ERR_CONFIG_UNKNOWN_KEY: {
    retryable: false,
    description:
      'The network config has a key nothing reads, at any level (a misspelt field, a kind Pinion does not have, a behaviour its simulator does not know, a pool its kind does not have); the message names its path, what it may be, and the nearest known key ("did you mean `oracles`?").',
  },
  PINION_ERR_CONFIG_VALUE: {
    retryable: false,
    description: "A field of the network config (a kind's parameters included) has the wrong type or is out of range; the message names its path, its value and what was expected.",
  },
  PINION_ERR_CONFIG_RULE: {
    retryable: false,
    description:
      "Fields of the network config break a rule between them: pools that do not add up to 10,000 bps, a quorum that is not a majority of the oracles, fleet behaviours that do not add up to the fleet's devices, a kind's sub-interval that does not divide the epoch…; the message names the field, its value and what was expected.",
  },
  PINION_ERR_MQTT_FLAGS: {
    retryable: false,
    description:
      'MQTT flags that do not fit together (`pinion oracle`: both `--mqtt-listen` and `--mqtt-broker`, TLS files without either, a certificate without its key, a broker URL with credentials in it; `pinion device run`: TLS files without TLS brokers), a `[host:]port` or URL that is not one, a file a flag names that cannot be read, or (`pinion device csr`) no openssl to make the request with.',
  },
  PINION_ERR_NATS_FLAGS: {
    retryable: false,
    description:
      '`pinion oracle --nats`: a `--role` other than ingest, writer, epoch or all, a `--stream` name JetStream cannot take, or `--partitions`, `--replicas` or `--duplicate-window-ms` that is not a whole number in range.',
  },
  PINION_ERR_KEY: { retryable: false, description: 'A private key in the environment is missing or not a 0x-prefixed 32-byte key (keys are never read from flags).' },
  PINION_ERR_INIT_KIND: {
    retryable: false,
    description: '`pinion init --kind` names a kind without a template (`packages/kinds/<kind>/template.config.ts`), or no kind at all; the message lists the kinds with one.',
  },
  PINION_ERR_INIT_EXISTS: { retryable: false, description: '`pinion init` would overwrite an existing `pinion.config.ts`; remove it or choose another `--dir`.' },
  PINION_ERR_INIT_PACKAGE: { retryable: false, description: 'The package.json in the target directory does not say `"type": "module"`, which `pinion.config.ts` needs.' },
  PINION_ERR_INIT_PACK: {
    retryable: false,
    description:
      "`pinion init` could not give the new network Pinion's packages: `npm pack` of the checkout failed (its output says why), or `--packages` names a folder without a tarball of every package.",
  },
  PINION_ERR_NO_NETWORK: { retryable: false, description: 'No running network was found in the data directory; start one with `npx pinion up`.' },
  PINION_ERR_OLD_NETWORK: {
    retryable: false,
    description: 'The data directory describes a network deployed by an earlier Pinion, without governance; delete it to start a new devnet.',
  },
  PINION_ERR_UP: {
    retryable: true,
    description:
      '`pinion up` gave up waiting: for an oracle to see the fleet’s devices, or (with `--epochs N`) for N epochs of the fleet to be committed and one of them to become claimable; the message says which. On a busy machine, running it again may pass.',
  },
  PINION_ERR_FLEET_FILE: {
    retryable: false,
    description:
      "The data directory's simulated fleet (`fleet/devices.json`) is missing (`pinion fleet` reads the devnet `pinion up` runs), or has devices of a kind the network's config runs no fleet of: the directory belongs to another network; use another `--data-dir`.",
  },
  PINION_ERR_CREDITS_AMOUNT: { retryable: false, description: '`pinion credits buy` was given a token amount that is not a positive number of tokens with up to 18 decimals.' },
  PINION_ERR_CREDITS_NETWORK: {
    retryable: false,
    description: 'The network was deployed by an earlier Pinion, without service credits (no Credits contract); deploy it again to have them.',
  },
  ...GOV_ERROR_CODES,
  ...STAKE_ERROR_CODES,
  ...STORAGE_ERROR_CODES,
  ...COMPUTE_ERROR_CODES,
  ...STORAGE_CLIENT_ERROR_CODES,
  ...COMPUTE_CLIENT_ERROR_CODES,
} as const satisfies ErrorCodeTable

export type CliErrorCode = keyof typeof CLI_ERROR_CODES
