import { type Server, type Socket, connect, createServer } from 'node:net'

/** What a proxy does with connections: forward them, refuse them, or accept and never answer. */
type ProxyMode = 'pass' | 'refuse' | 'hang'

export type TcpProxy = {
  url: string
  port: number
  /** Where connections go in 'pass' mode. */
  setTarget(port: number): void
  /** Changes the mode; open connections are cut, so the new mode applies to the next request at once. */
  setMode(mode: ProxyMode): void
  close(): Promise<void>
}

/**
 * A TCP proxy in front of an oracle, for tests of what its peers see: a peer that is reachable, one
 * whose connections are refused (down), and one that accepts and never answers (slow or wedged). A
 * real network path, not a mock of the HTTP client.
 */
export async function startTcpProxy(): Promise<TcpProxy> {
  let target = 0
  let mode: ProxyMode = 'pass'
  const open = new Set<Socket>()
  const server: Server = createServer((client) => {
    open.add(client)
    client.once('close', () => open.delete(client))
    client.on('error', () => client.destroy())
    if (mode === 'refuse' || target === 0) {
      client.destroy()
      return
    }
    if (mode === 'hang') return // held open, never answered
    const upstream = connect(target, '127.0.0.1')
    open.add(upstream)
    upstream.once('close', () => {
      open.delete(upstream)
      client.destroy()
    })
    upstream.on('error', () => client.destroy())
    client.once('close', () => upstream.destroy())
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setTarget: (value) => {
      target = value
    },
    setMode: (value) => {
      mode = value
      for (const socket of open) socket.destroy()
    },
    close: async () => {
      for (const socket of open) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
