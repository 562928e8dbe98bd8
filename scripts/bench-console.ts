/**
 * Web console benchmark: `npm run bench:console -- [--lines 20000] [--rounds 3] [--cpu 4]`
 *
 * "Fast on a plain laptop", measured: a hub with its API and a worker syncs the ERP simulator
 * (`--lines` order lines) into a fresh tenant of the `erphub_bench` database and resolves its
 * customers; then Debian's Chromium (playwright-core) opens each console page with the CPU slowed
 * `--cpu` times (Chrome's own throttling, a stand-in for a modest laptop) and measures the time from
 * navigation until the page has drawn its data (no "Loading…" left, no request in flight).
 * Baseline, in the same run: the same API calls the page made, sent straight from Node in parallel,
 * so the ratio page / API is what the browser and the console add on top of the hub's answers.
 * Also printed: the bundle's size, raw and gzipped. No assertion: figures to read.
 */
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import axios from 'axios'
import { chromium, type Page } from 'playwright-core'
import { arg, benchDatabaseUrl, median } from './bench.kit'
import { buildConsoleAssets } from '../src/api/console/console.bundle'
import { loadConfig } from '../src/config/config'
import { simulatorConnectionConfig } from '../src/demo/simulator-connection'
import { createLogger } from '../src/observability/logger'
import { createHub } from '../src/runtime/hub.container'
import { startApi, startWorker } from '../src/runtime/processes'
import { startSimulator } from '../src/simulator'
import { createApiKey } from '../src/store/api-key.repo'
import { migrate } from '../src/store/migrate'
import { ensureTenant } from '../src/store/tenant.repo'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

interface Measured {
  page: string
  ms: number
  apiCalls: number
  apiMs: number
}

