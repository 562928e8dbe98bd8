import { useState } from 'preact/hooks'
import { api, type Page } from '../../api'
import { href, navigate } from '../../router'
import { useAction, useAsync, useDebounced } from '../../ui/async'
import { Button, Card, Empty, ErrorBox, Field, Loading, PageHeader, Select, issueFor } from '../../ui/components'
import { fmtDay } from '../../ui/format'
import type { RouteContext } from '../area'
import { groupHits } from './customers-page'
import { CASE_PRIORITIES, isGolden, type CaseDetail, type CustomerHit, type CustomerView, type SourceCustomer } from './types'
import { Input, fromLocalInput, styles } from './util'

/** An ERP record a case can be about: cases are opened in the ERP that holds the customer's record. */
interface RecordChoice {
  customerId: string
  connectionId: string
  externalId: string
  label: string
}

function choicesOf(view: CustomerView, names: Map<string, SourceCustomer>): RecordChoice[] {
  if (!isGolden(view)) return [{ customerId: view.id, connectionId: view.source.connection.id, externalId: view.externalId, label: `${view.source.connection.name} · ${view.externalId} — ${view.name}` }]
  const connectionOf = (connectionId: string) => Object.values(view.lineage).find((l) => l.source.connectionId === connectionId)?.source.connection
  return view.sources.map((s) => {
    const erp = names.get(s.customerId)?.source.connection.name ?? connectionOf(s.connectionId) ?? 'ERP'
    return { customerId: s.customerId, connectionId: s.connectionId, externalId: s.externalId, label: `${erp} · ${s.externalId} — ${s.name}` }
  })
}

