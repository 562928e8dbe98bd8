import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { AxiosInstance } from 'axios'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { startSimulator, type Simulator } from '../../src/simulator'
import type { Database } from '../../src/store/database'
import { ensureTenant } from '../../src/store/tenant.repo'
import { replayQuarantine, type ReplayItem, type ReplayResult } from '../../src/sync/replay-quarantine.sync'
import { connectSimulator, createKey, startTestHub, syncNow, type TestHub } from '../support/hub.harness'

const ROOT = join(__dirname, '..', '..')
const run = promisify(execFile)

type SimOrder = { id: string; status: string; updated_at: string; lines: Array<{ line_no: number }> }

describe('replaying quarantined records after a mapping fix', () => {
  let th: TestHub
  let sim: Simulator
  let conn: ConnectionView
  let admin: AxiosInstance
  let mappingsDir: string
  /** The quarantine entry ids of the records made bad below, by role. */
  const entry: Record<'statusFixed' | 'badQuantity' | 'olderThanStored' | 'raced', string> = { statusFixed: '', badQuantity: '', olderThanStored: '', raced: '' }
  const order: Record<keyof typeof entry, SimOrder> = {} as never

  const salesOrderYaml = () => join(mappingsDir, 'rest', 'sales-order.yaml')
  /** The mapping fix: a status value the ERP started to send is taught to the lookup, under a new version. */
  function teachStatus(value: string, version: number) {
    const text = readFileSync(salesOrderYaml(), 'utf8')
    writeFileSync(salesOrderYaml(), text.replace(/^version: \d+$/m, `version: ${version}`).replace(/^(\s+)cancelled: cancelled$/m, `$1cancelled: cancelled\n$1${value}: open`))
  }

  const replay = (body: object, as = admin) => as.post('/v1/quarantine/replay', body)
  const itemOf = (result: ReplayResult, id: string) => result.items.find((i) => i.id === id) as ReplayItem

  async function storedOrder(externalId: string) {
    const res = await th.hub.db.pool.query(`SELECT * FROM "sales_order" WHERE "connection_id" = $1 AND "external_id" = $2`, [conn.id, externalId])
    return res.rows[0]
  }
  const quarantined = (id: string) => th.hub.db.prisma.quarantine.findUniqueOrThrow({ where: { id } })
  const replayAudits = () => th.hub.db.prisma.auditEvent.findMany({ where: { tenantId: th.tenantId, action: 'quarantine.replay' }, orderBy: { id: 'asc' } })

  /** Everything a replay could touch for this connection, as stored. */
  async function everything() {
    const rows = (sql: string) => th.hub.db.pool.query(sql, [conn.id]).then((r) => r.rows)
    return {
      orders: await rows(`SELECT * FROM "sales_order" WHERE "connection_id" = $1 ORDER BY "external_id"`),
      lines: await rows(`SELECT l.* FROM "sales_order_line" l JOIN "sales_order" o ON o."id" = l."order_id" WHERE o."connection_id" = $1 ORDER BY l."order_id", l."line_no"`),
      quarantine: await rows(`SELECT * FROM "quarantine" WHERE "connection_id" = $1 ORDER BY "id"`),
      raw: await rows(`SELECT "entity", "external_id", "content_hash", "received_at", "sync_run_id", "source_updated_at" FROM "source_record" WHERE "connection_id" = $1 ORDER BY 1, 2`),
      audit: await rows(`SELECT * FROM "audit_event" WHERE "connection_id" = $1 OR "connection_id" IS NULL ORDER BY "id"`),
    }
  }

  beforeAll(async () => {
    // The hub reads its mappings from a private copy, so the test can fix one the way an operator would.
    mappingsDir = mkdtempSync(join(tmpdir(), 'erphub-mappings-'))
    cpSync(join(ROOT, 'mappings'), mappingsDir, { recursive: true })
    th = await startTestHub({ mappingsDir })
    sim = await startSimulator({ seed: 23, lines: 400 })
    conn = await connectSimulator(th, sim.url, { pageSize: 50 })
    await th.worker()
    admin = (await th.api()).as(await createKey(th, 'admin'))
    const [first] = await syncNow(th, conn.id, ['sales-order'])
    expect(first.quarantined).toBe(0)

    const orders = sim.records('sales-orders') as unknown as SimOrder[]
    const settled = orders.filter((o) => ['confirmed', 'shipped', 'invoiced', 'done'].includes(o.status) && o.lines.length >= 2)
    ;[order.statusFixed, order.badQuantity, order.olderThanStored, order.raced] = settled.slice(0, 4)
    // A status value the mapping's lookup does not know yet, and a quantity no mapping fix can read.
    sim.patch('sales-orders', order.statusFixed.id, { status: 'on_hold' })
    sim.patch('sales-orders', order.badQuantity.id, { lines: { 1: { quantity: 'lots' } } })
    sim.patch('sales-orders', order.olderThanStored.id, { status: 'suspended' })
    sim.patch('sales-orders', order.raced.id, { status: 'on_hold' })
    const [second] = await syncNow(th, conn.id, ['sales-order'])
    expect(second.quarantined).toBe(4)
    for (const key of Object.keys(entry) as Array<keyof typeof entry>) {
      entry[key] = (await th.hub.db.prisma.quarantine.findFirstOrThrow({ where: { connectionId: conn.id, externalId: order[key].id } })).id
      order[key] = sim.record('sales-orders', order[key].id) as unknown as SimOrder
    }
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
    if (mappingsDir) rmSync(mappingsDir, { recursive: true, force: true })
  })

  test('before the fix, the dry run shows every record still failing, each issue with its path in the record', async () => {
    const res = await replay({ connectionId: conn.id, entity: 'sales-order' })
    expect(res.status).toBe(200)
    const result = res.data as ReplayResult
    expect(result.dryRun).toBe(true)
    expect(result.totals).toMatchObject({ entries: 4, lands: 0, stillFails: 4 })
    expect(itemOf(result, entry.statusFixed)).toMatchObject({
      outcome: 'still-fails',
      externalId: order.statusFixed.id,
      mapping: { name: 'rest/sales-order', version: 1 },
      issues: [expect.objectContaining({ path: 'status', code: 'lookup', value: 'on_hold' })],
    })
    expect(itemOf(result, entry.badQuantity).issues).toEqual([expect.objectContaining({ path: 'lines[1].quantity', value: 'lots' })])
    expect(itemOf(result, entry.statusFixed).diff).toBeUndefined()
  })

  test('after the mapping file is fixed, the dry run shows the record landing with its field diff, and writes nothing', async () => {
    teachStatus('on_hold', 2)
    const stored = await storedOrder(order.statusFixed.id)
    const before = await everything()

    const res = await replay({ connectionId: conn.id, dryRun: true })
    expect(res.status).toBe(200)
    const result = res.data as ReplayResult
    const item = itemOf(result, entry.statusFixed)
    expect(item).toMatchObject({ outcome: 'lands', effect: 'update', mapping: { name: 'rest/sales-order', version: 2 } })
    expect(item.issues).toBeUndefined()
    expect(item.diff!.before).toMatchObject({ externalId: order.statusFixed.id, status: stored.status, updatedAt: stored.source_updated_at.toISOString() })
    expect(item.diff!.after).toMatchObject({ externalId: order.statusFixed.id, status: 'open', updatedAt: new Date(order.statusFixed.updated_at).toISOString() })
    expect(item.diff!.changed).toEqual(['status', 'updatedAt'])
    // The same lines on both sides: decimals compare as amounts, not as text ("2.000000" is "2").
    expect(item.diff!.after.lines).toEqual(item.diff!.before!.lines)
    // The fix does not help a record with another problem; it is checked against the new version.
    expect(itemOf(result, entry.badQuantity)).toMatchObject({ outcome: 'still-fails', mapping: { version: 2 }, issues: [expect.objectContaining({ path: 'lines[1].quantity' })] })
    expect(result.totals).toMatchObject({ entries: 4, lands: 2, stillFails: 2, updated: 2 })

    expect(await everything()).toEqual(before)
  })

  test('a dry run needs an admin key like any quarantine read, and so does a replay', async () => {
    const marketer = (await th.api()).as(await createKey(th, 'marketer'))
    for (const dryRun of [true, false]) {
      const res = await replay({ ids: [entry.statusFixed], dryRun }, marketer)
      expect(res.status).toBe(403)
    }
    expect((await replay({ ids: [entry.statusFixed] }, (await th.api()).as())).status).toBe(401)
    expect((await quarantined(entry.statusFixed)).status).toBe('open')
  })

  test('bad input is refused with a 400 naming the field, and an unknown entry is a 404', async () => {
    const cases: Array<[object, string]> = [
      [{ ids: ['not-an-id'] }, 'ids[0]'],
      [{ ids: [] }, 'ids'],
      [{ connectionId: conn.id, limit: 0 }, 'limit'],
      [{ connectionId: conn.id, limit: 501 }, 'limit'],
      [{ connectionId: conn.id, dryRun: 'no' }, 'dryRun'],
      [{ connectionId: conn.id, entity: 'invoice' }, 'entity'],
      [{ connectionId: 'erp-main' }, 'connectionId'],
      [{ ids: [entry.statusFixed], connectionId: conn.id }, 'ids'],
      [{ connectionId: conn.id, apply: true }, 'apply'],
    ]
    for (const [body, path] of cases) {
      const res = await replay(body)
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400])
      expect(res.data.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]))
    }
    const unknown = '00000000-0000-4000-8000-000000000000'
    const res = await replay({ ids: [entry.statusFixed, unknown] })
    expect(res.status).toBe(404)
    expect(res.data.error.message).toContain(unknown)
    expect((await replay({ connectionId: unknown })).status).toBe(404)
  })

  test('the real replay lands the fixed record, resolves its entry, refiles the failing one with its new issues, and audits the replay', async () => {
    const failingBefore = await quarantined(entry.badQuantity)
    const res = await replay({ ids: [entry.statusFixed, entry.badQuantity], dryRun: false })
    expect(res.status).toBe(200)
    const result = res.data as ReplayResult
    expect(result.dryRun).toBe(false)
    expect(result.totals).toEqual({ entries: 2, lands: 1, stillFails: 1, changed: 0, inserted: 0, updated: 1, unchanged: 0 })
    expect(itemOf(result, entry.statusFixed)).toMatchObject({ outcome: 'lands', effect: 'update' })

    const resolved = await quarantined(entry.statusFixed)
    expect(resolved.status).toBe('resolved')
    expect(resolved.resolvedAt).not.toBeNull()
    const row = await storedOrder(order.statusFixed.id)
    expect(row).toMatchObject({ status: 'open', mapping_version: 2, sync_run_id: null })
    expect(row.source_updated_at.toISOString()).toBe(new Date(order.statusFixed.updated_at).toISOString())

    // Still failing: open, with what the current mapping says, but not a new occurrence (the ERP sent nothing).
    const failing = await quarantined(entry.badQuantity)
    expect(failing).toMatchObject({ status: 'open', mappingVersion: 2, occurrences: failingBefore.occurrences, syncRunId: failingBefore.syncRunId, lastSeenAt: failingBefore.lastSeenAt })
    expect(failing.issues).toEqual([expect.objectContaining({ path: 'lines[1].quantity' })])

    const audits = await replayAudits()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ connectionId: conn.id, action: 'quarantine.replay' })
    expect(audits[0].details).toMatchObject({ totals: { lands: 1, stillFails: 1 }, landed: [entry.statusFixed], stillFailing: [entry.badQuantity], actor: expect.stringMatching(/^api-key:/) })

    // Resolved is resolved: asking again by id says so instead of replaying it twice.
    expect((await replay({ ids: [entry.statusFixed], dryRun: false })).status).toBe(409)
  })

  test('a quarantined payload older than the stored row closes its entry without overwriting the newer row', async () => {
    // Meanwhile a newer version of the order was stored (say by a webhook) — newer than the bad payload.
    const newer = new Date(Date.parse(order.olderThanStored.updated_at) + 3_600_000)
    await th.hub.db.pool.query(`UPDATE "sales_order" SET "status" = 'shipped', "source_updated_at" = $3, "content_hash" = 'newer-version' WHERE "connection_id" = $1 AND "external_id" = $2`, [
      conn.id,
      order.olderThanStored.id,
      newer,
    ])
    teachStatus('suspended', 3)
    const kept = await storedOrder(order.olderThanStored.id)

    const preview = (await replay({ ids: [entry.olderThanStored] })).data as ReplayResult
    expect(preview.items[0]).toMatchObject({ outcome: 'lands', effect: 'none', olderThanStored: true, diff: { changed: [] } })
    expect(preview.items[0].diff!.after).toEqual(preview.items[0].diff!.before)
    expect(preview.items[0].diff!.before).toMatchObject({ status: 'shipped', updatedAt: newer.toISOString() })

    const applied = (await replay({ ids: [entry.olderThanStored], dryRun: false })).data as ReplayResult
    expect(applied.totals).toMatchObject({ lands: 1, unchanged: 1, updated: 0 })
    expect(await storedOrder(order.olderThanStored.id)).toEqual(kept)
    expect((await quarantined(entry.olderThanStored)).status).toBe('resolved')
  })

  test('an entry a sync refiles while it is being replayed is reported as changed, and left as the sync filed it', async () => {
    const db = th.hub.db
    let transactions = 0
    // The first transaction is the replay's read-only plan; before the page write, a sync "commits" a
    // newer occurrence of the same record into the entry.
    const racing: Database = {
      ...db,
      async transaction(fn) {
        if (transactions++ === 1) await db.pool.query(`UPDATE "quarantine" SET "occurrences" = "occurrences" + 1, "last_seen_at" = now() WHERE "id" = $1`, [entry.raced])
        return db.transaction(fn)
      },
    }
    const stored = await storedOrder(order.raced.id)
    const audits = (await replayAudits()).length
    const result = await replayQuarantine({ db: racing, connections: th.hub.connections }, th.tenantId, { ids: [entry.raced], dryRun: false, actor: 'test' })
    expect(result.items[0]).toMatchObject({ id: entry.raced, outcome: 'changed' })
    expect(result.totals).toMatchObject({ lands: 0, changed: 1 })
    expect(await quarantined(entry.raced)).toMatchObject({ status: 'open', occurrences: 2 })
    expect(await storedOrder(order.raced.id)).toEqual(stored)
    expect(await replayAudits()).toHaveLength(audits + 1)
  })

  test("another tenant's key neither sees nor replays the entries", async () => {
    const other = await ensureTenant(th.hub.db, `other-${conn.id.slice(0, 8)}`)
    const outsider = (await th.api()).as(await createKey(th, 'admin', other.id))
    expect((await outsider.get('/v1/quarantine')).data.total).toBe(0)
    expect((await outsider.get(`/v1/quarantine/${entry.badQuantity}`)).status).toBe(404)
    expect((await replay({ ids: [entry.badQuantity], dryRun: false }, outsider)).status).toBe(404)
    expect((await replay({ connectionId: conn.id }, outsider)).status).toBe(404)
    const everywhere = (await replay({ dryRun: false }, outsider)).data as ReplayResult
    expect(everywhere.totals.entries).toBe(0)
    expect((await quarantined(entry.badQuantity)).status).toBe('open')
    expect((await quarantined(entry.raced)).status).toBe('open')
  })

  test('the CLI lists open entries with their issues and replays them, as a dry run unless --apply', async () => {
    const tenant = await th.hub.db.prisma.tenant.findUniqueOrThrow({ where: { id: th.tenantId } })
    const erphub = (args: string[]) =>
      run(join(ROOT, 'bin', 'erphub'), args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: th.config.databaseUrl, MAPPINGS_DIR: mappingsDir, LOG_LEVEL: 'silent' } }).catch(
        (err) => err as { stdout: string; stderr: string; code: number },
      )

    const list = await erphub(['quarantine', 'list', '--tenant', tenant.slug, '--connection', conn.id])
    expect(list.stdout).toContain(entry.badQuantity)
    expect(list.stdout).toMatch(/lines\[1\]\.quantity/)
    expect(list.stdout).toContain('2 of 2 open entries')

    const dry = await erphub(['quarantine', 'replay', '--tenant', tenant.slug, '--id', entry.raced, entry.badQuantity])
    expect(dry.stdout).toMatch(new RegExp(`${entry.raced} .*lands \\(update\\): status, updatedAt`))
    expect(dry.stdout).toMatch(new RegExp(`${entry.badQuantity} .*still fails`))
    expect(dry.stdout).toContain('dry run: nothing was written')
    expect((await quarantined(entry.raced)).status).toBe('open')

    const applied = await erphub(['quarantine', 'replay', '--tenant', tenant.slug, '--connection', conn.id, '--apply'])
    expect(applied.stdout).toContain('1 land (0 new, 1 updated, 0 unchanged), 1 still fail')
    expect((await quarantined(entry.raced)).status).toBe('resolved')
    expect((await storedOrder(order.raced.id)).status).toBe('open')
    expect((await replayAudits()).at(-1)?.details).toMatchObject({ actor: 'cli', totals: { lands: 1, stillFails: 1 } })

    const bad = (await erphub(['quarantine', 'replay', '--tenant', tenant.slug, '--entity', 'invoice'])) as { code?: number; stderr: string }
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('--entity must be one of')
    const unknownTenant = (await erphub(['quarantine', 'list', '--tenant', 'no-such-tenant'])) as { code?: number; stderr: string }
    expect(unknownTenant.code).toBe(1)
    expect(unknownTenant.stderr).toContain('tenant no-such-tenant does not exist')
  })
})
