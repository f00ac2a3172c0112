import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deviceIdOf, generateDeviceKey, signWithDeviceKey } from '@pinion/protocol'
import { until } from '@pinion/testkit/until'
import type { Hex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyCapacityClaim } from './capacityClaim.ts'
import { type StorageNodeOptions, buildStorageNodeApp, startStorageNode } from './nodeServer.ts'
import { openPieceStore } from './pieceStore.ts'

const piece = (seed: number, length = 1_000) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff)
const hexOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const DEVICE = `0x${'d1'.repeat(32)}` as Hex
const octets = { 'content-type': 'application/octet-stream' }

describe('storage node HTTP API', () => {
  const dirs: string[] = []
  const closers: (() => Promise<void>)[] = []
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-node-'))
    dirs.push(dir)
    return dir
  }
  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  /** A node app over a new store, for inject(). */
  const nodeApp = (quotaBytes = 100_000, options: Partial<StorageNodeOptions> = {}) => {
    const dir = folder()
    const store = openPieceStore(dir, quotaBytes)
    const app = buildStorageNodeApp({ store, deviceId: DEVICE, ...options })
    closers.push(() => app.close())
    return { dir, store, app }
  }
  /** A node listening on 127.0.0.1, for what inject() cannot do (a body that streams, a client that goes away). */
  const liveNode = async (dir: string, quotaBytes: number, options: Partial<StorageNodeOptions> = {}) => {
    const store = openPieceStore(dir, quotaBytes)
    const node = await startStorageNode({ store, deviceId: DEVICE, host: '127.0.0.1', port: 0, ...options })
    closers.push(node.close)
    return { store, node }
  }
  const pieceFile = (dir: string, sha256: string) => join(dir, 'pieces', sha256.slice(0, 2), `0x${sha256}`)
  const tempFiles = (dir: string) => readdirSync(join(dir, 'pieces')).flatMap((shard) => readdirSync(join(dir, 'pieces', shard)).filter((name) => name.endsWith('.tmp')))

  it('stores a piece once (201, then 200 with the same body), serves it bit for bit, and answers HEAD with its length', async () => {
    const { app } = nodeApp()
    const a = piece(1, 4_321)
    const url = `/v1/pieces/${hexOf(a)}`
    const first = await app.inject({ method: 'PUT', url, headers: octets, payload: Buffer.from(a) })
    expect([first.statusCode, first.json()]).toEqual([201, { sha256: hexOf(a), size: 4_321 }])
    const again = await app.inject({ method: 'PUT', url, headers: octets, payload: Buffer.from(a) })
    expect([again.statusCode, again.body]).toEqual([200, first.body])
    const got = await app.inject({ url })
    expect(got.statusCode).toBe(200)
    expect(got.headers['content-type']).toBe('application/octet-stream')
    expect(got.headers['accept-ranges']).toBe('bytes')
    expect(got.rawPayload.equals(Buffer.from(a))).toBe(true)
    const head = await app.inject({ method: 'HEAD', url })
    expect([head.statusCode, head.headers['content-length'], head.body]).toEqual([200, '4321', ''])
    const missing = `/v1/pieces/${hexOf(piece(2))}`
    expect((await app.inject({ method: 'HEAD', url: missing })).statusCode).toBe(404)
    expect((await app.inject({ url: missing })).json()).toEqual({ code: 'PINION_ERR_PIECE_NOT_FOUND', message: `this node holds no piece ${hexOf(piece(2))}` })
  })

  it('tells onStored of each piece it newly stores (not one it already held), and onRemoved of each it deletes', async () => {
    const stored: Hex[] = []
    const removed: Hex[] = []
    const { app } = nodeApp(100_000, { onStored: (id) => void stored.push(id), onRemoved: (id) => void removed.push(id) })
    const url = `/v1/pieces/${hexOf(piece(1))}`
    await app.inject({ method: 'PUT', url, headers: octets, payload: Buffer.from(piece(1)) })
    await app.inject({ method: 'PUT', url, headers: octets, payload: Buffer.from(piece(1)) })
    expect((await app.inject({ method: 'PUT', url, headers: octets, payload: Buffer.from(piece(2)) })).statusCode).toBe(409)
    expect(stored).toEqual([`0x${hexOf(piece(1))}`])
    expect(removed).toEqual([])
    await app.inject({ method: 'DELETE', url })
    expect(removed).toEqual([`0x${hexOf(piece(1))}`])
  })

  it('refuses ids that are not 64 lower-case hex digits with 400 PINION_ERR_BAD_PIECE_ID, on every method', async () => {
    const { app } = nodeApp()
    const id = hexOf(piece(1))
    for (const bad of [id.toUpperCase(), `0x${id}`, id.slice(1), `${id}0`, 'a'.repeat(200), '..%2F..%2Fetc%2Fpasswd']) {
      for (const method of ['PUT', 'GET', 'HEAD', 'DELETE'] as const) {
        const answer = await app.inject({ method, url: `/v1/pieces/${bad}`, ...(method === 'PUT' ? { headers: octets, payload: Buffer.from(piece(1)) } : {}) })
        expect({ bad, method, status: answer.statusCode }).toEqual({ bad, method, status: 400 })
        if (method !== 'HEAD') expect(answer.json()).toMatchObject({ code: 'PINION_ERR_BAD_PIECE_ID', message: expect.stringContaining('64 lower-case hex digits') })
      }
    }
  })

  it('stores nothing for bytes that are not the piece (409), past the quota (507) or over the size limit (413), or of another content type (415)', async () => {
    const { app, store, dir } = nodeApp(1_500, { maxPieceBytes: 1_200 })
    const put = (id: string, bytes: Uint8Array, headers: Record<string, string> = octets) =>
      app.inject({ method: 'PUT', url: `/v1/pieces/${id}`, headers, payload: Buffer.from(bytes) })
    const wrong = await put(hexOf(piece(1)), piece(2))
    expect([wrong.statusCode, wrong.json().code]).toEqual([409, 'PINION_ERR_PIECE_HASH'])
    expect((await put(hexOf(piece(1)), piece(1))).statusCode).toBe(201)
    const full = await put(hexOf(piece(2, 600)), piece(2, 600))
    expect([full.statusCode, full.json().code]).toEqual([507, 'PINION_ERR_PIECE_QUOTA'])
    const large = await put(hexOf(piece(3, 1_201)), piece(3, 1_201))
    expect([large.statusCode, large.json()]).toEqual([413, { code: 'PINION_ERR_BODY_TOO_LARGE', message: 'a piece is at most 1200 bytes on this node' }])
    const json = await put(hexOf(piece(4, 10)), piece(4, 10), { 'content-type': 'application/json' })
    expect([json.statusCode, json.json().code]).toEqual([415, 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE'])
    expect(store.usage()).toEqual({ bytes: 1_000, pieces: 1 })
    expect(tempFiles(dir)).toEqual([])
  })

  it('serves one range (206 with Content-Range), and answers 416 with the size for a range outside the piece or several ranges', async () => {
    const { app } = nodeApp()
    const a = piece(1, 1_000)
    const url = `/v1/pieces/${hexOf(a)}`
    await app.inject({ method: 'PUT', url, headers: octets, payload: Buffer.from(a) })
    for (const [range, from, to] of [
      ['bytes=0-255', 0, 255],
      ['bytes=512-', 512, 999],
      ['bytes=-24', 976, 999],
      ['bytes=990-5000', 990, 999],
    ] as const) {
      const answer = await app.inject({ url, headers: { range } })
      expect({ range, status: answer.statusCode, contentRange: answer.headers['content-range'] }).toEqual({ range, status: 206, contentRange: `bytes ${from}-${to}/1000` })
      expect(answer.rawPayload.equals(Buffer.from(a.subarray(from, to + 1)))).toBe(true)
    }
    for (const range of ['bytes=1000-', 'bytes=0-1,4-5', 'bytes=9-3', 'lines=1-2']) {
      const answer = await app.inject({ url, headers: { range } })
      expect({ range, status: answer.statusCode, contentRange: answer.headers['content-range'], code: answer.json().code }).toEqual({
        range,
        status: 416,
        contentRange: 'bytes */1000',
        code: 'PINION_ERR_PIECE_RANGE',
      })
    }
  })

  it('does not serve a piece the disk changed, whole or any range of it (500 PINION_ERR_PIECE_CORRUPT)', async () => {
    const { app, dir } = nodeApp()
    const a = piece(1, 5_000)
    const url = `/v1/pieces/${hexOf(a)}`
    await app.inject({ method: 'PUT', url, headers: octets, payload: Buffer.from(a) })
    const changed = a.slice()
    changed[4_999]! ^= 0x80
    writeFileSync(pieceFile(dir, hexOf(a)), changed)
    for (const headers of [{}, { range: 'bytes=0-99' }, { range: 'bytes=-1' }]) {
      const answer = await app.inject({ url, headers })
      expect([answer.statusCode, answer.json().code]).toEqual([500, 'PINION_ERR_PIECE_CORRUPT'])
    }
    // HEAD reads no bytes: it says the piece is there, and a GET tells the truth.
    expect((await app.inject({ method: 'HEAD', url })).statusCode).toBe(200)
  })

  it('deletes a piece, freeing its quota, unless the authorize hook refuses', async () => {
    const asked: unknown[] = []
    let allow = false
    const { app, store } = nodeApp(1_000, {
      authorize: (action) => {
        asked.push({ action: action.action, id: action.id, deal: action.headers['x-deal'] })
        return allow
      },
    })
    const [a, b] = [piece(1), piece(2)]
    await app.inject({ method: 'PUT', url: `/v1/pieces/${hexOf(a)}`, headers: octets, payload: Buffer.from(a) })
    const refused = await app.inject({ method: 'DELETE', url: `/v1/pieces/${hexOf(a)}`, headers: { 'x-deal': '7' } })
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'PINION_ERR_PIECE_DELETE_REFUSED'])
    expect(asked).toEqual([{ action: 'delete', id: `0x${hexOf(a)}`, deal: '7' }])
    expect(store.has(`0x${hexOf(a)}`)).toBe(true)
    allow = true
    const deleted = await app.inject({ method: 'DELETE', url: `/v1/pieces/${hexOf(a)}` })
    expect([deleted.statusCode, deleted.json()]).toEqual([200, { sha256: hexOf(a), size: 1_000 }])
    expect((await app.inject({ url: `/v1/pieces/${hexOf(a)}` })).statusCode).toBe(404)
    expect((await app.inject({ method: 'DELETE', url: `/v1/pieces/${hexOf(a)}` })).json().code).toBe('PINION_ERR_PIECE_NOT_FOUND')
    // The quota it held is free for another piece.
    expect((await app.inject({ method: 'PUT', url: `/v1/pieces/${hexOf(b)}`, headers: octets, payload: Buffer.from(b) })).statusCode).toBe(201)
    // Without a hook, a delete is allowed.
    const open = nodeApp().app
    await open.inject({ method: 'PUT', url: `/v1/pieces/${hexOf(a)}`, headers: octets, payload: Buffer.from(a) })
    expect((await open.inject({ method: 'DELETE', url: `/v1/pieces/${hexOf(a)}` })).statusCode).toBe(200)
  })

  it('reports its capacity, signed by the device key when it has a signer, and its health', async () => {
    const unsigned = nodeApp(5_000, { now: () => 1_700_000_000_000 }).app
    await unsigned.inject({ method: 'PUT', url: `/v1/pieces/${hexOf(piece(1))}`, headers: octets, payload: Buffer.from(piece(1)) })
    expect((await unsigned.inject({ url: '/v1/capacity' })).json()).toEqual({ deviceId: DEVICE, quotaBytes: 5_000, usedBytes: 1_000, pieces: 1, atMs: 1_700_000_000_000 })
    expect((await unsigned.inject({ url: '/v1/health' })).json()).toEqual({ status: 'ok', deviceId: DEVICE })

    const key = generateDeviceKey('ed25519')
    const deviceId = deviceIdOf(key.publicKey)
    const dir = folder()
    const app = buildStorageNodeApp({ store: openPieceStore(dir, 5_000), deviceId, signer: (message) => signWithDeviceKey(key, message), now: () => 1_700_000_000_001 })
    closers.push(() => app.close())
    const { signature, ...claim } = (await app.inject({ url: '/v1/capacity' })).json()
    expect(claim).toEqual({ deviceId, quotaBytes: 5_000, usedBytes: 0, pieces: 0, atMs: 1_700_000_000_001 })
    expect(verifyCapacityClaim(claim, signature, key)).toBe(true)
    expect(verifyCapacityClaim({ ...claim, usedBytes: 1 }, signature, key)).toBe(false)
  })

  it('answers unknown routes 404 PINION_ERR_NOT_FOUND, and refuses a device id or size limit that is not one', async () => {
    const { app, store } = nodeApp()
    expect((await app.inject({ url: '/v1/nothing' })).json()).toMatchObject({ code: 'PINION_ERR_NOT_FOUND' })
    expect(() => buildStorageNodeApp({ store, deviceId: '0x12' })).toThrow(expect.objectContaining({ code: 'PINION_ERR_AGENT_CONFIG' }))
    expect(() => buildStorageNodeApp({ store, deviceId: DEVICE.toUpperCase().replace('0X', '0x') as Hex })).toThrow(expect.objectContaining({ code: 'PINION_ERR_AGENT_CONFIG' }))
    expect(() => buildStorageNodeApp({ store, deviceId: DEVICE, maxPieceBytes: 0 })).toThrow(expect.objectContaining({ code: 'PINION_ERR_AGENT_CONFIG' }))
  })

  it('over HTTP: takes a body streamed in chunks of unknown length, and answers a refused upload to a client still sending', async () => {
    const { node, store } = await liveNode(folder(), 6_000_000, { maxPieceBytes: 3_000_000 })
    const big = piece(7, 2_500_000)
    // fetch streams a ReadableStream body chunked, without Content-Length.
    const chunks = Array.from({ length: 25 }, (_, i) => big.subarray(i * 100_000, (i + 1) * 100_000))
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift()
        if (next === undefined) controller.close()
        else controller.enqueue(next)
      },
    })
    const stored = await fetch(`${node.url}/v1/pieces/${hexOf(big)}`, { method: 'PUT', headers: octets, body, duplex: 'half' } as RequestInit)
    expect([stored.status, await stored.json()]).toEqual([201, { sha256: hexOf(big), size: 2_500_000 }])
    const got = await fetch(`${node.url}/v1/pieces/${hexOf(big)}`)
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(big))).toBe(true)
    // Refused after the node read part of it (past the size limit, its length unknown) and before
    // (past the quota, its length declared): the client, still sending, reads each answer.
    const huge = piece(9, 3_000_001)
    const tooLarge = await fetch(`${node.url}/v1/pieces/${hexOf(huge)}`, {
      method: 'PUT',
      headers: octets,
      body: new Blob([huge]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect([tooLarge.status, ((await tooLarge.json()) as { code: string }).code]).toEqual([413, 'PINION_ERR_BODY_TOO_LARGE'])
    const mid = piece(10, 1_000_000)
    expect((await fetch(`${node.url}/v1/pieces/${hexOf(mid)}`, { method: 'PUT', headers: octets, body: mid })).status).toBe(201)
    const other = piece(8, 2_600_000)
    const full = await fetch(`${node.url}/v1/pieces/${hexOf(other)}`, { method: 'PUT', headers: octets, body: other })
    expect([full.status, ((await full.json()) as { code: string }).code]).toEqual([507, 'PINION_ERR_PIECE_QUOTA'])
    expect(store.usage()).toEqual({ bytes: 3_500_000, pieces: 2 })
  })

  it('over HTTP: keeps the connection of a refused upload usable, reading the rest of its body up to the size limit', async () => {
    const { node } = await liveNode(folder(), 10_000_000, { maxPieceBytes: 1_000_000 })
    const a = piece(1, 1_900_000)
    // Chunked, so the node reads 1,000,001 bytes before it knows the piece is too large; then a second request on the same connection.
    const answers = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(node.url).port), '127.0.0.1')
      let answer = ''
      socket.on('data', (chunk) => {
        answer += chunk.toString()
        if ((answer.match(/HTTP\/1\.1 /g) ?? []).length === 2 && answer.endsWith('}')) {
          socket.destroy()
          resolve(answer)
        }
      })
      socket.on('error', reject)
      socket.write(`PUT /v1/pieces/${hexOf(a)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n`)
      socket.write(`${a.length.toString(16)}\r\n`)
      socket.write(Buffer.from(a))
      socket.write('\r\n0\r\n\r\nGET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n')
    })
    expect(answers).toMatch(/^HTTP\/1\.1 413 [\s\S]*PINION_ERR_BODY_TOO_LARGE[\s\S]*HTTP\/1\.1 200 [\s\S]*"status":"ok"/)
  })

  it('over HTTP: drops an upload whose client went away, leaving no file and no usage behind', async () => {
    const dir = folder()
    const { node, store } = await liveNode(dir, 1_000_000)
    const a = piece(1, 600_000)
    const { port } = new URL(node.url)
    const socket = connect(Number(port), '127.0.0.1')
    socket.write(`PUT /v1/pieces/${hexOf(a)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${a.length}\r\n\r\n`)
    socket.write(Buffer.from(a.subarray(0, 300_000)))
    await until('the upload to reach the disk', async () => (tempFiles(dir).length === 1 ? true : undefined))
    socket.destroy()
    await until('the abandoned upload to be dropped', async () => (tempFiles(dir).length === 0 ? true : undefined))
    expect(store.usage()).toEqual({ bytes: 0, pieces: 0 })
    // Its reservation went with it: the whole quota is there for the next piece.
    const whole = piece(2, 1_000_000)
    expect((await fetch(`${node.url}/v1/pieces/${hexOf(whole)}`, { method: 'PUT', headers: octets, body: whole })).status).toBe(201)
  })

  it('comes back from a restart with every piece bit for bit and the same usage, dropping a write a kill cut short', async () => {
    const dir = folder()
    const pieces = [piece(1, 10_000), piece(2, 1), piece(3, 70_000), piece(4, 0)]
    const first = await liveNode(dir, 1_000_000)
    for (const p of pieces) expect((await fetch(`${first.node.url}/v1/pieces/${hexOf(p)}`, { method: 'PUT', headers: octets, body: p })).status).toBe(201)
    const usage = (await (await fetch(`${first.node.url}/v1/capacity`)).json()) as { usedBytes: number; pieces: number }
    expect([usage.usedBytes, usage.pieces]).toEqual([80_001, 4])
    // A write in progress when the process is killed: its temporary file, as the node names it, stays on disk.
    const cut = piece(5, 200_000)
    const socket = connect(Number(new URL(first.node.url).port), '127.0.0.1')
    socket.write(`PUT /v1/pieces/${hexOf(cut)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${cut.length}\r\n\r\n`)
    socket.write(Buffer.from(cut.subarray(0, 100_000)))
    const [temp] = await until('the write to reach the disk', async () => (tempFiles(dir).length === 1 ? tempFiles(dir) : undefined))
    const tempPath = join(dir, 'pieces', hexOf(cut).slice(0, 2), temp!)
    await until('the first bytes to be written', async () => (readFileSync(tempPath).length > 0 ? true : undefined))
    const leftover = readFileSync(tempPath)
    socket.destroy()
    await closers.pop()!()
    // A killed process cleans nothing up: put back what it would have left.
    writeFileSync(tempPath, leftover)

    const again = await liveNode(dir, 1_000_000)
    expect(tempFiles(dir)).toEqual([])
    const capacity = (await (await fetch(`${again.node.url}/v1/capacity`)).json()) as { usedBytes: number; pieces: number }
    expect([capacity.usedBytes, capacity.pieces]).toEqual([80_001, 4])
    for (const p of pieces) {
      const answer = await fetch(`${again.node.url}/v1/pieces/${hexOf(p)}`)
      expect(answer.status).toBe(200)
      expect(Buffer.from(await answer.arrayBuffer()).equals(Buffer.from(p))).toBe(true)
    }
    expect((await fetch(`${again.node.url}/v1/pieces/${hexOf(cut)}`, { method: 'HEAD' })).status).toBe(404)
  })
})