/** No customer chosen yet: find one. */
function PickCustomer() {
  const [text, setText] = useState('')
  const q = useDebounced(text.trim(), 300)
  const hits = useAsync(() => (q ? api.get<Page<CustomerHit>>('/v1/customers', { q, limit: 10 }) : Promise.resolve(null)), [q])
  return (
    <Card title="Which customer is it about?">
      <Field label="Find the customer" hint="Name, email or phone, as on the Customers page.">
        <input type="search" name="customer-search" style={styles.searchInput} value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
      </Field>
      <ErrorBox error={hits.error} />
      {hits.data && hits.data.data.length === 0 && <Empty>No customer matches “{q}”.</Empty>}
      {hits.data && hits.data.data.length > 0 && (
        <ul style={styles.list}>
          {groupHits(hits.data.data).map((g) => (
            <li key={g.key} style={styles.listItem}>
              <a href={href('/cases/new', { customer: g.golden?.id ?? g.hits[0].id })}>{g.golden?.name ?? g.hits[0].name}</a>{' '}
              <span class="muted">
                {g.hits.map((h) => `${h.connection.name} · ${h.externalId}`).join(', ')}
                {g.hits[0].city ? ` · ${g.hits[0].city}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

interface Draft {
  customerId: string
  order: string
  subject: string
  description: string
  priority: string
  owner: string
  due: string
}

function CaseForm(props: { view: CustomerView }) {
  const view = props.view
  const sourceIds = isGolden(view) ? view.sources.map((s) => s.customerId) : [view.id]
  // The records' own views: their ERP's name for the choice, and the orders a case may be about.
  const records = useAsync(async () => {
    const answers = await Promise.all(sourceIds.slice(0, 20).map((id) => api.get<SourceCustomer>(`/v1/customers/${id}`, { ordersLimit: 100 }).catch(() => null)))
    return new Map(answers.filter((a): a is SourceCustomer => a !== null).map((a) => [a.id, a]))
  }, [sourceIds.join()])
  const choices = choicesOf(view, records.data ?? new Map())
  const [draft, setDraft] = useState<Draft>({ customerId: choices[0]?.customerId ?? '', order: '', subject: '', description: '', priority: 'normal', owner: '', due: '' })
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }))
  const chosen = choices.find((c) => c.customerId === draft.customerId) ?? choices[0]
  const orders = records.data?.get(chosen?.customerId ?? '')?.orders ?? []
  const create = useAction((body: Record<string, unknown>) => api.post<CaseDetail>('/v1/cases', body))

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!chosen) return
    const created = await create.run({
      connectionId: chosen.connectionId,
      customer: chosen.externalId,
      ...(draft.order ? { order: draft.order } : {}),
      subject: draft.subject,
      description: draft.description,
      priority: draft.priority,
      ...(draft.owner.trim() ? { owner: draft.owner.trim() } : {}),
      ...(draft.due ? { dueAt: fromLocalInput(draft.due) } : {}),
    })
    if (created) navigate(href(`/cases/${created.id}`, { opened: 1 }))
  }
  const err = create.error
  return (
    <form class="card" onSubmit={submit} aria-label="New case">
      <div class="form-row" style={styles.formRow}>
        <Field label="Customer record" required hint="The case is opened in this record’s ERP, which must take service cases." issue={issueFor(err, 'connectionId') ?? issueFor(err, 'customer')}>
          <Select name="record" value={chosen?.customerId ?? ''} onValue={(v) => (create.clear(), set({ customerId: v, order: '' }))} options={choices.map((c) => ({ value: c.customerId, label: c.label }))} />
        </Field>
        <Field label="About an order" hint={records.loading ? 'Loading the record’s orders…' : orders.length ? undefined : 'This record has no orders.'} issue={issueFor(err, 'order')}>
          <Select
            name="order"
            value={draft.order}
            onValue={(v) => set({ order: v })}
            options={[{ value: '', label: 'No particular order' }, ...orders.map((o) => ({ value: o.externalId, label: `${o.number ?? o.externalId} · ${fmtDay(o.orderedAt)} · ${o.status}` }))]}
          />
        </Field>
      </div>
      <Field label="Subject" required issue={issueFor(err, 'subject')}>
        <Input name="subject" value={draft.subject} onValue={(v) => set({ subject: v })} maxLength={200} />
      </Field>
      <Field label="Description" required hint="What the customer said, in their words: the knowledge base is searched with it." issue={issueFor(err, 'description')}>
        <textarea name="description" rows={5} value={draft.description} onInput={(e) => set({ description: (e.currentTarget as HTMLTextAreaElement).value })} />
      </Field>
      <div class="form-row" style={styles.formRow}>
        <Field label="Priority" issue={issueFor(err, 'priority')}>
          <Select name="priority" value={draft.priority} onValue={(v) => set({ priority: v })} options={CASE_PRIORITIES.map((p) => ({ value: p, label: p }))} />
        </Field>
        <Field label="Owner" hint="Who works on it (optional)." issue={issueFor(err, 'owner')}>
          <Input name="owner" value={draft.owner} onValue={(v) => set({ owner: v })} maxLength={200} />
        </Field>
        <Field label="Due" hint="Optional; your time zone." issue={issueFor(err, 'dueAt')}>
          <input name="dueAt" type="datetime-local" value={draft.due} onInput={(e) => set({ due: (e.currentTarget as HTMLInputElement).value })} />
        </Field>
      </div>
      <ErrorBox error={err} title="The case was not opened" />
      <div class="actions">
        <Button type="submit" kind="primary" busy={create.busy} disabled={!chosen}>
          Open the case
        </Button>
        <a href={isGolden(view) ? href(`/customers/${view.id}`) : href('/cases')}>Cancel</a>
      </div>
    </form>
  )
}

/** `#/cases/new?customer=<golden or ERP record id>`: open a case for one of the customer's ERP records. */
export function NewCasePage(props: RouteContext) {
  const customer = props.query.get('customer') ?? ''
  const view = useAsync(() => (customer ? api.get<CustomerView>(`/v1/customers/${encodeURIComponent(customer)}`, { ordersLimit: 0 }) : Promise.resolve(null)), [customer])
  return (
    <>
      <PageHeader
        title="Open a case"
        back={customer ? { href: href(`/customers/${customer}`), label: view.data?.name ?? 'Customer' } : { href: '#/cases', label: 'Cases' }}
        subtitle={view.data ? `For ${view.data.name}. The case is pushed to the customer’s ERP once, in the background.` : 'Choose the customer first.'}
      />
      {!customer && <PickCustomer />}
      {customer && view.error && <ErrorBox error={view.error} title="This customer could not be loaded" />}
      {customer && !view.data && !view.error && <Loading />}
      {view.data && <CaseForm key={view.data.id} view={view.data} />}
    </>
  )
}
