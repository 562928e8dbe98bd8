import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startSimulator, type Simulator } from '../../src/simulator'
import type { ApiRole } from '../../src/store/api-key.repo'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

/**
 * The web console in a real browser: Debian's Chromium (never a downloaded one) driven by
 * playwright-core against a hub on its own database, with an API, a worker and the ERP simulator.
 * Screenshots of every page visited land in test-artifacts/console/ (CI keeps them).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'console')
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * Runs `body` when Chromium is installed. Without it the tests are skipped on a developer's machine,
 * but CI (CI_REQUIRE_BROWSER=1, set by .ci/run, which installs Debian's chromium) fails instead.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  // A browser test waits on real rendering, a worker and the API at once; under a loaded CI machine
  // (two cores, other test files beside it) one step can take several times what it takes alone.
  jest.setTimeout(120_000)
  if (existsSync(CHROMIUM)) describe(name, body)
  else if (process.env.CI_REQUIRE_BROWSER === '1')
    describe(name, () => {
      test('needs Chromium', () => {
        throw new Error(`CI_REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist: install Debian's chromium package (apt-get install chromium)`)
      })
    })
  else describe.skip(`${name} (skipped: install Debian's chromium, or set CHROMIUM_PATH, to run the browser tests)`, body)
}

export interface ConsoleRig {
  th: TestHub
  sim: Simulator
  /** The API's address: the console is at `${url}/console`. */
  url: string
  browser: Browser
  context: BrowserContext
  page: Page
  /** Errors the page threw or logged; a test ends by asserting there are none. */
  pageErrors: string[]
  key(role: ApiRole): Promise<string>
  /** Opens the console and signs in with a key of `role` (a new key each time). */
  signIn(role: ApiRole): Promise<void>
  /** Opens a console route (`/customers/<id>`) and waits for the page to settle. */
  open(route: string): Promise<void>
  /** A full-page screenshot, test-artifacts/console/<name>.png. */
  shot(name: string): Promise<string>
  close(): Promise<void>
}

export async function startConsoleRig(options: { simulator?: Parameters<typeof startSimulator>[0]; hub?: Parameters<typeof startTestHub>[0] } = {}): Promise<ConsoleRig> {
  const th = await startTestHub(options.hub)
  const sim = await startSimulator({ seed: 11, lines: 400, auth: { type: 'bearer', token: 'console-e2e-erp-token' }, ...options.simulator })
  const { url } = await th.api()
  await th.worker()
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, baseURL: url })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (err) => pageErrors.push(`uncaught: ${err.message}`))
  page.on('console', (msg) => {
    // Chromium logs every 4xx answer as "Failed to load resource"; a page that shows the hub's 400 at
    // the field is working. Server errors and anything the page itself logs still count.
    if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) pageErrors.push(`console.error: ${msg.text()}`)
  })
  mkdirSync(ARTIFACTS, { recursive: true })

  const rig: ConsoleRig = {
    th,
    sim,
    url,
    browser,
    context,
    page,
    pageErrors,
    key: (role) => createKey(th, role),
    async signIn(role) {
      const key = await createKey(th, role)
      await page.goto('/console')
      await page.getByLabel('API key').fill(key)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('button', { name: 'Sign out' }).waitFor()
    },
    async open(route) {
      await page.goto(`/console#${route}`)
      await page.waitForLoadState('networkidle')
    },
    async shot(name) {
      const file = join(ARTIFACTS, `${name}.png`)
      await page.screenshot({ path: file, fullPage: true })
      return file
    },
    async close() {
      await browser.close().catch(() => undefined)
      await sim.close().catch(() => undefined)
      await th.close()
    },
  }
  return rig
}