async function main() {
  const lines = arg('lines', 20_000)
  const rounds = arg('rounds', 3)
  const cpu = arg('cpu', 4)
  const base = loadConfig(process.env)
  const config = { ...base, databaseUrl: benchDatabaseUrl(base), queuePrefix: `{erphub-bench-console-${randomBytes(3).toString('hex')}}`, logLevel: 'warn' as const }
  await migrate(config.databaseUrl)

  const assets = await buildConsoleAssets()
  const js = assets['app.js'].body
  console.log(`bundle: app.js ${(js.length / 1024).toFixed(1)} KiB (${(gzipSync(js).length / 1024).toFixed(1)} KiB gzipped), console.css ${(assets['console.css'].body.length / 1024).toFixed(1)} KiB`)

  const sim = await startSimulator({ seed: 5, lines, auth: { type: 'bearer', token: 'bench-erp-token' } })
  const hub = createHub(config, { logger: createLogger({ level: 'warn' }) })
  const api = await startApi(hub, { port: 0, host: '127.0.0.1' })
  const worker = await startWorker(hub)
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
  try {
    const tenant = await ensureTenant(hub.db, `bench-console-${randomBytes(3).toString('hex')}`, 'Console bench')
    const { key } = await createApiKey(hub.db, { tenantId: tenant.id, role: 'admin', name: 'bench' })
    const client = axios.create({ baseURL: `${api.url}/v1`, headers: { Authorization: `Bearer ${key}` } })
    const connection = (await client.post('/connections', { name: 'sim', kind: 'rest', config: simulatorConnectionConfig(sim.url, { token: 'bench-erp-token', pageSize: 1000 }), limits: { ratePerSecond: 1000, burst: 1000 } })).data
    const t0 = Date.now()
    const { runs } = (await client.post(`/connections/${connection.id}/sync`)).data as { runs: Array<{ id: string }> }
    for (;;) {
      const views = await Promise.all(runs.map(async (r) => (await client.get(`/runs/${r.id}`)).data as { status: string }))
      if (views.every((v) => ['succeeded', 'failed', 'superseded', 'skipped'].includes(v.status))) break
      await new Promise((r) => setTimeout(r, 250))
    }
    await client.post('/customers/resolve')
    for (;;) {
      // BullMQ job states; the full resolution asked for above has its mode in its outcome once done.
      const latest = (await client.get('/customers/resolve')).data as { data: Array<{ state: string; outcome: { mode?: string } | null }> }
      const settled = latest.data.every((r) => r.state === 'completed' || r.state === 'failed')
      if (settled && latest.data.some((r) => r.outcome?.mode === 'full')) break
      await new Promise((r) => setTimeout(r, 250))
    }
    console.log(`data: ${sim.lineCount()} order lines synced and customers resolved in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

    const golden = await hub.db.pool.query<{ id: string; name: string }>(
      `SELECT g."id", g."name" FROM "golden_customer" g JOIN "customer_identity" ci ON ci."golden_id" = g."id" JOIN "customer" c ON c."id" = ci."customer_id"
       JOIN "sales_order" o ON o."connection_id" = c."connection_id" AND o."customer_external_id" = c."external_id"
       WHERE g."tenant_id" = $1 GROUP BY g."id", g."name" ORDER BY count(*) DESC LIMIT 1`,
      [tenant.id],
    )
    const sku = await hub.db.pool.query<{ sku: string }>(`SELECT "sku" FROM "inventory_position" WHERE "tenant_id" = $1 GROUP BY "sku" ORDER BY count(*) DESC, "sku" LIMIT 1`, [tenant.id])
    const top = golden.rows[0]
    const pages: Array<[string, string]> = [
      ['customers search', `/customers?q=${encodeURIComponent((top?.name ?? 'a').split(' ')[0])}`],
      ['customer 360 (most orders)', `/customers/${top?.id}`],
      ['runs', '/runs'],
      ['connections', '/connections'],
      ['new campaign (funnel)', '/campaigns/new'],
      ['availability', `/availability?sku=${encodeURIComponent(sku.rows[0]?.sku ?? '')}`],
      ['scorecard', '/scorecard'],
    ]

    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, baseURL: api.url })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu })
    const signInStart = Date.now()
    await page.goto('/console')
    await page.getByLabel('API key').fill(key)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    console.log(`sign-in (first load, bundle built on the server's first request): ${Date.now() - signInStart} ms`)

    const results: Measured[][] = pages.map(() => [])
    for (let round = 0; round < rounds; round++)
      for (const [i, [name, route]] of pages.entries()) results[i].push(await measure(page, name, route, key, api.url))

    console.log(`\npages at ${cpu}x CPU slow-down, median of ${rounds} rounds (page = navigation until its data is drawn; API = the same calls straight from Node, in parallel):`)
    console.log(`${'page'.padEnd(30)}${'page ms'.padStart(10)}${'API ms'.padStart(10)}${'calls'.padStart(8)}${'page/API'.padStart(10)}`)
    for (const [i, [name]] of pages.entries()) {
      const ms = median(results[i].map((r) => r.ms))
      const apiMs = median(results[i].map((r) => r.apiMs))
      const calls = median(results[i].map((r) => r.apiCalls))
      console.log(`${name.padEnd(30)}${String(ms).padStart(10)}${String(apiMs).padStart(10)}${String(calls).padStart(8)}${(ms / Math.max(1, apiMs)).toFixed(1).padStart(10)}`)
    }
    await context.close()
  } finally {
    await browser.close().catch(() => undefined)
    await worker.close().catch(() => undefined)
    await api.close().catch(() => undefined)
    await hub.syncQueue.queue.obliterate({ force: true }).catch(() => undefined)
    await hub.close()
    await sim.close()
  }
}

/** One page: navigation until nothing is loading and the network is idle; then its API calls replayed from Node. */
async function measure(page: Page, name: string, route: string, key: string, origin: string): Promise<Measured> {
  // Leave the page first, so the next navigation is a fresh render of the route.
  await page.goto('/console#/')
  await page.waitForLoadState('networkidle')
  const calls: string[] = []
  const onRequest = (r: { url(): string; method(): string }) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname.startsWith('/v1/')) calls.push(r.url())
  }
  page.on('request', onRequest)
  const start = Date.now()
  await page.goto(`/console#${route}`)
  // Runs in the page (a function, not a string: the console's CSP forbids eval); this file is compiled without the DOM's types.
  try {
    await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.loading, [aria-busy="true"], .boot'), undefined, { timeout: 60_000 })
  } catch (err) {
    const stuck = await page.locator('.loading, [aria-busy="true"], .boot').evaluateAll((els) => els.map((e) => (e as unknown as { outerHTML: string }).outerHTML.slice(0, 200)))
    throw new Error(`${name} (${route}) is still loading after 60 s: ${stuck.join(' | ')}`, { cause: err })
  }
  await page.waitForLoadState('networkidle')
  const ms = Date.now() - start
  page.off('request', onRequest)
  const errors = await page.locator('.error-box').count()
  if (errors > 0) throw new Error(`${name} (${route}) shows an error: ${await page.locator('.error-box').first().innerText()}`)
  const apiStart = Date.now()
  await Promise.all(calls.filter((u) => u.startsWith(origin)).map((u) => fetch(u, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.arrayBuffer())))
  return { page: name, ms, apiCalls: calls.length, apiMs: Date.now() - apiStart }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
