import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ComputeLease, ComputeLeaseDetail, ComputeLeasesResponse } from '@pinion/oracle/api'
import { deviceIdOf } from '@pinion/protocol'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../cli/src/config/loadConfig.ts'
import { templatePath } from '../../cli/src/init/init.ts'
import type { StoredFleetDevice } from '../../cli/src/up/fleetKeys.ts'
import { type RunningNetwork, up } from '../../cli/src/up/up.ts'
import { driveUntil } from '../../testkit/src/cli/drive.ts'
import { CHROMIUM_PATH, INSTALL_HINT, VIEWPORTS, contentWidth, hasChromium, launchChromium, screenshot } from './chromium.ts'
import { overflowsOf } from './overflow.ts'

/*
 * The Compute pages in a real browser against `pinion up` of the compute template (eight providers,
 * each with a lease of the devnet customer's ray-traced image: honest, lazy, over-claimer, copier,
 * no-show), driven until the lazy provider's, the over-claimer's and the no-show's leases are faulted
 * on chain: the section's tab, its providers, leases and orders, a faulted lease's escrow, tasks with
 * their verification and verdicts, at 1280 px and at 360 px without sideways scrolling.
 */

if (!hasChromium()) console.warn(`Skipping the Compute pages' browser tests: ${CHROMIUM_PATH} is missing. Install Chromium with: ${INSTALL_HINT}`)

describe.skipIf(!hasChromium())(`the Compute pages in Chromium (needs ${CHROMIUM_PATH}: ${INSTALL_HINT})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinion-explorer-compute-'))
  let network: RunningNetwork
  let browser: Browser
  const contexts: BrowserContext[] = []
  const pageErrors: string[] = []
  /** Each lease as the oracle lists it once the faults are on chain, by its provider's behaviour. */
  let leaseOf: (behaviour: string) => ComputeLease

  const getJson = async <T>(path: string): Promise<T> => (await fetch(`${network.explorer.url}${path}`)).json() as Promise<T>

  async function openPage(viewport: keyof typeof VIEWPORTS): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport] })
    contexts.push(context)
    const page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(`${viewport} ${page.url()}: ${error.message}`))
    page.setDefaultTimeout(45_000)
    return page
  }

  async function openSettled(page: Page, path: string): Promise<void> {
    await page.goto(`${network.explorer.url}${path}`)
    await page.waitForFunction(`document.querySelector('main h1') !== null && document.querySelector('.state-loading') === null`)
  }

  const rowsOf = (page: Page, testId: string): Promise<string[][]> =>
    page.evaluate(
      `[...document.querySelectorAll('[data-testid="${testId}"] tbody tr:not(.row-reasons)')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\\s+/g, ' ').trim()))`,
    ) as Promise<string[][]>

  beforeAll(async () => {
    const { config } = await loadConfig(templatePath('compute'))
    network = await up({ config, dataDir, explorerPort: 0, log: () => {}, drivenTime: true })
    const fleet = JSON.parse(readFileSync(join(dataDir, 'fleet', 'devices.json'), 'utf8')) as StoredFleetDevice[]
    const behaviourOf = new Map(fleet.map((device) => [deviceIdOf(device.key.publicKey), device.behaviour]))
    const leases = await driveUntil(
      network,
      'three leases faulted on chain',
      async () => {
        const { leases } = await getJson<ComputeLeasesResponse>('/api/v1/kinds/compute/leases?limit=100')
        return leases.filter((l) => l.state === 'faulted').length >= 3 ? leases : undefined
      },
      { stepMs: 2_000, timeoutMs: 240_000 },
    )
    leaseOf = (behaviour) => leases.find((l) => behaviourOf.get(l.deviceId) === behaviour)!
    browser = await launchChromium()
  }, 300_000)

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {})
  })
  afterAll(async () => {
    await browser?.close()
    await network?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('shows the Compute tab, with a row per provider, per lease and per order', { timeout: 90_000 }, async () => {
    const page = await openPage('desktop')
    await openSettled(page, '/')
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compute' }).click()
    await page.waitForURL(/\/compute$/)
    await page.getByRole('heading', { name: 'Compute', level: 1 }).waitFor()
    await page.waitForFunction(`document.querySelectorAll('[data-testid="compute-leases"] tbody tr').length > 0`)
    expect(await rowsOf(page, 'compute-providers')).toHaveLength(8)
    const leases = await rowsOf(page, 'compute-leases')
    expect(leases).toHaveLength(8)
    // The faulted leases say so, the honest ones run on.
    const states = leases.map((cells) => cells.find((c) => /^(active|faulted)/.test(c)) ?? '')
    expect(states.filter((s) => s.startsWith('faulted'))).toHaveLength(3)
    expect(await rowsOf(page, 'compute-orders')).not.toHaveLength(0)
    await screenshot(page, 'compute', 'desktop')
  })

  it("opens the lazy provider's lease: its fault, its escrow over time, and its tasks with the re-execution that caught it", { timeout: 90_000 }, async () => {
    const lazy = leaseOf('lazy')
    const page = await openPage('desktop')
    await openSettled(page, '/compute')
    await page
      .getByRole('link', { name: `Lease ${lazy.leaseId}`, exact: true })
      .first()
      .click()
    await page.waitForURL(new RegExp(`/compute/leases/${lazy.leaseId}$`))
    await page.waitForFunction(`document.querySelector('main h1') !== null && document.querySelector('.state-loading') === null`)
    const detail = await getJson<ComputeLeaseDetail>(`/api/v1/kinds/compute/leases/${lazy.leaseId}`)
    expect(detail.fault?.reason).toBe('compute.RESULT_MISMATCH')
    expect(await page.locator('[data-testid="lease-fault"]').textContent()).toMatch(/RESULT_MISMATCH/)
    expect(await page.locator('[data-testid="escrow-chart"] svg').count()).toBeGreaterThan(0)
    const tasks = (await rowsOf(page, 'lease-tasks')).map((cells) => cells.join(' '))
    expect(tasks.length).toBe(detail.tasks.length)
    expect(tasks.some((row) => row.includes('RESULT_MISMATCH'))).toBe(true)
    expect(await rowsOf(page, 'lease-verdicts')).not.toHaveLength(0)
  })

  it('fits the Compute pages at 360 px and 1280 px: no text overflows its box, tables scroll inside their boxes', { timeout: 120_000 }, async () => {
    const paths = ['/compute', `/compute/leases/${leaseOf('lazy').leaseId}`, `/compute/leases/${leaseOf('honest').leaseId}`]
    for (const viewport of ['mobile', 'desktop'] as const) {
      const page = await openPage(viewport)
      for (const path of paths) {
        await openSettled(page, path)
        expect({ path, viewport, overflows: await overflowsOf(page) }).toEqual({ path, viewport, overflows: [] })
        expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width)
      }
      if (viewport === 'mobile') await screenshot(page, 'compute-lease', 'mobile')
    }
    expect(pageErrors).toEqual([])
  })
})
