import { createHash } from 'node:crypto'
import { type Logger, returnRequestIds, serverLogOptions, silentLogger } from '@pinion/contracts/log'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Hex } from 'viem'
import type { ExplorerConfig } from '../shared/explorerConfig.ts'
import { type BasemapOptions, basemapConfig, loadBasemapDetail } from './basemapOptions.ts'
import { bundleApp } from './bundleApp.ts'
import { devnetAccountsFor } from './devnetAccounts.ts'
import { errorHandler, explorerServerOptions, notFoundAnswer } from './errorPlugin.ts'
import { registerExplorerMetrics } from './explorerMetrics.ts'
import { registerLiveEvents } from './liveEvents.ts'
import { registerOracleProxy } from './oracleProxy.ts'
import { pageHtml } from './pageHtml.ts'
import { registerRpcProxy } from './rpcProxy.ts'
import { loadWorldOutline } from './worldOutline.ts'

export type ExplorerOptions = {
  /** An oracle's read API, e.g. http://127.0.0.1:8080 (any oracle of the network will do). */
  oracleUrl: string
  /** The chain's JSON-RPC URL, for on-chain reads, claims and root checks. */
  rpcUrl: string
  /** The network's name, for page titles. */
  name?: string | undefined
  host?: string | undefined
  /** The port to listen on; 0 takes a free one. Default: DEFAULT_EXPLORER_PORT, or a free one when taken. */
  port?: number | undefined
  /**
   * Only for the embedded devnet (`pinion up` passes these): accounts the in-page wallet may sign
   * with. The server checks the chain is the devnet before it serves any of them.
   */
  devnetAccounts?: readonly { label: string; privateKey: Hex }[]
  /**
   * Online basemap: a raster XYZ tile source and the credit it requires. Without it the map draws
   * the shipped offline detail (places, county and state lines, coast) of the devnet's regions.
   */
  basemap?: BasemapOptions | undefined
  /** How often open pages get a fresh LiveSnapshot, in ms. */
  liveIntervalMs?: number
  /** Request ids, 5xx errors with stack and cause, request lines at debug. Default: silent. */
  logger?: Logger | undefined
}

export type RunningExplorer = { url: string; stop(): Promise<void> }

/** The port `pinion up` prints when it is free, so the explorer's address stays the same between runs. */
export const DEFAULT_EXPLORER_PORT = 4321

const APP_PATH = /^\/(?:$|map|devices|epochs|recipients|rewards|governance|economy|storage|search|my-devices)(?:\/|$)/
/** Paths that answer machines, never pages: an unknown one there is a JSON 404 in the explorer's format. */
const MACHINE_PATH = /^\/(?:api|assets|rpc|events|config\.json)(?:[/?.]|$)/

/**
 * Starts the explorer: the web app (bundled in memory at startup), the world outline, and
 * same-origin proxies to the oracle API (`/api/v1/…`) and the chain (`/rpc`), plus live events.
 */
export async function startExplorer(options: ExplorerOptions): Promise<RunningExplorer> {
  const oracleUrl = options.oracleUrl.replace(/\/$/, '')
  const devnetAccounts = options.devnetAccounts === undefined ? null : await devnetAccountsFor(options.rpcUrl, options.devnetAccounts)
  const basemap = basemapConfig(options.basemap) // checked before the bundle: a wrong template fails at once
  const bundle = await bundleApp()
  const world = JSON.stringify(loadWorldOutline())
  const version = createHash('sha256').update(bundle.js).update(bundle.css).digest('hex').slice(0, 12) // chunks are named by their own hashes, which the entry imports
  const config: ExplorerConfig = { name: options.name ?? 'Pinion network', devnet: devnetAccounts === null ? null : { accounts: devnetAccounts }, basemap }
  const html = pageHtml(config.name, version)
  const notFoundHtml = pageHtml(config.name, version, { notFound: true })

  // Stopping cuts open connections (event streams, pooled keep-alives): nothing here is worth
  // waiting for, and `pinion up` must stop promptly.
  const app = Fastify({ ...serverLogOptions(options.logger ?? silentLogger()), forceCloseConnections: true, ...explorerServerOptions })
  returnRequestIds(app)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((request, reply) => {
    // Every page of the app is the same HTML: the app routes on the path itself. Any other page
    // path (a mistyped link, /nope) is the same app with 404: it shows its not-found page.
    const page = request.method === 'GET'
    if (page && APP_PATH.test(request.url)) return reply.type('text/html; charset=utf-8').send(html)
    if (page && !MACHINE_PATH.test(request.url)) return reply.status(404).type('text/html; charset=utf-8').send(notFoundHtml)
    return reply.status(404).send(notFoundAnswer(request))
  })
  serveAssets(app, { js: bundle.js, css: bundle.css, chunks: bundle.chunks, world, detail: loadBasemapDetail(), config: JSON.stringify(config) })
  registerOracleProxy(app, oracleUrl)
  registerRpcProxy(app, options.rpcUrl)
  registerLiveEvents(app, { oracleUrl, rpcUrl: options.rpcUrl, intervalMs: options.liveIntervalMs ?? 1_000 })
  registerExplorerMetrics(app, { oracleUrl, rpcUrl: options.rpcUrl })

  const url = await listen(app, options.host ?? '127.0.0.1', options.port)
  return { url, stop: () => app.close() }
}

function serveAssets(app: FastifyInstance, assets: { js: string; css: string; chunks: ReadonlyMap<string, string>; world: string; detail: string; config: string }): void {
  // Asset URLs carry the bundle's hash, so the bundle may be cached for good; config never is.
  const immutable = 'public, max-age=31536000, immutable'
  app.get('/assets/app.js', (_, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', immutable).send(assets.js))
  // The entry imports its chunks by relative name ("./chunk-….js"), so they sit beside it.
  for (const [name, code] of assets.chunks) {
    app.get(`/assets/${name}`, (_, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', immutable).send(code))
  }
  app.get('/assets/app.css', (_, reply) => reply.type('text/css; charset=utf-8').header('cache-control', immutable).send(assets.css))
  app.get('/assets/world.json', (_, reply) => reply.type('application/json').header('cache-control', 'public, max-age=86400').send(assets.world))
  app.get('/assets/basemap-detail.json', (_, reply) => reply.type('application/json').header('cache-control', 'public, max-age=86400').send(assets.detail))
  app.get('/config.json', (_, reply) => reply.type('application/json').header('cache-control', 'no-store').send(assets.config))
}

async function listen(app: FastifyInstance, host: string, port: number | undefined): Promise<string> {
  if (port !== undefined) return app.listen({ host, port })
  try {
    return await app.listen({ host, port: DEFAULT_EXPLORER_PORT })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    return app.listen({ host, port: 0 })
  }
}
