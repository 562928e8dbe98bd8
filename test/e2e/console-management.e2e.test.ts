import axios, { type AxiosInstance } from 'axios'
import type { Locator } from 'playwright-core'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { connectSimulator, syncNow } from '../support/hub.harness'
import { describeWithBrowser, startConsoleRig, type ConsoleRig } from './console.harness'

/**
 * The management area in a real browser: the balanced scorecard of a quarter synced from the ERP
 * simulator (orders over the past year), with service cases and knowledge links written the way
 * test/integration/scorecard.test.ts writes them. Every number the page shows is checked against
 * what the API answers for the same period.
 */

interface ApiKpi {
  id: string
  name: string
  value: number | null
  target: number
  targetIsDefault: boolean
  status: string
  reason?: string
  unit: 'ratio' | 'days' | 'count' | 'currency'
  direction: 'higher' | 'lower'
  scope: 'period' | 'snapshot'
}
interface ApiScorecard {
  period: { label: string; from: string; to: string }
  perspectives: Array<{ id: string; name: string; kpis: ApiKpi[] }>
}

const DAY_MS = 86_400_000

/** The last whole quarter (UTC), the period the test looks at: every day of it holds synced orders. */
function lastQuarter(now = new Date()): { label: string; from: Date } {
  const q = Math.floor(now.getUTCMonth() / 3) - 1
  const from = new Date(Date.UTC(now.getUTCFullYear(), q * 3, 1))
  return { label: `${from.getUTCFullYear()}-Q${Math.floor(from.getUTCMonth() / 3) + 1}`, from }
}

