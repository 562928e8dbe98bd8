import { useState } from 'preact/hooks'
import { api, can, type Page } from '../../api'
import { href, navigate } from '../../router'
import { useSession } from '../../session'
import { useAction, useAsync } from '../../ui/async'
import { Badge, Button, Card, ErrorBox, Facts, Loading, Notice, PageHeader, Pager, Table, Tabs } from '../../ui/components'
import { fmtAgo, fmtDateTime, fmtNumber } from '../../ui/format'
import type { RouteContext } from '../area'
import { describeCondition } from './rules'
import type { Condition, Segment, SegmentMember } from './types'

const LIMIT = 50

/** A segment's conditions in words, one per line (all must hold). */
export function RuleText(props: { conditions: Condition[] }) {
  if (props.conditions.length === 0) return <span class="muted">every active customer</span>
  return (
    <ul style={{ margin: '0', paddingLeft: '18px' }} data-testid="rule">
      {props.conditions.map((c, i) => (
        <li key={i}>
          {i > 0 && <span class="muted">and </span>}
          {describeCondition(c)}
        </li>
      ))}
    </ul>
  )
}

interface RfmAnswer {
  rfm: { scored: number; segments: Record<string, number> }
  segments: Array<{ name: string; members: number }>
}

/** Every segment with its member count; `?kind=rfm|rule&offset=` in the link. */
export function SegmentsList(props: { ctx: RouteContext }) {
  const session = useSession()
  const kind = props.ctx.query.get('kind') ?? ''
  const offset = Math.max(0, Number(props.ctx.query.get('offset')) || 0)
  const list = useAsync(() => api.get<Page<Segment>>('/v1/segments', { kind, limit: LIMIT, offset }), [kind, offset])
  const [done, setDone] = useState<RfmAnswer | null>(null)
  const rfm = useAction(async () => {
    setDone(await api.post<RfmAnswer>('/v1/segments/rfm/compute', {}))
    list.reload()
  })
  const go = (q: { kind?: string; offset?: number }) => navigate(href('/segments', { kind: q.kind ?? kind, offset: (q.offset ?? offset) || undefined }))
  const writer = can(session, 'segments:write')
  return (
    <div>
      <PageHeader
        title="Segments"
        subtitle="Groups of golden customers: RFM segments (Champions, Loyal, At Risk, …) computed from their orders, and rule segments you define. Campaigns pick their audience from these."
        actions={
          writer && (
            <>
              <Button busy={rfm.busy} onClick={() => rfm.run()} title="Score every customer's recency, frequency and money again, then every rule segment">
                Recompute RFM segments
              </Button>
              <a class="btn btn-primary" href="#/segments/new">
                New rule segment
              </a>
            </>
          )
        }
      />
      <ErrorBox error={rfm.error} title="RFM was not computed" />
      {done && (
        <Notice>
          RFM computed: {fmtNumber(done.rfm.scored)} customers with orders scored; {fmtNumber(done.segments.length)} rule segments recomputed after.
        </Notice>
      )}
      <Tabs
        tabs={[
          { id: '', label: 'All' },
          { id: 'rfm', label: 'RFM' },
          { id: 'rule', label: 'Rules' },
        ]}
        active={kind}
        onChange={(id) => go({ kind: id, offset: 0 })}
      />
      <ErrorBox error={list.error} />
      {!list.data ? (
        list.loading && <Loading />
      ) : (
        <div class="card">
          <Table
            testId="segments"
            rows={list.data.data}
            rowKey={(s) => s.id}
            rowHref={(s) => `#/segments/${s.id}`}
            empty={
              kind === 'rule'
                ? 'No rule segments yet. Make one with "New rule segment".'
                : writer
                  ? 'No segments yet. "Recompute RFM segments" scores the customers with orders; "New rule segment" defines your own.'
                  : 'No segments yet: a marketer computes RFM segments or defines rule segments.'
            }
            columns={[
              { key: 'name', label: 'Name' },
              { key: 'kind', label: 'Kind', render: (s) => <Badge value={s.kind === 'rfm' ? 'RFM' : 'rule'} tone={s.kind === 'rfm' ? 'info' : 'muted'} /> },
              { key: 'members', label: 'Members', align: 'right', render: (s) => fmtNumber(s.members) },
              { key: 'rule', label: 'Who', render: (s) => s.conditions.map(describeCondition).join('; ') || 'every active customer' },
              { key: 'computedAt', label: 'Computed', render: (s) => (s.computedAt ? <span title={fmtDateTime(s.computedAt)}>{fmtAgo(s.computedAt)}</span> : 'not yet') },
            ]}
          />
          <Pager total={list.data.total} limit={LIMIT} offset={offset} onOffset={(o) => go({ offset: o })} />
        </div>
      )}
    </div>
  )
}

