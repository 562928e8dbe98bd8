import type { ConnectionView } from '../../src/connections/connection.schema'
import { startSimulator, type Simulator } from '../../src/simulator'
import { connectSimulator, startTestHub, syncNow, type TestHub } from '../support/hub.harness'

/** Simulator entity → hub table, for reading back what landed. */
const landed = [
  { entity: 'customer', sim: 'customers', table: 'customer' },
  { entity: 'product', sim: 'products', table: 'product' },
  { entity: 'sales-order', sim: 'sales-orders', table: 'sales_order' },
  { entity: 'inventory-position', sim: 'stock', table: 'inventory_position' },
  { entity: 'production-order', sim: 'production-orders', table: 'production_order' },
] as const

describe('syncing an ERP into PostgreSQL through the queue', () => {
  let th: TestHub
  let sim: Simulator
  let conn: ConnectionView

  async function externalIds(table: string): Promise<string[]> {
    const res = await th.hub.db.pool.query<{ external_id: string }>(`SELECT "external_id" FROM "${table}" WHERE "connection_id" = $1 ORDER BY 1`, [conn.id])
    return res.rows.map((r) => r.external_id)
  }

  const simIds = (entity: (typeof landed)[number]['sim']) => sim.records(entity).map((r) => (r as { id: string }).id).sort()

  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 7, lines: 1500 })
    conn = await connectSimulator(th, sim.url, { pageSize: 100 })
    await th.worker()
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  test('a full sync lands every simulator record exactly once', async () => {
    const runs = await syncNow(th, conn.id)
    expect(runs.map((r) => [r.entity, r.status])).toEqual(landed.map((l) => [l.entity, 'succeeded']))
    for (const l of landed) {
      const run = runs.find((r) => r.entity === l.entity)!
      const ids = await externalIds(l.table)
      expect(ids).toEqual(simIds(l.sim))
      expect(run.readCount).toBe(ids.length)
      expect(run.inserted).toBe(ids.length)
      expect(run.quarantined).toBe(0)
    }
    // Every line exactly once: the (order, line number) pairs are the simulator's, no more, no fewer.
    const lines = await th.hub.db.pool.query<{ k: string }>(
      `SELECT o."external_id" || '#' || l."line_no" AS k FROM "sales_order_line" l JOIN "sales_order" o ON o."id" = l."order_id" WHERE o."connection_id" = $1 ORDER BY 1`,
      [conn.id],
    )
    const simLines = sim
      .records('sales-orders')
      .flatMap((o) => (o as { id: string; lines: Array<{ line_no: number }> }).lines.map((l) => `${(o as { id: string }).id}#${l.line_no}`))
      .sort()
    expect(lines.rows.map((r) => r.k)).toEqual(simLines)
    expect(simLines.length).toBe(sim.lineCount())
  })

  test('values arrive exact: an order keeps its total, quantities and prices as decimals', async () => {
    const order = sim.records('sales-orders')[17] as { id: string; total: string; customer_id: string; lines: Array<{ line_no: number; quantity: string; unit_price: string; sku: string }> }
    const row = await th.hub.db.prisma.salesOrder.findFirst({ where: { connectionId: conn.id, externalId: order.id }, include: { lines: { orderBy: { lineNo: 'asc' } } } })
    expect(row?.totalAmount?.toString()).toBe(String(Number(order.total)))
    expect(row?.customerExternalId).toBe(order.customer_id)
    expect(row?.lines.map((l) => [l.lineNo, l.sku, Number(l.quantity.toString()), Number(l.unitPrice?.toString())])).toEqual(
      order.lines.map((l) => [l.line_no, l.sku, Number(l.quantity), Number(l.unit_price)]),
    )
  })

  test('a second run changes nothing', async () => {
    const before = await th.hub.db.pool.query(`SELECT max("updated_at") AS m, count(*)::int AS n FROM "sales_order_line" l JOIN "sales_order" o ON o."id" = l."order_id" WHERE o."connection_id" = $1`, [conn.id])
    const runs = await syncNow(th, conn.id)
    for (const run of runs) {
      expect(run.status).toBe('succeeded')
      expect([run.entity, run.inserted, run.updated, run.quarantined]).toEqual([run.entity, 0, 0, 0])
      expect(run.unchanged).toBe(run.readCount)
    }
    const after = await th.hub.db.pool.query(`SELECT max("updated_at") AS m, count(*)::int AS n FROM "sales_order_line" l JOIN "sales_order" o ON o."id" = l."order_id" WHERE o."connection_id" = $1`, [conn.id])
    expect(after.rows[0]).toEqual(before.rows[0])
  })

  test('an incremental sync fetches only what changed', async () => {
    sim.resetRequests()
    const changed = sim.mutate('customers', 3)
    const [run] = await syncNow(th, conn.id, ['customer'])
    const requests = sim.requests().filter((r) => r.path.endsWith('/customers'))
    expect(requests).toHaveLength(1)
    expect(requests[0].query.updated_since).toBeDefined()
    // The three changed records, plus at most the one record at the previous watermark (updated_since is inclusive).
    expect(requests[0].records).toBeGreaterThanOrEqual(3)
    expect(requests[0].records).toBeLessThanOrEqual(4)
    expect(run.updated).toBe(3)
    const rows = await th.hub.db.prisma.customer.findMany({ where: { connectionId: conn.id, externalId: { in: changed } } })
    for (const id of changed) {
      const src = sim.records('customers').find((c) => (c as { id: string }).id === id) as { email: string | null; phone: string | null; name: string }
      const row = rows.find((r) => r.externalId === id)!
      expect([row.name, row.email, row.phone]).toEqual([src.name, src.email, src.phone])
    }
  })

  test('a record with a bad field is quarantined with its path while the others land, and leaves quarantine once fixed', async () => {
    const orders = sim.records('sales-orders') as Array<{ id: string; lines: unknown[] }>
    const bad = orders.find((o) => o.lines.length >= 3)!
    sim.patch('sales-orders', bad.id, { lines: { 2: { quantity: 'lots' } } })
    const others = sim.mutate('sales-orders', 4).filter((id) => id !== bad.id)
    const [run] = await syncNow(th, conn.id, ['sales-order'])
    expect(run.status).toBe('succeeded')
    expect(run.quarantined).toBe(1)
    expect(run.updated).toBe(others.length)

    const q = await th.hub.db.prisma.quarantine.findFirstOrThrow({ where: { connectionId: conn.id, entity: 'sales-order', externalId: bad.id } })
    expect(q.status).toBe('open')
    expect(q.mapping).toBe('rest/sales-order')
    expect(q.mappingVersion).toBe(1)
    expect(q.syncRunId).toBe(run.id)
    expect(q.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'lines[2].quantity' })]))
    expect((q.payload as { lines: Array<{ quantity: string }> }).lines[2].quantity).toBe('lots')
    // The hub keeps the last good version of the order rather than half of the bad one.
    const kept = await th.hub.db.prisma.salesOrderLine.findFirst({ where: { order: { connectionId: conn.id, externalId: bad.id }, lineNo: (bad.lines[2] as { line_no: number }).line_no } })
    expect(kept?.quantity.toString()).not.toBe('lots')

    sim.patch('sales-orders', bad.id, { lines: { 2: { quantity: '2' } } })
    const [fixed] = await syncNow(th, conn.id, ['sales-order'])
    expect(fixed.quarantined).toBe(0)
    const resolved = await th.hub.db.prisma.quarantine.findUniqueOrThrow({ where: { id: q.id } })
    expect(resolved.status).toBe('resolved')
    const line = await th.hub.db.prisma.salesOrderLine.findFirst({ where: { order: { connectionId: conn.id, externalId: bad.id }, lineNo: (bad.lines[2] as { line_no: number }).line_no } })
    expect(line?.quantity.toString()).toBe('2')
  })

  test('records changed while a sync runs are all caught by the next incremental sync: the hub converges to the ERP exactly', async () => {
    const second = await connectSimulator(th, sim.url, { pageSize: 40 })
    sim.churn(300) // changes per second, across all entities, while the full sync reads
    try {
      const runs = await syncNow(th, second.id)
      expect(runs.every((r) => r.status === 'succeeded')).toBe(true)
    } finally {
      sim.churn(0)
    }
    const catchUp = await syncNow(th, second.id)
    // The churn did change records under the first sync, and the incremental sync picked them up.
    expect(catchUp.reduce((n, r) => n + r.updated, 0)).toBeGreaterThan(0)

    const orderStatus: Record<string, string> = { draft: 'draft', quotation: 'quoted', confirmed: 'confirmed', processing: 'open', shipped: 'shipped', invoiced: 'invoiced', done: 'closed', cancelled: 'cancelled' }
    const productionState: Record<string, string> = { planned: 'planned', released: 'released', running: 'in_progress', done: 'done', cancelled: 'cancelled' }
    const q = async (cols: string, table: string) =>
      (await th.hub.db.pool.query<{ k: string }>(`SELECT concat_ws('|', ${cols}) AS k FROM "${table}" WHERE "connection_id" = $1`, [second.id])).rows.map((r) => r.k).sort()
    expect(await q(`"external_id", "name", coalesce("email", ''), coalesce("phone", ''), coalesce("city", '')`, 'customer')).toEqual(
      (sim.records('customers') as Array<{ id: string; name: string; email: string | null; phone: string | null; address: { city: string } }>).map((c) => [c.id, c.name, c.email ?? '', c.phone ?? '', c.address.city].join('|')).sort(),
    )
    expect(await q(`"external_id", "status", trim_scale("total_amount")::text`, 'sales_order')).toEqual(
      (sim.records('sales-orders') as Array<{ id: string; status: string; total: string }>).map((o) => [o.id, orderStatus[o.status], String(Number(o.total))].join('|')).sort(),
    )
    expect(await q(`"external_id", trim_scale("on_hand")::text, trim_scale("reserved")::text`, 'inventory_position')).toEqual(
      (sim.records('stock') as Array<{ id: string; on_hand: string; reserved: string }>).map((p) => [p.id, String(Number(p.on_hand)), String(Number(p.reserved))].join('|')).sort(),
    )
    expect(await q(`"external_id", "status", trim_scale("quantity")::text`, 'production_order')).toEqual(
      (sim.records('production-orders') as Array<{ id: string; state: string; quantity: string }>).map((p) => [p.id, productionState[p.state], String(Number(p.quantity))].join('|')).sort(),
    )
  }, 60_000)
})
