import { useEffect, useState } from 'preact/hooks'
import { api, type Page } from '../../api'
import { href } from '../../router'
import { useAsync, useDebounced } from '../../ui/async'
import { Card, Empty, ErrorBox, Field, Loading, PageHeader, Pager } from '../../ui/components'
import type { RouteContext } from '../area'
import type { CustomerHit } from './types'
import { replaceQuery, styles } from './util'

const LIMIT = 50

/** Hits of one golden customer side by side: a real customer is one row however many ERPs know it. */
export interface Group {
  key: string
  golden: CustomerHit['golden']
  hits: CustomerHit[]
}

export function groupHits(hits: CustomerHit[]): Group[] {
  const groups = new Map<string, Group>()
  for (const hit of hits) {
    const key = hit.golden?.id ?? `source:${hit.id}`
    const group = groups.get(key) ?? { key, golden: hit.golden, hits: [] }
    group.hits.push(hit)
    groups.set(key, group)
  }
  return [...groups.values()]
}

function first<T>(hits: CustomerHit[], pick: (h: CustomerHit) => T | null): T | null {
  for (const h of hits) {
    const v = pick(h)
    if (v !== null && v !== undefined && v !== '') return v
  }
  return null
}

function ResultRow(props: { group: Group }) {
  const { golden, hits } = props.group
  const link = golden ? href(`/customers/${golden.id}`) : href(`/customers/${hits[0].id}`)
  return (
    <tr>
      <td>
        <a href={link}>{golden?.name ?? hits[0].name}</a>
        {!golden && (
          <div style={styles.alt} title="Identity resolution has not linked this ERP record to a golden customer yet: it shows as its ERP knows it.">
            not resolved yet
          </div>
        )}
      </td>
      <td>{first(hits, (h) => h.country) ?? '—'}</td>
      <td>
        {[...new Set(hits.map((h) => h.city).filter(Boolean))].join(', ') || '—'}
      </td>
      <td style={{ textAlign: 'right' }}>{golden?.members ?? 1}</td>
      <td>{first(hits, (h) => h.email) ?? '—'}</td>
      <td>{first(hits, (h) => h.phone) ?? '—'}</td>
      <td>
        <div style={styles.inlineList}>
          {hits.map((h) => (
            <a key={h.id} href={href(`/customers/${h.id}`)} class="badge badge-muted" title={`${h.name} as ${h.connection.name} knows it`}>
              {h.connection.name} · {h.externalId}
            </a>
          ))}
        </div>
      </td>
    </tr>
  )
}

/** `#/customers?q=…`: search as you type, one row per real (golden) customer, the matching ERP records beside it. */
export function CustomersPage(props: RouteContext) {
  const urlQ = props.query.get('q') ?? ''
  const offset = Number(props.query.get('offset') ?? 0) || 0
  const [text, setText] = useState(urlQ)
  const settled = useDebounced(text.trim(), 300)

  // A link or the sidebar changed the query: the box follows the address.
  useEffect(() => {
    if (urlQ !== settled) setText(urlQ)
  }, [urlQ])
  useEffect(() => {
    if (settled !== urlQ) replaceQuery('/customers', { q: settled })
  }, [settled])

  // The answer keeps the query it answers, so the count never pairs an older answer with a newer query.
  const result = useAsync(async () => ({ q: urlQ, page: await api.get<Page<CustomerHit>>('/v1/customers', { q: urlQ, limit: LIMIT, offset }) }), [urlQ, offset])
  const groups = result.data ? groupHits(result.data.page.data) : []
  const shown = result.data?.q ?? ''

  return (
    <>
      <PageHeader title="Customers" subtitle="Search the customers of every ERP by name, email or phone. Open one to see its 360: golden record, orders, cases and offers." />
      <Card>
        <Field label="Search customers" hint="A name, an email address or a phone number (phones match on digits, at least 3).">
          <input type="search" name="q" autocomplete="off" style={styles.searchInput} value={text} placeholder="e.g. Müller, info@, 089 99" onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <ErrorBox error={result.error} title="The search failed" />
        {result.loading && !result.data && <Loading label="Searching…" />}
        {result.data && (
          <>
            <p class="muted" aria-live="polite" data-testid="customer-count">
              {shown ? `${result.data.page.total} ERP records match “${shown}”` : `${result.data.page.total} ERP records, by name`}
              {result.loading && ' · searching…'}
            </p>
            {groups.length === 0 ? (
              <Empty>{shown ? 'No customer matches. Try part of the name, the email domain, or the last digits of the phone number.' : 'No customers yet: they appear once an ERP connection has synced (IT sets those up).'}</Empty>
            ) : (
              <div class="table-wrap">
                <table class="table" data-testid="customer-results">
                  <thead>
                    <tr>
                      <th style={styles.th}>Customer</th>
                      <th style={styles.th}>Country</th>
                      <th style={styles.th}>City</th>
                      <th style={styles.thRight} title="How many ERP records make up this customer">
                        Sources
                      </th>
                      <th style={styles.th}>Email</th>
                      <th style={styles.th}>Phone</th>
                      <th style={styles.th}>Matching ERP records</th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g) => (
                      <ResultRow key={g.key} group={g} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager total={result.data.page.total} limit={LIMIT} offset={offset} onOffset={(o) => replaceQuery('/customers', { q: urlQ, offset: o || undefined })} />
          </>
        )}
      </Card>
    </>
  )
}
