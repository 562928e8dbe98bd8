import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import axios, { type AxiosInstance } from 'axios'
import express from 'express'
import { authenticate } from '../../src/api/auth.middleware'
import { connectionsRouter } from '../../src/api/connections.router'
import { errorMapper } from '../../src/api/error.mapper'
import { gapsRouter } from '../../src/api/gaps.router'
import { createConnection } from '../../src/connections/connection.service'
import type { Connector, Session } from '../../src/connector-sdk/connector.contract'
import { simulatorConnectionConfig } from '../../src/demo/simulator-connection'
import { HubError } from '../../src/errors/hub-error'
import { connectorRegistry } from '../../connectors'
import { restConnector } from '../../connectors/rest/rest.connector'
import { startSimulator, type Simulator } from '../../src/simulator'
import { cursorHistory, previewRewind, rewindCursor } from '../../src/sync/cursor-rewind.sync'
import { tryLockEntity } from '../../src/sync/entity-lock'
import { checkConnectionGaps, checkGaps } from '../../src/sync/gap-check.sync'
import { createKey, startTestHub, syncNow, type TestHub } from '../support/hub.harness'
import { compareWithSource } from '../support/source-checksum'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const UNSCHEDULED = { customer: null, product: null, 'sales-order': null, 'inventory-position': null, 'production-order': null }
const LISTS = { customer: '/api/v1/customers', 'sales-order': '/api/v1/sales-orders' } as const

/**
 * The simulator connection with what gap checks need (the snippet the demo connection would carry):
 * `updated_before` bounds the change time from above, and `/count` answers `{ count }` per range.
 */
function countingConfig(simUrl: string, pageSize: number) {
  const base = simulatorConnectionConfig(simUrl, { pageSize })
  const counted = (entity: (typeof base.entities)[keyof typeof base.entities]) => ({
    ...entity,
    incremental: { ...entity.incremental, untilParam: 'updated_before' },
    count: { path: `${entity.path}/count`, totalPath: 'count' },
  })
  return { ...base, entities: Object.fromEntries(Object.entries(base.entities).map(([name, entity]) => [name, counted(entity)])) }
}

/** The rest connector minus counting and window reads: a connector written before the contract had them. */
const nonCountingRest: Connector<any> = {
  ...restConnector,
  kind: 'rest-legacy',
  async connect(config, ctx): Promise<Session> {
    const session = await restConnector.connect(config, ctx)
    return { check: (signal) => session.check(signal), read: (entity, cursor, signal) => session.read(entity, cursor, signal), close: () => session.close() }
  },
}

async function rejection(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof HubError) return err
    throw err
  }
  throw new Error('expected a rejection')
}

