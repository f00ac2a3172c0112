import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import { Command } from 'commander'
import { openCatalog } from '../storage/client/catalog.ts'
import { StorageClientError } from '../storage/client/clientErrors.ts'
import { downloadFileTo } from '../storage/client/downloadFile.ts'
import { output } from './output.ts'
import { DATA_DIR_OPTION, formatBytes, pieceTimeoutOption } from './storageFileFlags.ts'

type GetFlags = { output?: string; force?: boolean; dataDir: string; json?: boolean; timeoutMs?: number }

export function storageGetCommand(): Command {
  return new Command('get')
    .description(
      "fetch a stored file back: the first pieces of each segment that check out (a node that is down, slow or serves other bytes is skipped), decoded, opened and checked against the file's SHA-256, then written whole or not at all",
    )
    .argument('<id>', "the file's id, or the start of it (`pinion storage ls`)")
    .option('-o, --output <file>', 'where to write it (default: its name, in the current folder)')
    .option('--force', 'replace the output file if it exists')
    .addOption(pieceTimeoutOption())
    .option(...DATA_DIR_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: GetFlags) => {
      const file = openCatalog(flags.dataDir).get(id)
      // The name was the stored file's base name; no path from the manifest is followed.
      const path = flags.output ?? (basename(file.name) || file.id)
      if (flags.force !== true && existsSync(path)) throw new StorageClientError('PINION_ERR_STORAGE_OUTPUT', `${path} exists: give --force to replace it, or -o another file`)
      await downloadFileTo(file, path, flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs })
      output(
        Boolean(flags.json),
        { id: file.id, name: file.name, size: file.size, sha256: file.sha256, path },
        () => `wrote ${path} (${formatBytes(file.size)}, SHA-256 ${file.sha256})`,
      )
    })
}
