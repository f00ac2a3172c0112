/**
 * bench:storage part (c): throughput of the customer-side pipeline on this machine, against its disk
 * and its memory.
 *
 * A file of --mib MiB (pseudo-random bytes from the seed: AES-256-CTR of zeros) is put and got through
 * the functions the customer side is made of, composed here (not a client module):
 * - put: prepareFile (seal with AES-256-GCM, cut into 64 MiB segments, Reed–Solomon each, SHA-256
 *   every piece), then every piece into the piece store of its "node" (openPieceStore, one folder per
 *   piece index on the local disk: temporary file, fsync, link, fsync the folder; no network);
 * - get: `required` pieces a segment, chosen at random from the seed (as if those nodes answered
 *   first), read back through the node's store (which checks each piece's SHA-256 against its id),
 *   then assembleFile (checks each piece's SHA-256 against the manifest, decodes, opens, checks the
 *   file's SHA-256); the result must be the file.
 * Baselines, same bytes: raw disk (one file written and fsynced, then read) and a memory copy
 * (Buffer.copy into a buffer already touched). Reed–Solomon encode and decode are also timed alone
 * over the sealed file's segments. MB = 10^6 bytes. Reads come from the page cache in both the
 * pipeline and the baseline: the files were just written.
 *
 * Each scheme runs in a child process so that its peak RSS is its own.
 */
import { createCipheriv, createHash } from 'node:crypto'
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { seededRandom } from '@pinion/kinds'
import { decodeSegment, encodeSegment } from '../packages/cli/src/storage/erasure.ts'
import { assembleFile, prepareFile } from '../packages/cli/src/storage/fileManifest.ts'
import { DEVNET_REDUNDANCY, type Redundancy, STORJ_REDUNDANCY } from '../packages/cli/src/storage/redundancy.ts'
import { sealFile } from '../packages/cli/src/storage/sealFile.ts'
import { openPieceStore } from '../packages/device/src/storage/pieceStore.ts'

const SCHEMES: Record<string, Redundancy> = { devnet: DEVNET_REDUNDANCY, storj: STORJ_REDUNDANCY }
/** prepareFile's segment size (Storj's MaxSegmentSize). */
const SEGMENT_BYTES = 64 * 1024 * 1024
/** Memory copies are repeated for at least this long, so that a copy of a few milliseconds is timed well. */
const COPY_MS = 500

export type ThroughputOptions = { mib: number; schemes: string[]; seed: number }

type SchemeRun = {
  scheme: string
  redundancy: Redundancy
  fileBytes: number
  storedBytes: number
  segments: number
  /** Seconds: prepareFile; the pieces into the stores; k pieces a segment out of them; assembleFile. */
  prepare: number
  write: number
  read: number
  assemble: number
  /** Seconds alone, over the same sealed bytes: sealFile; encodeSegment and decodeSegment over the full segments; Buffer.copy of them. */
  seal: number
  encode: number
  decode: number
  copy: number
  codedBytes: number
  /** Peak RSS of the child after the put and get (before the Reed–Solomon-alone part), and its RSS before the file was made. */
  peakRssBytes: number
  startRssBytes: number
  loadAverage: number
}

export type ThroughputResult = {
  fileBytes: number
  loadAverage: number
  rawWrite: number
  rawRead: number
  copy: number
  runs: SchemeRun[]
}

/** `bytes` pseudo-random bytes from `seed`: AES-256-CTR of zeros under a key hashed from the seed (fast, and the same every run). */
function fileBytes(bytes: number, seed: number): Buffer {
  const key = createHash('sha256').update(`pinion/bench/storage/${seed}`).digest()
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(bytes))
}

const seconds = (start: number) => (performance.now() - start) / 1000

/** MB/s of Buffer.copy of `source` into a buffer already touched, repeated for at least COPY_MS. */
function copyRate(source: Uint8Array): number {
  const target = Buffer.alloc(source.length, 1)
  Buffer.from(source.buffer, source.byteOffset, source.length).copy(target) // first touch, not timed
  let bytes = 0
  const start = performance.now()
  while (performance.now() - start < COPY_MS) {
    Buffer.from(source.buffer, source.byteOffset, source.length).copy(target)
    bytes += source.length
  }
  return bytes / 1e6 / seconds(start)
}

