import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { creditsAbi, pinionTokenAbi, rewardDistributorAbi, waitForReceipt } from '@pinion/contracts'
import type { DeviceEpochRow, DeviceListEntry, DeviceRejectionsResponse } from '@pinion/oracle/api'
import type { Browser, Page } from 'playwright-core'
import { type Hex, createPublicClient, http } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defineNetwork } from '../../cli/src/config/network.ts'
import { DEVNET_POOL } from '../../cli/src/up/economy.ts'
import { until } from '@pinion/testkit/until'
import { type RunningNetwork, up } from '../../cli/src/up/up.ts'
import { driveUntil, startTimeDriver } from '../../testkit/src/cli/drive.ts'
import { buildActions } from '../../cli/src/gov/buildActions.ts'
import { type GovSigner, connectSigner } from '../../cli/src/gov/connect.ts'
import { delegate } from '../../cli/src/gov/delegate.ts'
import { findProposal } from '../../cli/src/gov/proposalLookup.ts'
import { propose } from '../../cli/src/gov/propose.ts'
import { queue } from '../../cli/src/gov/queue.ts'
import { vote } from '../../cli/src/gov/vote.ts'
import { formatTokens, shortHex } from '../app/lib/format.ts'
import { CHROMIUM_PATH, INSTALL_HINT, VIEWPORTS, contentWidth, hasChromium, launchChromium, screenshot } from './chromium.ts'
import { WIRELESS_REASONS } from '../../kinds/wireless/reasons.ts'
import { midWordBreaksOf, overflowsOf } from './overflow.ts'
import { placeDevices } from './placeDevices.ts'

/*
 * The explorer in a real browser against a real `pinion up` network (anvil, three oracles, a
 * live fleet), started once for every scenario: open the overview, follow the map to a device,
 * read a device's explained reward, claim through the devnet wallet and see the balance change,
 * verify a root (and see a forged proof fail). Screenshots of each page, at desktop and 360 px,
 * go to packages/explorer/screenshots/.
 *
 * Time moves only where a scenario needs it to: set-up drives the network until it holds what
 * every scenario reads and rests there (scenariosReady); the overview watches it live; governance
 * drives its votes. Between them a still network leaves the two cores to the browser, and every
 * scenario sees the same state, whatever the machine's speed.
 */

const config = defineNetwork({
  epochs: { durationSeconds: 8, lateReportMs: 3_000, initialEmission: 10_000n, halvingInterval: 0 },
  kinds: { uptime: { subIntervalMs: 1_000 } },
  oracles: { count: 3, quorum: 2 },
  fleet: { devices: 8, behaviours: { honest: 5, flaky: 1, burst: 1, forger: 1 }, seed: 11 },
})

/**
 * How far each step of driven time moves the network: below lateReportMs, so every report the
 * fleet sends in a step is still on time (drive.ts); two sub-intervals, so half the steps of one.
 */
const STEP = { stepMs: 2_000 }

type DeviceRow = DeviceListEntry
type DeviceEpoch = DeviceEpochRow

if (!hasChromium()) console.warn(`Skipping the explorer's browser tests: ${CHROMIUM_PATH} is missing. Install Chromium with: ${INSTALL_HINT}`)

