import { Command } from 'commander'
import { openCatalog } from '../storage/client/catalog.ts'
import { output } from './output.ts'
import { DATA_DIR_OPTION, formatBytes } from './storageFileFlags.ts'

export function storageLsCommand(): Command {
  return new Command('ls')
    .description('list the files stored from this data directory: id, name, size, when, segments and how many providers hold their pieces')
    .option(...DATA_DIR_OPTION)
    .option('--json', 'machine-readable output')
    .action((flags: { dataDir: string; json?: boolean }) => {
      // What a manifest says, without its key: that stays in the manifest.
      const files = openCatalog(flags.dataDir)
        .list()
        .map((file) => ({
          id: file.id,
          name: file.name,
          size: file.size,
          createdAt: file.createdAt,
          segments: file.segments.length,
          providers: new Set(file.segments.flatMap((s) => s.pieces.map((p) => p.deviceId))).size,
          redundancy: file.redundancy,
        }))
      output(Boolean(flags.json), files, () =>
        files.length === 0
          ? 'no stored files (`pinion storage put <file> --providers <file>` stores one)'
          : table([
              ['ID', 'NAME', 'SIZE', 'CREATED', 'SEGMENTS', 'PROVIDERS'],
              ...files.map((f) => [f.id, f.name, formatBytes(f.size), f.createdAt, String(f.segments), String(f.providers)]),
            ]),
      )
    })
}

/** Rows as columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
