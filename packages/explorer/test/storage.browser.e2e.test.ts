import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEVNET_COLLATERAL, DEVNET_DEAL_PERIODS, DEVNET_FAULT_FEE, DEVNET_PRICE_PER_PERIOD, STORAGE_REASONS, devnetPieces } from '../../kinds/storage/index.ts'
import type { StorageDeal, StorageDealDetail, StorageDealsResponse, StorageProvidersResponse } from '@pinion/oracle/api'
import { deviceIdOf } from '@pinion/protocol'
import type { Hex } from 'viem'
import { pieceTree } from '@pinion/protocol/pdp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../cli/src/config/loadConfig.ts'
import { templatePath } from '../../cli/src/init/init.ts'
import type { StoredFleetDevice } from '../../cli/src/up/fleetKeys.ts'
import { type RunningNetwork, up } from '../../cli/src/up/up.ts'
import { driveUntil } from '../../testkit/src/cli/drive.ts'
import { formatTokens, shortHex } from '../app/lib/format.ts'
import { formatBytes } from '../app/lib/formatBytes.ts'
import { CHROMIUM_PATH, INSTALL_HINT, VIEWPORTS, contentWidth, hasChromium, launchChromium, screenshot } from './chromium.ts'
import { midWordBreaksOf, overflowsOf } from './overflow.ts'

/*
 * The Storage pages in a real browser against `pinion up` of the storage template (twelve providers,
 * each with a deal on StorageMarket; honest, flaky, late, dropper, corrupter, sybil and repeater),
 * driven until the corrupter's deal is terminated for its faults and settled on chain: the section's
 * tab, the providers and deals tables, a deal's pieces and periods with their reasons and what the
 * market paid or burnt, at 1280 px and at 360 px without sideways scrolling.
 */

if (!hasChromium()) console.warn(`Skipping the Storage pages' browser tests: ${CHROMIUM_PATH} is missing. Install Chromium with: ${INSTALL_HINT}`)

const pin = (amount: bigint | string) => formatTokens(amount, 'PIN', 2)

