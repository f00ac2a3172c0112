// Regenerates docs/tutorial.md's explorer screenshots (docs/images/tutorial/*.png) from a real network:
//   npx tsx --conditions=development packages/explorer/scripts/tutorialScreenshots.ts
// Runs the network `pinion init --kind uptime` writes (the kind's template.config.ts) with `pinion
// up`'s own code on driven time, moves time on until a few epochs are committed and claimable, then
// photographs the overview, an epoch, a device with its reward explained and a root verified in the
// browser, in Debian's Chromium at 1280 px; prints what `pinion up` prints of each committed epoch
// (`live: …`). Not run by the tests.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import type { Hex } from 'viem'
import { loadConfig } from '../../cli/src/config/loadConfig.ts'
import { templatePath } from '../../cli/src/init/init.ts'
import { createLiveView } from '../../cli/src/up/liveView.ts'
import { up } from '../../cli/src/up/up.ts'
import { driveUntil } from '../../testkit/src/cli/drive.ts'
import { startTimeDriver } from '../../testkit/src/cli/drive.ts'
import { launchChromium } from '../test/chromium.ts'

const OUT = fileURLToPath(new URL('../../../docs/images/tutorial/', import.meta.url))
/** Epochs committed before the photographs: enough for the overview's charts to show a trend. */
const EPOCHS = 5
/** The docs keep each image small (the tutorial is read on a phone too). */
const MAX_BYTES = 150_000

const { config } = await loadConfig(templatePath('uptime'))
const dataDir = mkdtempSync(join(tmpdir(), 'pinion-tutorial-shots-'))
// What `pinion up` prints of each committed epoch, for the tutorial's sample lines.
const view = createLiveView({ quorum: config.oracles.quorum, symbol: config.token.symbol, print: (line) => console.log(`live: ${line}`), json: false })
const network = await up({
  config,
  dataDir,
  explorerPort: 0,
  drivenTime: true,
  log: (line) => console.log(line),
  onEvent: (event, fields, level) => view.onEvent(event, fields, level),
})
view.useOracles(network.state.oracles)
const browser = await launchChromium()
try {
  const url = network.explorer.url
  const json = async <T>(path: string) => (await fetch(`${url}${path}`)).json() as Promise<T>
  type Epoch = { epoch: string; committed: unknown; validReports: number }
  console.log(`explorer ${url}; driving time until ${EPOCHS} epochs are committed…`)
  const committed = await driveUntil(
    network,
    `${EPOCHS} committed epochs`,
    async () => {
      const { epochs } = await json<{ epochs: Epoch[] }>('/api/v1/epochs?limit=50')
      const done = epochs.filter((e) => e.committed !== null && e.validReports > 0)
      return done.length >= EPOCHS ? done : undefined
    },
    { stepMs: 2_000, timeoutMs: 900_000 },
  )
  // The live overview moves on while it is photographed: time keeps moving in the background.
  const driver = startTimeDriver(network, { stepMs: 1_000, pauseMs: 200 })
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 })
  const shoot = async (name: string, target: Page = page) => {
    await target.evaluate('window.scrollTo(0, 0)')
    const path = `${OUT}${name}.png`
    await target.screenshot({ path })
    const size = statSync(path).size
    console.log(`${path}: ${size} bytes${size > MAX_BYTES ? ' — OVER the budget' : ''}`)
  }

  await page.goto(url)
  await page.getByRole('img', { name: /^Pool sizes per epoch/ }).waitFor()
  await shoot('overview')

  const epoch = committed[0]!.epoch
  await page.goto(`${url}/epochs/${epoch}`)
  await page.getByRole('button', { name: 'Verify against the chain' }).waitFor()
  await shoot('epoch')

  await page.getByRole('button', { name: 'Verify against the chain' }).click()
  await page.getByText('✓ Verified: the proof leads to the root on chain.').waitFor()
  await page.locator('.verify-card').scrollIntoViewIfNeeded()
  await page.locator('.verify-card').screenshot({ path: `${OUT}verify.png` })
  console.log(`${OUT}verify.png: ${statSync(`${OUT}verify.png`).size} bytes`)

  // The device that earned most, explained for the newest epoch it was paid in.
  const { devices } = await json<{ devices: { deviceId: Hex; earned: string }[] }>('/api/v1/devices?limit=100')
  const device = devices.sort((a, b) => (BigInt(b.earned) > BigInt(a.earned) ? 1 : -1))[0]!
  const { epochs } = await json<{ epochs: { epoch: string; amount: string }[] }>(`/api/v1/devices/${device.deviceId}/epochs`)
  const paid = epochs.findLast((e) => BigInt(e.amount) > 0n)!
  await page.goto(`${url}/devices/${device.deviceId}`)
  await page.getByRole('button', { name: `Explain epoch ${paid.epoch}` }).click()
  await page.getByTestId('explained-reward').waitFor()
  await page.getByTestId('explained-reward').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${OUT}device.png` })
  console.log(`${OUT}device.png: ${statSync(`${OUT}device.png`).size} bytes`)
  await driver.stop()
} finally {
  view.close()
  await browser.close()
  await network.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
