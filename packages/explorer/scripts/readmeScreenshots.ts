// Regenerates the README's explorer screenshots (docs/images/explorer-*.png) from a real network:
//   npx tsx packages/explorer/scripts/readmeScreenshots.ts
// Starts `pinion up` in a scratch directory (20 devices, some placed in European cities), lets it
// run for a dozen epochs, then photographs the overview, a device with its reward explained, and
// the map, in Debian's Chromium. Takes about four minutes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Hex } from 'viem'
import { defineNetwork } from '../../cli/src/config/network.ts'
import { up } from '../../cli/src/up/up.ts'
import { launchChromium } from '../test/chromium.ts'
import { placeDevices } from '../test/placeDevices.ts'

const OUT = fileURLToPath(new URL('../../../docs/images/', import.meta.url))
const EPOCHS = 12
const CITIES = [
  { lat: 47.3769, lng: 8.5417 }, // Zürich
  { lat: 48.8566, lng: 2.3522 }, // Paris
  { lat: 52.52, lng: 13.405 }, // Berlin
  { lat: 45.4642, lng: 9.19 }, // Milan
  { lat: 50.1109, lng: 8.6821 }, // Frankfurt
]

const config = defineNetwork({
  epochs: { durationSeconds: 12, lateReportMs: 3_000, initialEmission: 10_000n, halvingInterval: 0 },
  kinds: { uptime: { subIntervalMs: 1_000 } },
  fleet: { devices: 20, behaviours: { honest: 14, flaky: 3, burst: 1, forger: 1, replayer: 1 }, seed: 42 },
})

const dataDir = mkdtempSync(join(tmpdir(), 'pinion-readme-'))
const network = await up({ config, dataDir, explorerPort: 0, log: (line) => console.log(line) })
const browser = await launchChromium()
try {
  const url = network.explorer.url
  const json = async <T>(path: string) => (await fetch(`${url}${path}`)).json() as Promise<T>
  const { devices } = await json<{ devices: { deviceId: Hex; owner: Hex; earned: string }[] }>('/api/v1/devices?limit=100')
  await placeDevices(network.state.rpcUrl, network.devnet.chain, network.state.deployment.registry, devices.slice(0, 16), CITIES)
  console.log(`explorer ${url}; waiting for ${EPOCHS} epochs…`)
  for (;;) {
    const { epochs } = await json<{ epochs: { epoch: string }[] }>('/api/v1/epochs?limit=1')
    if (Number(epochs[0]?.epoch ?? -1) >= EPOCHS) break
    await new Promise((resolve) => setTimeout(resolve, 2_000))
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 })
  await page.goto(url)
  await page.getByRole('img', { name: /^Pool sizes per epoch/ }).waitFor()
  await page.screenshot({ path: `${OUT}explorer-overview.png`, fullPage: true })

  const { devices: latest } = await json<{ devices: { deviceId: Hex; earned: string; location: string | null }[] }>('/api/v1/devices?limit=100')
  const device = latest.filter((d) => d.location !== null).sort((a, b) => (BigInt(b.earned) > BigInt(a.earned) ? 1 : -1))[0]!
  const { epochs } = await json<{ epochs: { epoch: string; amount: string }[] }>(`/api/v1/devices/${device.deviceId}/epochs`)
  const paid = epochs.findLast((e) => BigInt(e.amount) > 0n)!
  await page.goto(`${url}/devices/${device.deviceId}`)
  await page.getByRole('button', { name: `Explain epoch ${paid.epoch}` }).click()
  await page.getByTestId('explained-reward').waitFor()
  await page.screenshot({ path: `${OUT}explorer-device.png`, fullPage: true })

  await page.goto(`${url}/map`)
  await page
    .getByRole('button', { name: /^Cell / })
    .first()
    .waitFor()
  await page
    .getByRole('button', { name: /^Cell / })
    .first()
    .click()
  await page.getByRole('complementary', { name: /^Cell / }).waitFor()
  await page.screenshot({ path: `${OUT}explorer-map.png` })
  console.log(`screenshots in ${OUT}`)
} finally {
  await browser.close()
  await network.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
