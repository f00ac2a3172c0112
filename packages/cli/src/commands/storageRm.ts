import { Command } from 'commander'
import { openCatalog } from '../storage/client/catalog.ts'
import { StorageClientError } from '../storage/client/clientErrors.ts'
import { removePieces } from '../storage/client/removePieces.ts'
import { output } from './output.ts'
import { DATA_DIR_OPTION, pieceTimeoutOption } from './storageFileFlags.ts'

export function storageRmCommand(): Command {
  return new Command('rm')
    .description(
      'delete a stored file: its pieces from their nodes, then its manifest; while a node cannot be reached (or refuses), the manifest is kept, so running it again retries, unless --force forgets the file anyway',
    )
    .argument('<id>', "the file's id, or the start of it (`pinion storage ls`)")
    .option('--force', 'forget the file even if some pieces could not be deleted (they stay on their nodes, and its key is gone)')
    .addOption(pieceTimeoutOption())
    .option(...DATA_DIR_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: { force?: boolean; dataDir: string; json?: boolean; timeoutMs?: number }) => {
      const catalog = openCatalog(flags.dataDir)
      const file = catalog.get(id)
      const pieces = file.segments.flatMap((s) => s.pieces)
      const { gone, left } = await removePieces(pieces, flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs })
      const failures = left.map(({ piece, error }) => ({
        deviceId: piece.deviceId,
        url: piece.url,
        sha256: piece.sha256,
        error: error instanceof Error ? error.message : String(error),
      }))
      if (failures.length > 0 && flags.force !== true) {
        throw new StorageClientError(
          'PINION_ERR_STORAGE_REMOVE',
          `${failures.length} of ${file.name}'s ${pieces.length} pieces could not be deleted, so its manifest is kept (run again to retry, or --force to forget it): ${failures.map((f) => `${f.url}: ${f.error}`).join('; ')}`,
        )
      }
      catalog.remove(file.id)
      output(Boolean(flags.json), { id: file.id, name: file.name, deleted: gone.length, left: failures }, () =>
        [
          `removed ${file.name} (${file.id}): ${gone.length} of ${pieces.length} pieces deleted`,
          ...failures.map((f) => `  left on ${f.url} (device ${f.deviceId}): ${f.error}`),
        ].join('\n'),
      )
    })
}