describe.skipIf(!hasChromium())(`the explorer in Chromium (needs ${CHROMIUM_PATH}: ${INSTALL_HINT})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinion-explorer-'))
  let network: RunningNetwork
  let browser: Browser
  /** The one tab every scenario drives (openPage): a new tab costs Chromium a second or two of CPU, a page load in this one a fraction. */
  let tab: Page
  let tabViewport: keyof typeof VIEWPORTS = 'desktop'
  const pageErrors: string[] = []
  /** The treasury (admin), which holds votes from genesis: it proposes and votes through the CLI's own functions, as `pinion gov` runs them. */
  let admin: GovSigner
  /** Proposed and voted for in set-up, so that its 20-s vote runs out while set-up drives the network anyway; governance queues it. */
  let passing: Awaited<ReturnType<typeof proposeAndVote>>

  const getJson = async <T>(path: string): Promise<T> => (await fetch(`${network.explorer.url}${path}`)).json() as Promise<T>

  /**
   * The tab, at a viewport, for the page the caller opens next (each scenario loads its pages, so
   * nothing of the last one is left but the browser's cache; afterEach empties the tab's session).
   * Script errors on any page fail the last test.
   */
  async function openPage(viewport: keyof typeof VIEWPORTS): Promise<Page> {
    // Routes belong to a page: the next page is served as it is, as a new tab's would be.
    await tab.unrouteAll({ behavior: 'ignoreErrors' })
    await tab.setViewportSize(VIEWPORTS[viewport])
    tabViewport = viewport
    return tab
  }

  /** Resizes the page in the tab, as a window is resized, and waits until it has laid itself out at the new width (settledAtWidth). */
  async function resizeTo(page: Page, viewport: keyof typeof VIEWPORTS): Promise<void> {
    await page.setViewportSize(VIEWPORTS[viewport])
    tabViewport = viewport
    await settledAtWidth(page, VIEWPORTS[viewport].width)
    await page.waitForFunction(CHARTS_DRAWN)
  }

  /**
   * Waits, in one call to the page, until it is `width` px wide and two frames have passed since:
   * the tiles' ResizeObservers (which run after a frame's layout) have seen the new width.
   */
  async function settledAtWidth(page: Page, width: number): Promise<void> {
    await page.evaluate(
      `new Promise((resolve) => { const wait = () => requestAnimationFrame(document.documentElement.clientWidth === ${width} ? () => requestAnimationFrame(resolve) : wait); wait() })`,
    )
  }

  const proposalIs = (id: bigint, state: string) => async () => ((await findProposal(admin, id.toString())).proposal.state === state ? true : undefined)

  /** Proposes `words`, moves time the second or two that opens its vote, and votes for it. */
  async function proposeAndVote(words: string, args: string[]) {
    const { proposal } = await propose(admin, await buildActions(admin, words, args))
    await driveUntil(network, `proposal ${proposal.id} to be active`, proposalIs(proposal.id, 'active'), { stepMs: 1_000 })
    await vote(admin, proposal.id.toString(), 'for')
    return proposal
  }

  /**
   * What the scenarios read, all there at once, and the network at rest (every computed epoch's
   * root on chain, so nothing is half-way while time stands still): a committed epoch with valid
   * reports, a device that earned, one that reported and earned nothing (the burst device), the
   * forger's refused reports, and an epoch row for every device that reported.
   */
  async function scenariosReady(): Promise<true | undefined> {
    const { epochs } = await getJson<{ epochs: { committed: unknown; validReports: number }[] }>('/api/v1/epochs?limit=500')
    if (epochs[0]?.committed === null || !epochs.some((e) => e.committed !== null && e.validReports > 0)) return undefined
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    if (!devices.some((d) => BigInt(d.earned) > 0n)) return undefined
    let unpaid = false
    let forged = false
    for (const device of devices) {
      const { epochs: own } = await getJson<{ epochs: DeviceEpoch[] }>(`/api/v1/devices/${device.deviceId}/epochs`)
      unpaid ||= own.some((e) => e.validReports > 0 && BigInt(e.amount) === 0n)
      const { epochs: refused } = await getJson<DeviceRejectionsResponse>(`/api/v1/devices/${device.deviceId}/rejections`)
      const forgedFor = refused.some((e) => e.reasons.some((r) => r.reason === 'PINION_ERR_BAD_SIGNATURE'))
      forged ||= forgedFor
      // The forger's own reports are all refused: only its device may have no epoch.
      if (own.length === 0 && !forgedFor) return undefined
    }
    return unpaid && forged ? true : undefined
  }

  /**
   * Waits until the text at `selector` satisfies `predicate` (a JavaScript expression over `text`),
   * polling the page's DOM: the page updates itself, the test never sleeps. Returns the text.
   */
  async function waitForText(page: Page, selector: string, predicate: string, timeout = 45_000): Promise<string> {
    const expression = `(() => { const text = document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''; return (${predicate}) ? text : false })()`
    try {
      return (await (await page.waitForFunction(expression, undefined, { timeout })).jsonValue()) as string
    } catch (error) {
      // Say what the page showed instead: a timeout alone says nothing about why.
      const shown = await page
        .locator(selector)
        .first()
        .textContent({ timeout: 1_000 })
        .catch(() => '(nothing)')
      throw new Error(`waited ${timeout} ms for ${selector} to satisfy ${predicate}; it shows: ${shown}`, { cause: error })
    }
  }

  /** Opens `path` and waits until the page drew its data: a heading, no spinner, its charts at their width (the map: its cells match the zoom). */
  async function openSettled(page: Page, path: string): Promise<void> {
    await page.goto(`${network.explorer.url}${path}`)
    await page.waitForFunction(`document.querySelector('main h1') !== null && document.querySelector('.state-loading') === null && ${CHARTS_DRAWN}`)
    if (path === '/map') await page.waitForFunction(mapSettledWithCells(1))
  }

  /** Asserts that the page never scrolls sideways at 360 px: nothing sticks out, once its charts are drawn at their width. */
  async function expectFitsPhone(page: Page): Promise<void> {
    await page.waitForFunction(CHARTS_DRAWN)
    expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS.mobile.width)
  }

  /** Asserts that nothing on the page overflows its box, reaches off screen or breaks a number (overflow.ts). */
  async function expectNoOverflow(page: Page, where: string): Promise<void> {
    expect({ where, overflows: await overflowsOf(page) }).toEqual({ where, overflows: [] })
  }

  /**
   * A page expression: every chart is drawn at its frame's width. A chart draws first at a default
   * width and measures its frame after the browser painted (charts/useWidth.ts): until then a
   * phone's page is wider than the screen for a frame.
   */
  const CHARTS_DRAWN = `[...document.querySelectorAll('.chart-frame')].every((frame) => { const svg = frame.querySelector(':scope > svg'); return svg === null || Math.abs(Number(svg.getAttribute('width')) - frame.clientWidth) <= 1 })`

  /** A page expression: the map's cells match its zoom, and it draws at least `count` of them. */
  const mapSettledWithCells = (count: number) => `document.querySelector('.map-frame')?.dataset.settled === 'true' && document.querySelectorAll('.map-cell').length >= ${count}`

  beforeAll(async () => {
    // The browser starts while the network does; whichever fails, afterAll stops the other.
    const started = await Promise.allSettled([
      up({ config, dataDir, explorerPort: 0, log: () => {}, drivenTime: true }).then((running) => (network = running)),
      launchChromium().then((launched) => (browser = launched)),
    ])
    for (const result of started) if (result.status === 'rejected') throw result.reason
    // The tab opens while the network is driven (awaited below; a failure meanwhile is reported there).
    const opening = browser.newPage({ viewport: VIEWPORTS.desktop })
    opening.catch(() => {})
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    // Six of the eight devices move to Swiss towns; two stay where the uptime fleet stands (central Iowa).
    await placeDevices(network.state.rpcUrl, network.devnet.chain, network.state.deployment.registry, devices.slice(0, 6))
    admin = connectSigner(network.state, 'admin', 50)
    await delegate(admin)
    passing = await proposeAndVote('dispute-window', ['7'])
    await driveUntil(network, 'what the scenarios read, at rest', scenariosReady, STEP)
    tab = await opening
    tab.on('pageerror', (error) => pageErrors.push(`${tabViewport} ${tab.url()}: ${error.message}`))
    tab.setDefaultTimeout(45_000)
  }, 240_000)

  // Each scenario leaves the tab empty: a live page left open would compete for the two cores.
  afterEach(async () => {
    if (tab === undefined) return
    // A page that polls (a device's epochs) may have a rewritten request in flight: let it go
    // quietly before the page goes, rather than reject after the test (an unhandled error).
    await tab.unrouteAll({ behavior: 'ignoreErrors' }).catch(() => {})
    // The next scenario starts as in a tab of its own: no wallet connected for the tab's session.
    if (tab.url().startsWith(network.explorer.url)) await tab.evaluate('sessionStorage.clear()').catch(() => {})
    await tab.goto('about:blank').catch(() => {})
  })
  afterAll(async () => {
    await browser?.close()
    await network?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('shows the live network on the overview, at desktop width and at 360 px', { timeout: 120_000 }, async () => {
    // The epochs committed so far: the page counts them from the first (epoch 0).
    const { epochs } = await getJson<{ epochs: { epoch: string; committed: unknown }[] }>('/api/v1/epochs?limit=500')
    const committedAtOpen = Number(epochs.find((e) => e.committed !== null)!.epoch) + 1
    const page = await openPage('desktop')
    await page.goto(network.explorer.url)
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()
    // The network moves while the page is open: its time moves a step at a time, as fast as it keeps up.
    const driver = startTimeDriver(network, STEP)
    try {
      // Live: an epoch gets committed on chain while the page is open, without a reload.
      await waitForText(page, '[data-testid="stat-committed"] .stat-value', `Number(text) > ${committedAtOpen}`)
      // …and the latest epochs fill with valid reports as the fleet's heartbeats come in.
      await waitForText(page, 'section[aria-labelledby="latest-epochs"] tbody tr:first-child td:nth-child(2)', '/^[1-9]/.test(text.trim())')
      await page.getByRole('img', { name: /^Devices online per epoch/ }).waitFor()
      await page.getByRole('img', { name: /^Pool sizes per epoch/ }).waitFor()
      const block = Number(/block ([\d,]+)/.exec(await waitForText(page, '.live-text', "text.startsWith('Live')"))![1]!.replace(/,/g, ''))
      await waitForText(page, '.live-text', `Number(/block ([\\d,]+)/.exec(text)?.[1]?.replace(/,/g, '')) > ${block}`)
      expect(Number(await page.locator('[data-testid="stat-online"] .stat-value').textContent())).toBeGreaterThan(0)
    } finally {
      await driver.stop()
    }
    // At rest again for the scenarios after this one: the epoch in flight committed too.
    await driveUntil(network, 'what the scenarios read, at rest', scenariosReady, STEP)
    await screenshot(page, 'overview', 'desktop')

    const phone = await openPage('mobile')
    await phone.goto(network.explorer.url)
    await phone.getByRole('img', { name: /^Token supply minted/ }).waitFor()
    // Nothing sticks out sideways at 360 px: the page never scrolls horizontally.
    await expectFitsPhone(phone)
    await screenshot(phone, 'overview', 'mobile')
  })

  it('draws coverage on the map and clicks through a cell to its device', { timeout: 90_000 }, async () => {
    const page = await openPage('desktop')
    await page.goto(`${network.explorer.url}/map`)
    // The map zooms to the devices and asks for finer cells until the cells match the zoom.
    await page.waitForFunction(mapSettledWithCells(2))
    const cell = page.getByRole('button', { name: /^Cell [0-9a-f]+: \d+ devices?/ }).first()
    expect(await page.getByRole('button', { name: /^Cell / }).count()).toBeGreaterThanOrEqual(2)
    await page.getByRole('radio', { name: 'Earnings' }).check()
    await page.waitForFunction(mapSettledWithCells(2))
    await cell.click()
    await page.getByRole('complementary', { name: /^Cell / }).waitFor()
    await screenshot(page, 'map', 'desktop')
    await page
      .getByRole('link', { name: /^Device 0x/ })
      .first()
      .click()
    await page.waitForURL(/\/devices\/0x[0-9a-f]{64}$/)
    await page.getByRole('heading', { name: 'Identity' }).waitFor()

    const phone = await openPage('mobile')
    await phone.goto(`${network.explorer.url}/map`)
    await phone.waitForFunction(mapSettledWithCells(1))
    await phone.getByRole('button', { name: 'Zoom in' }).click()
    await expectFitsPhone(phone)
    await screenshot(phone, 'map', 'mobile')
  })

  it("explains a device's reward: shares, multipliers and the amount", { timeout: 90_000 }, async () => {
    // The first epochs can pay nobody (the fleet joins part-way through epoch 0): wait for a paid one.
    const earner = await until(
      'a device that earned something',
      async () => {
        const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
        const best = devices.reduce((top, d) => (BigInt(d.earned) > BigInt(top.earned) ? d : top))
        return BigInt(best.earned) > 0n ? best : undefined
      },
      { intervalMs: 500 },
    )
    expect(BigInt(earner.earned)).toBeGreaterThan(0n)
    const { epochs } = await getJson<{ epochs: DeviceEpoch[] }>(`/api/v1/devices/${earner.deviceId}/epochs`)
    const paid = epochs.findLast((e) => BigInt(e.amount) > 0n)!

    // The device list says what kind of work each device reports, as the oracle names it.
    const list = await openPage('desktop')
    await list.goto(`${network.explorer.url}/devices`)
    const row = list.getByRole('row').filter({ has: list.getByRole('link', { name: `Device ${earner.deviceId}` }) })
    expect(await row.getByTestId('device-kinds').textContent()).toBe('uptime')

    for (const viewport of ['desktop', 'mobile'] as const) {
      const page = await openPage(viewport)
      await page.goto(`${network.explorer.url}/devices/${earner.deviceId}`)
      await page.getByRole('heading', { name: /^Device 0x/ }).waitFor()
      expect(await page.getByRole('region', { name: 'Identity' }).getByTestId('device-kinds').textContent()).toBe('uptime')
      await page.getByRole('button', { name: `Explain epoch ${paid.epoch}` }).click()
      const explanation = page.getByTestId('explanation')
      // The amount the page explains is the amount the oracle paid, to the last shown digit.
      expect(await explanation.getByTestId('explained-reward').textContent()).toBe(formatTokens(paid.amount, 'PIN', 6))
      await explanation.getByRole('region', { name: 'Share of the uptime.uptime pool' }).waitFor()
      // Every multiplier with its reason in words, and the inputs it came from.
      expect(await explanation.textContent()).toMatch(/×1 qualification: Heartbeats in at least the required number of distinct sub-intervals/)
      expect(await explanation.textContent()).toMatch(/subIntervalsCovered/)
      if (viewport === 'mobile') await expectFitsPhone(page)
      await screenshot(page, 'device', viewport)
    }
  })

  it('explains a zero: a device that reported but earned nothing shows the multiplier that zeroed it', { timeout: 90_000 }, async () => {
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    let unpaid: { deviceId: Hex; epoch: string } | undefined
    for (const device of devices) {
      const { epochs } = await getJson<{ epochs: DeviceEpoch[] }>(`/api/v1/devices/${device.deviceId}/epochs`)
      const epoch = epochs.findLast((e) => e.validReports > 0 && BigInt(e.amount) === 0n)
      if (epoch) unpaid = { deviceId: device.deviceId, epoch: epoch.epoch }
    }
    // The fleet's "burst" device sends every heartbeat in one sub-interval: valid reports, no pay.
    expect(unpaid).toBeDefined()
    const page = await openPage('desktop')
    await page.goto(`${network.explorer.url}/devices/${unpaid!.deviceId}`)
    // The table opens on the latest epochs; the live network may have computed many since.
    await page.getByRole('table', { name: "The device's epochs" }).waitFor()
    const showAll = page.getByRole('button', { name: /^Show all \d+ epochs$/ })
    if ((await showAll.count()) > 0) await showAll.click()
    await page.getByRole('button', { name: `Explain epoch ${unpaid!.epoch}` }).click()
    const explanation = page.getByTestId('explanation')
    expect(await explanation.getByTestId('explained-reward').textContent()).toBe('0 PIN')
    expect(await explanation.textContent()).toMatch(/×0 qualification: Heartbeats in fewer distinct sub-intervals than required/)
  })

  it('shows what ingest refused under "invalid, and why": the forger\'s reports, counted against the device it names', { timeout: 90_000 }, async () => {
    // The fleet's forger signs reports for a registered device with another key: ingest refuses
    // them (never stored, so no verdict) and counts them per epoch of receipt.
    const forged = await until(
      'a device with forged reports refused at ingest',
      async () => {
        const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
        for (const device of devices) {
          const { epochs } = await getJson<DeviceRejectionsResponse>(`/api/v1/devices/${device.deviceId}/rejections`)
          const epoch = epochs.find((e) => e.reasons.some((r) => r.reason === 'PINION_ERR_BAD_SIGNATURE'))
          if (epoch) return { deviceId: device.deviceId, epoch: epoch.epoch }
        }
        return undefined
      },
      { intervalMs: 500 },
    )
    const page = await openPage('mobile')
    await page.goto(`${network.explorer.url}/devices/${forged.deviceId}`)
    await page.getByRole('table', { name: "The device's epochs" }).waitFor()
    const cell = page
      .getByRole('row')
      .filter({ hasText: /refused at ingest/ })
      .first()
    await cell.waitFor()
    expect(await cell.textContent()).toMatch(/\d+ × BAD_SIGNATURE forged: the signature does not verify under the device's key refused at ingest/)
    await expectFitsPhone(page)
  })

  it('claims through the devnet wallet and shows the balance change', { timeout: 180_000 }, async () => {
    const client = createPublicClient({ transport: http(network.state.rpcUrl) })
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    const recipient = devices.reduce((best, d) => (BigInt(d.earned) > BigInt(best.earned) ? d : best)).owner.toLowerCase() as Hex
    const balanceBefore = await client.readContract({ address: network.state.deployment.token, abi: pinionTokenAbi, functionName: 'balanceOf', args: [recipient] })
    expect(balanceBefore).toBe(0n)

    const page = await openPage('desktop')
    await page.goto(`${network.explorer.url}/rewards`)
    await page
      .getByRole('link', { name: /^Rewards of operator \d/ })
      .first()
      .waitFor()
    await page.goto(`${network.explorer.url}/recipients/${recipient}`)
    expect(await page.locator('[data-testid="stat-balance"] .stat-value').textContent()).toBe('0 PIN')
    await page.getByRole('combobox', { name: 'Send with' }).waitFor()
    const claim = page.getByRole('button', { name: /^Claim \d/ })
    await claim.click()
    // Success or failure, whichever the page shows first (a failure's message then fails the test).
    // A claim is a few RPC calls and a block or two; the margin is for a machine busy with other suites.
    const outcome = await waitForText(page, '.claim-card', "text.includes('Claimed ') || text.includes('The claim failed')", 90_000)
    expect(outcome).toMatch(/Claimed [\d,.]+ PIN against the root of epoch \d+ in transaction 0x/)

    // The chain paid exactly what the distributor records as claimed, and the page shows it.
    const [balance, claimed] = await Promise.all([
      client.readContract({ address: network.state.deployment.token, abi: pinionTokenAbi, functionName: 'balanceOf', args: [recipient] }),
      client.readContract({ address: network.state.deployment.distributor, abi: rewardDistributorAbi, functionName: 'claimed', args: [recipient] }),
    ])
    expect(balance).toBeGreaterThan(0n)
    expect(balance).toBe(claimed)
    await waitForText(page, '[data-testid="stat-balance"] .stat-value', `text === ${JSON.stringify(formatTokens(balance, 'PIN'))}`)
    await screenshot(page, 'recipient', 'desktop')

    const phone = await openPage('mobile')
    await phone.goto(`${network.explorer.url}/recipients/${recipient}`)
    await waitForText(phone, '[data-testid="stat-claimed"] .stat-value', `text !== '0 PIN'`)
    await screenshot(phone, 'recipient', 'mobile')
  })

  it('verifies a served proof against the root on chain, and rejects a forged one', { timeout: 90_000 }, async () => {
    const { epochs } = await getJson<{ epochs: { epoch: string; committed: unknown; validReports: number }[] }>('/api/v1/epochs')
    const committed = epochs.find((e) => e.committed !== null && e.validReports > 0)!
    const page = await openPage('desktop')
    await page.goto(`${network.explorer.url}/epochs/${committed.epoch}`)
    await page.getByRole('heading', { name: 'Verify the root' }).waitFor()
    await page.getByRole('button', { name: 'Verify against the chain' }).click()
    const verdict = await waitForText(page, '.verification-verdict', 'text.length > 0')
    expect(verdict).toBe('✓ Verified: the proof leads to the root on chain.')
    expect(await page.locator('.verification-steps li').count()).toBe(5)
    await screenshot(page, 'epoch', 'desktop')

    // An oracle that lies about an amount is caught: its proof no longer leads to the chain's root.
    await page.route('**/api/v1/recipients/**', async (route) => {
      const answer = (await (await route.fetch()).json()) as { claim: { cumulativeAmount: string } | null }
      if (answer.claim) answer.claim.cumulativeAmount = (BigInt(answer.claim.cumulativeAmount) + 1n).toString()
      await route.fulfill({ json: answer })
    })
    await page.getByRole('button', { name: 'Verify against the chain' }).click()
    expect(await waitForText(page, '.verification-verdict', "text.startsWith('✗')")).toBe('✗ Not verified.')
    expect(await page.getByText('The roots differ').count()).toBe(1)

    const phone = await openPage('mobile')
    await phone.goto(`${network.explorer.url}/epochs/${committed.epoch}`)
    await phone.getByRole('button', { name: 'Verify against the chain' }).click()
    await waitForText(phone, '.verification-verdict', "text.startsWith('✓')")
    await expectFitsPhone(phone)
    await screenshot(phone, 'epoch', 'mobile')
  })

  it('shows governance: the oracle set, a queued and an active proposal in words with their votes, the timelock queue and the parameters', { timeout: 120_000 }, async () => {
    // One proposal is passed (voted for in set-up; its vote ends here if it has not yet) and queued,
    // another is open for votes: time stands still while that vote must stay open, as a busy browser draws it.
    const queued = passing
    await driveUntil(network, `proposal ${queued.id} to be succeeded`, proposalIs(queued.id, 'succeeded'), STEP)
    await queue(admin, queued.id.toString())
    const active = await proposeAndVote('quorum', ['3'])

    const page = await openPage('desktop')
    await page.goto(network.explorer.url)
    await page.getByRole('link', { name: 'Governance' }).click()
    await page.waitForURL(/\/governance$/)
    await page.locator('[data-testid="governance-page"]').waitFor()
    expect(await page.getByRole('link', { name: 'Governance' }).getAttribute('aria-current')).toBe('page')
    expect(await waitForText(page, '[data-testid="oracle-quorum"]', "text.includes('2 of 3')")).toContain('2 of 3')
    expect(await page.locator('[data-testid="oracle"]').count()).toBe(3)
    await page.locator(`[data-testid="proposal"][data-proposal-id="${active.id}"][data-state="active"]`).waitFor()
    const activeItem = page.locator(`[data-testid="proposal"][data-proposal-id="${active.id}"]`)
    expect(await activeItem.locator('[data-testid="proposal-actions"]').textContent()).toContain(active.words[0]!)
    expect(await activeItem.locator('[data-testid="vote-bar"]').getAttribute('aria-label')).toBe('For 100 %, Against 0 %, Abstain 0 %')
    expect(await activeItem.locator('[data-testid="proposal-quorum"]').getAttribute('data-reached')).toBe('true')
    const entry = page.locator(`[data-testid="timelock-entry"][data-proposal-id="${queued.id}"]`)
    await entry.waitFor()
    expect(await entry.locator('[data-testid="timelock-eta"]').textContent()).toMatch(/executable (in \d+ s|now)/)
    expect(await page.locator('[data-testid="params-entry"][data-name="kind/uptime"] [data-testid="params-in-force"]').count()).toBe(1)
    expect(await page.locator('[data-testid="params-entry"][data-name="pools"] [data-testid="params-in-force"]').count()).toBe(1)
    await screenshot(page, 'governance', 'desktop')

    const phone = await openPage('mobile')
    await phone.goto(`${network.explorer.url}/governance`)
    await phone.locator('[data-testid="timelock-entry"]').first().waitFor()
    await expectFitsPhone(phone)
    await screenshot(phone, 'governance', 'mobile')
  })

  it('shows the economy: credits burnt per epoch, device stake, the operator pool, and the split the devnet shares a device through', { timeout: 120_000 }, async () => {
    // The treasury burns one token for credits, as `pinion credits buy` does (the uptime devnet buys none itself).
    const admin = connectSigner(network.state, 'admin', 50)
    const credits = network.state.deployment.credits
    const tokens = 10n ** 18n
    await waitForReceipt(
      admin.client,
      await admin.wallet.writeContract({ address: network.state.deployment.token, abi: pinionTokenAbi, functionName: 'approve', args: [credits, tokens] }),
    )
    const bought = await waitForReceipt(
      admin.client,
      await admin.wallet.writeContract({ address: credits, abi: creditsAbi, functionName: 'burnForCredits', args: [admin.wallet.account.address, tokens] }),
    )
    expect(bought.status).toBe('success')

    const page = await openPage('desktop')
    await page.goto(network.explorer.url)
    await page.getByRole('link', { name: 'Economy' }).click()
    await page.waitForURL(/\/economy$/)
    await page.locator('[data-testid="economy-page"]').waitFor()
    expect(await page.getByRole('link', { name: 'Economy' }).getAttribute('aria-current')).toBe('page')
    // A credits row with the tokens burnt, formatted as everywhere in the explorer.
    const burnt = page.locator('[data-testid="credits-row"] [data-testid="credits-burnt"]').filter({ hasText: formatTokens(tokens, 'PIN') })
    await burnt.first().waitFor()
    // Every device's owner bonded stake at start; each row links to its device.
    expect(await page.locator('[data-testid="stake-row"]').count()).toBeGreaterThanOrEqual(1)
    expect(await page.locator('[data-testid="stake-row"] [data-testid="stake-bonded"]').first().textContent()).not.toBe('0 PIN')
    // The devnet's last operator runs a pool a token holder delegated to, for a commission.
    const pool = page.locator('[data-testid="pool-row"]')
    expect(await pool.count()).toBe(1)
    expect(await pool.locator('[data-testid="pool-bonded"]').textContent()).toBe(formatTokens((DEVNET_POOL.selfBond + DEVNET_POOL.delegation) * 10n ** 18n, 'PIN'))
    expect(await pool.locator('[data-testid="pool-commission"]').textContent()).toMatch(/^10 % from /)
    // The devnet's first device pays its rewards to a split of its owner and a co-owner.
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    const split = page.locator('[data-testid="split"]').first()
    await split.waitFor()
    expect(await split.locator('[data-testid="split-payee"]').count()).toBe(2)
    const sharedDevice = (await split.locator('[data-testid="split-devices"] a').first().getAttribute('aria-label'))?.replace('Device ', '')
    expect(devices.map((d) => d.deviceId)).toContain(sharedDevice)
    // The burn-and-mint chart draws once the oracles computed an epoch (its emission).
    await page.getByRole('img', { name: /^Tokens burnt for credits and emitted per epoch/ }).waitFor()
    await screenshot(page, 'economy', 'desktop')

    const phone = await openPage('mobile')
    await phone.goto(`${network.explorer.url}/economy`)
    await phone.locator('[data-testid="split"]').first().waitFor()
    await expectFitsPhone(phone)
    await screenshot(phone, 'economy', 'mobile')
  })

  it('finds what a short id names: one match opens its page, several are listed, none says so', { timeout: 90_000 }, async () => {
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    const { epochs } = await getJson<{ epochs: { epoch: string; root: string }[] }>('/api/v1/epochs?limit=500')
    const phone = await openPage('mobile')
    await phone.goto(network.explorer.url)
    const search = async (term: string) => {
      await phone.getByRole('searchbox').fill(term)
      await phone.getByRole('searchbox').press('Enter')
    }
    // A device's id as the lists show it leads straight to the device.
    const device = devices[0]!.deviceId
    await search(shortHex(device))
    await phone.waitForURL(`**/devices/${device}`)
    await phone.getByRole('heading', { name: /^Device 0x/ }).waitFor()
    // Back goes to where the search started, not to the search page the match replaced.
    await phone.goBack()
    await phone.waitForURL(`${network.explorer.url}/`)
    // A first digit that more than one id starts with: every id it names is listed.
    const ids = new Set([...devices.flatMap((d) => [d.deviceId, d.owner.toLowerCase(), d.recipient.toLowerCase()]), ...epochs.map((e) => e.root)])
    const digit = [...'0123456789abcdef'].find((d) => [...ids].filter((id) => id.startsWith(`0x${d}`)).length >= 2)!
    await search(`0x${digit}`)
    await phone.waitForURL(/\/search\//)
    const results = phone.getByTestId('search-results')
    await results.waitFor()
    expect(await results.getByRole('link').count()).toBeGreaterThanOrEqual(2)
    for (const href of await results.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) expect(href).toMatch(/^\/(devices|recipients|epochs)\//)
    await expectNoOverflow(phone, 'search results at 360 px')
    await screenshot(phone, 'search', 'mobile')
    // An id nothing has: said in words.
    await search('0x0123456789abcdef…fedc')
    await waitForText(phone, '#content [role="status"]', "text.startsWith('Nothing matches')")
    expect(await phone.locator('#content [role="status"]').textContent()).toContain('0x0123456789abcdef…fedc')
  })

  it("lists a connected wallet's devices with their status and latest reward, each linking to its page", { timeout: 90_000 }, async () => {
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    const explorerConfig = await getJson<{ devnet: { accounts: { address: string; label: string }[] } }>('/config.json')
    const account = explorerConfig.devnet.accounts.find((a) => devices.some((d) => d.owner.toLowerCase() === a.address.toLowerCase()))!
    const owned = devices.filter((d) => d.owner.toLowerCase() === account.address.toLowerCase()).map((d) => d.deviceId)
    const phone = await openPage('mobile')
    await phone.goto(network.explorer.url)
    await phone.getByRole('link', { name: 'My devices' }).click()
    await phone.waitForURL(/\/my-devices$/)
    await phone.getByRole('combobox', { name: 'Wallet' }).selectOption(`devnet-${account.address}`)
    await phone.getByRole('button', { name: 'Connect' }).click()
    const cards = phone.getByTestId('owned-device')
    await cards.first().waitFor()
    const listed = await cards.getByRole('link', { name: /^Device 0x/ }).evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')!.replace('Device ', '')))
    expect(listed.sort()).toEqual([...owned].sort())
    for (const reward of await cards.getByTestId('owned-device-reward').allTextContents()) expect(reward).toMatch(/^Epoch \d+: [\d,.]+ PIN · \d+ valid reports$/)
    expect(await cards.first().locator('.badge').textContent()).toBe('active')
    await expectNoOverflow(phone, 'my devices at 360 px')
    await screenshot(phone, 'my-devices', 'mobile')
    // The connection lasts the tab's session: the view is there again after a reload.
    await phone.reload()
    await cards.first().waitFor()
    await cards
      .getByRole('link', { name: /^Device 0x/ })
      .first()
      .click()
    await phone.waitForURL(/\/devices\/0x[0-9a-f]{64}$/)
    await phone.getByRole('heading', { name: 'Identity' }).waitFor()
  })

  it('answers an unknown path with a not-found page and a way back', { timeout: 60_000 }, async () => {
    const phone = await openPage('mobile')
    const response = await phone.goto(`${network.explorer.url}/nope`)
    expect(response?.status()).toBe(404)
    await phone.getByRole('heading', { name: 'Nothing here', level: 1 }).waitFor()
    expect(await phone.getByTestId('not-found').textContent()).toContain('/nope')
    await expectNoOverflow(phone, 'not found at 360 px')
    // The check itself sees what it must: a line too long for its box, a number over two lines,
    // and not the same line inside a box made to scroll.
    await phone.evaluate(`document.querySelector('[data-testid="not-found"]').insertAdjacentHTML('beforeend',
      '<p id="too-long" style="white-space: nowrap">${'0123456789 '.repeat(8)}</p>' +
      '<div style="width: 60px"><span id="broken" class="amount" style="white-space: normal">24,745.199 / 7 PIN</span></div>' +
      '<div class="table-scroll"><p id="scrolls" style="white-space: nowrap">${'0123456789 '.repeat(8)}</p></div>')`)
    const seen = await overflowsOf(phone)
    expect(seen).toContainEqual(expect.objectContaining({ element: 'p#too-long', problem: expect.stringMatching(/^content \d+ px wide in a box of \d+ px$/) }))
    expect(seen).toContainEqual(expect.objectContaining({ element: 'span#broken.amount', problem: expect.stringMatching(/^a number broken over [2-9] lines$/) }))
    expect(seen.filter((o) => o.element.includes('scrolls'))).toEqual([])
    await phone.evaluate(`document.querySelectorAll('#too-long, #broken, #scrolls').forEach((e) => e.remove())`)
    await phone.getByRole('link', { name: 'Back to the overview' }).click()
    await phone.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()
    expect(new URL(phone.url()).pathname).toBe('/')
  })

  it('fits large amounts in their tiles at 1280 px, 360 px and every width between: smaller, then abbreviated with every digit in the title, never clipped', {
    timeout: 90_000,
  }, async () => {
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    const recipient = devices[0]!.owner.toLowerCase()
    // A recipient who earned more than any devnet pays: 123,456,789,012.3456… PIN.
    const huge = 123_456_789_012_345_678_901_234_567_890n
    for (const viewport of ['desktop', 'mobile'] as const) {
      const page = await openPage(viewport)
      await page.route('**/api/v1/recipients/**', async (route) => {
        const answer = (await (await route.fetch()).json()) as { latest: { epoch: string; cumulativeAmount: string } | null }
        answer.latest = { epoch: answer.latest?.epoch ?? '0', cumulativeAmount: huge.toString() }
        await route.fulfill({ json: answer })
      })
      await openSettled(page, `/recipients/${recipient}`)
      const amount = page.locator('[data-testid="stat-earned"] .amount')
      await amount.waitFor()
      // Whatever the tile shows, the exact amount is there: as the text, or in the title of an abbreviation.
      const [text, title] = [await amount.textContent(), await amount.getAttribute('title')]
      expect(title || text).toBe(formatTokens(huge, 'PIN'))
      if (viewport === 'mobile') expect(text).toBe('123.45B PIN')
      await expectNoOverflow(page, `a large amount's tile at ${viewport}`)
      await screenshot(page, 'recipient-large', viewport)
      if (viewport === 'desktop') {
        // At every width between, as a window is resized: the tiles fit again each time, and
        // back at 1280 px the figure is as large as it was.
        for (const width of [1100, 960, 900, 820, 700, 600, 520, 420, 360, VIEWPORTS.desktop.width]) {
          await page.setViewportSize({ width, height: VIEWPORTS.desktop.height })
          await settledAtWidth(page, width)
          await expectNoOverflow(page, `a large amount's tile at ${width} px`)
          expect(await amount.evaluate((e) => e.getAttribute('title') || e.textContent)).toBe(formatTokens(huge, 'PIN'))
        }
        expect(await amount.textContent()).toBe(text)
      }
    }
  })

  it("wraps a wireless rule's long reason between words at 360 px, never inside one, and cuts nothing", { timeout: 60_000 }, async () => {
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    const device = devices[0]!.deviceId
    // This network runs uptime: the device's newest epoch is given a wireless verdict's reason, as
    // the oracle words it, with its long parameter names.
    const reason = { reason: 'wireless.RSSI_ABOVE_MODEL', reasonText: WIRELESS_REASONS.RSSI_ABOVE_MODEL, count: 3 }
    const phone = await openPage('mobile')
    await phone.route(new RegExp(`/api/v1/devices/${device}/epochs\\?`), async (route) => {
      const answer = (await (await route.fetch()).json()) as { epochs: DeviceEpoch[] }
      const newest = answer.epochs.at(-1)!
      newest.invalidReports += reason.count
      newest.invalidReasons = [reason, ...newest.invalidReasons]
      await route.fulfill({ json: answer })
    })
    await openSettled(phone, `/devices/${device}`)
    // On a phone the reasons read on a line of their own under the epoch's row, across the screen.
    const text = phone.locator('.row-reasons .reason-text').filter({ hasText: 'radio model', visible: true }).first()
    await text.waitFor()
    expect(await text.evaluate((e) => e.getClientRects().length)).toBeGreaterThan(3)
    const line = (await text.boundingBox())!
    expect(line.x).toBeGreaterThanOrEqual(0)
    expect(line.x + line.width).toBeLessThanOrEqual(VIEWPORTS.mobile.width)
    expect(await midWordBreaksOf(phone, '.reason-text')).toEqual([])
    await expectNoOverflow(phone, 'a wireless reason at 360 px')
    await screenshot(phone, 'device-wireless-reason', 'mobile')
  })

  it('fits every page at 360 px and 1280 px: no text overflows its box, no number breaks, tables and the tab bar scroll inside their boxes', { timeout: 240_000 }, async () => {
    const { devices } = await getJson<{ devices: DeviceRow[] }>('/api/v1/devices?limit=100')
    const earner = devices.reduce((top, d) => (BigInt(d.earned) > BigInt(top.earned) ? d : top))
    const { epochs } = await getJson<{ epochs: { epoch: string; committed: unknown }[] }>('/api/v1/epochs')
    const committed = epochs.find((e) => e.committed !== null)!
    const paths = [
      '/',
      '/map',
      '/devices',
      `/devices/${earner.deviceId}`,
      '/epochs',
      `/epochs/${committed.epoch}`,
      '/rewards',
      `/recipients/${earner.owner.toLowerCase()}`,
      '/governance',
      '/economy',
      // The storage kind's page, on a network that does not run it: no tab leads there, and it says there is nothing.
      '/storage',
      '/my-devices',
      '/nope',
    ]
    // Each page loads at 360 px, where text runs out of room if anywhere, and is then widened to
    // 1280 px as a window is: one load for both widths. The pages lay out by CSS and ResizeObservers
    // (the tiles' fit, the charts' width), never by the width they loaded at.
    const page = await openPage('mobile')
    for (const path of paths) {
      await openPage('mobile') // back from 1280 px
      await openSettled(page, path)
      await expectNoOverflow(page, `${path} at mobile`)
      await resizeTo(page, 'desktop')
      // The map asks for the cells of its new size: checked once it drew them.
      if (path === '/map') await page.waitForFunction(mapSettledWithCells(1))
      await expectNoOverflow(page, `${path} at desktop`)
    }
    // A device's explained reward, opened under its row, fits as well.
    await openPage('mobile')
    await openSettled(page, `/devices/${earner.deviceId}`)
    await page
      .getByRole('button', { name: /^Explain epoch \d+$/ })
      .first()
      .click()
    await page.getByTestId('explanation').getByTestId('explained-reward').waitFor()
    // The network runs the uptime kind only: no Storage tab (storage.browser.e2e.test.ts shows it where storage runs).
    const storageTabs = () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Storage' }).count()
    expect(await storageTabs()).toBe(0)
    // On a phone the tab bar scrolls sideways inside its box, and keeps the current tab in view.
    const bar = await page.evaluate(
      `(() => { const ul = document.querySelector('.nav ul'); const tab = ul.querySelector('[aria-current="page"]').getBoundingClientRect(); return { overflowX: getComputedStyle(ul).overflowX, scrolls: ul.scrollWidth > ul.clientWidth, tabLeft: tab.left, tabRight: tab.right } })()`,
    )
    expect(bar).toMatchObject({ overflowX: 'auto', scrolls: true })
    await expectNoOverflow(page, 'an explained reward at mobile')
    await resizeTo(page, 'desktop')
    await expectNoOverflow(page, 'an explained reward at desktop')
    expect(await storageTabs()).toBe(0)
    await openPage('mobile')
    await openSettled(page, '/my-devices')
    const myDevicesTab = (await page.getByRole('link', { name: 'My devices' }).boundingBox())!
    expect(myDevicesTab.x).toBeGreaterThanOrEqual(0)
    expect(myDevicesTab.x + myDevicesTab.width).toBeLessThanOrEqual(VIEWPORTS.mobile.width)
  })

  it('shows a clear error for what does not exist, and no page threw', { timeout: 60_000 }, async () => {
    const page = await openPage('desktop')
    await page.goto(`${network.explorer.url}/devices/0x${'ab'.repeat(32)}`)
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('PINION_ERR_DEVICE_NOT_FOUND')
    await page.goto(`${network.explorer.url}/epochs/999999`)
    expect(await page.getByRole('alert').textContent()).toContain('PINION_ERR_EPOCH_NOT_FOUND')
    expect(pageErrors).toEqual([])
  })
})
