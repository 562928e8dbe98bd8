import { useState } from 'preact/hooks'
import { api, can, type Page } from '../../../api'
import { useSession } from '../../../session'
import { Badge, Button, Card, ErrorBox, Loading, PageHeader, Pager, Table } from '../../../ui/components'
import { useAsync } from '../../../ui/async'
import { fmtAgo } from '../../../ui/format'
import { ConnectionLink, FilterSelect, entitiesOf, fetchConnections, links, updateQuery } from '../shared'
import type { QuarantineEntry, ReplayResult } from '../types'
import { ReplayPanel, ReplayResultView } from './ReplayPanel'

const LIMIT = 50
const noWrap = { whiteSpace: 'nowrap' } as const

/** `#/quarantine?connectionId=…&entity=…&status=open`: records that failed mapping; pick some to replay. */
export function QuarantinePage(props: { query: URLSearchParams }) {
  const session = useSession()
  const q = props.query
  const connectionId = q.get('connectionId') ?? ''
  const entity = q.get('entity') ?? ''
  const status = q.get('status') === 'resolved' ? 'resolved' : 'open'
  const offset = Number(q.get('offset') ?? 0) || 0
  const connections = useAsync(fetchConnections, [])
  const entries = useAsync(() => api.get<Page<QuarantineEntry>>('/v1/quarantine', { connectionId, entity, status, limit: LIMIT, offset }), [connectionId, entity, status, offset])
  const [selected, setSelected] = useState<string[]>([])
  const [replayed, setReplayed] = useState<ReplayResult | undefined>(undefined)
  const set = (patch: Record<string, string | number | undefined>) => {
    setSelected([])
    updateQuery('/quarantine', q, patch)
  }
  const rows = entries.data?.data ?? []
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id)))
  const allOn = rows.length > 0 && rows.every((r) => selected.includes(r.id))
  const entityOptions = entitiesOf(connections.data)
  if (entity && !entityOptions.includes(entity)) entityOptions.push(entity)

  return (
    <>
      <PageHeader title="Quarantine" subtitle="Records an ERP sent that its mapping could not read, each issue with its path in the record. Fix the mapping, then replay them." />
      <div class="toolbar">
        <FilterSelect
          id="q-connection"
          label="Connection"
          value={connectionId}
          options={[{ value: '', label: 'All connections' }, ...(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
          onValue={(v) => set({ connectionId: v })}
        />
        <FilterSelect id="q-entity" label="Entity" value={entity} options={[{ value: '', label: 'All entities' }, ...entityOptions.map((e) => ({ value: e, label: e }))]} onValue={(v) => set({ entity: v })} />
        <FilterSelect
          id="q-status"
          label="Status"
          value={status}
          options={[
            { value: 'open', label: 'open' },
            { value: 'resolved', label: 'resolved' },
          ]}
          onValue={(v) => set({ status: v === 'open' ? undefined : v })}
        />
      </div>
      <ErrorBox error={entries.error ?? connections.error} />
      {replayed && (
        <Card title="Replayed" actions={<Button onClick={() => setReplayed(undefined)}>Dismiss</Button>}>
          <ReplayResultView result={replayed} />
        </Card>
      )}
      {!entries.data && !entries.error && <Loading />}
      {entries.data && (
        <Card
          actions={
            status === 'open' &&
            rows.length > 0 && (
              <Button onClick={() => setSelected(allOn ? [] : rows.map((r) => r.id))}>{allOn ? 'Select none' : `Select all ${rows.length} on this page`}</Button>
            )
          }
          title={`${entries.data.total} ${status} record${entries.data.total === 1 ? '' : 's'}`}
        >
          <Table
            testId="quarantine"
            rows={rows}
            rowKey={(r) => r.id}
            empty={
              status === 'open'
                ? connectionId || entity
                  ? 'Nothing in quarantine for these filters: every record mapped.'
                  : 'Nothing in quarantine: every record the ERPs sent mapped cleanly.'
                : 'No resolved records for these filters yet.'
            }
            columns={[
              {
                key: 'pick',
                label: <span class="muted">Pick</span>,
                render: (r) =>
                  r.status === 'open' ? (
                    <input type="checkbox" aria-label={`Select ${r.externalId}`} checked={selected.includes(r.id)} onChange={(e) => toggle(r.id, (e.currentTarget as HTMLInputElement).checked)} />
                  ) : null,
              },
              { key: 'record', label: 'Record', render: (r) => <a href={links.entry(r.id)} style={noWrap}>{r.externalId}</a> },
              { key: 'entity', label: 'Entity', render: (r) => <span style={noWrap}>{r.entity}</span> },
              { key: 'connection', label: 'Connection', render: (r) => <ConnectionLink id={r.connectionId} connections={connections.data} /> },
              {
                key: 'issues',
                label: 'Issues',
                render: (r) => (
                  <span>
                    {r.issues.slice(0, 2).map((i, n) => (
                      <span key={n} style={{ display: 'block' }}>
                        <code>{i.path}</code>: {i.message}
                      </span>
                    ))}
                    {r.issues.length > 2 && <span class="muted">and {r.issues.length - 2} more</span>}
                  </span>
                ),
              },
              { key: 'mapping', label: 'Mapping', render: (r) => `${r.mapping} v${r.mappingVersion}` },
              { key: 'seen', label: 'Seen', render: (r) => `${r.occurrences}× · ${fmtAgo(r.lastSeenAt)}` },
              { key: 'status', label: 'Status', render: (r) => <Badge value={r.status} /> },
            ]}
          />
          <Pager total={entries.data.total} limit={entries.data.limit} offset={entries.data.offset} onOffset={(o) => set({ offset: o || undefined })} />
        </Card>
      )}
      {selected.length > 0 && (
        <ReplayPanel
          key={selected.join(',')}
          ids={selected}
          title={`Replay ${selected.length} selected record${selected.length === 1 ? '' : 's'}`}
          canReplay={can(session, 'connections:write')}
          onReplayed={(result) => {
            setReplayed(result)
            setSelected([])
            entries.reload()
          }}
        />
      )}
    </>
  )
}
