import { api, can } from '../../api'
import { href } from '../../router'
import { useSession } from '../../session'
import { useAsync } from '../../ui/async'
import { Card } from '../../ui/components'
import { fmtDateTime } from '../../ui/format'
import type { Customer360, SourceCustomer, SourceMember } from './types'
import { ShortId, styles } from './util'

/** The golden fields in reading order, with how a source view holds the same field. */
export const GOLDEN_FIELDS: Array<{ key: string; label: string; of: (c: Customer360 | SourceCustomer) => string | null }> = [
  { key: 'name', label: 'Name', of: (c) => c.name },
  { key: 'email', label: 'Email', of: (c) => c.email },
  { key: 'phone', label: 'Phone', of: (c) => c.phone },
  { key: 'taxId', label: 'Tax id', of: (c) => c.taxId },
  { key: 'street', label: 'Street', of: (c) => c.address.street },
  { key: 'postalCode', label: 'Postal code', of: (c) => c.address.postalCode },
  { key: 'city', label: 'City', of: (c) => c.address.city },
  { key: 'country', label: 'Country', of: (c) => c.address.country },
  { key: 'currency', label: 'Currency', of: (c) => c.currency },
]

/** Sources whose values are compared with the golden one (one request each). */
export const SOURCES_COMPARED = 10

/** The ERP records of a golden customer as their ERPs hold them (for the values that disagree). */
export function useSourceViews(c: Customer360): Map<string, SourceCustomer> {
  const compared = c.sources.slice(0, SOURCES_COMPARED)
  const views = useAsync(async () => {
    const answers = await Promise.all(compared.map((s) => api.get<SourceCustomer>(`/v1/customers/${s.customerId}`, { ordersLimit: 0 }).catch(() => null)))
    return new Map(answers.filter((a): a is SourceCustomer => a !== null).map((a) => [a.id, a]))
  }, [c.id, compared.map((s) => s.customerId).join()])
  return views.data ?? new Map()
}

/** Two spellings of one value are not a disagreement: phones by digits, the rest by letters and digits. */
function sameValue(field: string, a: string, b: string): boolean {
  // "+49 (0)89 …": the trunk zero in brackets is not dialled from abroad.
  const norm = (v: string) => (field === 'phone' ? v.replace(/\(0\)/g, '').replace(/\D/g, '').replace(/^0+/, '') : v.normalize('NFKC').toLowerCase().replace(/[\s.,-]+/g, ''))
  const x = norm(a)
  const y = norm(b)
  return x === y || (field === 'phone' && (x.endsWith(y) || y.endsWith(x)))
}

interface Alternative {
  value: string
  member: SourceMember
}

function alternativesOf(field: (typeof GOLDEN_FIELDS)[number], golden: string | null, members: SourceMember[], views: Map<string, SourceCustomer>): Alternative[] {
  const out: Alternative[] = []
  for (const m of members) {
    const view = views.get(m.customerId)
    const value = view ? field.of(view) : null
    if (!value) continue
    if (golden !== null && sameValue(field.key, golden, value)) continue
    if (out.some((o) => sameValue(field.key, o.value, value))) continue
    out.push({ value, member: m })
  }
  return out
}

/**
 * The golden record: each field's value and where it came from — the ERP connection, its record,
 * the mapping version, the sync run, the source's change time and the survivorship rule — and the
 * other values the customer's ERP records hold for it, when they disagree.
 */
export function GoldenRecord(props: { customer: Customer360; views: Map<string, SourceCustomer> }) {
  const session = useSession()
  const c = props.customer
  const views = props.views
  const nameOf = new Map(c.sources.map((s) => [s.customerId, s]))
  const canRuns = can(session, 'runs:read')

  return (
    <Card title="Golden record" testId="golden-record">
      <p class="muted" style={{ ...styles.small, marginTop: 0 }}>
        Each value is the one survivorship chose among the customer's ERP records; “from” says which record, and the rule why.
      </p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th style={styles.th}>Field</th>
              <th style={styles.th}>Value</th>
              <th style={styles.th}>From</th>
              <th style={styles.th}>Rule</th>
              <th style={styles.th}>Mapping · sync run</th>
              <th style={styles.th}>Changed in the ERP</th>
            </tr>
          </thead>
          <tbody>
            {GOLDEN_FIELDS.map((f) => {
              const l = c.lineage[f.key]
              const value = f.of(c)
              const alternatives = alternativesOf(f, value, c.sources, views)
              return (
                <tr key={f.key} data-testid={`field-${f.key}`}>
                  <th scope="row" style={styles.rowHead}>
                    {f.label}
                  </th>
                  <td>
                    <span data-testid="value">{value ?? '—'}</span>
                    {alternatives.length > 0 && (
                      <div style={styles.alt} data-testid="alternatives">
                        {alternatives.map((a, i) => (
                          <div key={i}>
                            also “{a.value}” in{' '}
                            <a href={href(`/customers/${a.member.customerId}`)}>
                              {views.get(a.member.customerId)?.source.connection.name ?? 'another ERP'} · {a.member.externalId}
                            </a>
                          </div>
                        ))}
                      </div>
                    )}
                  </td>
                  <td data-testid="lineage-source">
                    {l ? (
                      <a href={href(`/customers/${l.source.customerId}`)} title={nameOf.get(l.source.customerId)?.name}>
                        {l.source.connection ?? 'a removed connection'} · {l.source.externalId}
                      </a>
                    ) : (
                      <span class="muted">no ERP has it</span>
                    )}
                  </td>
                  <td>{l?.rule ?? '—'}</td>
                  <td>
                    {l ? (
                      <>
                        v{l.source.mappingVersion} ·{' '}
                        {l.source.syncRunId ? canRuns ? <a href={href(`/runs/${l.source.syncRunId}`)}><ShortId id={l.source.syncRunId} /></a> : <ShortId id={l.source.syncRunId} /> : <span class="muted">—</span>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{l ? fmtDateTime(l.source.sourceUpdatedAt) : '—'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </Card>
  )
}
