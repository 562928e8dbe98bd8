import { useEffect, useState } from 'preact/hooks'
import { api, can, type Page } from '../../api'
import { href, navigate } from '../../router'
import { useSession } from '../../session'
import { useAsync, useDebounced } from '../../ui/async'
import { Badge, Card, ErrorBox, Field, Loading, PageHeader, Pager, Select, Table } from '../../ui/components'
import { fmtAgo, fmtDateTime } from '../../ui/format'
import type { RouteContext } from '../area'
import { CASE_STATUSES, type CaseRow, type CustomerView } from './types'
import { replaceQuery, styles, withParams } from './util'

const LIMIT = 50
const STATUS_LABELS: Record<string, string> = { open: 'Open', in_progress: 'In progress', resolved: 'Resolved', closed: 'Closed' }

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status
}

/** The case's customer as people know it: its name, and the ERP record the case is about. */
export function CaseCustomer(props: { c: CaseRow }) {
  const { c } = props
  const name = c.customerName ?? `record ${c.customer}`
  return (
    <>
      {c.goldenId ? (
        <a href={href(`/customers/${c.goldenId}`)} onClick={(e) => e.stopPropagation()}>
          {name}
        </a>
      ) : (
        <span title="not resolved to a golden customer yet">{name}</span>
      )}
      <div style={styles.alt}>
        {c.connection?.name ?? 'ERP'} · {c.customer}
      </div>
    </>
  )
}

export function DueCell(props: { dueAt: string | null; overdue: boolean }) {
  if (!props.dueAt) return <span class="muted">—</span>
  return (
    <span>
      {fmtDateTime(props.dueAt)} {props.overdue && <Badge value="overdue" tone="bad" />}
    </span>
  )
}

/** The golden customer a filter names, by name (one request), with a way to drop the filter. */
function CustomerFilter(props: { id: string; query: URLSearchParams }) {
  const customer = useAsync(() => api.get<CustomerView>(`/v1/customers/${encodeURIComponent(props.id)}`, { ordersLimit: 0 }), [props.id])
  return (
    <Field label="Customer">
      <span class="badge badge-info" style={{ padding: '6px 10px', fontSize: '13px' }}>
        <a href={href(`/customers/${props.id}`)}>{customer.data?.name ?? (customer.error ? 'unknown customer' : '…')}</a>{' '}
        <a href={withParams('/cases', props.query, { customer: undefined, offset: undefined })} aria-label="Show the cases of every customer" title="Show every customer's cases">
          ×
        </a>
      </span>
    </Field>
  )
}

/** `#/cases`: service cases, filtered by status, owner, due time and customer (all in the address). */
export function CasesPage(props: RouteContext) {
  const session = useSession()
  const q = props.query
  const status = q.get('status') ?? ''
  const owner = q.get('owner') ?? ''
  const overdue = q.get('overdue') ?? ''
  const customer = q.get('customer') ?? ''
  const offset = Number(q.get('offset') ?? 0) || 0
  const [ownerText, setOwnerText] = useState(owner)
  const settledOwner = useDebounced(ownerText.trim(), 400)
  useEffect(() => {
    if (owner !== settledOwner) setOwnerText(owner)
  }, [owner])
  useEffect(() => {
    if (settledOwner !== owner) replaceQuery('/cases', { status, owner: settledOwner, overdue, customer })
  }, [settledOwner])

  const cases = useAsync(() => api.get<Page<CaseRow>>('/v1/cases', { status, owner, overdue, goldenId: customer, limit: LIMIT, offset }), [status, owner, overdue, customer, offset])
  const set = (changes: Record<string, string | undefined>) => navigate(withParams('/cases', q, { ...changes, offset: undefined }))

  return (
    <>
      <PageHeader
        title="Cases"
        subtitle="Service cases from every ERP customer: who owns them, when they are due, and whether the ERP has them."
        actions={
          can(session, 'cases:write') && (
            <a class="btn btn-primary" href={href('/cases/new', { customer })}>
              Open a case
            </a>
          )
        }
      />
      <Card>
        <div class="toolbar" role="search" aria-label="Filter cases">
          <Field label="Status">
            <Select name="status" value={status} onValue={(v) => set({ status: v })} options={[{ value: '', label: 'Any status' }, ...CASE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]} />
          </Field>
          <Field label="Owner">
            <input name="owner" value={ownerText} placeholder="exact name" onInput={(e) => setOwnerText((e.currentTarget as HTMLInputElement).value)} />
          </Field>
          <Field label="Due">
            <Select
              name="overdue"
              value={overdue}
              onValue={(v) => set({ overdue: v })}
              options={[
                { value: '', label: 'Any' },
                { value: 'true', label: 'Overdue' },
                { value: 'false', label: 'Not overdue' },
              ]}
            />
          </Field>
          {customer && <CustomerFilter id={customer} query={q} />}
        </div>
        <ErrorBox error={cases.error} title="Cases could not be loaded" />
        {cases.loading && !cases.data && <Loading />}
        {cases.data && (
          <>
            <Table
              testId="cases-table"
              rows={cases.data.data}
              rowKey={(r) => r.id}
              rowHref={(r) => href(`/cases/${r.id}`)}
              empty={status || owner || overdue || customer ? 'No case matches these filters; widen them to see more.' : 'No cases yet. Open one from a customer’s 360 page, or with “Open a case”.'}
              columns={[
                { key: 'subject', label: 'Subject' },
                { key: 'customer', label: 'Customer', render: (r) => <CaseCustomer c={r} /> },
                { key: 'status', label: 'Status', render: (r) => <Badge value={statusLabel(r.status)} tone={r.status === 'open' || r.status === 'in_progress' ? 'info' : 'ok'} /> },
                { key: 'priority', label: 'Priority', render: (r) => <Badge value={r.priority} tone={r.priority === 'high' ? 'warn' : 'muted'} /> },
                { key: 'owner', label: 'Owner', render: (r) => r.owner ?? <span class="muted">nobody</span> },
                { key: 'dueAt', label: 'Due', render: (r) => <DueCell dueAt={r.dueAt} overdue={r.overdue} /> },
                { key: 'erp', label: 'In the ERP', render: (r) => (r.externalId ? <code>{r.externalId}</code> : <span class="muted">not yet</span>) },
                { key: 'updatedAt', label: 'Changed', render: (r) => <span title={fmtDateTime(r.updatedAt)}>{fmtAgo(r.updatedAt)}</span> },
              ]}
            />
            <Pager total={cases.data.total} limit={LIMIT} offset={offset} onOffset={(o) => navigate(withParams('/cases', q, { offset: o || undefined }))} />
          </>
        )}
      </Card>
    </>
  )
}