/** One scheme's put, get and Reed–Solomon alone, in this process (the child). */
function measureScheme(scheme: string, mib: number, seed: number): SchemeRun {
  const redundancy = SCHEMES[scheme]
  if (redundancy === undefined) throw new Error(`--scheme is "${scheme}"; expected ${Object.keys(SCHEMES).join(' or ')}`)
  const { required, pieces: n } = redundancy
  const startRssBytes = process.memoryUsage().rss
  const plaintext = fileBytes(mib * 1024 * 1024, seed)
  const dir = mkdtempSync(join(tmpdir(), `pinion-bench-storage-${scheme}-`))
  try {
    const stores = Array.from({ length: n }, (_, i) => openPieceStore(join(dir, `node-${i}`), Number.MAX_SAFE_INTEGER))

    let start = performance.now()
    const prepared = prepareFile(plaintext, redundancy)
    const prepare = seconds(start)
    const { key, manifest } = prepared
    start = performance.now()
    let storedBytes = 0
    for (const [s, coded] of prepared.pieces.entries()) {
      for (const [i, piece] of coded.entries()) {
        stores[i]!.put(manifest.segments[s]!.pieces[i]!, piece)
        storedBytes += piece.length
      }
    }
    const write = seconds(start)
    prepared.pieces.length = 0 // let the pieces go: a customer keeps the manifest and the key

    const random = seededRandom(seed)
    const chosen = manifest.segments.map(() => {
      const indexes = Array.from({ length: n }, (_, i) => i)
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!]
      }
      return indexes.slice(0, required).sort((a, b) => a - b)
    })
    start = performance.now()
    const fetched = manifest.segments.map((segment, s) => new Map(chosen[s]!.map((i) => [i, stores[i]!.get(segment.pieces[i]!)!] as const)))
    const read = seconds(start)
    start = performance.now()
    const got = assembleFile(manifest, fetched, key)
    const assemble = seconds(start)
    if (Buffer.compare(got, plaintext) !== 0) throw new Error(`${scheme}: the file got is not the file put`)
    const peakRssBytes = process.resourceUsage().maxRSS * 1024
    fetched.length = 0

    // Reed–Solomon alone over the sealed file's full segments, against copying them.
    start = performance.now()
    const { sealed } = sealFile(plaintext, key)
    const seal = seconds(start)
    let [encode, decode, copy, codedBytes] = [0, 0, 0, 0]
    for (let at = 0; at + SEGMENT_BYTES <= sealed.length || (at === 0 && sealed.length > 0); at += SEGMENT_BYTES) {
      const segment = sealed.subarray(at, Math.min(at + SEGMENT_BYTES, sealed.length))
      start = performance.now()
      const coded = encodeSegment(segment, required, n)
      encode += seconds(start)
      const available = new Map(chosen[at / SEGMENT_BYTES]!.map((i) => [i, coded[i]!] as const))
      start = performance.now()
      const decoded = decodeSegment(available, segment.length, required, n)
      decode += seconds(start)
      if (Buffer.compare(decoded, segment) !== 0) throw new Error(`${scheme}: Reed–Solomon did not give the segment back`)
      copy += segment.length / 1e6 / copyRate(segment)
      codedBytes += segment.length
    }
    return {
      scheme,
      redundancy,
      fileBytes: plaintext.length,
      storedBytes,
      segments: manifest.segments.length,
      prepare,
      write,
      read,
      assemble,
      seal,
      encode,
      decode,
      copy,
      codedBytes,
      peakRssBytes,
      startRssBytes,
      loadAverage: loadavg()[0]!,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The scheme measured in a child process of its own (its own peak RSS). */
function inChild(scheme: string, mib: number, seed: number): SchemeRun {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify({ scheme, mib, seed })], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out.trim().split('\n').at(-1)!) as SchemeRun
}

type Baselines = { rawWrite: number; rawRead: number; copy: number }

