import { useEffect, useState } from 'preact/hooks'
import { api, can } from '../../api'
import { href } from '../../router'
import { useSession } from '../../session'
import { useAction, useAsync } from '../../ui/async'
import { Badge, Button, Card, ErrorBox, Facts, Field, JsonView, Loading, Notice, PageHeader, Select, Table, issueFor } from '../../ui/components'
import { fmtDateTime } from '../../ui/format'
import type { RouteContext } from '../area'
import { CaseArticles } from './case-articles'
import { DueCell, statusLabel } from './cases-page'
import { CASE_PRIORITIES, CASE_STATUSES, type CaseDetail, type PushEffect } from './types'
import { Input, fromLocalInput, styles, toLocalInput } from './util'

/** How often the page looks again while the ERP push is under way, and for how long at most. */
const PUSH_POLL_MS = 2000
const PUSH_POLLS = 30

function errorText(error: unknown): string | null {
  if (error === null || error === undefined) return null
  if (typeof error === 'string') return error
  const message = (error as { message?: unknown }).message
  return typeof message === 'string' ? message : null
}

function PushCard(props: { push: PushEffect[]; onRefresh: () => void; busy: boolean }) {
  return (
    <Card
      title="In the ERP"
      testId="case-push"
      actions={
        <Button onClick={props.onRefresh} busy={props.busy}>
          Refresh
        </Button>
      }
    >
      <p class="muted" style={{ ...styles.small, marginTop: 0 }}>
        The hub writes the case, and each status change the ERP can follow, to the customer’s ERP exactly once, in the background.
      </p>
      <Table
        rows={props.push}
        rowKey={(p) => p.id}
        empty="Nothing to push: this ERP takes no status changes, or nothing changed yet."
        columns={[
          { key: 'entity', label: 'What', render: (p) => <code>{p.entity}</code> },
          { key: 'status', label: 'State', render: (p) => <Badge value={p.status} tone={p.status === 'done' ? 'ok' : p.status === 'pending' || p.status === 'sending' ? 'info' : 'bad'} /> },
          { key: 'attempts', label: 'Tries', align: 'right' },
          { key: 'externalId', label: 'ERP id', render: (p) => (p.externalId ? <code>{p.externalId}</code> : <span class="muted">—</span>) },
          { key: 'sentAt', label: 'Sent', render: (p) => fmtDateTime(p.sentAt) },
          {
            key: 'lastError',
            label: 'Last error',
            render: (p) => (p.lastError ? errorText(p.lastError) ?? <JsonView value={p.lastError} summary="error" /> : <span class="muted">—</span>),
          },
        ]}
      />
    </Card>
  )
}

interface Change {
  status: string
  priority: string
  owner: string
  due: string
}

function changeOf(c: CaseDetail): Change {
  return { status: c.status, priority: c.priority, owner: c.owner ?? '', due: toLocalInput(c.dueAt) }
}

/** Status, priority, owner and due time; only what changed is sent. */
function ChangeCard(props: { c: CaseDetail; onSaved: (c: CaseDetail) => void }) {
  const { c } = props
  const [draft, setDraft] = useState<Change>(changeOf(c))
  const [saved, setSaved] = useState(false)
  useEffect(() => setDraft(changeOf(c)), [c.version])
  const save = useAction((body: Record<string, unknown>) => api.patch<CaseDetail>(`/v1/cases/${c.id}`, body))
  const before = changeOf(c)
  const body: Record<string, unknown> = {
    ...(draft.status !== before.status ? { status: draft.status } : {}),
    ...(draft.priority !== before.priority ? { priority: draft.priority } : {}),
    ...(draft.owner.trim() !== before.owner ? { owner: draft.owner.trim() || null } : {}),
    ...(draft.due !== before.due ? { dueAt: fromLocalInput(draft.due) } : {}),
  }
  const dirty = Object.keys(body).length > 0
  const set = (changes: Partial<Change>) => {
    setSaved(false)
    setDraft((d) => ({ ...d, ...changes }))
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    const updated = await save.run(body)
    if (updated) {
      setSaved(true)
      props.onSaved(updated)
    }
  }
  return (
    <form class="card" onSubmit={submit} aria-label="Change the case">
      <div class="card-head">
        <h2>Change</h2>
      </div>
      <div class="form-row" style={styles.formRow}>
        <Field label="Status" issue={issueFor(save.error, 'status')}>
          <Select name="status" value={draft.status} onValue={(v) => set({ status: v })} options={CASE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} />
        </Field>
        <Field label="Priority" issue={issueFor(save.error, 'priority')}>
          <Select name="priority" value={draft.priority} onValue={(v) => set({ priority: v })} options={CASE_PRIORITIES.map((p) => ({ value: p, label: p }))} />
        </Field>
      </div>
      <div class="form-row" style={styles.formRow}>
        <Field label="Owner" hint="Empty: nobody." issue={issueFor(save.error, 'owner')}>
          <Input name="owner" value={draft.owner} onValue={(v) => set({ owner: v })} maxLength={200} />
        </Field>
        <Field label="Due" hint="Empty: no due time." issue={issueFor(save.error, 'dueAt')}>
          <input name="dueAt" type="datetime-local" value={draft.due} onInput={(e) => set({ due: (e.currentTarget as HTMLInputElement).value })} />
        </Field>
      </div>
      <ErrorBox error={save.error} title="The change was not saved" />
      {saved && !dirty && <Notice>Saved.{c.push.some((p) => p.status === 'pending') ? ' The status change is on its way to the ERP.' : ''}</Notice>}
      <div class="actions">
        <Button type="submit" kind="primary" busy={save.busy} disabled={!dirty}>
          Save changes
        </Button>
        {dirty && <Button onClick={() => setDraft(before)}>Undo</Button>}
      </div>
    </form>
  )
}