describe('gap detection and cursor rewind', () => {
  let th: TestHub
  let sim: Simulator
  let server: Server
  let admin: AxiosInstance
  let marketer: AxiosInstance

  beforeAll(async () => {
    th = await startTestHub({}, { registry: new Map([...connectorRegistry, [nonCountingRest.kind, nonCountingRest]]) })
    sim = await startSimulator({ seed: 31, lines: 1500 })
    await th.worker()
    // Mounted the way the app is meant to: ahead of the connections router, under the same prefix.
    const app = express()
    app.set('query parser', 'simple')
    app.use(express.json())
    const v1 = express.Router()
    v1.use(authenticate(th.hub.db))
    v1.use('/connections', gapsRouter(th.hub.api))
    v1.use('/connections', connectionsRouter(th.hub.api))
    app.use('/v1', v1)
    app.use(errorMapper(th.hub.logger))
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const as = async (role: 'admin' | 'marketer') => axios.create({ baseURL: url, validateStatus: () => true, headers: { Authorization: `Bearer ${await createKey(th, role)}` } })
    admin = await as('admin')
    marketer = await as('marketer')
  })
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
    await th?.close()
    await sim?.close()
  })

  const connect = (name: string, pageSize = 100) =>
    createConnection(th.hub.connections, th.tenantId, { name, kind: 'rest', config: countingConfig(sim.url, pageSize), schedule: { entities: UNSCHEDULED } })

  async function syncOk(connectionId: string, entities: string[]) {
    const runs = await syncNow(th, connectionId, entities)
    expect(runs.map((r) => r.status)).toEqual(entities.map(() => 'succeeded'))
    return runs
  }

  async function sameAsSource(connectionId: string, entity: keyof typeof LISTS) {
    const simEntity = entity === 'customer' ? 'customers' : 'sales-orders'
    return compareWithSource(th, connectionId, entity, sim.records(simEntity) as Array<{ id: string }>)
  }

  describe('gap checks', () => {
    test('after a full sync no bucket differs, and the buckets add up to everything the ERP holds', async () => {
      const conn = await connect('gaps-full')
      await syncOk(conn.id, ['customer', 'sales-order'])
      for (const [entity, simEntity] of [['customer', 'customers'], ['sales-order', 'sales-orders']] as const) {
        const result = await checkGaps(th.hub.sync, th.tenantId, conn.id, entity, { bucketMs: 7 * DAY_MS, resync: false })
        expect(result.differing).toBe(0)
        expect(result.buckets.every((b) => !b.differs)).toBe(true)
        // Open downwards (nothing older escapes), contiguous, ending now.
        expect(result.buckets[0].from).toBeNull()
        for (let i = 1; i < result.buckets.length; i++) expect(result.buckets[i].from).toBe(result.buckets[i - 1].to)
        expect(result.buckets.reduce((n, b) => n + b.erp, 0)).toBe(sim.records(simEntity).length)
        expect(result.undatedInHub).toBe(0)
      }
    }, 60_000)

    test('late commits behind the cursor are found in exactly the buckets they moved into and out of, and resync re-reads only those', async () => {
      const conn = await connect('gaps-late')
      await syncOk(conn.id, ['sales-order'])
      // The cursor moves to "now" (a new order) ...
      const newest = Date.parse(sim.records('sales-orders').at(-1)!.updated_at)
      sim.add('sales-orders', 1)
      await syncOk(conn.id, ['sales-order'])
      // ... then two long transactions commit rows stamped between the newest earlier change and now:
      // behind the cursor, yet later than each row's previous version (a row stamped older than the
      // version the hub holds would be refused by its newer-wins rule, whatever path brought it).
      const span = Date.parse(sim.stats().now) - newest
      expect(span).toBeGreaterThan(60_000)
      const late = [...sim.commitLate('sales-orders', 2, Math.floor(span / 3)), ...sim.commitLate('sales-orders', 2, Math.floor((2 * span) / 3))]
      await syncOk(conn.id, ['sales-order'])
      const missed = await sameAsSource(conn.id, 'sales-order')
      expect(missed.hub.digest).not.toBe(missed.source.digest)

      // Where the hub has them (their old versions) and where the ERP has them now, by hourly bucket.
      const since = new Date(Date.now() - 3 * DAY_MS).toISOString()
      const bucketOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS
      const first = bucketOf(Date.parse(since))
      const held = await th.hub.db.pool.query<{ external_id: string; source_updated_at: Date }>(
        `SELECT "external_id", "source_updated_at" FROM "source_record" WHERE "connection_id" = $1 AND "entity" = 'sales-order' AND "external_id" = ANY($2)`,
        [conn.id, late],
      )
      const delta = new Map<number, number>()
      const shift = (ms: number, by: number) => bucketOf(ms) >= first && delta.set(bucketOf(ms), (delta.get(bucketOf(ms)) ?? 0) + by)
      for (const id of late) shift(Date.parse(sim.record('sales-orders', id)!.updated_at), +1)
      for (const row of held.rows) shift(row.source_updated_at.getTime(), -1)
      const expected = [...delta].filter(([, d]) => d !== 0).map(([ms]) => new Date(ms).toISOString()).sort()
      expect(expected.length).toBeGreaterThanOrEqual(2)

      const check = await checkGaps(th.hub.sync, th.tenantId, conn.id, 'sales-order', { bucketMs: HOUR_MS, since, resync: false })
      expect(check.buckets[0].from).toBe(new Date(first).toISOString())
      expect(check.buckets.filter((b) => b.differs).map((b) => b.from).sort()).toEqual(expected)
      expect(check.differing).toBe(expected.length)

      // While a sync holds the entity the check is answered, but nothing is re-read.
      const lock = await tryLockEntity(th.hub.db, conn.id, 'sales-order')
      try {
        const busy = await checkGaps(th.hub.sync, th.tenantId, conn.id, 'sales-order', { bucketMs: HOUR_MS, since, resync: true })
        expect(busy.differing).toBe(expected.length)
        expect(busy.resynced).toBeUndefined()
        expect(busy.resyncSkipped).toContain('a sync of sales-order is running')
      } finally {
        await lock!.release()
      }

      sim.resetRequests()
      const fixed = await checkGaps(th.hub.sync, th.tenantId, conn.id, 'sales-order', { bucketMs: HOUR_MS, since, resync: true })
      expect(fixed.differing).toBe(expected.length)
      expect(fixed.resynced).toMatchObject({ buckets: expected.length, stillDiffering: 0, inserted: 0, updated: late.length, quarantined: 0 })
      // Only the differing windows were read, one page each; every other bucket cost one count.
      const requests = sim.requests()
      expect(requests.filter((r) => r.path === LISTS['sales-order']).length).toBe(expected.length)
      expect(requests.filter((r) => r.path === `${LISTS['sales-order']}/count`).length).toBe(fixed.buckets.length)
      for (const list of requests.filter((r) => r.path === LISTS['sales-order'])) expect(list.query.updated_before).toBeDefined()

      const after = await sameAsSource(conn.id, 'sales-order')
      expect(after.hub).toEqual(after.source)
      expect((await checkGaps(th.hub.sync, th.tenantId, conn.id, 'sales-order', { bucketMs: HOUR_MS, since, resync: false })).differing).toBe(0)
      // The stream position was left alone: the resync wrote no cursor.
      const history = await cursorHistory(th.hub.db, th.tenantId, conn.id, 'sales-order', { limit: 1 })
      expect(history[0].syncRunId).not.toBeNull()
      const audit = await th.hub.db.prisma.auditEvent.findMany({ where: { connectionId: conn.id, action: 'gaps.resync' } })
      expect(audit).toHaveLength(1)
    }, 90_000)

    test('over the API: a check is a read, a resync needs write, and the router lets other connection routes through', async () => {
      const conn = await connect('gaps-api')
      await syncOk(conn.id, ['customer'])
      const res = await admin.post(`/v1/connections/${conn.id}/gaps/check`, { entity: 'customer', bucketMinutes: 30 * 24 * 60 })
      expect(res.status).toBe(200)
      expect(res.data).toMatchObject({ connectionId: conn.id, entity: 'customer', differing: 0, bucketMs: 30 * DAY_MS })
      expect((await marketer.post(`/v1/connections/${conn.id}/gaps/check`, { entity: 'customer' })).status).toBe(403)
      expect((await marketer.post(`/v1/connections/${conn.id}/gaps/check`, { entity: 'customer', resync: true })).data.error.message).toContain('connections write')
      const bad = await admin.post(`/v1/connections/${conn.id}/gaps/check`, { entity: 'customer', bucketMinutes: 0 })
      expect(bad.status).toBe(400)
      expect(bad.data.error.details.issues[0].path).toBe('bucketMinutes')
      expect((await admin.post(`/v1/connections/00000000-0000-4000-8000-000000000000/gaps/check`, { entity: 'customer' })).status).toBe(404)
      expect((await admin.get(`/v1/connections/${conn.id}`)).data.id).toBe(conn.id)
    }, 60_000)

    test('a connection that cannot count is refused with the reason, before any window is read', async () => {
      // The simulator connection without its count settings: a rest ERP nobody told the hub how to count.
      const base = simulatorConnectionConfig(sim.url)
      const uncounted = { ...base, entities: Object.fromEntries(Object.entries(base.entities).map(([name, { count: _count, incremental: { untilParam: _until, ...incremental }, ...entity }]) => [name, { ...entity, incremental }])) }
      const plain = await createConnection(th.hub.connections, th.tenantId, { name: 'gaps-unconfigured', kind: 'rest', config: uncounted, schedule: { entities: UNSCHEDULED } })
      sim.resetRequests()
      const unconfigured = await rejection(checkGaps(th.hub.sync, th.tenantId, plain.id, 'customer', { bucketMs: DAY_MS, resync: true }))
      expect(unconfigured.code).toBe('connector_config')
      expect(unconfigured.message).toContain('entities.customer.incremental.untilParam')

      const legacy = await createConnection(th.hub.connections, th.tenantId, {
        name: 'gaps-legacy',
        kind: nonCountingRest.kind,
        config: countingConfig(sim.url, 100),
        mappings: { customer: 'rest/customer', product: 'rest/product', 'sales-order': 'rest/sales-order', 'inventory-position': 'rest/inventory-position', 'production-order': 'rest/production-order' },
        schedule: { entities: UNSCHEDULED },
      })
      const cannot = await rejection(checkGaps(th.hub.sync, th.tenantId, legacy.id, 'customer', { bucketMs: DAY_MS, resync: false }))
      expect(cannot.code).toBe('connector_config')
      expect(cannot.message).toContain('rest-legacy connector of connection gaps-legacy cannot count records')
      expect(sim.requests()).toEqual([])
      const preview = await admin.post(`/v1/connections/${legacy.id}/cursors/customer/rewind`, { to: new Date().toISOString() })
      // Never synced: no position to go back to.
      expect(preview.status).toBe(404)
    }, 60_000)
  })

  describe('cursor history and rewind', () => {
    test('history lists every position newest first, with the run that stored it, down to the empty cursor', async () => {
      const conn = await connect('history', 20)
      const [full] = await syncOk(conn.id, ['customer'])
      sim.mutate('customers', 3)
      const [incremental] = await syncOk(conn.id, ['customer'])
      const history = await cursorHistory(th.hub.db, th.tenantId, conn.id, 'customer', { limit: 100 })
      const current = await th.hub.db.prisma.syncCursor.findUnique({ where: { connectionId_entity: { connectionId: conn.id, entity: 'customer' } } })
      expect(history[0]).toMatchObject({ version: current!.version, value: current!.value, syncRunId: incremental.id })
      expect(history.map((p) => p.version)).toEqual(Array.from({ length: history.length }, (_, i) => current!.version - i))
      for (let i = 1; i < history.length; i++) expect(BigInt(history[i - 1].id)).toBeGreaterThan(BigInt(history[i].id))
      // The full run paged the customers by 20: one position per page, the last one at rest on its watermark.
      const fullRun = history.filter((p) => p.syncRunId === full.id)
      expect(fullRun).toHaveLength(Math.ceil(sim.records('customers').length / 20))
      expect(fullRun[0].rereads).toEqual({ kind: 'since', since: expect.any(String), midRun: false })
      expect(fullRun.slice(1).every((p) => p.rereads.kind === 'everything')).toBe(true)
      expect(history.at(-1)).toMatchObject({ value: null, version: 0, syncRunId: null, rereads: { kind: 'everything' } })

      const page = await admin.get(`/v1/connections/${conn.id}/cursors/customer/history`, { params: { limit: 2, before: history[1].id } })
      expect(page.status).toBe(200)
      expect(page.data.data.map((p: { id: string }) => p.id)).toEqual([history[2].id, history[3].id])
      expect((await admin.get(`/v1/connections/${conn.id}/cursors/not-an-entity/history`)).status).toBe(400)
    }, 60_000)

    test('a preview says where a rewind would read from and how many records the hub and the ERP hold since, without moving anything', async () => {
      const conn = await connect('preview', 20)
      const [full] = await syncOk(conn.id, ['customer'])
      sim.mutate('customers', 4)
      await syncOk(conn.id, ['customer'])
      const history = await cursorHistory(th.hub.db, th.tenantId, conn.id, 'customer', { limit: 100 })
      const atRest = history.find((p) => p.syncRunId === full.id)!
      const since = (atRest.value as { since: string }).since
      const changedSince = sim.records('customers').filter((r) => r.updated_at >= since).length

      const res = await admin.post(`/v1/connections/${conn.id}/cursors/customer/rewind`, { to: Number(atRest.id) })
      expect(res.status).toBe(200)
      expect(res.data).toMatchObject({
        preview: true,
        target: { id: atRest.id, rereads: { kind: 'since', since, midRun: false } },
        current: { version: history[0].version },
        hubRecords: changedSince,
        erpRecords: changedSince,
      })
      // By time: where the cursor stood right after the full run.
      const byTime = await previewRewind(th.hub.sync, th.tenantId, conn.id, 'customer', { to: atRest.recordedAt })
      expect(byTime.target.id).toBe(atRest.id)
      const unchanged = await cursorHistory(th.hub.db, th.tenantId, conn.id, 'customer', { limit: 1 })
      expect(unchanged[0].id).toBe(history[0].id)
    }, 60_000)

    test('a rewind, then an incremental sync, re-reads what the preview announced and catches what the cursor had passed by', async () => {
      const conn = await connect('rewind', 20)
      const [full] = await syncOk(conn.id, ['customer'])
      sim.mutate('customers', 2)
      await syncOk(conn.id, ['customer'])
      const before = await cursorHistory(th.hub.db, th.tenantId, conn.id, 'customer', { limit: 100 })
      const atRest = before.find((p) => p.syncRunId === full.id)!
      const watermark = Date.parse((atRest.value as { since: string }).since)
      // Committed late, but after the full run's watermark: a sync from there reads them.
      const lag = Math.floor((Date.parse(sim.stats().now) - watermark) / 2)
      sim.commitLate('customers', 3, lag)
      await syncOk(conn.id, ['customer'])
      const missed = await sameAsSource(conn.id, 'customer')
      expect(missed.hub.digest).not.toBe(missed.source.digest)

      const preview = await previewRewind(th.hub.sync, th.tenantId, conn.id, 'customer', { to: atRest.id })
      const current = await cursorHistory(th.hub.db, th.tenantId, conn.id, 'customer', { limit: 1 })
      const res = await admin.post(`/v1/connections/${conn.id}/cursors/customer/rewind`, { to: atRest.id, preview: false })
      expect(res.status).toBe(200)
      expect(res.data).toMatchObject({ preview: false, target: { id: atRest.id }, previous: { version: current[0].version }, version: current[0].version + 1 })
      const rewound = await cursorHistory(th.hub.db, th.tenantId, conn.id, 'customer', { limit: 1 })
      expect(rewound[0]).toMatchObject({ value: atRest.value, version: current[0].version + 1, syncRunId: null })
      const audit = await th.hub.db.prisma.auditEvent.findFirst({ where: { connectionId: conn.id, action: 'cursor.rewind' } })
      expect(audit?.details).toMatchObject({ entity: 'customer', historyId: atRest.id })

      // Going forward again to a position past the rewind would skip what is now to be re-read.
      const ahead = await rejection(rewindCursor(th.hub.sync, th.tenantId, conn.id, 'customer', { to: current[0].id }))
      expect(ahead.code).toBe('conflict')
      expect(ahead.message).toContain('would skip records')

      const [reread] = await syncOk(conn.id, ['customer'])
      expect(reread.readCount).toBe(preview.erpRecords)
      const after = await sameAsSource(conn.id, 'customer')
      expect(after.hub).toEqual(after.source)
    }, 60_000)

    test('rewinding while a sync holds the entity is refused, and allowed once it is done', async () => {
      const conn = await connect('rewind-busy', 50)
      await syncOk(conn.id, ['customer'])
      const [oldest] = (await cursorHistory(th.hub.db, th.tenantId, conn.id, 'customer', { limit: 100 })).slice(-1)
      // The lock a running sync holds (pullEntity takes this same advisory lock).
      const lock = await tryLockEntity(th.hub.db, conn.id, 'customer')
      expect(lock).not.toBeNull()
      try {
        const refused = await rejection(rewindCursor(th.hub.sync, th.tenantId, conn.id, 'customer', { to: oldest.id }))
        expect(refused.code).toBe('conflict')
        expect(refused.message).toContain('a sync of customer is running')
        const viaApi = await admin.post(`/v1/connections/${conn.id}/cursors/customer/rewind`, { to: oldest.id, preview: false })
        expect(viaApi.status).toBe(409)
        // A preview changes nothing, so it is answered even now.
        expect((await admin.post(`/v1/connections/${conn.id}/cursors/customer/rewind`, { to: oldest.id })).status).toBe(200)
      } finally {
        await lock!.release()
      }
      const done = await rewindCursor(th.hub.sync, th.tenantId, conn.id, 'customer', { to: oldest.id })
      expect(done.target.value).toBeNull()
      // Back to the beginning: the next sync reads everything again, and everything is unchanged.
      const [again] = await syncOk(conn.id, ['customer'])
      expect(again).toMatchObject({ readCount: sim.records('customers').length, unchanged: sim.records('customers').length })
    }, 60_000)
  })

  test('a schedule with gapCheck gets its own job scheduler, and the scheduled check re-reads what the cursor passed by', async () => {
    const conn = await createConnection(th.hub.connections, th.tenantId, {
      name: 'scheduled-gaps',
      kind: 'rest',
      config: countingConfig(sim.url, 200),
      schedule: { entities: UNSCHEDULED, gapCheck: { everyMinutes: 60, bucketMinutes: 60, days: 60 } },
    })
    expect((await th.hub.syncQueue.schedulers(conn.id)).map((s) => [s.id, s.every])).toEqual([[`${conn.id}.gaps`, HOUR_MS]])
    expect((await syncNow(th, conn.id, ['customer']))[0].status).toBe('succeeded')
    sim.mutate('customers', 2)
    expect((await syncNow(th, conn.id, ['customer']))[0].status).toBe('succeeded')
    // Committed two hours back: behind the cursor, so the incremental sync misses them.
    sim.commitLate('customers', 3, 2 * HOUR_MS)
    expect((await syncNow(th, conn.id, ['customer']))[0].status).toBe('succeeded')
    expect((await compareWithSource(th, conn.id, 'customer', sim.records('customers'))).hub.digest).not.toBe((await compareWithSource(th, conn.id, 'customer', sim.records('customers'))).source.digest)

    const outcome = await checkConnectionGaps(th.hub.sync, th.tenantId, conn.id, new AbortController().signal)
    expect(outcome.customer.differing).toBeGreaterThan(0)
    const { hub, source } = await compareWithSource(th, conn.id, 'customer', sim.records('customers'))
    expect(hub).toEqual(source)
  }, 60_000)
})
