import { useState } from 'preact/hooks'
import { api, ApiError, type Page } from '../../api'
import { navigate } from '../../router'
import { useAction, useAsync, useDebounced } from '../../ui/async'
import { Button, Card, Empty, ErrorBox, Field, Loading, PageHeader, Select, Table, issueFor } from '../../ui/components'
import { Input } from './input'
import { fmtNumber } from '../../ui/format'
import type { RouteContext } from '../area'
import { stable } from './campaign-form'
import { describeCondition, RFM_SEGMENTS, TEXT_FIELDS, TEXT_OPS } from './rules'
import type { Condition, OrdersRule, Segment } from './types'

type Kind = 'field' | 'rfm' | 'orders' | 'segment' | 'kept'

/** One line of the rule as the form holds it. */
interface Row {
  kind: Kind
  negate: boolean
  field: string
  op: string
  value: string
  rfm: string[]
  categories: string
  skus: string
  withinDays: string
  minCount: string
  minRevenue: string
  segment: string
  kept?: Condition
}

const blank = (kind: Kind = 'field'): Row => ({ kind, negate: false, field: 'country', op: 'eq', value: '', rfm: [], categories: '', skus: '', withinDays: '', minCount: '', minRevenue: '', segment: '' })
const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean)
const num = (s: string) => (s.trim() === '' ? undefined : Number(s))

function conditionOf(r: Row): Condition {
  let c: Condition
  if (r.kind === 'kept') return r.kept!
  if (r.kind === 'field') {
    const takes = TEXT_OPS.find((o) => o.value === r.op)?.takes
    c = takes === 'none' ? { field: r.field, op: r.op } : { field: r.field, op: r.op, value: takes === 'many' ? splitList(r.value) : r.value }
  } else if (r.kind === 'rfm') c = { rfm: r.rfm.length ? { segments: r.rfm } : {} }
  else if (r.kind === 'segment') c = { segment: r.segment }
  else {
    const o: OrdersRule = {}
    if (splitList(r.skus).length) o.skus = splitList(r.skus)
    if (splitList(r.categories).length) o.categories = splitList(r.categories)
    for (const k of ['withinDays', 'minCount', 'minRevenue'] as const) if (num(r[k]) !== undefined) o[k] = num(r[k])
    c = { orders: o }
  }
  return r.negate ? { not: c } : c
}

function rowOf(c: Condition): Row {
  const negate = 'not' in c
  const inner = 'not' in c ? c.not : c
  const row = { ...blank(), negate }
  if ('field' in inner) return { ...row, kind: 'field', field: inner.field, op: inner.op, value: Array.isArray(inner.value) ? inner.value.join(', ') : (inner.value ?? '') }
  if ('rfm' in inner && !inner.rfm.r && !inner.rfm.f && !inner.rfm.m) return { ...row, kind: 'rfm', rfm: inner.rfm.segments ?? [] }
  if ('segment' in inner) return { ...row, kind: 'segment', segment: inner.segment }
  if ('orders' in inner && inner.orders.maxCount === undefined) {
    const o = inner.orders
    return { ...row, kind: 'orders', skus: (o.skus ?? []).join(', '), categories: (o.categories ?? []).join(', '), withinDays: o.withinDays?.toString() ?? '', minCount: o.minCount?.toString() ?? '', minRevenue: o.minRevenue?.toString() ?? '' }
  }
  return { ...blank('kept'), kept: c }
}

const KINDS: Array<{ value: Kind; label: string }> = [
  { value: 'field', label: 'Customer field' },
  { value: 'rfm', label: 'RFM segment' },
  { value: 'orders', label: 'Ordered' },
  { value: 'segment', label: 'In segment' },
]