describe.skipIf(!hasChromium())(`the Storage pages in Chromium (needs ${CHROMIUM_PATH}: ${INSTALL_HINT})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinion-explorer-storage-'))
  let network: RunningNetwork
  let browser: Browser
  const contexts: BrowserContext[] = []
  const pageErrors: string[] = []
  /** Each provider's behaviour, by device id. */
  let behaviourOf: Map<string, string>
  /**
   * The deal the devnet made with the first provider of a behaviour (kinds/storage/devnet.ts: three
   * seeded pieces, devnetPieces), as the oracle lists it.
   */
  let dealOf: (behaviour: string) => StorageDeal

  const getJson = async <T>(path: string): Promise<T> => (await fetch(`${network.explorer.url}${path}`)).json() as Promise<T>
  const allDeals = async () => (await getJson<StorageDealsResponse>('/api/v1/kinds/storage/deals?limit=1000')).deals

  async function openPage(viewport: keyof typeof VIEWPORTS): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport] })
    contexts.push(context)
    const page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(`${viewport} ${page.url()}: ${error.message}`))
    page.setDefaultTimeout(45_000)
    return page
  }

  /** Opens `path` and waits until it drew its data: a heading, no spinner. */
  async function openSettled(page: Page, path: string): Promise<void> {
    await page.goto(`${network.explorer.url}${path}`)
    await page.waitForFunction(`document.querySelector('main h1') !== null && document.querySelector('.state-loading') === null`)
  }

  /** Every body row of the table with `testId` (but a period's reason repeated on a line of its own, for phones), as the text of each cell. */
  const rowsOf = (page: Page, testId: string): Promise<string[][]> =>
    page.evaluate(
      `[...document.querySelectorAll('[data-testid="${testId}"] tbody tr:not(.row-reasons)')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\\s+/g, ' ').trim()))`,
    ) as Promise<string[][]>

  beforeAll(async () => {
    const { config } = await loadConfig(templatePath('storage'))
    network = await up({ config, dataDir, explorerPort: 0, log: () => {}, drivenTime: true })
    const fleet = JSON.parse(readFileSync(join(dataDir, 'fleet', 'devices.json'), 'utf8')) as StoredFleetDevice[]
    behaviourOf = new Map(fleet.map((device) => [deviceIdOf(device.key.publicKey), device.behaviour]))
    const devnetDeal = (deals: readonly StorageDeal[], behaviour: string) =>
      deals.find((d) => behaviourOf.get(d.deviceId) === behaviour && d.pieces[0]?.root === pieceTree(devnetPieces(d.deviceId as Hex)[0]!).root)
    // Until the corrupter's third fault in a row is settled on chain (its deal terminated), and an
    // honest provider has had three periods recorded; then time stands still while the pages are read.
    const settled = await driveUntil(
      network,
      "the corrupter's deal terminated on chain",
      async () => {
        const deals = await allDeals()
        const [corrupter, honest] = [devnetDeal(deals, 'corrupter'), devnetDeal(deals, 'honest')]
        return corrupter?.state === 'terminated' && honest !== undefined && honest.periodsRecorded >= 3 ? deals : undefined
      },
      { stepMs: 2_000, timeoutMs: 240_000 },
    )
    dealOf = (behaviour) => devnetDeal(settled, behaviour)!
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

  it('shows the Storage tab, and its providers and deals as the oracle counts them', { timeout: 90_000 }, async () => {
    const page = await openPage('desktop')
    await openSettled(page, '/')
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Storage' }).click()
    await page.waitForURL(/\/storage$/)
    await page.getByRole('heading', { name: 'Storage', level: 1 }).waitFor()
    await page.waitForFunction(`document.querySelectorAll('[data-testid="storage-deals"] tbody tr').length > 0`)

    // The tables show the oracle's figures, formatted: a row per provider and per deal (the first page of 25).
    const { total, providers } = await getJson<StorageProvidersResponse>('/api/v1/kinds/storage/providers?limit=25')
    expect(total).toBe(12)
    expect(await rowsOf(page, 'storage-providers')).toEqual(
      providers.map((p) => [
        shortHex(p.deviceId),
        formatBytes(p.bytesCommitted),
        `${p.dealsActive} active${p.dealsEnded > 0 ? ` · ${p.dealsEnded} ended` : ''}`,
        `${p.reputation.slice(0, 6)}${p.disqualified ? ' disqualified' : ''}`,
        String(p.periodsProven),
        String(p.periodsFaulted),
        pin(p.paid),
        pin(p.feesBurnt),
        pin(p.collateralHeld),
      ]),
    )
    const listed = (await allDeals()).slice(0, 25)
    expect(await rowsOf(page, 'storage-deals')).toEqual(
      listed.map((d) => [
        `#${d.dealId}`,
        shortHex(d.deviceId),
        shortHex(d.customer),
        d.state,
        `${d.periodsRecorded} / ${d.periods.toLocaleString('en')}`,
        pin(d.escrowLeft),
        pin(d.collateralLeft),
      ]),
    )

    // Those figures are StorageMarket's: each provider's periods, pay and fees add up from its deals
    // (a proven period pays the price, a fault burns the fee), and its capacity and collateral are
    // those of its active deals. The corrupter's devnet deal ended after three faults in a row.
    const deals = await allDeals()
    for (const p of providers) {
      const own = deals.filter((d) => d.deviceId === p.deviceId)
      const active = own.filter((d) => d.state === 'active')
      const faulted = own.reduce((sum, d) => sum + d.faults, 0)
      const proven = own.reduce((sum, d) => sum + d.periodsRecorded - d.faults, 0)
      expect({ deviceId: p.deviceId, proven: p.periodsProven, faulted: p.periodsFaulted, paid: p.paid, fees: p.feesBurnt, active: p.dealsActive }).toEqual({
        deviceId: p.deviceId,
        proven,
        faulted,
        paid: (BigInt(proven) * DEVNET_PRICE_PER_PERIOD).toString(),
        fees: (BigInt(faulted) * DEVNET_FAULT_FEE).toString(),
        active: active.length,
      })
      expect([p.bytesCommitted, p.collateralHeld]).toEqual([
        active.reduce((sum, d) => sum + BigInt(d.bytes), 0n).toString(),
        active.reduce((sum, d) => sum + BigInt(d.collateralLeft), 0n).toString(),
      ])
    }
    const corrupter = providers.find((p) => p.deviceId === dealOf('corrupter').deviceId)!
    expect([corrupter.periodsProven, corrupter.periodsFaulted >= 3, Number(corrupter.reputation) < 1]).toEqual([0, true, true])
    expect(providers.find((p) => p.deviceId === dealOf('honest').deviceId)!.periodsProven).toBeGreaterThanOrEqual(2)
    const row = (await rowsOf(page, 'storage-deals')).find((cells) => cells[0] === `#${dealOf('corrupter').dealId}`)!
    expect(row.slice(3)).toEqual(['terminated', `3 / ${DEVNET_DEAL_PERIODS.toLocaleString('en')}`, pin(0n), pin(0n)])
    await screenshot(page, 'storage', 'desktop')
  })

  it("opens a deal from the table: its pieces, and its periods with the proof's outcome, the reason in words and what the market did", { timeout: 90_000 }, async () => {
    const corrupter = dealOf('corrupter')
    const paid = `paid ${pin(DEVNET_PRICE_PER_PERIOD)}`
    const fee = `fee burnt ${pin(DEVNET_FAULT_FEE)}`
    const wordsOf = (code: string) => (code === 'PERIOD_NOT_PROVEN' ? /^No proof of the period arrived/ : STORAGE_REASONS[code as keyof typeof STORAGE_REASONS])
    const expectFault = (why: string, codes: readonly string[]) => {
      const [, code, words] = /^storage\.([A-Z_]+) (.*)$/.exec(why) ?? []
      expect(codes).toContain(code)
      expect(words).toMatch(wordsOf(code!))
    }
    const page = await openPage('desktop')
    await openSettled(page, '/storage')
    await page.getByRole('link', { name: `Deal ${corrupter.dealId}`, exact: true }).click()
    await page.waitForURL(new RegExp(`/storage/deals/${corrupter.dealId}$`))
    await page.getByRole('heading', { name: new RegExp(`^Deal #${corrupter.dealId}`) }).waitFor()
    await page.waitForFunction(`document.querySelector('main h1') !== null && document.querySelector('.state-loading') === null`)

    // Its pieces are the ones the devnet's customer stored with the provider, by their PDP roots.
    const pieces = devnetPieces(corrupter.deviceId as Hex).map((payload) => pieceTree(payload))
    expect(await rowsOf(page, 'deal-pieces')).toEqual(
      pieces.map((tree, i) => [String(i), shortHex(tree.root), String(tree.height), tree.leafCount.toLocaleString('en'), formatBytes(BigInt(tree.leafCount) * 32n)]),
    )
    // Every period a fault, as the oracle's verdicts on the provider's proofs that epoch say: its
    // wrong proofs (PROOF_INVALID), or none at all before the fleet was proving. The three the market
    // recorded each burnt the fault fee, and the third in a row ended the deal: the periods judged
    // after it were never recorded. Its escrow went back to the customer, its collateral was burnt.
    const detail = await getJson<StorageDealDetail>(`/api/v1/kinds/storage/deals/${corrupter.dealId}`)
    const periods = await rowsOf(page, 'deal-periods')
    expect(periods.map((cells) => cells[0])).toEqual(detail.provingPeriods.map((p) => p.epoch))
    for (const [epoch, proof, why] of periods) {
      expect(proof).toBe('faulted')
      const { verdicts } = await getJson<{ verdicts: { valid: boolean; reason: string | null }[] }>(`/api/v1/devices/${corrupter.deviceId}/epochs/${epoch}`)
      // Its other deal's proofs may be the epoch's only ones: a wrong proof of its own is what makes this PROOF_INVALID.
      expectFault(why!, verdicts.some((v) => v.reason === 'storage.PROOF_INVALID') ? ['PROOF_INVALID', 'PERIOD_NOT_PROVEN'] : ['PERIOD_NOT_PROVEN'])
    }
    expect(periods.filter((cells) => cells[2]!.startsWith('storage.PROOF_INVALID ')).length).toBeGreaterThanOrEqual(2)
    expect(periods.filter((cells) => cells[3] === fee)).toHaveLength(3)
    expect(periods.filter((cells) => cells[3] !== fee).every((cells) => cells[3] === 'not recorded: deal over')).toBe(true)
    const refunded = DEVNET_PRICE_PER_PERIOD * BigInt(detail.periods - 3)
    const slashed = DEVNET_COLLATERAL - 3n * DEVNET_FAULT_FEE
    expect(await page.getByTestId('deal-termination').textContent()).toBe(
      `after epoch ${detail.termination!.epoch}: ${formatTokens(refunded, 'PIN')} refunded to the customer, ${formatTokens(slashed, 'PIN')} of collateral burnt`,
    )
    await screenshot(page, 'storage-deal', 'desktop')

    // An honest provider's periods: proven ones paid a period's price once settled. A fault (a first
    // period the fleet was not proving in yet) says why in the kind's words, and cost the fee.
    await openSettled(page, `/storage/deals/${dealOf('honest').dealId}`)
    const honest = await rowsOf(page, 'deal-periods')
    for (const [, proof, why, chain] of honest) {
      if (proof === 'proven') expect([why, chain === paid || chain === 'pending']).toEqual(['—', true])
      else {
        expectFault(why!, ['PERIOD_NOT_PROVEN', 'ANSWERED_LATE'])
        expect([proof, chain === fee || chain === 'pending']).toEqual(['faulted', true])
      }
    }
    expect(honest.filter((cells) => cells[3] === paid).length).toBeGreaterThanOrEqual(2)
    // A late provider's: its late proofs, each a fault.
    const lateDeal = dealOf('late')
    await openSettled(page, `/storage/deals/${lateDeal.dealId}`)
    const late = await rowsOf(page, 'deal-periods')
    for (const [epoch, proof, why] of late) {
      expect(proof).toBe('faulted')
      const { verdicts } = await getJson<{ verdicts: { reason: string | null }[] }>(`/api/v1/devices/${lateDeal.deviceId}/epochs/${epoch}`)
      expectFault(why!, verdicts.some((v) => v.reason === 'storage.ANSWERED_LATE') ? ['ANSWERED_LATE', 'PERIOD_NOT_PROVEN'] : ['PERIOD_NOT_PROVEN'])
    }
    expect(late.some((cells) => cells[2]!.startsWith('storage.ANSWERED_LATE '))).toBe(true)
  })

  it('fits the Storage pages at 360 px and 1280 px: no text overflows its box, no number breaks, tables scroll inside their boxes', { timeout: 120_000 }, async () => {
    const paths = ['/storage', `/storage/deals/${dealOf('corrupter').dealId}`, `/storage/deals/${dealOf('honest').dealId}`, `/storage/deals/${dealOf('late').dealId}`]
    for (const viewport of ['mobile', 'desktop'] as const) {
      const page = await openPage(viewport)
      for (const path of paths) {
        await openSettled(page, path)
        expect({ path, viewport, overflows: await overflowsOf(page) }).toEqual({ path, viewport, overflows: [] })
        expect(await contentWidth(page)).toBeLessThanOrEqual(VIEWPORTS[viewport].width)
        if (!path.startsWith('/storage/deals/')) continue
        // A fault's reason: in its column at 1280 px; on a phone on a line of its own under the
        // period's row, across the screen, wrapping between words.
        const faults = (await rowsOf(page, 'deal-periods')).filter((cells) => cells[1] === 'faulted').length
        const lines = (await page.evaluate(
          `[...document.querySelectorAll('.table-periods .row-reasons')].filter((tr) => getComputedStyle(tr).display !== 'none').map((tr) => tr.textContent.trim())`,
        )) as string[]
        expect(lines.length).toBe(viewport === 'mobile' ? faults : 0)
        for (const line of lines) expect(line).toMatch(/^storage\.[A-Z_]+ /)
        if (viewport === 'mobile') expect(await midWordBreaksOf(page, '.reason-text')).toEqual([])
      }
      if (viewport === 'mobile') {
        await screenshot(page, 'storage-deal-late', 'mobile')
        await openSettled(page, '/storage')
        await screenshot(page, 'storage', 'mobile')
      }
    }
  })

  it('answers an unknown deal with its error, and no page threw', { timeout: 60_000 }, async () => {
    const page = await openPage('desktop')
    await page.goto(`${network.explorer.url}/storage/deals/99999`)
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('PINION_ERR_DEAL_NOT_FOUND')
    await page.goto(`${network.explorer.url}/storage/deals/x1`)
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('PINION_ERR_BAD_DEAL_ID')
    expect(pageErrors).toEqual([])
  })
})
