import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_NETWORK, defineNetwork } from '../../cli/src/config/network.ts'
import { type RunningNetwork, up } from '../../cli/src/up/up.ts'
import { type TimeDriver, startTimeDriver } from '../../testkit/src/cli/drive.ts'
import { until } from '../../testkit/src/until.ts'
import { type RunningExplorer, startExplorer } from '../server/startExplorer.ts'
import { CHROMIUM_PATH, INSTALL_HINT, VIEWPORTS, contentWidth, hasChromium, launchChromium, screenshot } from './chromium.ts'
import { overflowsOf } from './overflow.ts'
import { type TileServer, startTileServer } from './tileServer.ts'

/*
 * The map people read (issue 19, item 6), in Chromium against a real `pinion up` of the default
 * network (the uptime kind, whose fleet stands in five towns of central Iowa), at 1280 and 360 px:
 * offline, the shipped detail draws place names and county lines under the devices with its
 * credit; online, a second explorer of the same network loads its tiles from a tile server on
 * 127.0.0.1 and credits it instead.
 */

// The default network, lighter for the shared machine: one oracle and half the fleet.
const config = defineNetwork({ oracles: { count: 1, quorum: 1 }, fleet: { ...DEFAULT_NETWORK.fleet, devices: 10, behaviours: { honest: 10 } } })
const TOWNS = ['Ames', 'Nevada', 'Marshalltown', 'Newton', 'Ankeny']
const TILE_CREDIT = '© Test tiles on 127.0.0.1'

if (!hasChromium()) console.warn(`Skipping the map's browser tests: ${CHROMIUM_PATH} is missing. Install Chromium with: ${INSTALL_HINT}`)

describe.skipIf(!hasChromium())(`the map's basemap in Chromium (needs ${CHROMIUM_PATH}: ${INSTALL_HINT})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinion-map-'))
  let network: RunningNetwork
  let driver: TimeDriver | undefined
  let tiles: TileServer
  let online: RunningExplorer
  let browser: Browser
  const contexts: BrowserContext[] = []

  async function openMap(url: string, viewport: keyof typeof VIEWPORTS): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport] })
    contexts.push(context)
    const page = await context.newPage()
    page.setDefaultTimeout(60_000)
    await page.goto(`${url}/map`)
    // Settled: the cells drawn match the zoom, which fits the fleet's towns.
    await page.waitForFunction(`document.querySelector('.map-frame')?.dataset.settled === 'true' && document.querySelectorAll('.map-cell').length >= 3`)
    return page
  }

  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents()

  beforeAll(async () => {
    tiles = await startTileServer()
    network = await up({ config, dataDir, explorerPort: 0, log: () => {}, drivenTime: true })
    driver = startTimeDriver(network, { stepMs: 1_000 })
    online = await startExplorer({
      oracleUrl: network.oracles[0]!.url,
      rpcUrl: network.state.rpcUrl,
      port: 0,
      basemap: { tiles: tiles.template, attribution: TILE_CREDIT, maxZoom: 18 },
    })
    browser = await launchChromium()
  }, 240_000)

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {})
  })
  afterAll(async () => {
    await browser?.close()
    await online?.stop()
    await driver?.stop()
    await network?.stop()
    await tiles?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  for (const viewport of ['desktop', 'mobile'] as const) {
    it(`offline at ${VIEWPORTS[viewport].width} px: the devices among named towns and county lines, with the detail's credit`, { timeout: 120_000 }, async () => {
      const page = await openMap(network.explorer.url, viewport)
      // The detail arrives on its own request, after the cells may have.
      await page.waitForFunction(`document.querySelectorAll('.map-place text').length >= 3`)
      const labels = await texts(page, '.map-place text')
      // The towns the fleet stands in are named (at 360 px some give way to their neighbours).
      expect(labels.filter((name) => TOWNS.includes(name)).length).toBeGreaterThanOrEqual(viewport === 'desktop' ? 4 : 2)
      expect(await page.locator('.map-detail-county').getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+L/)
      expect(await page.getByTestId('map-attribution').textContent()).toMatch(/GeoNames \(CC BY 4\.0\).*US Census Bureau.*Natural Earth/)
      expect(await page.locator('.map-tiles image').count()).toBe(0)
      // The readable zoom: a scale bar of a few km to tens of km, not a world.
      expect(await page.locator('.map-scale').textContent()).toMatch(/^(\d+) km$/)
      const km = Number(/^(\d+)/.exec((await page.locator('.map-scale').textContent())!)![1])
      expect(km).toBeGreaterThanOrEqual(2)
      expect(km).toBeLessThanOrEqual(50)
      // What the map is, in words, on the first screen.
      const lede = await page.locator('.page-header .lede').boundingBox()
      expect(lede!.y + lede!.height).toBeLessThanOrEqual(VIEWPORTS[viewport].height)
      expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width)
      expect(await overflowsOf(page)).toEqual([])
      await screenshot(page, 'map-basemap', viewport)
    })
  }

  it('offline: draws the coast where there is one (a link to Miami)', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop })
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(`${network.explorer.url}/map?at=25.77,-80.2,10`)
    await page.waitForFunction(`document.querySelector('.map-detail-coast')?.getAttribute('d')?.startsWith('M')`)
    expect(await texts(page, '.map-place text')).toContain('Miami')
  })

  for (const viewport of ['desktop', 'mobile'] as const) {
    it(`online at ${VIEWPORTS[viewport].width} px: tiles come from the configured source, credited on the map`, { timeout: 120_000 }, async () => {
      const before = tiles.requested.length
      const page = await openMap(online.url, viewport)
      await page.waitForFunction(`[...document.querySelectorAll('.map-tiles image')].length > 0`)
      const hrefs = await page.locator('.map-tiles image').evaluateAll((images) => images.map((i) => i.getAttribute('href')))
      for (const href of hrefs) expect(href).toMatch(new RegExp(`^${tiles.template.split('{z}')[0]!.replace(/[.]/g, '\\.')}\\d+/\\d+/\\d+\\.png$`))
      // Among the tiles drawn at the settled zoom, the one over the fleet's middle (Nevada, Iowa)…
      const drawn = hrefs.map((href) => /(\d+\/\d+\/\d+)\.png$/.exec(href!)![1]!)
      const z = Math.max(...drawn.map((tile) => Number(tile.split('/')[0])))
      const n = 2 ** z
      const lat = (42.0 * Math.PI) / 180
      const middle = `${z}/${Math.floor(((-93.3 + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n)}`
      expect(drawn).toContain(middle)
      // …which the browser fetched from the local server (the requests land in their own time).
      await until(`the browser to fetch tile ${middle}`, async () => (tiles.requested.slice(before).includes(middle) ? true : undefined), { timeoutMs: 30_000 })
      expect(await page.getByTestId('map-attribution').textContent()).toContain(TILE_CREDIT)
      // With tiles, the shipped detail is not drawn over them.
      expect(await page.locator('.map-place').count()).toBe(0)
      expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width)
      expect(await overflowsOf(page)).toEqual([])
      await screenshot(page, 'map-tiles', viewport)
    })
  }
})
