import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator } from 'playwright-core'
import { timestampedSignature } from '../support/webhook.sign'
import { describeWithBrowser, startConsoleRig, type ConsoleRig } from './console.harness'

const ROOT = join(__dirname, '..', '..')
const ERP_TOKEN = 'console-e2e-erp-token'
const WEBHOOK_SECRET = 'console-e2e-whsec-8d1f'
const ENTITIES = [
  { entity: 'customer', path: '/api/v1/customers', sim: 'customers', table: 'customer' },
  { entity: 'product', path: '/api/v1/products', sim: 'products', table: 'product' },
  { entity: 'sales-order', path: '/api/v1/sales-orders', sim: 'sales-orders', table: 'sales_order' },
  { entity: 'inventory-position', path: '/api/v1/stock', sim: 'stock', table: 'inventory_position' },
] as const

type SimOrder = { id: string; status: string; lines: unknown[] }

describeWithBrowser('web console, IT: connections, runs, quarantine and webhook log (headless Chromium)', () => {
  let rig: ConsoleRig
  let mappingsDir: string
  let connectionId = ''
  /** Every call of the page the hub answered with an error: only the one bad create the test makes on purpose. */
  const failedCalls: string[] = []
  /** The orders made unreadable by the mapping: one a mapping fix will teach, one it will not. */
  let fixable: SimOrder
  let unfixable: SimOrder

  const salesOrderYaml = () => join(mappingsDir, 'rest', 'sales-order.yaml')
  const groupOf = (scope: Locator | ConsoleRig['page'], name: string) => scope.getByRole('group', { name, exact: true })
  const count = async (table: string) => Number((await rig.th.hub.db.pool.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "connection_id" = $1`, [connectionId])).rows[0].n)

  beforeAll(async () => {
    // The hub reads its mappings from a private copy, so the test can fix one the way an operator would.
    mappingsDir = mkdtempSync(join(tmpdir(), 'erphub-console-it-'))
    cpSync(join(ROOT, 'mappings'), mappingsDir, { recursive: true })
    rig = await startConsoleRig({ hub: { mappingsDir } })
    rig.page.on('response', (r) => {
      if (r.status() >= 400) failedCalls.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
    })
  }, 90_000)
  afterAll(async () => {
    await rig?.close()
    if (mappingsDir) rmSync(mappingsDir, { recursive: true, force: true })
  })

  test('an admin signs in and finds no connection yet, with what to do about it', async () => {
    const { page } = rig
    await rig.signIn('admin')
    const sidebar = page.locator('aside.sidebar')
    for (const label of ['Connections', 'Runs', 'Quarantine', 'Webhook log']) await sidebar.getByRole('link', { name: label, exact: true }).waitFor()
    expect(await sidebar.getByRole('link', { name: 'Queues' }).getAttribute('href')).toBe('/admin/queues')
    await sidebar.getByRole('link', { name: 'Connections', exact: true }).click()
    await page.getByText('No connections yet. Add one').waitFor()
    await rig.shot('it-01-connections-empty')
  })

  test('a rest connection to the simulator is made through the form generated from the connector schema; a bad value is named at its field', async () => {
    const { page } = rig
    await page.getByRole('button', { name: 'Add connection' }).click()
    await page.getByText('Connector settings (rest)').waitFor()
    expect(await page.getByLabel('Connector kind').inputValue()).toBe('rest')
    await page.getByLabel('Name', { exact: true }).fill('ERP simulator')
    const settings = page.getByTestId('connector-settings')
    // A value the hub refuses first: the issue shows at the field.
    await settings.getByLabel('Base URL', { exact: true }).fill('ftp://not-http.example')
    await settings.getByLabel('Auth type').selectOption('bearer')
    const token = settings.getByLabel('Token', { exact: true })
    expect(await token.getAttribute('type')).toBe('password')
    await token.fill(ERP_TOKEN)

    const entities = groupOf(settings, 'Entities')
    for (const e of ENTITIES) {
      await entities.getByLabel('New entry in Entities').fill(e.entity)
      await entities.getByRole('button', { name: 'Add entry to Entities' }).click()
      const group = groupOf(entities, e.entity)
      await group.getByLabel('Path', { exact: true }).fill(e.path)
      await group.getByLabel('Page size', { exact: true }).fill('100')
      await group.getByLabel('Paging type').selectOption('cursor')
      await group.getByRole('checkbox', { name: 'Incremental' }).check()
      const incremental = groupOf(group, 'Incremental')
      await incremental.getByLabel('Param', { exact: true }).fill('updated_since')
      await incremental.getByLabel('Field', { exact: true }).fill('updated_at')
      await incremental.getByLabel('Until param', { exact: true }).fill('updated_before')
      if (e.entity === 'customer') {
        // Counts per time window, for the gap check.
        await group.getByRole('checkbox', { name: 'Count' }).check()
        const counting = groupOf(group, 'Count')
        await counting.getByLabel('Path', { exact: true }).fill('/api/v1/customers/count')
        await counting.getByLabel('Total path', { exact: true }).fill('count')
      }
    }
    await page.getByLabel('Sync every (seconds)').fill('3600')

    // The JSON tab holds the same value, the secret masked; an edit there shows in the form.
    await page.getByRole('tab', { name: 'JSON' }).click()
    const json = page.getByLabel('The connection as JSON')
    const text = await json.inputValue()
    const shown = JSON.parse(text)
    expect(shown.config.auth).toEqual({ type: 'bearer', token: '********' })
    expect(text).not.toContain(ERP_TOKEN)
    expect(Object.keys(shown.config.entities)).toEqual(ENTITIES.map((e) => e.entity))
    expect(shown.config.entities.customer).toMatchObject({ path: '/api/v1/customers', paging: { type: 'cursor' }, incremental: { param: 'updated_since', field: 'updated_at' } })
    shown.config.timeoutMs = 20000
    await json.fill(JSON.stringify(shown, null, 2))
    await page.getByRole('tab', { name: 'Form' }).click()
    expect(await settings.getByLabel('Timeout (ms)').inputValue()).toBe('20000')
    // The token typed in the form survived the round trip through the masked JSON.
    expect(await settings.getByLabel('Token', { exact: true }).inputValue()).toBe(ERP_TOKEN)

    await page.getByRole('button', { name: 'Create connection' }).click()
    await page.getByText('The hub did not accept these settings').waitFor()
    const baseUrl = settings.getByLabel('Base URL', { exact: true })
    const issueId = await baseUrl.getAttribute('aria-describedby')
    expect(await page.locator(`[id="${issueId}"]`).textContent()).toMatch(/http\(s\) URL/)
    expect(await page.getByRole('alert').getByText('config.baseUrl').count()).toBe(1)
    await rig.shot('it-02-connection-new')
    await baseUrl.fill(rig.sim.url)

    await page.getByRole('button', { name: 'Create connection' }).click()
    await page.getByText('Connection created.').waitFor()
    connectionId = /#\/connections\/([0-9a-f-]{36})/.exec(page.url())![1]
    const stored = await rig.th.hub.db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })
    expect(stored).toMatchObject({ name: 'ERP simulator', kind: 'rest', tenantId: rig.th.tenantId, schedule: { everySeconds: 3600 } })
    expect(JSON.stringify(stored.config)).not.toContain(ERP_TOKEN)
    expect(stored.config).toMatchObject({ baseUrl: rig.sim.url, timeoutMs: 20000, entities: { 'sales-order': { path: '/api/v1/sales-orders', paging: { type: 'cursor' } } } })
    // Nothing secret on the page: the connection view masks the token.
    expect(await page.content()).not.toContain(ERP_TOKEN)
  })

  test('the connection checks out, and Sync now follows every run to the end with the counts the hub stored', async () => {
    const { page } = rig
    await page.getByRole('button', { name: 'Check connection' }).click()
    await page.getByTestId('check-result').getByText('The hub reached the ERP').waitFor()

    await page.getByRole('button', { name: 'Sync now', exact: true }).click()
    const progress = page.getByTestId('sync-progress')
    await progress.getByRole('heading', { name: 'Sync finished' }).waitFor({ timeout: 90_000 })
    const runs = await rig.th.hub.db.prisma.syncRun.findMany({ where: { connectionId }, orderBy: { entity: 'asc' } })
    expect(runs.map((r) => [r.entity, r.status]).sort()).toEqual(ENTITIES.map((e) => [e.entity, 'succeeded']).sort())
    for (const e of ENTITIES) {
      const run = runs.find((r) => r.entity === e.entity)!
      const stored = await count(e.table)
      expect([e.entity, run.inserted]).toEqual([e.entity, stored])
      expect(stored).toBeGreaterThan(0)
      expect(run.readCount).toBe(rig.sim.records(e.sim as never).length)
      // The row the page shows for the run says the same.
      const row = page.getByTestId('sync-runs').locator('tr', { has: page.getByRole('cell', { name: e.entity, exact: true }) })
      const cells = await row.locator('td').allTextContents()
      expect(cells.slice(0, 2)).toEqual([e.entity, 'succeeded'])
      expect(Number(cells[3].replace(/\D/g, ''))).toBe(run.readCount)
      expect(Number(cells[4].replace(/\D/g, ''))).toBe(stored)
    }

    // The gap check compares ERP and hub counts per bucket: nothing is missing right after a full sync.
    await page.getByLabel('Bucket (days)').fill('30')
    await page.getByRole('button', { name: 'Check gaps' }).click()
    await page.getByText('ERP and hub hold the same counts in all').waitFor()
    await rig.shot('it-03-connection-synced')

    // One run opened from there: its counts and the cursor it left.
    const customerRun = runs.find((r) => r.entity === 'customer')!
    await page.getByTestId('sync-runs').getByRole('link', { name: 'customer', exact: true }).click()
    await page.getByRole('heading', { name: 'Run of customer' }).waitFor()
    expect(await page.getByTestId('count-read').textContent()).toContain(String(customerRun.readCount))
    expect(Number((await page.getByTestId('count-inserted').textContent())!.replace(/\D/g, ''))).toBe(await count('customer'))
    await page.getByText('Where the next incremental sync starts').waitFor()
    await rig.shot('it-04-run')

    // The runs list, filtered by the connection through the hash query.
    await rig.open(`/runs?connectionId=${connectionId}`)
    await page.getByTestId('runs').waitFor()
    expect(await page.getByTestId('runs').locator('tbody tr').count()).toBe(ENTITIES.length)
    expect(await page.getByLabel('Connection').inputValue()).toBe(connectionId)
    await page.getByLabel('Status').selectOption('failed')
    await page.getByText('No run matches these filters').waitFor()
    expect(page.url()).toContain('status=failed')
    await rig.shot('it-05-runs-filtered')
    await page.getByLabel('Status').selectOption('')
    await page.getByTestId('runs').waitFor()
    await rig.shot('it-05-runs')
  })

  test('records the mapping cannot read are quarantined; after a mapping fix the preview shows what lands, and the replay stores it', async () => {
    const { page, sim } = rig
    const settled = (sim.records('sales-orders') as unknown as SimOrder[]).filter((o) => ['confirmed', 'shipped', 'invoiced', 'done'].includes(o.status))
    ;[fixable, unfixable] = settled.slice(0, 2)
    sim.patch('sales-orders', fixable.id, { status: 'on_hold' })
    sim.patch('sales-orders', unfixable.id, { status: 'suspended' })

    await rig.open(`/connections/${connectionId}`)
    await page.getByRole('button', { name: 'Sync sales-order' }).click()
    await page.getByTestId('sync-progress').getByRole('heading', { name: 'Sync finished' }).waitFor({ timeout: 60_000 })
    await page.getByRole('link', { name: '2 records in quarantine' }).waitFor()

    await page.getByRole('link', { name: 'Quarantine', exact: true }).click()
    const table = page.getByTestId('quarantine')
    await table.getByRole('link', { name: fixable.id }).waitFor()
    expect(await table.locator('tbody tr').count()).toBe(2)
    await table.getByText('status').first().waitFor()
    await rig.shot('it-06-quarantine')

    // Before the fix the preview says both still fail.
    await page.getByRole('button', { name: /Select all 2/ }).click()
    const replay = page.getByTestId('replay')
    await replay.getByRole('button', { name: 'Preview replay of 2 records' }).click()
    await replay.getByText('Preview, nothing stored: 0 of 2 would land').waitFor()
    expect(await replay.getByRole('button', { name: /Replay for real/ }).isDisabled()).toBe(true)

    // The operator teaches the mapping the new status value, under a new version.
    const yaml = readFileSync(salesOrderYaml(), 'utf8')
    writeFileSync(salesOrderYaml(), yaml.replace(/^version: \d+$/m, 'version: 2').replace(/^(\s+)cancelled: cancelled$/m, '$1cancelled: cancelled\n$1on_hold: open'))

    await replay.getByRole('button', { name: 'Preview replay of 2 records' }).click()
    const preview = replay.getByTestId('replay-preview')
    await preview.getByText('1 of 2 would land').waitFor()
    const landsRow = preview.locator('tr', { has: page.getByRole('link', { name: fixable.id }) })
    await landsRow.getByText('lands').waitFor()
    expect(await landsRow.getByTestId('replay-changes').textContent()).toMatch(/status: \S+ → open/)
    await preview.locator('tr', { has: page.getByRole('link', { name: unfixable.id }) }).getByText('still fails').waitFor()
    const before = await rig.th.hub.db.pool.query(`SELECT "status" FROM "sales_order" WHERE "connection_id" = $1 AND "external_id" = $2`, [connectionId, fixable.id])
    expect(before.rows[0].status).not.toBe('open')
    await rig.shot('it-07-quarantine-replay-preview')

    await replay.getByRole('button', { name: 'Replay for real (1 would land)' }).click()
    await page.getByTestId('replay-result').getByText('Replayed: 1 of 2 stored and resolved').waitFor()
    const after = await rig.th.hub.db.pool.query(`SELECT "status" FROM "sales_order" WHERE "connection_id" = $1 AND "external_id" = $2`, [connectionId, fixable.id])
    expect(after.rows[0].status).toBe('open')
    const entries = await rig.th.hub.db.prisma.quarantine.findMany({ where: { connectionId }, orderBy: { externalId: 'asc' } })
    expect(Object.fromEntries(entries.map((e) => [e.externalId, e.status]))).toEqual({ [fixable.id]: 'resolved', [unfixable.id]: 'open' })
    // The list now holds only the record no fix has reached yet.
    await table.getByRole('link', { name: unfixable.id }).waitFor()
    expect(await table.locator('tbody tr').count()).toBe(1)
    await rig.shot('it-08-quarantine-replayed')

    // The one left: the record as received, its issue at its path, and a preview that says why it still fails.
    await table.getByRole('link', { name: unfixable.id }).click()
    await page.getByRole('heading', { name: `sales-order ${unfixable.id}` }).waitFor()
    const issues = page.getByTestId('issues')
    expect(await issues.locator('tbody tr td').first().textContent()).toBe('status')
    await issues.getByText('"suspended"', { exact: true }).waitFor()
    await page.getByText('The record as the ERP sent it').waitFor()
    await page.getByRole('button', { name: 'Preview replay' }).click()
    await page.getByTestId('replay-preview').getByText('still fails').waitFor()
    await rig.shot('it-09-quarantine-entry')
  })

  test('the edit form (the same generated form) turns webhooks on, keeping the ERP token it never shows', async () => {
    const { page } = rig
    await rig.open(`/connections/${connectionId}`)
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.getByRole('heading', { name: 'Change ERP simulator' }).waitFor()
    const token = page.getByTestId('connector-settings').getByLabel('Token', { exact: true })
    expect(await token.inputValue()).toBe('')
    expect(await token.getAttribute('placeholder')).toContain('stored')
    await page.getByRole('checkbox', { name: 'Webhooks' }).check()
    const webhooks = groupOf(page, 'Webhooks')
    await webhooks.getByLabel('Signature scheme').selectOption('timestamped')
    const signature = groupOf(webhooks, 'Signature')
    await signature.getByLabel('Secret', { exact: true }).fill(WEBHOOK_SECRET)
    await signature.getByLabel('Header', { exact: true }).fill('X-Erp-Signature')
    const eventId = groupOf(webhooks, 'Event ID')
    await eventId.getByLabel('Event ID: given as').selectOption({ label: 'by header' })
    await eventId.getByLabel('Header', { exact: true }).fill('X-Erp-Event-Id')
    const events = groupOf(webhooks, 'Events')
    await events.getByLabel('Entity: given as').selectOption({ label: 'one of a list' })
    await groupOf(events, 'Entity').getByLabel('Entity', { exact: true }).selectOption('customer')
    await events.getByLabel('Record', { exact: true }).fill('data')
    await rig.shot('it-10-connection-edit')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('Changes saved.').waitFor()
    await page.getByText(`POST /v1/webhooks/${connectionId}`).waitFor()
    expect(await page.content()).not.toContain(WEBHOOK_SECRET)

    // The token was sent back as the mask and kept: the check still gets in.
    await page.getByRole('button', { name: 'Check connection' }).click()
    await page.getByTestId('check-result').getByText('The hub reached the ERP').waitFor()
    const stored = await rig.th.hub.db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })
    expect(JSON.stringify(stored.webhook)).not.toContain(WEBHOOK_SECRET)
    expect(stored.webhook).toMatchObject({ signature: { scheme: 'timestamped', header: 'x-erp-signature' }, eventId: { header: 'x-erp-event-id' }, events: { entity: 'customer', record: 'data' } })
  })

  test('the webhook log lists an accepted event with what it became and a refused call with its reason', async () => {
    const { page, sim } = rig
    const send = (body: string, signature: string, id: string) =>
      fetch(`${rig.url}/v1/webhooks/${connectionId}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Erp-Event-Id': id, 'X-Erp-Signature': signature }, body })
    const customer = sim.records('customers')[0]
    const good = JSON.stringify({ id: 'evt-console-1', data: { ...customer, name: 'Webhook Werke GmbH', updated_at: new Date().toISOString() } })
    expect((await send(good, timestampedSignature(WEBHOOK_SECRET, good), 'evt-console-1')).status).toBe(202)
    const forged = JSON.stringify({ id: 'evt-console-forged', data: customer })
    const refused = await send(forged, timestampedSignature('not-the-secret', forged), 'evt-console-forged')
    expect(refused.status).toBe(401)
    const deadline = Date.now() + 20_000
    while ((await rig.th.hub.db.prisma.webhookEvent.findFirst({ where: { connectionId } }))?.status !== 'done') {
      if (Date.now() > deadline) throw new Error('the webhook event was not processed')
      await new Promise((r) => setTimeout(r, 100))
    }

    await page.locator('aside.sidebar').getByRole('link', { name: 'Webhook log' }).click()
    const events = page.getByTestId('webhook-events')
    const row = events.locator('tr', { has: page.getByText('id:evt-console-1') })
    await row.waitFor()
    const cells = await row.locator('td').allTextContents()
    expect(cells[1]).toBe('ERP simulator')
    expect(cells[2]).toBe('done')
    expect(cells[6]).toMatch(/records: 1/)
    const refusedRow = page.getByTestId('webhook-refused').locator('tbody tr').first()
    expect(await refusedRow.locator('td').nth(2).textContent()).toBe('401')
    expect(await refusedRow.locator('td').nth(3).textContent()).toMatch(/signature/i)
    const html = await page.content()
    expect(html).not.toContain(WEBHOOK_SECRET)
    expect(html).not.toContain('v1=')
    const landed = await rig.th.hub.db.prisma.customer.findFirst({ where: { connectionId, externalId: customer.id } })
    expect(landed?.name).toBe('Webhook Werke GmbH')
    await rig.shot('it-11-webhooks')

    // The filter lives in the hash query: a reload shows the same view.
    await page.getByLabel('Event status').selectOption('failed')
    await events.getByText('No events received for these filters').waitFor()
    await page.reload()
    await events.getByText('No events received for these filters').waitFor()
    expect(await page.getByLabel('Event status').inputValue()).toBe('failed')
  })

  test('the connections list shows the connection’s health, and nothing on any page went wrong', async () => {
    const { page } = rig
    await rig.open('/connections')
    const row = page.getByTestId('connections').locator('tbody tr').first()
    await row.getByText('ERP simulator').waitFor()
    const cells = await row.locator('td').allTextContents()
    expect(cells[1]).toBe('rest')
    expect(cells[2]).toBe(ENTITIES.map((e) => e.entity).join(', '))
    expect(cells[3]).toBe('every 1 h')
    expect(cells[4]).toBe('healthy')
    expect(cells[6]).toBe('1 open')
    expect(cells[7]).toBe('yes')
    await rig.shot('it-01-connections')
    // Chromium logs the answer to the deliberately bad create ("status of 400"); nothing else may go wrong.
    expect(failedCalls).toEqual(['400 POST /v1/connections'])
    expect(rig.pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([])
  })
})
