import { randomInt } from 'node:crypto'
import { basename } from 'node:path'
import { Command, Option } from 'commander'
import { seededRandom } from '@pinion/kinds'
import { openCatalog } from '../storage/client/catalog.ts'
import { readProviders } from '../storage/client/providersFile.ts'
import { uploadFile } from '../storage/client/uploadFile.ts'
import { DEVNET_REDUNDANCY, STORJ_REDUNDANCY } from '../storage/redundancy.ts'
import { output } from './output.ts'
import { DATA_DIR_OPTION, SEED_MAX, formatBytes, pieceTimeoutOption, wholeFlag } from './storageFileFlags.ts'

const SCHEMES = { devnet: DEVNET_REDUNDANCY, storj: STORJ_REDUNDANCY } as const

type PutFlags = { providers: string; scheme: keyof typeof SCHEMES; seed?: number; dataDir: string; json?: boolean; timeoutMs?: number }

export function storagePutCommand(): Command {
  return new Command('put')
    .description(
      "store a file across storage nodes: sealed with a key of its own, cut into segments, erasure coded, each piece encoded for its provider and sent to providers of distinct operators; keeps the manifest (with the key) in the data directory and prints the file's id",
    )
    .argument('<file>', 'the file to store')
    .requiredOption('--providers <file>', 'the storage nodes to use: a JSON array of { deviceId, operator, url, freeBytes? }')
    .addOption(
      new Option('--scheme <scheme>', 'redundancy: devnet (any 4 of 8 pieces, 10 uploads) or storj (29 of 80, 110 uploads)').choices(Object.keys(SCHEMES)).default('devnet'),
    )
    .addOption(new Option('--seed <n>', 'seed of where the pieces go (default: a random one)').argParser(wholeFlag('--seed', SEED_MAX)))
    .addOption(pieceTimeoutOption())
    .option(...DATA_DIR_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (path: string, flags: PutFlags) => {
      const providers = readProviders(flags.providers)
      const redundancy = SCHEMES[flags.scheme]
      const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`${line}\n`) : () => {}
      const file = await uploadFile({
        source: { path },
        name: basename(path),
        providers,
        redundancy,
        // Where pieces go is a choice, not a secret: a seed makes it one that can be repeated.
        random: seededRandom(flags.seed ?? randomInt(0x1_0000_0000)),
        createdAt: new Date().toISOString(),
        ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
        onSegment: ({ segment, segments, pieces }) => progress(`segment ${segment + 1} of ${segments}: ${pieces} pieces stored`),
      })
      const manifest = openCatalog(flags.dataDir).save(file)
      const holders = new Set(file.segments.flatMap((s) => s.pieces.map((p) => p.deviceId))).size
      output(Boolean(flags.json), { id: file.id, name: file.name, size: file.size, segments: file.segments.length, providers: holders, manifest }, () => file.id)
      progress(`stored ${file.name} (${formatBytes(file.size)}) in ${file.segments.length} segments on ${holders} providers; manifest ${manifest}`)
    })
}
