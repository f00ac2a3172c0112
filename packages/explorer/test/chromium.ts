import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Browser, type Page, chromium } from 'playwright-core'

/**
 * Debian's Chromium, driven by playwright-core: playwright's own browser downloads do not work
 * here, and CI installs the distribution's package (.ci/run).
 */
export const CHROMIUM_PATH = '/usr/bin/chromium'
export const INSTALL_HINT = 'apt-get install -y chromium'

/** Where the browser tests save a screenshot of every page they visit (gitignored). */
const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url))

export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH)

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  /** The narrowest phone the explorer supports. */
  mobile: { width: 360, height: 740 },
} as const

/** How wide the page's content is: more than the viewport means it scrolls sideways. */
export const contentWidth = (page: Page): Promise<number> => page.evaluate('document.documentElement.scrollWidth') as Promise<number>

/** Saves a full-page screenshot as `<name>-<viewport>.png` in SCREENSHOT_DIR. */
export async function screenshot(page: Page, name: string, viewport: keyof typeof VIEWPORTS): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.evaluate('window.scrollTo(0, 0)')
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}-${viewport}.png`, fullPage: true })
}
