import { randomUUID } from 'node:crypto'
import axios, { type AxiosInstance } from 'axios'
import { createConnection } from '../../src/connections/connection.service'
import { describeWithBrowser, startConsoleRig, type ConsoleRig } from './console.harness'

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/**
 * The marketing pages in a real browser, on the data of test/integration/campaigns.test.ts (worked
 * out by hand there): 60 golden customers, 50 in DE, 33 of those bought Tools lately; the offered
 * drill has 10 on hand and 5 more from production on day 20. A campaign mailing 24 of them at a 50 %
 * response rate needs 12 drills on day 10: short by 2.
 */
describeWithBrowser('web console: marketing (headless Chromium)', () => {
  let rig: ConsoleRig
  let marketer: AxiosInstance
  let campaignId: string

  beforeAll(async () => {
    rig = await startConsoleRig()
    const { th } = rig
    const q = (sql: string, params: unknown[]) => th.hub.db.pool.query(sql, params)
    const unscheduled = { entities: { customer: null } }
    const rest = (name: string) => ({ name, kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: unscheduled })
    const erp = await createConnection(th.hub.connections, th.tenantId, rest('shop-erp'))
    const stock = await createConnection(th.hub.connections, th.tenantId, rest('warehouse'))
    for (let i = 0; i < 60; i++) {
      const customer = randomUUID()
      const golden = randomUUID()
      const country = i < 50 ? 'DE' : 'AT'
      await q(`INSERT INTO "customer" ("id", "tenant_id", "connection_id", "external_id", "name", "country", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $5, $6, 'h', 1)`, [customer, th.tenantId, erp.id, `K-${i}`, `Customer ${i}`, country])
      await q(`INSERT INTO "golden_customer" ("id", "tenant_id", "name", "country", "city", "lineage", "members") VALUES ($1, $2, $3, $4, $5, '{}', 1)`, [golden, th.tenantId, `Customer ${i}`, country, i < 50 ? 'Berlin' : 'Wien'])
      await q(`INSERT INTO "customer_identity" ("customer_id", "tenant_id", "golden_id", "linked_by") VALUES ($1, $2, $3, 'matcher')`, [customer, th.tenantId, golden])
      const order = randomUUID()
      await q(
        `INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "customer_external_id", "status", "ordered_at", "total_amount", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $5, 'closed', now() - interval '10 days', $6, 'h', 1)`,
        [order, th.tenantId, erp.id, `SO-${i}`, `K-${i}`, 100 + i],
      )
      await q(`INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity", "amount") VALUES ($1, $2, 1, $3, 1, $4)`, [th.tenantId, order, i % 3 === 0 ? 'RAKE-1' : 'SAW-1', 100 + i])
    }
    await q(`INSERT INTO "product" ("tenant_id", "connection_id", "external_id", "sku", "name", "category", "content_hash", "mapping_version") VALUES ($1, $2, 'P1', 'SAW-1', 'Saw', 'Tools', 'h', 1), ($1, $2, 'P2', 'RAKE-1', 'Rake', 'Garden', 'h', 1)`, [th.tenantId, erp.id])
    await q(`INSERT INTO "inventory_position" ("tenant_id", "connection_id", "external_id", "sku", "location", "on_hand", "reserved", "as_of", "content_hash", "mapping_version") VALUES ($1, $2, 'DRL-1', 'DRL-1', 'WH', 10, 0, now(), 'h', 1)`, [th.tenantId, stock.id])
    await q(`INSERT INTO "production_order" ("tenant_id", "connection_id", "external_id", "sku", "quantity", "location", "planned_end", "status", "content_hash", "mapping_version") VALUES ($1, $2, 'MO-1', 'DRL-1', 5, 'WH', $3::date, 'firm', 'h', 1)`, [th.tenantId, stock.id, day(20)])
    marketer = axios.create({ baseURL: rig.url, validateStatus: () => true, headers: { Authorization: `Bearer ${await rig.key('marketer')}` } })
    // A locator that never shows fails within seconds, naming itself, instead of the test timing out.
    rig.page.setDefaultTimeout(15_000)
    await rig.signIn('marketer')
  }, 90_000)
  afterAll(async () => {
    await rig?.close()
  })

  const keptIn = async (testId: string) => {
    const rows = rig.page.locator(`[data-testid=${testId}] tbody tr`)
    const out: Array<[string, number]> = []
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i)
      out.push([(await row.getAttribute('data-stage'))!, Number(await row.locator('[data-col=kept]').innerText())])
    }
    return out
  }

  test('segments: RFM computed from the page, a rule segment built with a live preview, its members listed', async () => {
    const { page } = rig
    await rig.open('/segments')
    await page.getByTestId('segments').waitFor()
    await page.getByRole('button', { name: 'Recompute RFM segments' }).click()
    await page.getByText('RFM computed: 60 customers with orders scored').waitFor()
    // The members shown per RFM segment are the hub's, and every customer with orders is in one.
    const api = (await marketer.get('/v1/segments', { params: { kind: 'rfm', limit: 500 } })).data as { total: number; data: Array<{ name: string; members: number }> }
    expect(api.data.reduce((n, x) => n + x.members, 0)).toBe(60)
    const rows = page.locator('[data-testid=segments] tbody tr')
    await page.locator('[data-testid=segments] tbody tr', { hasText: api.data[0].name }).getByText(String(api.data[0].members), { exact: true }).waitFor()
    expect(await rows.count()).toBe(api.total)
    for (const seg of api.data) expect(await rows.filter({ has: page.getByRole('link', { name: seg.name, exact: true }) }).locator('td').nth(2).innerText()).toBe(String(seg.members))

    await page.getByRole('link', { name: 'New rule segment' }).click()
    await page.getByRole('textbox', { name: /^Name/ }).fill('Germany')
    await page.getByRole('textbox', { name: 'Value' }).fill('DE')
    await page.locator('[data-testid=segment-preview] [data-state=ready]').getByText('50').waitFor()
    await rig.shot('marketing-09-segment-builder')
    await page.getByRole('button', { name: 'Create the segment' }).click()
    await page.getByRole('heading', { name: 'Germany' }).waitFor()
    expect(await page.getByTestId('members-count').innerText()).toBe('50')
    await page.getByTestId('rule').getByText('country is DE').waitFor()
    expect(await page.locator('[data-testid=members] tbody tr').count()).toBe(50)
    await rig.shot('marketing-08-segment')
    // Edited: the rule comes back into the builder as it was; a description is added.
    await page.getByRole('link', { name: 'Edit rule' }).click()
    expect(await page.getByRole('textbox', { name: 'Value' }).inputValue()).toBe('DE')
    await page.locator('[data-testid=segment-preview] [data-state=ready]').getByText('50').waitFor()
    await page.getByRole('textbox', { name: /^Description/ }).fill('Customers in Germany')
    await rig.shot('marketing-09-segment-edit')
    await page.getByRole('button', { name: 'Save the segment' }).click()
    await page.getByText('Customers in Germany').waitFor()
    expect((await marketer.get('/v1/segments', { params: { kind: 'rule' } })).data.data).toMatchObject([{ name: 'Germany', description: 'Customers in Germany', members: 50, conditions: [{ field: 'country', op: 'eq', value: 'DE' }] }])
    await rig.open('/segments')
    await page.locator('[data-testid=segments]').getByText('Germany').waitFor()
    await rig.shot('marketing-07-segments')
  })

  test('build a campaign: audience with live funnel counts equal to the API\'s, an offer, a control group; saved as a draft', async () => {
    const { page } = rig
    await rig.open('/campaigns')
    await page.getByText('No campaigns yet').waitFor()
    await rig.shot('marketing-01-campaigns')
    await page.getByRole('link', { name: 'New campaign' }).first().click()
    await page.getByRole('heading', { name: 'New campaign' }).waitFor()
    // Bad input is refused with the hub's reason at the field it names.
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.getByRole('alert').filter({ hasText: 'The draft was not saved' }).waitFor()
    await page.locator('.field.has-issue', { hasText: 'Name' }).waitFor()

    await page.getByRole('textbox', { name: /^Name/ }).fill('Winter drills')
    await page.getByLabel(/^Mail date/).fill(day(0))
    await page.getByLabel(/^Promise date/).fill(day(10))
    await page.getByLabel(/^Response window \(days\)/).fill('30')
    await page.getByRole('group', { name: 'In any of these segments' }).getByRole('checkbox', { name: /^Germany/ }).check()
    await page.getByLabel(/^Categories/).fill('Tools')
    await page.getByLabel(/^Within the last \(days\)/).fill('0')
    await page.locator('[data-testid=funnel][data-state=error]').waitFor()
    await page.locator('.field.has-issue', { hasText: 'Within the last (days)' }).waitFor()
    await page.getByLabel(/^Within the last \(days\)/).fill('90')
    await page.getByLabel(/^Rank by/).selectOption('monetary')
    await page.getByLabel(/^Cap \(most customers selected\)/).fill('30')
    await page.locator('[data-testid=funnel][data-state=ready]').waitFor()

    // The counts on screen are the hub's for the same selection (and the ones worked out by hand).
    const selection = { eligibility: [{ segment: 'Germany' }], behaviour: [{ orders: { categories: ['Tools'], withinDays: 90 } }], exclude: { segments: [] }, ranking: 'monetary' }
    const preview = await marketer.post('/v1/campaigns/funnel', { selection, maxTargets: 30, mailDate: day(0) })
    expect(preview.status).toBe(200)
    const shown = await keptIn('funnel')
    expect(shown).toEqual(preview.data.stages.map((s: { stage: string; kept: number }) => [s.stage, s.kept]))
    expect(shown).toEqual([
      ['customers', 60],
      ['eligibility', 50],
      ['behaviour', 33],
      ['exclusions', 33],
      ['ranking and cut', 30],
    ])
    // Edited, the counts follow: a cap of 20 keeps 20.
    await page.getByLabel(/^Cap \(most customers selected\)/).fill('20')
    await page.locator('[data-testid=funnel][data-state=ready] tr[data-stage="ranking and cut"] [data-col=kept]').getByText('20', { exact: true }).waitFor()
    await page.getByLabel(/^Cap \(most customers selected\)/).fill('30')
    await page.locator('[data-testid=funnel][data-state=ready] tr[data-stage="ranking and cut"] [data-col=kept]').getByText('30', { exact: true }).waitFor()
    await rig.shot('marketing-02-builder')

    await page.getByRole('tab', { name: '2 Offers' }).click()
    await page.getByLabel(/^SKU/).fill('DRL-1')
    await page.getByLabel(/^Expected response rate \(%\)/).fill('50')
    await page.getByLabel(/^Quantity per response/).fill('1')
    await page.getByRole('tab', { name: '3 Control group' }).click()
    await page.getByLabel(/^Control group share \(%\)/).fill('20')
    expect(await page.getByTestId('planned-control').innerText()).toBe('6')
    expect(await page.getByTestId('planned-mailed').innerText()).toBe('24')
    await page.getByRole('tab', { name: '2 Offers' }).click()
    // 24 mailed × 50 % × 1 drill, estimated from the live funnel.
    await page.getByText('Expected demand: 12').waitFor()
    await rig.shot('marketing-10-offers')

    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.waitForURL(/#\/campaigns\/[0-9a-f-]{36}/)
    campaignId = /#\/campaigns\/([0-9a-f-]{36})/.exec(page.url())![1]
    await page.getByText('All changes saved').waitFor()
    const saved = (await marketer.get(`/v1/campaigns/${campaignId}`)).data
    expect(saved).toMatchObject({ name: 'Winter drills', status: 'draft', mailDate: day(0), promiseDate: day(10), responseWindowDays: 30, controlShare: 0.2, maxTargets: 30, targets: { treated: 24, control: 6 } })
    expect(saved.offers).toEqual([{ sku: 'DRL-1', responseRate: 0.5, quantityPerResponse: '1' }])
    expect(saved.selection).toMatchObject(selection)

    await page.getByRole('tab', { name: '3 Control group' }).click()
    expect(await page.getByTestId('saved-mailed').innerText()).toBe('24')
    expect(await page.getByTestId('saved-control').innerText()).toBe('6')
    await page.getByText(campaignId).first().waitFor() // the seed
    expect(await keptIn('saved-funnel')).toEqual(saved.funnel.stages.map((s: { stage: string; kept: number }) => [s.stage, s.kept]))
    await rig.shot('marketing-11-control-group')
  })

  test('the stock check shows the shortfall per SKU and ATP over time as a chart with the shortfall marked; the launch waits', async () => {
    const { page } = rig
    await rig.open(`/campaigns/${campaignId}?step=stock`)
    await page.getByText('No stock check yet').waitFor()
    await page.getByRole('button', { name: 'Run the stock check' }).click()
    await page.locator('[data-testid=stock-check][data-feasible=false]').waitFor()
    const check = (await marketer.get(`/v1/campaigns/${campaignId}`)).data.stockCheck
    expect(check).toMatchObject({ feasible: false, targets: 24, maxFeasibleTargets: 20, earliestFeasibleDate: day(20), skus: [{ sku: 'DRL-1', demand: '12', atpAtPromise: '10', shortBy: '2' }] })
    expect(await page.getByTestId('short-by').innerText()).toBe(check.skus[0].shortBy)

    const chart = page.locator('[data-testid=atp-card] [data-testid=chart]')
    await chart.waitFor()
    const series = chart.locator('[data-testid=chart-series]')
    expect(await series.count()).toBe(2)
    for (let i = 0; i < 2; i++) expect(await series.nth(i).locator('circle').count()).toBeGreaterThan(0)
    expect(await chart.locator('[data-testid=chart-threshold]').textContent()).toContain('needed 12')
    const region = chart.locator('[data-testid=chart-region]')
    expect(await region.count()).toBe(1)
    expect(await region.locator('text').textContent()).toBe(`short by ${check.skus[0].shortBy}`)
    expect(await page.getByRole('img', { name: 'Available to promise for DRL-1, per day' }).count()).toBe(1)
    await page.locator('[data-testid=atp-card]').getByRole('cell', { name: 'warehouse' }).waitFor()
    await rig.shot('marketing-03-stock-check')

    // Short: the launch is held until the shortfall is accepted.
    await page.getByRole('tab', { name: '5 Launch' }).click()
    await page.getByText('found a shortfall (DRL-1 short by 2)').waitFor()
    expect(await page.getByRole('button', { name: 'Launch…' }).isDisabled()).toBe(true)
    await page.getByLabel('Launch anyway and accept the shortfall').check()
    expect(await page.getByRole('button', { name: 'Launch…' }).isEnabled()).toBe(true)
    await page.getByLabel('Launch anyway and accept the shortfall').uncheck()
    await rig.shot('marketing-05-launch-short')
  })

  test('capped to what the stock allows, checked again, launched once after a confirmation; results with uplift', async () => {
    const { page, th } = rig
    await rig.open(`/campaigns/${campaignId}?step=stock`)
    // 25 selected → 5 held out, 20 mailed → demand 10 = ATP.
    await page.getByRole('button', { name: 'Cap at 25 selected (20 mailed)' }).click()
    await page.getByText('No stock check yet').waitFor()
    await page.getByRole('button', { name: 'Run the stock check' }).click()
    await page.locator('[data-testid=stock-check][data-feasible=true]').waitFor()
    expect(await page.locator('[data-testid=atp-card] [data-testid=chart-region]').count()).toBe(0)

    await page.getByRole('tab', { name: '5 Launch' }).click()
    await page.getByRole('button', { name: 'Launch…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Confirm the launch' })
    await dialog.getByText('each of the 20 mailed customers becomes one opportunity').waitFor()
    await rig.shot('marketing-05-launch-confirm')
    await dialog.getByRole('button', { name: 'Confirm the launch' }).click()
    await page.getByText('Launched: 20 mailed customers').waitFor()
    const launched = (await marketer.get(`/v1/campaigns/${campaignId}`)).data
    expect(launched).toMatchObject({ status: 'launched', targets: { treated: 20, control: 5 } })
    // No connection here takes opportunities: the page says so rather than claiming writes.
    await page.getByText('20 are in no ERP that takes opportunities').waitFor()
    await rig.shot('marketing-05-launched')

    // 6 mailed customers and 1 held-out one order drills after the mail date.
    const targets = (await th.hub.db.pool.query<{ golden_id: string; group: string }>(`SELECT "golden_id", "group" FROM "campaign_target" WHERE "campaign_id" = $1 ORDER BY "rank"`, [campaignId])).rows
    const responders = [...targets.filter((t) => t.group === 'treated').slice(0, 6), ...targets.filter((t) => t.group === 'control').slice(0, 1)]
    for (const t of responders) {
      const c = (await th.hub.db.pool.query<{ external_id: string; connection_id: string }>(`SELECT c."external_id", c."connection_id" FROM "customer" c JOIN "customer_identity" i ON i."customer_id" = c."id" WHERE i."golden_id" = $1`, [t.golden_id])).rows[0]
      const order = randomUUID()
      await th.hub.db.pool.query(
        `INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "customer_external_id", "status", "ordered_at", "total_amount", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $5, 'confirmed', now(), 200, 'h', 1)`,
        [order, th.tenantId, c.connection_id, `R-${c.external_id}`, c.external_id],
      )
      await th.hub.db.pool.query(`INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity", "amount") VALUES ($1, $2, 1, 'DRL-1', 2, 200)`, [th.tenantId, order])
    }
    await page.getByRole('button', { name: 'See the results' }).click()
    await page.getByTestId('results').waitFor()
    const results = (await marketer.get(`/v1/campaigns/${campaignId}/results`)).data
    expect(results.groups).toEqual({ treated: { size: 20, responders: 6, revenue: 1200, orders: 6 }, control: { size: 5, responders: 1, revenue: 200, orders: 1 } })
    const rows = page.locator('[data-testid=results-groups] tbody tr')
    expect(await rows.nth(0).innerText()).toMatch(/Mailed\s+20\s+6\s+30%/)
    expect(await rows.nth(1).innerText()).toMatch(/Control\s+5\s+1\s+20%/)
    await page.getByTestId('uplift').getByText('+10 points').waitFor()
    await page.getByTestId('uplift').getByText('not significant').waitFor()
    expect(results.significance.significantAt95).toBe(false)
    expect(await page.getByTestId('rate-bars').count()).toBe(1)
    await rig.shot('marketing-06-results')

    await rig.open('/campaigns')
    const row = page.locator('[data-testid=campaigns] tbody tr')
    await row.first().waitFor()
    expect(await row.count()).toBe(1)
    expect(await row.first().innerText()).toMatch(/Winter drills\s+launched/)
    await rig.shot('marketing-01-campaigns-list')
  })

  test('availability of the offered SKU: ATP over time, each source with its as-of time, the campaign\'s hold, a refresh from the ERPs', async () => {
    const { page } = rig
    await rig.open('/availability?sku=DRL-1')
    const chart = page.locator('[data-testid=atp-card] [data-testid=chart]')
    await chart.waitFor()
    expect(await chart.locator('[data-testid=chart-series]').count()).toBe(2)
    expect(await chart.locator('[data-testid=chart-series]').first().locator('circle').count()).toBeGreaterThan(0)
    const api = (await marketer.get('/v1/availability', { params: { sku: 'DRL-1' } })).data
    // The launched campaign holds 10 drills on day 10: nothing can be promised before the production lands.
    expect(api.timeline.holds).toEqual([{ campaign: { id: campaignId, name: 'Winter drills' }, date: day(10), quantity: '10' }])
    expect(await page.getByTestId('atp-today').innerText()).toBe(api.timeline.total.days[0].atp)
    await page.locator('[data-testid=atp-sources]').getByRole('cell', { name: 'warehouse' }).waitFor()
    await page.getByRole('link', { name: 'Winter drills' }).waitFor()
    await rig.shot('marketing-04-availability')

    await page.getByLabel('Refresh from ERP').check()
    await page.waitForURL(/refresh=1/)
    const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Refresh from the ERPs' }) })
    await card.waitFor()
    // What the page says of the re-read is what the hub answered: here no connection can re-read single SKUs.
    const refreshed = (await marketer.get('/v1/availability', { params: { sku: 'DRL-1', refresh: 'true' } })).data.refreshed as unknown[]
    if (refreshed.length === 0) await card.getByText('No ERP can re-read stock by SKU').waitFor()
    else expect(await card.locator('tbody tr').count()).toBe(refreshed.length)
    expect(rig.pageErrors).toEqual([])
  })

  test('service staff read availability and segments (their permissions) but not campaigns, and see no Marketing navigation', async () => {
    const { page } = rig
    await page.getByRole('button', { name: 'Sign out' }).click()
    await rig.signIn('service')
    expect(await page.locator('aside.sidebar').getByRole('heading', { name: 'Marketing', exact: true }).count()).toBe(0)
    await rig.open('/availability?sku=DRL-1')
    await page.locator('[data-testid=atp-card] [data-testid=chart-series]').first().waitFor()
    // The hold is named, not linked: campaigns are not theirs to open.
    await page.getByRole('cell', { name: 'Winter drills' }).waitFor()
    expect(await page.getByRole('link', { name: 'Winter drills' }).count()).toBe(0)
    await rig.open('/segments')
    await page.locator('[data-testid=segments]').getByText('Germany').waitFor()
    expect(await page.getByRole('button', { name: 'Recompute RFM segments' }).count()).toBe(0)
    await rig.open('/campaigns')
    await page.getByRole('alert').getByText('may not open this page').waitFor()
    expect(rig.pageErrors).toEqual([])
  })
})
