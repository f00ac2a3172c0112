import { Command } from 'commander'
import { type LogLevel, type Logger, createLogger } from '@pinion/contracts/log'
import { type DeviceKeyFile, type PieceStore, loadDeviceKey, openPieceStore, startStorageNode } from '@pinion/device'
import { holdPieces, releasePieces } from '@pinion/kinds/storage'
import { signWithDeviceKey } from '@pinion/protocol'
import { logLevelOption } from './logLevelOption.ts'
import { parseListen, parseQuota } from './storageNodeFlags.ts'
import { startNetworkDevice } from './networkDevice.ts'
import { DEFAULT_DATA_DIR } from '../state.ts'
import type { Hex } from 'viem'

/** Where a storage node listens by default: Storj's storage node port. */
const DEFAULT_LISTEN = '127.0.0.1:28967'

export function storageNodeCommand(): Command {
  return new Command('node')
    .description(
      "run a storage node: keep customers' pieces in a folder within a quota and serve them over HTTP (PUT, GET with one Range, HEAD and DELETE /v1/pieces/<sha256>; GET /v1/capacity, signed by the device key); prints the URL it serves at, then runs until Ctrl-C",
    )
    .requiredOption('--dir <path>', 'the folder the pieces are kept in (made if missing); run again on it and the node serves every piece it stored')
    .requiredOption('--quota <size>', 'the most the pieces may take: bytes, or a whole number of B, kB, MB, GB, TB, KiB, MiB, GiB or TiB (10GiB)')
    .requiredOption('--key <file>', "the device key file (`pinion device keygen`): the node's id, and the key its capacity claims are signed with")
    .option('--listen <host:port>', 'the address and port to serve on (port 0: any free port)', DEFAULT_LISTEN)
    .option(
      '--prove',
      "also run the node as its network's storage device: each epoch, answer its deals' proving periods from the pieces this node holds, signed with the device key and sent to every oracle (with --config and --data-dir, as `pinion device run`)",
    )
    .option('--config <file>', 'with --prove: the network config (default ./pinion.config.ts)')
    .option('--data-dir <dir>', "with --prove: where the network's state is kept; the device's outbox lives under it", DEFAULT_DATA_DIR)
    .addOption(logLevelOption())
    .action(async (flags: { dir: string; quota: string; key: string; listen: string; prove?: boolean; config?: string; dataDir: string; logLevel: LogLevel }) => {
      // Flags that are not sizes or addresses stop here, before anything is opened.
      const quotaBytes = parseQuota(flags.quota)
      const { host, port } = parseListen(flags.listen)
      const logger = createLogger({ level: flags.logLevel })
      const key = await loadDeviceKey(flags.key)
      const store = openPieceStore(flags.dir, quotaBytes)
      // With --prove, the node's own device proves its deals from what this store holds, as it changes.
      const prover = flags.prove === true ? await startProver(store, key, flags, logger) : undefined
      const node = await startStorageNode({
        store,
        deviceId: key.deviceId,
        signer: (message) => signWithDeviceKey(key, message),
        host,
        port,
        logger,
        ...(prover === undefined ? {} : { onStored: prover.hold, onRemoved: prover.release }),
      })
      const { bytes, pieces } = store.usage()
      logger.info({ url: node.url, deviceId: key.deviceId, dir: flags.dir, quotaBytes, usedBytes: bytes, pieces }, 'storage node serving; Ctrl-C stops')
      // On stdout, for whoever started it (a script, a test) to find the node on a port it chose.
      console.log(`storage node ${key.deviceId} serving ${node.url}`)
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          resolve()
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      logger.info('stopping')
      await node.close()
      await prover?.stop()
      logger.info('storage node stopped')
    })
}

/**
 * The node's device as its network's storage device (startNetworkDevice): it holds every piece the
 * store holds, so the kind's honest prover answers each proving period from those bytes; pieces
 * stored or deleted later are held or let go as they come.
 */
async function startProver(store: PieceStore, key: DeviceKeyFile, flags: { config?: string; dataDir: string }, logger: Logger) {
  const roots = new Map<Hex, Hex>()
  const hold = async (id: Hex) => {
    const bytes = await store.read(id)
    if (bytes !== undefined) roots.set(id, holdPieces([bytes])[0]!)
  }
  for (const id of store.list()) await hold(id)
  const { device } = await startNetworkDevice({ key, kind: 'storage', config: flags.config, dataDir: flags.dataDir, logger })
  logger.info({ deviceId: key.deviceId, pieces: roots.size, firstEpoch: device.firstEpoch.toString() }, 'proving the pieces this node holds')
  return {
    hold,
    release: (id: Hex) => {
      const root = roots.get(id)
      if (root === undefined) return
      roots.delete(id)
      releasePieces([root])
    },
    stop: () => device.stop(),
  }
}
