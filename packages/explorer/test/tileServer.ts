import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32, deflateSync } from 'node:zlib'

/**
 * A raster XYZ tile server on 127.0.0.1 for the browser tests: every `/tiles/{z}/{x}/{y}.png` is a
 * generated 256 px PNG (a colour from its address, so neighbours differ), and every request is
 * recorded. The tests never reach the internet; this stands where tile.openstreetmap.org would.
 */
export type TileServer = { template: string; requested: string[]; stop(): Promise<void> }

export async function startTileServer(): Promise<TileServer> {
  const requested: string[] = []
  const server: Server = createServer((request, response) => {
    const match = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(request.url ?? '')
    if (match === null) {
      response.writeHead(404).end()
      return
    }
    const [z, x, y] = match.slice(1).map(Number) as [number, number, number]
    requested.push(`${z}/${x}/${y}`)
    response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(solidPng(200 + ((x * 7) % 40), 220 + ((y * 5) % 30), 200 + (z % 50)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    template: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png`,
    requested,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A 256 × 256 PNG of one RGB colour: signature, IHDR, IDAT (each row: filter 0, then pixels), IEND. */
function solidPng(r: number, g: number, b: number): Buffer {
  const size = 256
  const row = Buffer.alloc(1 + size * 3)
  for (let i = 0; i < size; i++) row.set([r, g, b], 1 + i * 3)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits per channel, truecolour, no interlace
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