function RowEditor(props: { row: Row; index: number; onRow: (r: Row) => void; onRemove: () => void; segments: Segment[]; error: unknown }) {
  const r = props.row
  const set = (patch: Partial<Row>) => props.onRow({ ...r, ...patch })
  const path = `conditions[${props.index}]${r.negate ? '.not' : ''}`
  const issue = (sub: string) => issueFor(props.error, `${path}.${sub}`)
  const takes = TEXT_OPS.find((o) => o.value === r.op)?.takes
  return (
    <fieldset data-testid="rule-row">
      <legend>Condition {props.index + 1}</legend>
      {r.kind === 'kept' ? (
        <p>
          {describeCondition(r.kept!)} <span class="muted">(made elsewhere, kept as it is)</span>
        </p>
      ) : (
        <div class="form-row">
          <Field label="Kind">
            <Select name={`rule.${props.index}.kind`} value={r.kind} onValue={(v) => set({ kind: v as Kind })} options={KINDS} />
          </Field>
          {r.kind === 'field' && (
            <>
              <Field label="Field">
                <Select name={`rule.${props.index}.field`} value={r.field} onValue={(v) => set({ field: v })} options={TEXT_FIELDS} />
              </Field>
              <Field label="Condition">
                <Select name={`rule.${props.index}.op`} value={r.op} onValue={(v) => set({ op: v })} options={TEXT_OPS} />
              </Field>
              {takes !== 'none' && (
                <Field label="Value" hint={takes === 'many' ? 'Comma-separated.' : undefined} issue={issue('value')}>
                  <Input name={`rule.${props.index}.value`} value={r.value} onValue={(v) => set({ value: v })} />
                </Field>
              )}
            </>
          )}
          {r.kind === 'rfm' && (
            <Field label="RFM segments" hint="Hold Ctrl to pick several; none picked: any customer with RFM scores." issue={issue('rfm')}>
              <select
                name={`rule.${props.index}.rfm`}
                multiple
                size={4}
                onChange={(e) => set({ rfm: [...(e.currentTarget as HTMLSelectElement).selectedOptions].map((o) => o.value) })}
              >
                {RFM_SEGMENTS.map((s) => (
                  <option key={s} value={s} selected={r.rfm.includes(s)}>
                    {s}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {r.kind === 'orders' && (
            <>
              <Field label="Categories" hint="Comma-separated." issue={issue('orders.categories')}>
                <Input name={`rule.${props.index}.categories`} value={r.categories} onValue={(v) => set({ categories: v })} />
              </Field>
              <Field label="SKUs" hint="Comma-separated." issue={issue('orders.skus')}>
                <Input name={`rule.${props.index}.skus`} value={r.skus} onValue={(v) => set({ skus: v })} />
              </Field>
              <Field label="Within (days)" issue={issue('orders.withinDays')}>
                <Input name={`rule.${props.index}.withinDays`} type="number" value={r.withinDays} onValue={(v) => set({ withinDays: v })} />
              </Field>
              <Field label="At least (orders)" issue={issue('orders.minCount')}>
                <Input name={`rule.${props.index}.minCount`} type="number" value={r.minCount} onValue={(v) => set({ minCount: v })} />
              </Field>
              <Field label="Revenue at least" issue={issue('orders.minRevenue')}>
                <Input name={`rule.${props.index}.minRevenue`} type="number" value={r.minRevenue} onValue={(v) => set({ minRevenue: v })} />
              </Field>
            </>
          )}
          {r.kind === 'segment' && (
            <Field label="Segment" issue={issue('segment')}>
              <Select name={`rule.${props.index}.segment`} value={r.segment} onValue={(v) => set({ segment: v })} options={[{ value: '', label: 'Choose…' }, ...props.segments.map((s) => ({ value: s.name, label: `${s.name} (${fmtNumber(s.members)})` }))]} />
            </Field>
          )}
        </div>
      )}
      {!issueFor(props.error, `${path}.`) && issueFor(props.error, path) && <p class="field-issue">{issueFor(props.error, path)}</p>}
      <div class="toolbar" style={{ marginBottom: '4px' }}>
        {r.kind !== 'kept' && (
          <label style={{ display: 'flex', gap: '6px', alignItems: 'center' }}>
            <input type="checkbox" checked={r.negate} onChange={(e) => set({ negate: (e.currentTarget as HTMLInputElement).checked })} /> Not (customers this does not match)
          </label>
        )}
        <button type="button" class="link" onClick={props.onRemove}>
          Remove condition {props.index + 1}
        </button>
      </div>
    </fieldset>
  )
}

function Builder(props: { segment?: Segment; segments: Segment[] }) {
  const s = props.segment
  const [name, setName] = useState(s?.name ?? '')
  const [description, setDescription] = useState(s?.description ?? '')
  const [rows, setRows] = useState<Row[]>(() => (s ? s.conditions.map(rowOf) : [blank()]))
  const conditions = rows.map(conditionOf)
  const key = useDebounced(stable(conditions), 350)
  const preview = useAsync(() => api.post<{ count: number; sample: Array<{ id: string; name: string; city: string | null; country: string | null }> }>('/v1/segments/preview', { conditions: JSON.parse(key) }), [key])
  const save = useAction(async () => {
    const saved = s
      ? // A rename only when the name changed: a segment other segments refer to by name cannot be renamed.
        await api.patch<Segment>(`/v1/segments/${s.id}`, { ...(name.trim() !== s.name ? { name: name.trim() } : {}), description: description.trim() || null, conditions })
      : await api.post<Segment>('/v1/segments', { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), conditions })
    navigate(`/segments/${saved.id}`)
  })
  // Issues of the preview are about the conditions too: show them where they are while editing.
  const error = save.error ?? (preview.error instanceof ApiError ? preview.error : undefined)
  const current = key === stable(conditions) && !preview.loading
  return (
    <div>
      <PageHeader back={{ href: s ? `#/segments/${s.id}` : '#/segments', label: s ? s.name : 'Segments' }} title={s ? `Edit ${s.name}` : 'New rule segment'} subtitle="A customer is in the segment when every condition holds. The count updates as you edit." />
      <div class="grid grid-2">
        <Card title="Rule">
          <div class="form-row">
            <Field label="Name" required issue={issueFor(save.error, 'name')}>
              <Input name="segmentName" value={name} onValue={setName} placeholder="Germany" />
            </Field>
            <Field label="Description" issue={issueFor(save.error, 'description')}>
              <Input name="segmentDescription" value={description} onValue={setDescription} />
            </Field>
          </div>
          {rows.map((r, i) => (
            <RowEditor key={i} row={r} index={i} segments={props.segments.filter((x) => x.id !== s?.id)} error={error} onRow={(nr) => setRows(rows.map((x, j) => (j === i ? nr : x)))} onRemove={() => setRows(rows.filter((_, j) => j !== i))} />
          ))}
          <div class="toolbar">
            <Button onClick={() => setRows([...rows, blank()])}>Add a condition</Button>
            <Button kind="primary" busy={save.busy} onClick={() => save.run()}>
              {s ? 'Save the segment' : 'Create the segment'}
            </Button>
          </div>
          <ErrorBox error={save.error} title="The segment was not saved" />
        </Card>
        <Card title="Preview" testId="segment-preview">
          <ErrorBox error={preview.error} title="The hub cannot count these conditions" />
          {preview.data && (
            <>
              <p role="status" data-state={current ? 'ready' : 'updating'}>
                <strong data-testid="preview-count">{fmtNumber(preview.data.count)}</strong> customers match{current ? '' : ' (counting…)'}.
              </p>
              <Table
                rows={preview.data.sample}
                rowKey={(g) => g.id}
                empty="Nobody matches."
                columns={[
                  { key: 'name', label: 'Customer (first 20)' },
                  { key: 'city', label: 'City', render: (g) => g.city ?? '—' },
                  { key: 'country', label: 'Country', render: (g) => g.country ?? '—' },
                ]}
              />
            </>
          )}
          {!preview.data && !preview.error && <Loading label="Counting…" />}
        </Card>
      </div>
    </div>
  )
}

function useAllSegments() {
  return useAsync(() => api.get<Page<Segment>>('/v1/segments', { limit: 500 }).then((p) => p.data), [])
}

export function NewSegmentPage() {
  const all = useAllSegments()
  if (!all.data) return all.error ? <ErrorBox error={all.error} /> : <Loading />
  return <Builder segments={all.data} />
}

export function EditSegmentPage(props: { ctx: RouteContext }) {
  const id = props.ctx.params.id
  const all = useAllSegments()
  const segment = useAsync(() => api.get<Segment>(`/v1/segments/${encodeURIComponent(id)}`), [id])
  if (segment.error || all.error) return <ErrorBox error={segment.error ?? all.error} title="This segment could not be read" />
  if (!segment.data || !all.data) return <Loading />
  if (segment.data.kind !== 'rule') return <Empty>{segment.data.name} is an RFM segment: it is computed from the customers' orders and cannot be edited.</Empty>
  return <Builder segment={segment.data} segments={all.data} />
}
