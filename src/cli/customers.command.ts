import type { Command } from 'commander'
import { viewCustomer } from '../customers/customer.view'
import { customer360 } from '../identity/golden/customer-360.view'
import type { Database } from '../store/database'
import { intArg } from './cli-args.parse'
import { formatTable } from './cli-table.format'
import { withDatabase, type CliRuntime } from './cli.context'

type Golden = Awaited<ReturnType<typeof customer360>>
type Source = Awaited<ReturnType<typeof viewCustomer>>
type Order = Source['orders'][number] & { connection?: string }

/** The customer fields in the order people read an address card. */
const FIELDS = ['name', 'email', 'phone', 'taxId', 'street', 'postalCode', 'city', 'country', 'currency'] as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const day = (d: Date | string | null) => (d === null ? '' : (typeof d === 'string' ? d : d.toISOString()).slice(0, 10))
const text = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : String(v))

function orderLines(orders: Order[], orderCount: number): string[] {
  const out = [`Orders: ${orderCount} in all${orders.length < orderCount ? `, the latest ${orders.length}` : ''}`]
  for (const o of orders) {
    out.push(`  ${o.connection ? `${o.connection}  ` : ''}${o.number ?? o.externalId}  ${o.status}  ${day(o.orderedAt)}  ${o.totalAmount ?? '-'} ${o.currency ?? ''}`.trimEnd())
    for (const l of o.lines) out.push(`      #${l.lineNo} ${l.sku} × ${l.quantity}${l.unitPrice !== null ? ` @ ${l.unitPrice}` : ''}${l.description ? `  ${l.description}` : ''}`)
  }
  return out
}

async function goldenLines(db: Database, tenantId: string, c: Golden): Promise<string[]> {
  const names = new Map((await db.prisma.connection.findMany({ where: { tenantId, id: { in: c.sources.map((s) => s.connectionId) } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]))
  const value: Record<string, unknown> = { name: c.name, email: c.email, phone: c.phone, taxId: c.taxId, currency: c.currency, ...c.address }
  const lineage = c.lineage as Golden['lineage'] & Record<string, { value: string; source: { connection: string | null; externalId: string; mappingVersion: number; syncRunId: string | null; sourceUpdatedAt: string | null }; rule: string }>
  const fields = [...FIELDS, ...Object.keys(lineage).filter((f) => !(FIELDS as readonly string[]).includes(f))]
  const rows = fields.map((f) => {
    const l = lineage[f]
    const source = l ? `${l.source.connection ?? '(deleted connection)'} ${l.source.externalId} (mapping v${l.source.mappingVersion}${l.source.sourceUpdatedAt ? `, changed ${day(l.source.sourceUpdatedAt)}` : ''})` : '-'
    return [f, text(value[f] ?? l?.value), source, l?.rule ?? '-']
  })
  const out = [`Golden customer ${c.id}: ${c.name}`]
  if (c.mergedFrom) out.push(`  (asked for ${c.mergedFrom[0]}, which was merged into this one)`)
  out.push(...formatTable(['FIELD', 'VALUE', 'SOURCE', 'RULE'], rows).map((l) => `  ${l}`))
  out.push(`Source records: ${c.sources.length}`)
  for (const s of c.sources) out.push(`  ${names.get(s.connectionId) ?? s.connectionId}  ${s.externalId}  ${s.name}  linked by ${s.linkedBy}${s.score !== null ? ` (score ${s.score.toFixed(2)})` : ''}  [${s.customerId}]`)
  out.push(...orderLines(c.orders, c.orderCount))
  if (c.openProduction.length) {
    out.push('Open production of what they ordered:')
    for (const p of c.openProduction) out.push(`  ${p.connection}  ${p.number ?? '-'}  ${p.sku} × ${p.quantity}  ${p.status}  planned end ${day(p.plannedEnd)}`)
  }
  if (c.cases.length) {
    out.push('Service cases:')
    for (const k of c.cases) out.push(`  ${k.id}  ${k.status}  ${k.priority}  ${k.subject}`)
  }
  return out
}

async function sourceLines(db: Database, c: Source): Promise<string[]> {
  const identity = await db.prisma.customerIdentity.findUnique({ where: { customerId: c.id }, select: { goldenId: true } })
  const s = c.source
  const value: Record<string, unknown> = { name: c.name, email: c.email, phone: c.phone, taxId: c.taxId, currency: c.currency, ...c.address }
  const from = `${s.connection.name} ${s.externalId} (mapping v${s.mappingVersion})`
  return [
    `Source customer ${c.id}: ${c.name}`,
    `  from ${s.connection.name} (${s.connection.kind}), external id ${s.externalId}, mapping v${s.mappingVersion}${s.syncRunId ? `, run ${s.syncRunId}` : ''}${s.sourceUpdatedAt ? `, changed ${s.sourceUpdatedAt.toISOString()}` : ''}`,
    `  golden customer: ${identity?.goldenId ?? 'none yet (identity resolution has not run since it arrived)'}`,
    ...formatTable(['FIELD', 'VALUE', 'SOURCE'], FIELDS.map((f) => [f, text(value[f]), value[f] === null || value[f] === undefined ? '-' : from])).map((l) => `  ${l}`),
    ...orderLines(c.orders, c.orderCount),
  ]
}

/** `erphub customers show <id>`: what GET /v1/customers/:id answers, for a golden or a source customer. */
export function registerCustomers(program: Command, rt: CliRuntime): void {
  const customers = program.command('customers').description('the unified customer view')
  customers
    .command('show <id>')
    .description('a golden customer (fields with the source each came from and the rule that chose it, its source records, orders, open production, cases) or a source customer')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--orders <n>', 'at most this many orders', intArg('--orders', 0, 500), 10)
    .option('--json', 'print the view as the API returns it')
    .action(async (id: string, o: { tenant: string; orders: number; json?: boolean }) => {
      await withDatabase(rt, o.tenant, async ({ db, tenantId }) => {
        const golden = UUID.test(id) ? await db.prisma.goldenCustomer.findFirst({ where: { id, tenantId }, select: { id: true } }) : null
        const view = golden ? await customer360(db, tenantId, id, { ordersLimit: o.orders }) : await viewCustomer(db, tenantId, id, { ordersLimit: o.orders })
        if (o.json) return console.log(JSON.stringify(view, null, 2))
        const lines = golden ? await goldenLines(db, tenantId, view as Golden) : await sourceLines(db, view as Source)
        for (const line of lines) console.log(line)
      })
    })
}
