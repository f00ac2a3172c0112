import { parseArgs } from 'node:util'
import { DEFAULT_LOG_LEVEL, LOG_LEVELS, createLogger, parseLogLevel } from '@pinion/contracts/log'
import { PinionError } from '@pinion/protocol'
import { startExplorer } from './startExplorer.ts'

const USAGE = `pinion-explorer --oracle-url <url> --rpc-url <url> [--port <n>] [--host <host>] [--name <name>] [--log-level <level>]
                 [--tiles <url-template> --tiles-attribution <text> [--tiles-max-zoom <n>]]

Serves the Pinion web explorer for a network on any EVM chain: the oracle's read API and the
chain's JSON-RPC are proxied on the explorer's own origin. Claims go through the browser's wallet.
(\`npx pinion up\` starts an explorer for its devnet by itself.)

The map draws shipped offline detail (places, county and state lines, coast) of the devnet's
regions. --tiles names an online raster XYZ tile source instead, e.g.
https://tile.openstreetmap.org/{z}/{x}/{y}.png with --tiles-attribution "© OpenStreetMap contributors"
(the credit the source requires, shown on the map; mind the source's usage policy).

Logs go to stderr: pretty in a terminal, JSON lines otherwise. --log-level is one of
${LOG_LEVELS.join(', ')} (default ${DEFAULT_LOG_LEVEL}); request lines show at debug.`

/** `pinion-explorer`: runs until SIGINT or SIGTERM. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        'oracle-url': { type: 'string' },
        'rpc-url': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        name: { type: 'string' },
        'log-level': { type: 'string' },
        tiles: { type: 'string' },
        'tiles-attribution': { type: 'string' },
        'tiles-max-zoom': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const oracleUrl = values['oracle-url']
  const rpcUrl = values['rpc-url']
  if (oracleUrl === undefined || rpcUrl === undefined) {
    console.error(`--oracle-url and --rpc-url are required\n\n${USAGE}`)
    return 2
  }
  let logger
  try {
    logger = createLogger({ level: parseLogLevel(values['log-level'] ?? DEFAULT_LOG_LEVEL) })
  } catch (error) {
    console.error(`${(error as PinionError).code}: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  try {
    const explorer = await startExplorer({
      logger,
      oracleUrl,
      rpcUrl,
      name: values.name,
      host: values.host ?? '127.0.0.1',
      port: values.port === undefined ? undefined : Number(values.port),
      basemap:
        values.tiles === undefined
          ? undefined
          : {
              tiles: values.tiles,
              attribution: values['tiles-attribution'] ?? '',
              maxZoom: values['tiles-max-zoom'] === undefined ? undefined : Number(values['tiles-max-zoom']),
            },
    })
    logger.info({ url: explorer.url, oracleUrl, rpcUrl }, 'explorer started')
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await explorer.stop()
    return 0
  } catch (error) {
    logger.fatal({ err: error }, error instanceof PinionError ? `${error.code}: ${error.message}` : 'explorer failed')
    return 1
  }
}