/** One segment: its rule in words and its members (with their RFM scores), paged in the link. */
export function SegmentPage(props: { ctx: RouteContext }) {
  const session = useSession()
  const id = props.ctx.params.id
  const offset = Math.max(0, Number(props.ctx.query.get('offset')) || 0)
  const segment = useAsync(() => api.get<Segment>(`/v1/segments/${encodeURIComponent(id)}`), [id])
  const members = useAsync(() => api.get<Page<SegmentMember>>(`/v1/segments/${encodeURIComponent(id)}/members`, { limit: LIMIT, offset }), [id, offset])
  const compute = useAction(async () => {
    await api.post(`/v1/segments/${encodeURIComponent(id)}/compute`, {})
    segment.reload()
    members.reload()
  })
  const remove = useAction(async () => {
    await api.del(`/v1/segments/${encodeURIComponent(id)}`)
    navigate('/segments')
  })
  const [confirmDelete, setConfirmDelete] = useState(false)
  const s = segment.data
  const writer = can(session, 'segments:write')
  const customerLink = can(session, 'customers:read')
  return (
    <div>
      <PageHeader
        back={{ href: '#/segments', label: 'Segments' }}
        title={s ? s.name : 'Segment'}
        subtitle={s?.description ?? undefined}
        actions={
          s &&
          writer && (
            <>
              <Button busy={compute.busy} onClick={() => compute.run()}>
                Recompute
              </Button>
              {s.kind === 'rule' && (
                <a class="btn" href={`#/segments/${s.id}/edit`}>
                  Edit rule
                </a>
              )}
              {s.kind === 'rule' && (
                <Button kind="danger" onClick={() => setConfirmDelete(true)}>
                  Delete…
                </Button>
              )}
            </>
          )
        }
      />
      <ErrorBox error={segment.error} title="This segment could not be read" />
      <ErrorBox error={compute.error} />
      {confirmDelete && s && (
        <div class="notice notice-warn" role="dialog" aria-label="Confirm the deletion">
          Delete the rule segment {s.name}? Campaigns that pick it by name will no longer find it.{' '}
          <div class="toolbar" style={{ marginTop: '8px', marginBottom: '0' }}>
            <Button kind="danger" busy={remove.busy} onClick={() => remove.run()}>
              Delete {s.name}
            </Button>
            <Button onClick={() => setConfirmDelete(false)}>Keep it</Button>
          </div>
          <ErrorBox error={remove.error} />
        </div>
      )}
      {!s ? (
        segment.loading && <Loading />
      ) : (
        <>
          <Card title="Who is in it">
            <Facts
              items={[
                ['Kind', s.kind === 'rfm' ? 'RFM segment' : 'rule segment'],
                ['Members', <strong data-testid="members-count">{fmtNumber(s.members)}</strong>],
                ['Computed', s.computedAt ? fmtDateTime(s.computedAt) : 'not yet'],
                ['Updated', fmtDateTime(s.updatedAt)],
              ]}
            />
            <h3>Rule</h3>
            <RuleText conditions={s.conditions} />
          </Card>
          <Card title="Members">
            <ErrorBox error={members.error} />
            {!members.data ? (
              members.loading && <Loading />
            ) : (
              <>
                <Table
                  testId="members"
                  rows={members.data.data}
                  rowKey={(m) => m.id}
                  empty="No members: nobody matches the rule now (or it has not been computed yet)."
                  columns={[
                    { key: 'name', label: 'Customer', render: (m) => (customerLink ? <a href={`#/customers/${m.id}`}>{m.name}</a> : m.name) },
                    { key: 'city', label: 'City', render: (m) => m.city ?? '—' },
                    { key: 'country', label: 'Country', render: (m) => m.country ?? '—' },
                    { key: 'rfm', label: 'RFM', render: (m) => (m.rfm ? `${m.rfm.score} (${m.rfm.segment})` : '—') },
                    { key: 'frequency', label: 'Orders', align: 'right', render: (m) => (m.rfm ? fmtNumber(m.rfm.frequency) : '—') },
                    { key: 'monetary', label: 'Revenue', align: 'right', render: (m) => (m.rfm ? fmtNumber(m.rfm.monetary) : '—') },
                    { key: 'recency', label: 'Days since last order', align: 'right', render: (m) => (m.rfm ? fmtNumber(m.rfm.recencyDays) : '—') },
                  ]}
                />
                <Pager total={members.data.total} limit={LIMIT} offset={offset} onOffset={(o) => navigate(href(`/segments/${id}`, { offset: o || undefined }))} />
              </>
            )}
          </Card>
        </>
      )}
    </div>
  )
}
