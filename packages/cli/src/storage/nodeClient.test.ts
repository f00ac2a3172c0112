import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPieceStore, startStorageNode, verifyCapacityClaim } from '@pinion/device'
import { deviceIdOf, generateDeviceKey, signWithDeviceKey } from '@pinion/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NodeRequestError, capacity, deletePiece, getPiece, hasPiece, putPiece } from './nodeClient.ts'

const piece = (seed: number, length = 1_000) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff)
const hexOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
/** As a file's manifest holds a piece's id. */
const manifestIdOf = (bytes: Uint8Array) => `0x${hexOf(bytes)}`

/** A plain HTTP server answering every request with `handle`, on 127.0.0.1: a node that lies, or never answers. */
async function fakeNode(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('storage node client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-node-client-'))
  const key = generateDeviceKey('ed25519')
  const deviceId = deviceIdOf(key.publicKey)
  let allowDelete = true
  const stops: (() => Promise<unknown>)[] = []
  let url = ''
  beforeAll(async () => {
    const node = await startStorageNode({
      store: openPieceStore(dir, 20_000),
      deviceId,
      host: '127.0.0.1',
      port: 0,
      signer: (message) => signWithDeviceKey(key, message),
      authorize: () => allowDelete,
    })
    stops.push(node.close)
    url = node.url
  })
  afterAll(async () => {
    for (const stop of stops) await stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('puts a piece (once), finds it, reads it whole or a range of it, and deletes it', async () => {
    const a = piece(1, 5_000)
    expect(await putPiece(url, manifestIdOf(a), a)).toEqual({ size: 5_000, stored: true })
    // A piece sent again is not stored again; ids without 0x and a URL with a slash work alike.
    expect(await putPiece(`${url}/`, hexOf(a), a)).toEqual({ size: 5_000, stored: false })
    expect(await hasPiece(url, manifestIdOf(a))).toBe(true)
    expect(Buffer.from(await getPiece(url, manifestIdOf(a))).equals(Buffer.from(a))).toBe(true)
    expect(Buffer.from(await getPiece(url, hexOf(a), { range: { offset: 4_096, length: 904 } })).equals(Buffer.from(a.subarray(4_096)))).toBe(true)
    expect(await deletePiece(url, manifestIdOf(a))).toBe(true)
    expect(await hasPiece(url, manifestIdOf(a))).toBe(false)
    expect(await deletePiece(url, manifestIdOf(a))).toBe(false)
  })

  it("reads the node's capacity claim, whose signature the device key verifies", async () => {
    await putPiece(url, manifestIdOf(piece(2)), piece(2))
    const { signature, ...claim } = await capacity(url)
    expect(claim).toEqual({ deviceId, quotaBytes: 20_000, usedBytes: 1_000, pieces: 1, atMs: expect.any(Number) })
    expect(verifyCapacityClaim(claim, signature!, key)).toBe(true)
    await deletePiece(url, manifestIdOf(piece(2)))
  })

  it("throws the node's refusals with its code and status: wrong bytes, a full quota, a delete not allowed", async () => {
    // One class for every failure of a call, so a caller can read what the node answered.
    await expect(putPiece(url, manifestIdOf(piece(3)), piece(4))).rejects.toBeInstanceOf(NodeRequestError)
    await expect(putPiece(url, manifestIdOf(piece(3)), piece(4))).rejects.toMatchObject({
      code: 'PINION_ERR_STORAGE_NODE_REFUSED',
      status: 409,
      nodeCode: 'PINION_ERR_PIECE_HASH',
      message: expect.stringContaining('409 PINION_ERR_PIECE_HASH'),
    })
    await expect(putPiece(url, manifestIdOf(piece(5, 20_001)), piece(5, 20_001))).rejects.toMatchObject({
      code: 'PINION_ERR_STORAGE_NODE_REFUSED',
      status: 507,
      nodeCode: 'PINION_ERR_PIECE_QUOTA',
    })
    await putPiece(url, manifestIdOf(piece(6)), piece(6))
    allowDelete = false
    try {
      await expect(deletePiece(url, manifestIdOf(piece(6)))).rejects.toMatchObject({
        code: 'PINION_ERR_STORAGE_NODE_REFUSED',
        status: 403,
        nodeCode: 'PINION_ERR_PIECE_DELETE_REFUSED',
      })
    } finally {
      allowDelete = true
    }
    expect(await deletePiece(url, manifestIdOf(piece(6)))).toBe(true)
  })

  it('reports a piece the node does not have, or no longer has intact, as unavailable, with the node’s code', async () => {
    await expect(getPiece(url, manifestIdOf(piece(7)))).rejects.toMatchObject({
      code: 'PINION_ERR_STORAGE_PIECE_UNAVAILABLE',
      status: 404,
      nodeCode: 'PINION_ERR_PIECE_NOT_FOUND',
      message: expect.stringContaining('answered 404 PINION_ERR_PIECE_NOT_FOUND'),
    })
    const b = piece(8)
    await putPiece(url, manifestIdOf(b), b)
    writeFileSync(join(dir, 'pieces', hexOf(b).slice(0, 2), manifestIdOf(b)), piece(9))
    for (const options of [{}, { range: { offset: 0, length: 10 } }]) {
      await expect(getPiece(url, manifestIdOf(b), options)).rejects.toMatchObject({
        code: 'PINION_ERR_STORAGE_PIECE_UNAVAILABLE',
        status: 500,
        nodeCode: 'PINION_ERR_PIECE_CORRUPT',
      })
    }
    await expect(getPiece(url, manifestIdOf(b), { range: { offset: 1_000, length: 1 } })).rejects.toMatchObject({ status: 416, nodeCode: 'PINION_ERR_PIECE_RANGE' })
  })

  it('refuses ids and ranges no node can answer, before asking', async () => {
    for (const id of [hexOf(piece(1)).toUpperCase(), '0x12', `0X${hexOf(piece(1))}`]) {
      await expect(putPiece(url, id, piece(1))).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_BAD_PIECE_REQUEST' })
      await expect(getPiece(url, id)).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_BAD_PIECE_REQUEST' })
    }
    for (const range of [
      { offset: -1, length: 1 },
      { offset: 0, length: 0 },
      { offset: 0.5, length: 1 },
    ]) {
      await expect(getPiece(url, manifestIdOf(piece(1)), { range })).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_BAD_PIECE_REQUEST' })
    }
  })

  it('trusts no node: other bytes than the piece, a range of another length, and answers outside the API fail', async () => {
    const a = piece(10)
    const liar = await fakeNode((request, response) => {
      if (request.url === '/v1/capacity') return response.writeHead(200, { 'content-type': 'application/json' }).end('{"deviceId":"0x12","quotaBytes":-1}')
      if (request.method === 'PUT') return response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sha256: hexOf(a), size: 1 }))
      if (request.headers.range !== undefined) return response.writeHead(206, { 'content-range': 'bytes 0-4/1000' }).end(Buffer.from(a.subarray(0, 5)))
      // A proxy's page instead of the node's error.
      if (request.method === 'DELETE') return response.writeHead(502).end('<html>bad gateway</html>')
      response.writeHead(200).end(Buffer.from(piece(11)))
    })
    stops.push(() => new Promise((resolve) => liar.server.close(resolve)))
    await expect(getPiece(liar.url, manifestIdOf(a))).rejects.toMatchObject({
      code: 'PINION_ERR_STORAGE_PIECE_UNAVAILABLE',
      message: expect.stringContaining(`hash to ${hexOf(piece(11))}`),
    })
    await expect(getPiece(liar.url, manifestIdOf(a), { range: { offset: 0, length: 10 } })).rejects.toMatchObject({
      code: 'PINION_ERR_STORAGE_PIECE_UNAVAILABLE',
      message: expect.stringContaining('it sent 5 bytes'),
    })
    await expect(putPiece(liar.url, manifestIdOf(a), a)).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_NODE_UNAVAILABLE' })
    await expect(capacity(liar.url)).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_NODE_UNAVAILABLE', message: expect.stringContaining('not a capacity claim') })
    await expect(deletePiece(liar.url, manifestIdOf(a))).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_NODE_UNAVAILABLE', status: 502, nodeCode: undefined })
  })

  it('gives up on a node that does not answer in time, when the caller aborts, and on one that is not there', async () => {
    const held: ServerResponse[] = []
    const silent = await fakeNode((_request, response) => {
      held.push(response)
    })
    stops.push(
      () =>
        new Promise((resolve) => {
          for (const response of held) response.destroy()
          silent.server.close(resolve)
        }),
    )
    const id = manifestIdOf(piece(1))
    await expect(putPiece(silent.url, id, piece(1), { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'PINION_ERR_STORAGE_NODE_UNAVAILABLE',
      message: expect.stringContaining('no answer within 200 ms'),
    })
    await expect(getPiece(silent.url, id, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'PINION_ERR_STORAGE_PIECE_UNAVAILABLE',
      message: expect.stringContaining('no answer within 200 ms'),
    })
    const caller = new AbortController()
    const asked = hasPiece(silent.url, id, { signal: caller.signal })
    caller.abort()
    await expect(asked).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_NODE_UNAVAILABLE', message: expect.stringContaining('aborted by the caller') })

    const gone = await fakeNode(() => {})
    await new Promise((resolve) => gone.server.close(resolve))
    await expect(capacity(gone.url)).rejects.toMatchObject({ code: 'PINION_ERR_STORAGE_NODE_UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') })
  })
})
