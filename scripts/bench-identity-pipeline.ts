import { Readable } from 'node:stream'
import { createConnection } from '../src/connections/connection.service'
import type { SourceCustomer } from '../src/identity/bench'
import type { Hub } from '../src/runtime/hub.container'
import { receiveDocument } from '../src/sync/receive-document'

/**
 * Loads generated source customers the way an ERP's export reaches the hub: one CSV document per ERP
 * (a csv connection each), received through the documents path, ingested by the worker through the
 * csv connector and mappings/csv/customer.yaml into the customer table. Returns each record's
 * customer id (by connection and external id) for the evaluation.
 */
export async function loadThroughPipeline(hub: Hub, tenantId: string, records: SourceCustomer[]): Promise<{ runs: string[]; byRecord: Map<string, { connectionId: string; externalId: string }> }> {
  const byErp = new Map<string, SourceCustomer[]>()
  for (const r of records) {
    const list = byErp.get(r.connection)
    if (list) list.push(r)
    else byErp.set(r.connection, [r])
  }
  const runs: string[] = []
  const byRecord = new Map<string, { connectionId: string; externalId: string }>()
  for (const [erp, list] of byErp) {
    const conn = await createConnection(hub.connections, tenantId, {
      name: erp,
      kind: 'csv',
      config: { encoding: 'utf-8', layouts: [{ entity: 'customer', match: { filename: '*.csv' }, delimiter: ';', key: 'customer_number', batchSize: 5000 }] },
    })
    const header = 'customer_number;name;email;phone;vat_id;street;postal_code;city;country;currency;updated_at'
    const q = (v: string | undefined) => (v === undefined ? '' : /[;"\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
    const lines = list.map((r) => [r.externalId, r.name, r.email, r.phone, r.taxId, r.street, r.postalCode, r.city, r.country, r.currency, r.updatedAt].map(q).join(';'))
    const body = Readable.from([Buffer.from([header, ...lines].join('\n') + '\n', 'utf8')])
    const received = await receiveDocument(hub.documents, tenantId, conn.id, { body, filename: `${erp}-customers.csv`, contentType: 'text/csv' })
    if (received.runId) runs.push(received.runId)
    for (const r of list) byRecord.set(r.recordId, { connectionId: conn.id, externalId: r.externalId })
  }
  return { runs, byRecord }
}
