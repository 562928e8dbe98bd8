import { createConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { generateIdentityDataset, generateVatId, type SourceCustomer } from '../../src/identity/bench'
import { createBenchRandom } from '../../src/identity/bench/bench.random'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { startTestHub, type TestHub } from '../support/hub.harness'

const ERPS = ['sap', 'business-central', 'tryton'] as const

/**
 * Incremental identity resolution on the benchmark generator's data (a seeded slice of it): after a
 * full resolution, changes are resolved by looking only at the changed customers and what they may
 * link to, and the outcome is the one a full resolution of the same data reaches.
 */
describe('incremental identity resolution', () => {
  let th: TestHub
  const connections = new Map<string, ConnectionView>()
  const dataset = generateIdentityDataset({ seed: 7, originals: 600, duplicatesPerOriginal: { max: 3, distribution: 'zipf' }, erps: ERPS })
  // Held back from the first load, to arrive later as new source customers.
  const late = dataset.records.filter((_, i) => i % 25 === 3)
  const early = dataset.records.filter((_, i) => i % 25 !== 3)

  async function put(records: SourceCustomer[]) {
    const conn = records.map((r) => connections.get(r.connection)!.id)
    await th.hub.db.pool.query(
      `INSERT INTO "customer" ("tenant_id", "connection_id", "external_id", "name", "email", "phone", "tax_id", "street", "postal_code", "city", "country", "source_updated_at", "content_hash", "mapping_version")
SELECT $1, u.connection_id, u.external_id, u.name, u.email, u.phone, u.tax_id, u.street, u.postal_code, u.city, u.country, u.updated_at, 'h', 1
FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[])
  AS u(connection_id, external_id, name, email, phone, tax_id, street, postal_code, city, country, updated_at)
ON CONFLICT ("connection_id", "external_id") DO UPDATE SET "name" = EXCLUDED."name", "email" = EXCLUDED."email", "phone" = EXCLUDED."phone", "tax_id" = EXCLUDED."tax_id", "updated_at" = now()`,
      [
        th.tenantId,
        conn,
        records.map((r) => r.externalId),
        records.map((r) => r.name),
        records.map((r) => r.email ?? null),
        records.map((r) => r.phone ?? null),
        records.map((r) => r.taxId ?? null),
        records.map((r) => r.street ?? null),
        records.map((r) => r.postalCode ?? null),
        records.map((r) => r.city ?? null),
        records.map((r) => r.country),
        records.map((r) => r.updatedAt),
      ],
    )
  }

  /** Source record id (`connection/external id`) → golden id. */
  async function partition(): Promise<Map<string, string>> {
    const rows = await th.hub.db.pool.query<{ record: string; golden_id: string }>(
      `SELECT k."name" || '/' || c."external_id" AS record, i."golden_id" FROM "customer" c JOIN "connection" k ON k."id" = c."connection_id" JOIN "customer_identity" i ON i."customer_id" = c."id" WHERE c."tenant_id" = $1`,
      [th.tenantId],
    )
    return new Map(rows.rows.map((r) => [r.record, r.golden_id]))
  }

  beforeAll(async () => {
    th = await startTestHub()
    for (const name of ERPS) {
      connections.set(name, await createConnection(th.hub.connections, th.tenantId, { name, kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: { entities: { customer: null } } }))
    }
    await put(early)
  })
  afterAll(async () => {
    await th?.close()
  })

  test('after a full resolution, new and changed customers are resolved by looking at them and their neighbours only, with the outcome of a full resolution', async () => {
    const first = await resolveTenant(th.hub.db, th.tenantId, { mode: 'incremental' }) // no resolution yet: runs full
    expect(first).toMatchObject({ mode: 'full', customers: early.length, examined: early.length })

    const nothing = await resolveTenant(th.hub.db, th.tenantId, { mode: 'incremental' })
    expect(nothing).toMatchObject({ mode: 'incremental', examined: 0, written: 0, moved: 0 })

    // New customers arrive, and a few known ones change their email.
    const changed = early.filter((_, i) => i % 97 === 5).map((r) => ({ ...r, email: `new.${r.externalId.toLowerCase()}@changed.example` }))
    await put(late)
    await put(changed)
    const incremental = await resolveTenant(th.hub.db, th.tenantId, { mode: 'incremental' })
    expect(incremental.mode).toBe('incremental')
    expect(incremental.customers).toBe(dataset.records.length)
    expect(incremental.examined).toBeGreaterThanOrEqual(late.length + changed.length)
    expect(incremental.examined).toBeLessThan(dataset.records.length / 2)
    const afterIncremental = await partition()
    expect(afterIncremental.size).toBe(dataset.records.length)

    // A full resolution of the same data moves nobody: the incremental one already reached its outcome.
    const full = await resolveTenant(th.hub.db, th.tenantId, { mode: 'full' })
    expect(full).toMatchObject({ mode: 'full', examined: dataset.records.length, moved: 0, created: 0, merged: 0 })
    expect(await partition()).toEqual(afterIncremental)

    // The late arrivals joined their company's golden wherever the company was already there.
    const truthGolden = new Map<string, string>()
    let joined = 0
    for (const r of early) truthGolden.set(dataset.truth.get(r.recordId)!, afterIncremental.get(r.recordId)!)
    for (const r of late) if (truthGolden.get(dataset.truth.get(r.recordId)!) === afterIncremental.get(r.recordId)) joined++
    const withCompany = late.filter((r) => truthGolden.has(dataset.truth.get(r.recordId)!)).length
    expect(joined / withCompany).toBeGreaterThan(0.9)
  })

  test('deleted source customers leave their golden (its fields and count follow), and a golden without any is retired', async () => {
    const byGolden = new Map<string, string[]>()
    for (const [record, golden] of await partition()) byGolden.set(golden, [...(byGolden.get(golden) ?? []), record])
    const pair = [...byGolden.entries()].find(([, members]) => members.length === 2)!
    const single = [...byGolden.entries()].find(([, members]) => members.length === 1)!
    const [gone, stays] = pair[1]
    const del = async (record: string) => {
      const [conn, ...ext] = record.split('/')
      await th.hub.db.pool.query(`DELETE FROM "customer" WHERE "connection_id" = $1 AND "external_id" = $2`, [connections.get(conn)!.id, ext.join('/')])
    }
    await del(gone)
    await del(single[1][0])

    const outcome = await resolveTenant(th.hub.db, th.tenantId, { mode: 'incremental' })
    expect(outcome).toMatchObject({ mode: 'incremental', retired: 1 })
    expect(outcome.examined).toBeLessThan(50)
    const kept = await th.hub.db.prisma.goldenCustomer.findUniqueOrThrow({ where: { id: pair[0] } })
    expect(kept).toMatchObject({ status: 'active', members: 1 })
    const [conn] = stays.split('/')
    for (const value of Object.values(kept.lineage as Record<string, { connectionId: string }>)) expect(value.connectionId).toBe(connections.get(conn)!.id)
    expect(await th.hub.db.prisma.goldenCustomer.findUniqueOrThrow({ where: { id: single[0] } })).toMatchObject({ status: 'retired', members: 0 })
  })

  test("a connection's default country reads national phone numbers: the same number written nationally in an Austrian ERP and internationally elsewhere is one", async () => {
    const at = await createConnection(th.hub.connections, th.tenantId, { name: 'bmd-austria', kind: 'rest', defaultCountry: 'at', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: { entities: { customer: null } } })
    expect(at.defaultCountry).toBe('AT')
    connections.set('bmd-austria', at)
    const base = { country: 'AT', corruptions: [], updatedAt: '2026-11-01T00:00:00Z' }
    // No country on the Austrian ERP's record: only the connection says how to read "01 5125555".
    await th.hub.db.pool.query(
      `INSERT INTO "customer" ("tenant_id", "connection_id", "external_id", "name", "phone", "content_hash", "mapping_version") VALUES ($1, $2, 'K-1', 'Zwettler Holzbau GmbH', '01 5125555', 'h', 1)`,
      [th.tenantId, at.id],
    )
    await put([{ ...base, recordId: 'sap/ZW-1', connection: 'sap', externalId: 'ZW-1', name: 'Zwettler Holzbau Ges.m.b.H.', phone: '+43 1 512 55 55', city: 'Wien', postalCode: '1010' }])
    await resolveTenant(th.hub.db, th.tenantId, { mode: 'incremental' })
    const p = await partition()
    expect(p.get('bmd-austria/K-1')).toBe(p.get('sap/ZW-1'))
    const golden = await th.hub.db.prisma.goldenCustomer.findUniqueOrThrow({ where: { id: p.get('sap/ZW-1')! } })
    expect(golden.phone).toBe('+4315125555')
  })

  test('a cluster whose members come to conflict (two different valid tax ids) is split at the next resolution; the golden id stays with the rest', async () => {
    const rng = createBenchRandom(11)
    const [tax1, tax2] = [generateVatId(rng, 'DE'), generateVatId(rng, 'DE')]
    const firm = { corruptions: [], updatedAt: '2026-11-01T00:00:00Z', country: 'DE', name: 'Kowalczyk Spedition GmbH', phone: '+49 421 5556661', email: 'dispo@kowalczyk-spedition.de', postalCode: '28195', city: 'Bremen' }
    await put([
      // KW-2 has no tax id; its street ties it closer to KW-1 than to KW-3.
      { ...firm, recordId: 'sap/KW-1', connection: 'sap', externalId: 'KW-1', taxId: tax1, street: 'Am Wall 120' },
      { ...firm, recordId: 'business-central/KW-2', connection: 'business-central', externalId: 'KW-2', street: 'Am Wall 120' },
      { ...firm, recordId: 'tryton/KW-3', connection: 'tryton', externalId: 'KW-3' },
    ])
    await resolveTenant(th.hub.db, th.tenantId, { mode: 'incremental' })
    let p = await partition()
    const golden = p.get('sap/KW-1')!
    expect(p.get('business-central/KW-2')).toBe(golden)
    expect(p.get('tryton/KW-3')).toBe(golden)

    // The third ERP's record now carries another company's valid tax id: it cannot be the same company as KW-1.
    await put([{ ...firm, recordId: 'tryton/KW-3', connection: 'tryton', externalId: 'KW-3', taxId: tax2 }])
    const outcome = await resolveTenant(th.hub.db, th.tenantId, { mode: 'incremental' })
    expect(outcome).toMatchObject({ mode: 'incremental', moved: 1, created: 1 })
    p = await partition()
    expect(p.get('sap/KW-1')).toBe(golden)
    expect(p.get('business-central/KW-2')).toBe(golden)
    expect(p.get('tryton/KW-3')).not.toBe(golden)
    const split = await th.hub.db.prisma.goldenCustomer.findUniqueOrThrow({ where: { id: p.get('tryton/KW-3')! } })
    expect(split).toMatchObject({ status: 'active', members: 1, taxId: tax2 })
  })
})