/** MB/s of writing `bytes` to one file and fsyncing it, of reading it back, and of copying them in memory. */
function baselines(bytes: Uint8Array): Baselines {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-bench-storage-raw-'))
  try {
    const path = join(dir, 'file')
    let start = performance.now()
    const fd = openSync(path, 'w', 0o600)
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at)
    fsyncSync(fd)
    closeSync(fd)
    const rawWrite = mbps(bytes.length, seconds(start))
    start = performance.now()
    const back = readFileSync(path)
    const rawRead = mbps(bytes.length, seconds(start))
    if (Buffer.compare(back, bytes) !== 0) throw new Error('the raw file read back is not the one written')
    return { rawWrite, rawRead, copy: copyRate(bytes) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const baselineText = (b: Baselines) =>
  `raw disk write + fsync ${rate(b.rawWrite)}, read ${rate(b.rawRead)} (one file of the same bytes, read from the page cache); memory copy ${rate(b.copy)} (Buffer.copy)`

const mbps = (bytes: number, s: number) => bytes / 1e6 / s
const rate = (x: number) => `${x.toFixed(x < 100 ? 1 : 0)} MB/s`
const sec = (s: number) => `${s.toFixed(2)} s`

export function runThroughput(options: ThroughputOptions): ThroughputResult {
  const bytes = options.mib * 1024 * 1024
  const loadAverage = loadavg()[0]!
  console.log(
    `\n(c) throughput — a ${options.mib} MiB file, put and got through the customer-side pipeline on this machine (${availableParallelism()} cores, load average ${loadAverage.toFixed(1)}); MB = 10^6 bytes`,
  )
  // Baselines: the same bytes to disk and back, and copied in memory; before and after the schemes,
  // since the machine's other load may change meanwhile (the mean is used).
  const plaintext = fileBytes(bytes, options.seed)
  const before = baselines(plaintext)
  console.log(`  before: ${baselineText(before)}`)
  const measured: SchemeRun[] = []
  for (const scheme of options.schemes) {
    console.error(`  ${scheme}: put and get in a child process…`)
    measured.push(inChild(scheme, options.mib, options.seed))
  }
  const after = baselines(plaintext)
  console.log(`  after:  ${baselineText(after)}`)
  const rawWrite = (before.rawWrite + after.rawWrite) / 2
  const rawRead = (before.rawRead + after.rawRead) / 2
  const copy = (before.copy + after.copy) / 2
  console.log(`  mean:   ${baselineText({ rawWrite, rawRead, copy })} — the ratios below divide by these`)

  const runs: SchemeRun[] = []
  for (const run of measured) {
    const scheme = run.scheme
    runs.push(run)
    const { required: k, repairAt: r, pieces: n, uploads } = run.redundancy
    const put = run.prepare + run.write
    const get = run.read + run.assemble
    console.log(
      `\n  ${scheme} ${k}/${r}/${n}/${uploads}: ${run.segments} segment${run.segments === 1 ? '' : 's'}, ${n} piece stores, ${(run.storedBytes / run.fileBytes).toFixed(2)}× the file stored (load average ${run.loadAverage.toFixed(1)} at its end)`,
    )
    console.log(
      `    put   ${rate(mbps(run.fileBytes, put))} of file = ${(mbps(run.fileBytes, put) / rawWrite).toFixed(2)} × raw disk write — prepareFile ${sec(run.prepare)} (timed alone: seal ${sec(run.seal)}, Reed–Solomon ${sec(run.encode)}; the rest SHA-256 of the pieces and copies), pieces into the stores ${sec(run.write)} (${rate(mbps(run.storedBytes, run.write))} of pieces)`,
    )
    console.log(
      `    get   ${rate(mbps(run.fileBytes, get))} of file = ${(mbps(run.fileBytes, get) / rawRead).toFixed(2)} × raw disk read — ${k} pieces a segment out of the stores ${sec(run.read)}, assembleFile ${sec(run.assemble)} (timed alone: Reed–Solomon ${sec(run.decode)})`,
    )
    const copyRateRun = mbps(run.codedBytes, run.copy)
    console.log(
      `    Reed–Solomon alone, ${(run.codedBytes / 1024 ** 2).toFixed(0)} MiB of segments: encode ${rate(mbps(run.codedBytes, run.encode))} = ${(mbps(run.codedBytes, run.encode) / copyRateRun).toFixed(3)} × copy, decode from ${k} random pieces ${rate(mbps(run.codedBytes, run.decode))} = ${(mbps(run.codedBytes, run.decode) / copyRateRun).toFixed(3)} × copy (copy ${rate(copyRateRun)} in the same process)`,
    )
    console.log(
      `    peak RSS ${(run.peakRssBytes / 1024 ** 3).toFixed(2)} GiB, ${((run.peakRssBytes - run.startRssBytes) / run.fileBytes).toFixed(1)}× the file above the ${(run.startRssBytes / 1024 ** 2).toFixed(0)} MiB the process held before (prepareFile holds the file, its sealed copy and every piece at once)`,
    )
  }
  return { fileBytes: bytes, loadAverage, rawWrite, rawRead, copy, runs }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { child: { type: 'string' } } })
  if (values.child === undefined) throw new Error('bench/storageThroughput.ts runs as a child of bench/storage.ts: npm run bench:storage -- --part c')
  const { scheme, mib, seed } = JSON.parse(values.child) as { scheme: string; mib: number; seed: number }
  console.log(JSON.stringify(measureScheme(scheme, mib, seed)))
}
