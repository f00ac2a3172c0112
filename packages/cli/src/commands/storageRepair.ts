import { randomInt } from 'node:crypto'
import { Command, Option } from 'commander'
import { seededRandom } from '@pinion/kinds'
import { openCatalog } from '../storage/client/catalog.ts'
import { StorageClientError } from '../storage/client/clientErrors.ts'
import { readProviders } from '../storage/client/providersFile.ts'
import { repairFile } from '../storage/client/repairFile.ts'
import { output } from './output.ts'
import { DATA_DIR_OPTION, SEED_MAX, formatBytes, pieceTimeoutOption, wholeFlag } from './storageFileFlags.ts'

type RepairFlags = { providers: string; repairBelow?: number; seed?: number; dataDir: string; json?: boolean; timeoutMs?: number }

export function storageRepairCommand(): Command {
  return new Command('repair')
    .description(
      "rebuild a stored file's lost pieces (Storj's repair): each segment with too few healthy pieces is rebuilt from the healthy ones and its lost pieces stored on other providers, of operators holding none of its pieces; updates the manifest (exit code 1 when a segment cannot be rebuilt, or fewer pieces could be stored than it needed)",
    )
    .argument('<id>', "the file's id, or the start of it (`pinion storage ls`)")
    .requiredOption('--providers <file>', 'the storage nodes new pieces may go to: a JSON array of { deviceId, operator, url, freeBytes? }')
    .addOption(
      new Option(
        '--repair-below <n>',
        "repair a segment with fewer healthy pieces than this (default: the scheme's repair threshold + 1, as Storj repairs at or below it; the scheme's pieces repairs every loss)",
      ).argParser(wholeFlag('--repair-below', 256)),
    )
    .addOption(new Option('--seed <n>', 'seed of where the new pieces go (default: a random one)').argParser(wholeFlag('--seed', SEED_MAX)))
    .addOption(pieceTimeoutOption())
    .option(...DATA_DIR_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: RepairFlags) => {
      const catalog = openCatalog(flags.dataDir)
      const file = catalog.get(id)
      const providers = readProviders(flags.providers)
      const { required, pieces } = file.redundancy
      if (flags.repairBelow !== undefined && (flags.repairBelow <= required || flags.repairBelow > pieces)) {
        throw new StorageClientError(
          'PINION_ERR_STORAGE_FLAGS',
          `--repair-below ${flags.repairBelow} is not above the ${required} pieces that rebuild a segment of ${file.name} and at most its ${pieces} pieces`,
        )
      }
      const result = await repairFile(file, {
        providers,
        // Where pieces go is a choice, not a secret: a seed makes it one that can be repeated.
        random: seededRandom(flags.seed ?? randomInt(0x1_0000_0000)),
        ...(flags.repairBelow === undefined ? {} : { repairBelow: flags.repairBelow }),
        ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
      })
      // Saved before anything is reported: the new pieces are only reachable through it.
      const manifest = result.summary.piecesUploaded > 0 ? catalog.save(result.file) : undefined
      const { summary, segments } = result
      output(Boolean(flags.json), { id: file.id, name: file.name, ...summary, segments, ...(manifest === undefined ? {} : { manifest }) }, () =>
        [
          `${file.name} (${file.id}): ${summary.checked} segments checked, ${summary.repaired} repaired, ${summary.short} short, ${summary.unrecoverable} unrecoverable`,
          `  ${summary.piecesUploaded} pieces stored anew; ${formatBytes(summary.bytesDownloaded)} fetched, ${formatBytes(summary.bytesUploaded)} sent`,
          ...segments
            .filter((s) => s.outcome !== 'healthy')
            .map(
              (s) =>
                `  segment ${s.segment}: ${s.healthy} healthy, now ${s.healthyAfter}, ${s.outcome}${s.restored.length > 0 ? ` (pieces ${s.restored.map((r) => r.index).join(', ')} stored anew)` : ''}`,
            ),
        ].join('\n'),
      )
      const problems = segments.flatMap((s) => (s.problem === undefined ? [] : [s.problem]))
      const worst = problems.filter((p) => p.code === 'PINION_ERR_STORAGE_UNRECOVERABLE')
      const reported = worst.length > 0 ? worst : problems
      if (reported.length > 0) throw new StorageClientError(reported[0]!.code, reported.map((p) => p.message).join('; '))
    })
}
