import { Command } from 'commander'
import { type LogLevel, createLogger } from '@pinion/contracts/log'
import { loadDeviceKey, openPieceStore, startStorageNode } from '@pinion/device'
import { signWithDeviceKey } from '@pinion/protocol'
import { logLevelOption } from './logLevelOption.ts'
import { parseListen, parseQuota } from './storageNodeFlags.ts'

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
    .addOption(logLevelOption())
    .action(async (flags: { dir: string; quota: string; key: string; listen: string; logLevel: LogLevel }) => {
      // Flags that are not sizes or addresses stop here, before anything is opened.
      const quotaBytes = parseQuota(flags.quota)
      const { host, port } = parseListen(flags.listen)
      const logger = createLogger({ level: flags.logLevel })
      const key = await loadDeviceKey(flags.key)
      const store = openPieceStore(flags.dir, quotaBytes)
      const node = await startStorageNode({ store, deviceId: key.deviceId, signer: (message) => signWithDeviceKey(key, message), host, port, logger })
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
      logger.info('storage node stopped')
    })
}