describeWithBrowser('web console: management, the balanced scorecard (headless Chromium)', () => {
  let rig: ConsoleRig
  let manager: AxiosInstance
  let locale: string
  const quarter = lastQuarter()
  const at = (days: number, hours = 9) => new Date(quarter.from.getTime() + days * DAY_MS + hours * 3_600_000).toISOString()

  const scorecard = async (): Promise<ApiScorecard> => {
    const res = await manager.get(`/v1/scorecard?period=${quarter.label}`)
    expect(res.status).toBe(200)
    return res.data
  }
  const kpiOf = (card: ApiScorecard, id: string) => card.perspectives.flatMap((p) => p.kpis).find((k) => k.id === id)!

  /** The value as the page writes it, in the browser's locale. */
  const shown = (value: number | null, unit: ApiKpi['unit']) => {
    if (value === null) return '—'
    if (unit === 'ratio') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value)
    const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)
    return unit === 'days' ? `${n} ${value === 1 ? 'day' : 'days'}` : n
  }
  const rowsOf = (table: Locator) => table.locator('tbody tr')

  beforeAll(async () => {
    rig = await startConsoleRig()
    const { th } = rig
    manager = axios.create({ baseURL: rig.url, validateStatus: () => true, headers: { Authorization: `Bearer ${await rig.key('manager')}` } })

    const connection = await connectSimulator(th, rig.sim.url, { token: 'console-e2e-erp-token' })
    const runs = await syncNow(th, connection.id)
    expect(runs.map((r) => [r.entity, r.status]).filter(([, status]) => status !== 'succeeded')).toEqual([])
    await resolveTenant(th.hub.db, th.tenantId)

    // Service cases of three golden customers in the quarter, two resolved, one with a knowledge article.
    const sql = (text: string, params: unknown[] = []) => th.hub.db.pool.query(text, params)
    const { rows: customers } = await sql(
      `SELECT c."connection_id", c."external_id" FROM "customer" c JOIN "customer_identity" ci ON ci."customer_id" = c."id"
       JOIN "golden_customer" g ON g."id" = ci."golden_id" AND g."status" = 'active' WHERE c."tenant_id" = $1 ORDER BY c."external_id" LIMIT 3`,
      [th.tenantId],
    )
    expect(customers).toHaveLength(3)
    const cases: string[] = []
    for (const [i, [created, resolved]] of [
      [at(3), at(5)],
      [at(10), at(14, 21)],
      [at(40), null],
    ].entries()) {
      const { rows } = await sql(
        `INSERT INTO "service_case" ("tenant_id", "connection_id", "customer_external_id", "subject", "description", "status", "resolved_at", "created_at", "updated_at")
         VALUES ($1, $2, $3, $4, 'e2e scorecard case', $5, $6, $7, $7) RETURNING "id"`,
        [th.tenantId, customers[i].connection_id, customers[i].external_id, `Pump ${i + 1} leaks`, resolved ? 'resolved' : 'open', resolved, created],
      )
      cases.push(rows[0].id)
    }
    const { rows: article } = await sql(`INSERT INTO "knowledge_article" ("tenant_id", "title", "body", "tags") VALUES ($1, 'Replacing a pump seal', 'how to', ARRAY['pump']) RETURNING "id"`, [th.tenantId])
    await sql(`INSERT INTO "case_article" ("case_id", "article_id", "linked_by", "linked_at") VALUES ($1, $2, 'svc', $3)`, [cases[0], article[0].id, at(4)])

    await rig.signIn('manager')
    locale = await rig.page.evaluate('navigator.language')
  }, 180_000)

  afterAll(async () => {
    await rig?.close()
  })

  test('the scorecard: four perspectives of tiles with the API’s values, no-data reasons and trend charts', async () => {
    const { page } = rig
    // A manager's only area: signing in lands on the scorecard.
    await page.getByRole('heading', { name: 'Balanced scorecard' }).waitFor()
    await rig.open(`/scorecard?period=${quarter.label}`)
    const card = await scorecard()
    expect(card.perspectives.map((p) => p.name)).toEqual(['Financial', 'Customer', 'Internal process', 'Learning and growth'])
    await page.getByText(`${quarter.label}:`, { exact: false }).first().waitFor()

    for (const perspective of card.perspectives) {
      const section = page.getByRole('region', { name: perspective.name })
      await expect(section.getByRole('article').count()).resolves.toBe(perspective.kpis.length)
      for (const kpi of perspective.kpis) {
        const tile = section.getByRole('article', { name: kpi.name })
        const value = tile.getByTestId('kpi-value')
        expect({ id: kpi.id, raw: await value.getAttribute('data-value'), text: await value.textContent() }).toEqual({ id: kpi.id, raw: kpi.value === null ? '' : String(kpi.value), text: shown(kpi.value, kpi.unit) })
        expect({ id: kpi.id, status: await tile.getByTestId('kpi-status').getAttribute('data-status') }).toEqual({ id: kpi.id, status: kpi.status })
        expect(await tile.getByTestId('kpi-target').textContent()).toContain(shown(kpi.target, kpi.unit))
        if (kpi.status === 'no-data') expect(await tile.getByTestId('kpi-reason').textContent()).toContain(kpi.reason!)
      }
    }
    // The data makes values and gaps: synced orders measure revenue growth; no campaign was mailed,
    // and the sales orders carry no delivery dates.
    expect(kpiOf(card, 'revenue-growth').value).not.toBeNull()
    expect(kpiOf(card, 'case-resolution-time').value).toBeCloseTo((2 + 4.5) / 2, 9)
    for (const id of ['campaign-roi', 'on-time-delivery']) {
      const kpi = kpiOf(card, id)
      expect(kpi).toMatchObject({ status: 'no-data', reason: expect.any(String) })
      await expect(page.getByTestId(`kpi-tile-${id}`).getByText(kpi.reason!, { exact: false }).count()).resolves.toBe(1)
    }

    // Each period KPI's tile draws its trend against the target: as many points as the API has values.
    const growth = page.getByTestId('kpi-tile-revenue-growth')
    await growth.getByTestId('chart-series').waitFor()
    await expect(growth.getByTestId('chart-threshold').count()).resolves.toBe(1)
    const trend = await manager.get(`/v1/scorecard/trend?kpi=revenue-growth&grain=quarter&periods=6&until=${card.period.to}`)
    expect(trend.status).toBe(200)
    const withValue = trend.data.points.filter((p: { value: number | null }) => p.value !== null).length
    expect(withValue).toBeGreaterThan(1)
    await expect(growth.getByTestId('chart-series').locator('circle').count()).resolves.toBe(withValue)
    // A snapshot KPI has no past values: no chart, and the tile says why.
    await expect(page.getByTestId('kpi-tile-lineage-coverage').getByTestId('chart').count()).resolves.toBe(0)
    await page.getByTestId('kpi-tile-lineage-coverage').getByText('no trend', { exact: false }).waitFor()
    await page.getByTestId('kpi-tile-case-resolution-time').getByTestId('chart-series').waitFor()
    await page.waitForLoadState('networkidle')
    await rig.shot('management-01-scorecard')
  })

  test('a KPI’s page: its value, full trend, definition and the rows behind it, paged like the API', async () => {
    const { page } = rig
    await page.getByRole('article', { name: 'Customer retention' }).getByRole('link', { name: 'Customer retention' }).click()
    await page.waitForURL(`**/console#/scorecard/kpis/retention-rate?period=${quarter.label}`)
    const kpi = kpiOf(await scorecard(), 'retention-rate')
    const value = page.getByTestId('kpi-value-card').getByTestId('kpi-value')
    await value.waitFor()
    expect(await value.getAttribute('data-value')).toBe(String(kpi.value))
    expect(await page.getByTestId('kpi-value-card').getByTestId('kpi-status').getAttribute('data-status')).toBe(kpi.status)
    await page.getByTestId('kpi-trend').getByTestId('chart-series').waitFor()
    await expect(page.getByTestId('kpi-trend').getByTestId('chart-threshold').count()).resolves.toBe(1)
    const catalogue = (await manager.get('/v1/scorecard/kpis')).data.data.find((k: { id: string }) => k.id === 'retention-rate')
    await page.getByTestId('kpi-definition').getByText(catalogue.definition).waitFor()

    const rows = await manager.get(`/v1/scorecard/kpis/retention-rate/rows?period=${quarter.label}&limit=500`)
    expect(rows.status).toBe(200)
    const total: number = rows.data.total
    expect(total).toBeGreaterThan(0)
    const drill = page.getByTestId('kpi-rows')
    await drill.getByTestId('drill-rows').waitFor()
    expect(await drill.getByTestId('drill-total').getAttribute('data-total')).toBe(String(total))
    await expect(rowsOf(drill.getByTestId('drill-rows')).count()).resolves.toBe(Math.min(total, 25))
    // The first row is the API's first row (a stable order): its customer's name is in it.
    expect(await rowsOf(drill.getByTestId('drill-rows')).first().textContent()).toContain(rows.data.data[0].name)
    await rig.shot('management-02-kpi')

    // The order lines behind the cross-sell share are longer than a page: the pager keeps its offset
    // in the link, and the second page holds the API's next rows.
    await rig.open(`/scorecard/kpis/cross-up-sell-share?period=${quarter.label}`)
    const lines = await manager.get(`/v1/scorecard/kpis/cross-up-sell-share/rows?period=${quarter.label}&limit=500`)
    const all: number = lines.data.total
    expect(all).toBeGreaterThan(25)
    await drill.getByTestId('drill-rows').waitFor()
    expect(await drill.getByTestId('drill-total').getAttribute('data-total')).toBe(String(all))
    await expect(rowsOf(drill.getByTestId('drill-rows')).count()).resolves.toBe(25)
    await drill.getByRole('button', { name: 'Next →' }).click()
    await page.waitForURL('**offset=25**')
    await drill.getByText(`26–${Math.min(all, 50)} of ${all}`).waitFor()
    await expect(rowsOf(drill.getByTestId('drill-rows')).count()).resolves.toBe(Math.min(all - 25, 25))
    expect(await rowsOf(drill.getByTestId('drill-rows')).first().textContent()).toContain(lines.data.data[25].orderNumber)
    await rig.shot('management-03-kpi-rows-paged')

    // A snapshot KPI: the master data now, no trend, every active golden customer a row.
    await rig.open(`/scorecard/kpis/lineage-coverage?period=${quarter.label}`)
    const lineage = await manager.get(`/v1/scorecard/kpis/lineage-coverage/rows?period=${quarter.label}&limit=500`)
    await drill.getByTestId('drill-rows').waitFor()
    expect(await drill.getByTestId('drill-total').getAttribute('data-total')).toBe(String(lineage.data.total))
    await expect(rowsOf(drill.getByTestId('drill-rows')).count()).resolves.toBe(Math.min(lineage.data.total, 25))
    await page.getByText('is a snapshot of the master data').waitFor()
    await expect(page.getByTestId('kpi-trend').count()).resolves.toBe(0)
    expect(rig.pageErrors).toEqual([])
    await rig.shot('management-04-kpi-snapshot')
  })

  test('a manager sets a target through the form: a bad one is refused at the field, a good one changes the status, reset restores it', async () => {
    const { page } = rig
    await rig.open(`/scorecard/kpis/revenue-growth?period=${quarter.label}`)
    const before = kpiOf(await scorecard(), 'revenue-growth')
    expect(before.targetIsDefault).toBe(true)
    const status = page.getByTestId('kpi-value-card').getByTestId('kpi-status')
    await status.waitFor()
    expect(await status.getAttribute('data-status')).toBe(before.status)

    const input = page.getByLabel('Target (%)')
    await input.fill('high')
    await page.getByRole('button', { name: 'Set target' }).click()
    const refused = await manager.put('/v1/scorecard/targets/revenue-growth', { target: 'high' })
    expect(refused.data.error.details.issues[0].path).toBe('target')
    const fieldIssue = page.locator('.field.has-issue', { has: page.getByLabel('Target (%)') }).locator('.field-issue')
    await fieldIssue.waitFor()
    expect(await fieldIssue.textContent()).toBe(refused.data.error.details.issues[0].message)
    expect(kpiOf(await scorecard(), 'revenue-growth').targetIsDefault).toBe(true)
    await rig.shot('management-05-kpi-target-refused')

    // A target that flips the status: below the value when it is off track, far above it otherwise.
    const value = before.value!
    const target = before.status === 'off-track' ? value - 1 : value + Math.abs(value) + 0.5
    const expected = before.status === 'off-track' ? 'on-track' : 'off-track'
    const percent = Math.round(target * 100)
    await input.fill(String(percent))
    await page.getByRole('button', { name: 'Set target' }).click()
    await page.getByRole('status').getByText('The target of Revenue growth is now').waitFor()
    await page.locator(`[data-testid=kpi-value-card] [data-testid=kpi-status][data-status=${expected}]`).waitFor()
    const after = kpiOf(await scorecard(), 'revenue-growth')
    expect(after).toMatchObject({ target: percent / 100, targetIsDefault: false, status: expected })
    expect(await page.getByTestId('kpi-value-card').getByTestId('kpi-target').textContent()).toContain(`${shown(percent / 100, 'ratio')} (set by you)`)
    // The trend is judged against the new target too.
    await page.getByTestId('kpi-trend').getByTestId('chart-threshold').getByText(`Target ${shown(percent / 100, 'ratio')}`).waitFor()
    await rig.shot('management-06-kpi-target-set')

    // The scorecard shows the tenant's target on the tile.
    await page.getByRole('link', { name: '← Scorecard' }).click()
    const tile = page.getByRole('article', { name: 'Revenue growth' })
    await tile.getByText('(set by you)').waitFor()
    expect(await tile.getByTestId('kpi-status').getAttribute('data-status')).toBe(expected)

    await tile.getByRole('link', { name: 'Revenue growth' }).click()
    await page.getByRole('button', { name: /Reset to the catalogue/ }).click()
    await page.getByRole('status').getByText('back to the catalogue').waitFor()
    await page.locator(`[data-testid=kpi-value-card] [data-testid=kpi-status][data-status=${before.status}]`).waitFor()
    expect(kpiOf(await scorecard(), 'revenue-growth')).toMatchObject({ target: before.target, targetIsDefault: true, status: before.status })
    expect(await page.getByLabel('Target (%)').inputValue()).toBe(String(Number((before.target * 100).toPrecision(12))))
    expect(await page.getByRole('button', { name: /Reset to the catalogue/ }).isDisabled()).toBe(true)
  })

  test('a KPI with parameters takes them in the same form, the hub’s issue at the field; a KPI without data says why', async () => {
    const { page } = rig
    await rig.open(`/scorecard/kpis/campaign-roi?period=${quarter.label}`)
    const param = page.getByLabel('costPerMail')
    await param.fill('-1')
    await page.getByRole('button', { name: 'Save parameters' }).click()
    const refused = await manager.put('/v1/scorecard/parameters/campaign-roi', { costPerMail: -1 })
    expect(refused.data.error.details.issues[0].path).toBe('costPerMail')
    await page.locator('.field.has-issue', { has: page.getByLabel('costPerMail') }).getByText(refused.data.error.details.issues[0].message).waitFor()
    expect((await manager.get('/v1/scorecard/kpis')).data.data.find((k: { id: string }) => k.id === 'campaign-roi').parameters).toEqual({ costPerMail: 1 })

    await rig.open(`/scorecard/kpis/on-time-delivery?period=${quarter.label}`)
    const kpi = kpiOf(await scorecard(), 'on-time-delivery')
    await page.getByTestId('kpi-value-card').getByTestId('kpi-reason').getByText(kpi.reason!, { exact: false }).waitFor()
    const rows = await manager.get(`/v1/scorecard/kpis/on-time-delivery/rows?period=${quarter.label}`)
    expect(rows.data).toMatchObject({ total: 0, reason: expect.any(String) })
    await page.getByTestId('kpi-rows').getByText(rows.data.reason, { exact: false }).waitFor()
    await expect(page.getByTestId('drill-rows').count()).resolves.toBe(0)
    await rig.shot('management-07-kpi-no-data')
  })

  test('roles that may only read see the scorecard without the target form; a bad period names the field', async () => {
    const { page } = rig
    await page.getByRole('button', { name: 'Sign out' }).click()
    await rig.signIn('marketer')
    await rig.open(`/scorecard/kpis/revenue-growth?period=${quarter.label}`)
    await page.getByTestId('kpi-target-card').getByText('Admins and managers set targets').waitFor()
    await expect(page.getByRole('button', { name: 'Set target' }).count()).resolves.toBe(0)
    await expect(page.getByLabel('Target (%)').count()).resolves.toBe(0)

    await rig.open('/scorecard?period=2026-Q5')
    const alert = page.getByRole('alert')
    await alert.getByText('query.period').waitFor()
    // The picker still leads out of it.
    await page.getByLabel('Period').selectOption(quarter.label)
    await page.getByRole('region', { name: 'Financial' }).waitFor()
    expect(page.url()).toContain(`#/scorecard?period=${quarter.label}`)
    // The deliberate bad inputs' 400s are not page errors (the harness leaves out Chromium's 4xx lines).
    expect(rig.pageErrors).toEqual([])
  })
})