/** `#/cases/:id`: a case, its changes, where its ERP push stands, and the knowledge articles for it. */
export function CasePage(props: RouteContext) {
  const session = useSession()
  const id = props.params.id
  const kase = useAsync(() => api.get<CaseDetail>(`/v1/cases/${encodeURIComponent(id)}`), [id])
  const [polls, setPolls] = useState(0)
  // Also while the push is done but the case does not show the ERP's id yet (read a moment apart).
  const pushing = !!kase.data && (kase.data.push.some((p) => p.status === 'pending' || p.status === 'sending') || (kase.data.externalId === null && kase.data.push.some((p) => p.status === 'done')))
  useEffect(() => {
    if (!pushing || polls >= PUSH_POLLS) return
    const timer = setTimeout(() => {
      setPolls((n) => n + 1)
      kase.reload()
    }, PUSH_POLL_MS)
    return () => clearTimeout(timer)
  }, [pushing, polls, kase.data])

  if (kase.error && !kase.data) return <ErrorBox error={kase.error} title="This case could not be loaded" />
  if (!kase.data) return <Loading label="Loading the case…" />
  const c = kase.data
  const name = c.customerName ?? `customer record ${c.customer}`
  const record = `${c.connection?.name ?? 'ERP'} · ${c.customer}`
  const customer = (
    <>
      {c.goldenId ? <a href={href(`/customers/${c.goldenId}`)}>{name}</a> : <span>{name}</span>} <span class="muted">({record})</span>
    </>
  )
  return (
    <>
      <PageHeader
        title={c.subject}
        back={{ href: '#/cases', label: 'Cases' }}
        subtitle={
          <>
            <Badge value={statusLabel(c.status)} tone={c.status === 'open' || c.status === 'in_progress' ? 'info' : 'ok'} /> · {c.priority} priority · for {customer}
            {c.order && <> · about order {c.order}</>}
          </>
        }
      />
      {props.query.get('opened') && <Notice>Case opened. The hub pushes it to the customer’s ERP in the background; “In the ERP” below shows how far it got.</Notice>}
      <div class="grid grid-2" style={{ marginBottom: '16px' }}>
        <Card title="Details" testId="case-details">
          <Facts
            items={[
              ['Status', statusLabel(c.status)],
              ['Owner', c.owner ?? 'nobody'],
              ['Due', <DueCell dueAt={c.dueAt} overdue={c.overdue} />],
              ['Opened', fmtDateTime(c.createdAt)],
              ['Changed', fmtDateTime(c.updatedAt)],
              ['Resolved', fmtDateTime(c.resolvedAt)],
              ['Customer', customer],
              ['ERP record of the case', c.externalId ? <code>{c.externalId}</code> : 'not created yet'],
            ]}
          />
          <h3>Description</h3>
          <p style={styles.preWrap}>{c.description}</p>
        </Card>
        {can(session, 'cases:write') ? <ChangeCard c={c} onSaved={kase.setData} /> : <Card title="Change">Your role reads cases but does not change them.</Card>}
      </div>
      <PushCard push={c.push} onRefresh={kase.reload} busy={kase.loading} />
      {can(session, 'knowledge:read') && <CaseArticles c={c} onChanged={kase.reload} />}
    </>
  )
}
