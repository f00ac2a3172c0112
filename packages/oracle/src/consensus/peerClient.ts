import type { Address, Hex } from 'viem'
import { splitReportBatch } from '../ingest/wire.ts'
import { type Manifest, manifestFromJson } from './manifest.ts'
import { type Proposal, proposalFromJson } from './proposal.ts'

/** Why a peer gave nothing: it could not be reached in time, or its answer was not what was asked. */
export class PeerError extends Error {
  override readonly name = 'PeerError'
  constructor(
    readonly peer: string,
    readonly reason: 'unreachable' | 'timeout' | 'not-found' | 'refused' | 'invalid',
    message: string,
  ) {
    super(`${peer}: ${message}`)
  }
}

export type PeerClientOptions = {
  /** Per request. A slow peer costs at most this, then the caller retries later (backoff). */
  timeoutMs: number
  /** The most bytes read from one answer: a hostile peer cannot make this oracle buffer more. */
  maxResponseBytes: number
  fetch?: typeof fetch
}

export const DEFAULT_PEER_CLIENT: PeerClientOptions = { timeoutMs: 10_000, maxResponseBytes: 256 * 1024 * 1024 }

/** Asks other oracles for what sealing needs; every answer is treated as hostile input. */
export class PeerClient {
  private readonly doFetch: typeof fetch

  constructor(private readonly options: PeerClientOptions = DEFAULT_PEER_CLIENT) {
    this.doFetch = options.fetch ?? fetch
  }

  /** The manifest `oracle` made for `epoch`, as `peer` holds it (ids checked against the header; signature not yet). */
  async manifest(peer: string, epoch: bigint, oracle: Address): Promise<Manifest> {
    const manifest = manifestFromJson(await this.json(peer, `/v1/epochs/${epoch}/manifests/${oracle}`))
    if (manifest === undefined || manifest.epoch !== epoch || manifest.oracle !== oracle.toLowerCase()) {
      throw new PeerError(peer, 'invalid', `its manifest of ${oracle} for epoch ${epoch} is not one`)
    }
    return manifest
  }

  /** The proposal `peer` made or adopted for (epoch, version) (shape checked; validity not yet). */
  async proposal(peer: string, epoch: bigint, version: number): Promise<Proposal> {
    const proposal = proposalFromJson(await this.json(peer, `/v1/epochs/${epoch}/proposal?version=${version}`))
    if (proposal === undefined) throw new PeerError(peer, 'invalid', `its proposal for epoch ${epoch} is not one`)
    return proposal
  }

  /** The SignedReport bytes of those of `ids` that `peer` holds (unchecked: the caller checks each against its id). */
  async reports(peer: string, ids: readonly Hex[]): Promise<Uint8Array[]> {
    const body = Buffer.concat(ids.map((id) => Buffer.from(id.slice(2), 'hex')))
    const bytes = await this.bytes(peer, '/v1/reports/by-id', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body })
    return this.batch(peer, bytes)
  }

  /** The input set `peer` published for `epoch` (unchecked: the caller checks it against a committed inputsHash). */
  async inputs(peer: string, epoch: bigint): Promise<Uint8Array[]> {
    return this.batch(peer, await this.bytes(peer, `/v1/epochs/${epoch}/inputs`))
  }

  private batch(peer: string, bytes: Uint8Array): Uint8Array[] {
    try {
      return splitReportBatch(bytes)
    } catch (error) {
      throw new PeerError(peer, 'invalid', `its answer is not a ReportBatch: ${(error as Error).message}`)
    }
  }

  private async json(peer: string, path: string): Promise<unknown> {
    const bytes = await this.bytes(peer, path)
    try {
      return JSON.parse(Buffer.from(bytes).toString('utf8'))
    } catch {
      throw new PeerError(peer, 'invalid', `${path} did not answer JSON`)
    }
  }

  private async bytes(peer: string, path: string, init: RequestInit = {}): Promise<Uint8Array> {
    let response: Response
    try {
      response = await this.doFetch(`${peer}${path}`, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs) })
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError'
      throw new PeerError(peer, timedOut ? 'timeout' : 'unreachable', `${path}: ${timedOut ? `no answer within ${this.options.timeoutMs} ms` : (error as Error).message}`)
    }
    if (response.status === 404 || response.status === 409) {
      await response.body?.cancel()
      throw new PeerError(peer, 'not-found', `${path} answered ${response.status}`)
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new PeerError(peer, 'refused', `${path} answered ${response.status}`)
    }
    return readLimited(peer, response, this.options.maxResponseBytes)
  }
}

async function readLimited(peer: string, response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    await response.body?.cancel()
    throw new PeerError(peer, 'invalid', `its answer of ${declared} bytes is over the ${maxBytes}-byte limit`)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = response.body?.getReader()
  if (reader === undefined) return new Uint8Array(0)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.length
      if (total > maxBytes) {
        await reader.cancel()
        throw new PeerError(peer, 'invalid', `its answer is over the ${maxBytes}-byte limit`)
      }
      chunks.push(value)
    }
  } catch (error) {
    if (error instanceof PeerError) throw error
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError'
    throw new PeerError(peer, timedOut ? 'timeout' : 'unreachable', `the answer was cut off: ${(error as Error).message}`)
  }
  return new Uint8Array(Buffer.concat(chunks))
}
