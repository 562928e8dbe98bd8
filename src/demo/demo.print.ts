/** Plain-text rendering of the demo's answers: what a person reads in the terminal. */

export function progressLine(run: { entity: string; status: string; counts: { pages: number; read: number; quarantined: number } }, total: number | undefined): string {
  const width = 24
  const share = total ? Math.min(1, run.counts.read / total) : run.status === 'succeeded' ? 1 : 0
  const done = Math.round(share * width)
  const bar = '█'.repeat(done) + '░'.repeat(width - done)
  const pct = `${Math.round(share * 100)}%`.padStart(4)
  return `  ${run.entity.padEnd(19)} ${bar} ${pct}  ${String(run.counts.read).padStart(7)}${total ? ` / ${total}` : ''} records, ${run.counts.pages} pages, ${run.counts.quarantined} quarantined  [${run.status}]`
}

export function formatCounts(rows: Array<{ entity: string; erp: number; hub: number; quarantined: number }>, lines: { erp: number; hub: number }): string {
  const head = `  ${'entity'.padEnd(20)}${'in the ERP'.padStart(12)}${'in the hub'.padStart(12)}${'quarantined'.padStart(13)}`
  const body = rows.map((r) => `  ${r.entity.padEnd(20)}${String(r.erp).padStart(12)}${String(r.hub).padStart(12)}${String(r.quarantined).padStart(13)}`)
  return ['Counts after the sync (read from PostgreSQL):', head, ...body, `  ${'sales-order lines'.padEnd(20)}${String(lines.erp).padStart(12)}${String(lines.hub).padStart(12)}`].join('\n')
}

interface CustomerView {
  name: string
  email: string | null
  phone: string | null
  address: { street: string | null; city: string | null; postalCode: string | null; country: string | null }
  source: { connection: { name: string }; externalId: string; mappingVersion: number }
  orderCount: number
  orders: Array<{ number: string | null; status: string; orderedAt: string | null; currency: string | null; totalAmount: string | null; lines: Array<{ lineNo: number; sku: string; quantity: string; unitPrice: string | null }> }>
}

export function formatCustomer(c: CustomerView): string {
  const out = [
    `Customer ${c.name} (${c.source.connection.name} ${c.source.externalId}, mapping v${c.source.mappingVersion})`,
    `  ${[c.email, c.phone].filter(Boolean).join(' · ')}`,
    `  ${[c.address.street, [c.address.postalCode, c.address.city].filter(Boolean).join(' '), c.address.country].filter(Boolean).join(', ')}`,
    `  ${c.orderCount} orders; the latest ${c.orders.length}:`,
  ]
  for (const o of c.orders) {
    out.push(`    ${o.number} ${o.status.padEnd(10)} ${o.orderedAt?.slice(0, 10) ?? ''} ${o.totalAmount} ${o.currency ?? ''}`)
    for (const l of o.lines) out.push(`      #${l.lineNo} ${l.sku} × ${l.quantity} @ ${l.unitPrice}`)
  }
  return out.join('\n')
}

interface AvailabilityView {
  sku: string
  totals: { onHand: string; reserved: string; available: string }
  locations: Array<{ connection: { name: string }; location: string; onHand: string; reserved: string; available: string; asOf: string }>
  production: Array<{ date: string; quantity: string; orders: number }>
}

export function formatAvailability(a: AvailabilityView): string {
  const out = [`Availability of ${a.sku}: on hand ${a.totals.onHand}, reserved ${a.totals.reserved}, available ${a.totals.available}`]
  for (const l of a.locations) out.push(`  ${l.connection.name} ${l.location}: on hand ${l.onHand}, reserved ${l.reserved}, available ${l.available} (as of ${l.asOf})`)
  out.push(a.production.length ? '  scheduled production:' : '  no open production')
  for (const p of a.production) out.push(`    ${p.date}: +${p.quantity} (${p.orders} order${p.orders === 1 ? '' : 's'})`)
  return out.join('\n')
}
