import { api, type Page } from '../../../api'
import { Card, ErrorBox, Loading, PageHeader, Pager, Table } from '../../../ui/components'
import { useAsync } from '../../../ui/async'
import { fmtDateTime, fmtNumber } from '../../../ui/format'
import { ConnectionLink, FilterSelect, RunStatus, entitiesOf, errorMessage, fetchConnections, isFinished, links, runDuration, updateQuery, usePolling } from '../shared'
import { RUN_STATUSES, type Run } from '../types'

const LIMIT = 25

/** `#/runs?connectionId=…&entity=…&status=…&offset=…`: sync runs, newest first, refreshed while some are running. */
export function RunsPage(props: { query: URLSearchParams }) {
  const q = props.query
  const connectionId = q.get('connectionId') ?? ''
  const entity = q.get('entity') ?? ''
  const status = q.get('status') ?? ''
  const offset = Number(q.get('offset') ?? 0) || 0
  const connections = useAsync(fetchConnections, [])
  const runs = useAsync(() => api.get<Page<Run>>('/v1/runs', { connectionId, entity, status, limit: LIMIT, offset }), [connectionId, entity, status, offset])
  usePolling(!!runs.data?.data.some((r) => !isFinished(r)), 2000, runs.reload)
  const set = (patch: Record<string, string | number | undefined>) => updateQuery('/runs', q, patch)
  const entities = entitiesOf(connections.data)
  if (entity && !entities.includes(entity)) entities.push(entity)

  return (
    <>
      <PageHeader title="Runs" subtitle="Every sync run: one entity of one connection read from its ERP, with what it read, wrote and quarantined." />
      <div class="toolbar">
        <FilterSelect
          id="runs-connection"
          label="Connection"
          value={connectionId}
          options={[{ value: '', label: 'All connections' }, ...(connections.data ?? []).map((c) => ({ value: c.id, label: c.name })), ...(connectionId && !connections.data?.some((c) => c.id === connectionId) ? [{ value: connectionId, label: connectionId }] : [])]}
          onValue={(v) => set({ connectionId: v })}
        />
        <FilterSelect id="runs-entity" label="Entity" value={entity} options={[{ value: '', label: 'All entities' }, ...entities.map((e) => ({ value: e, label: e }))]} onValue={(v) => set({ entity: v })} />
        <FilterSelect id="runs-status" label="Status" value={status} options={[{ value: '', label: 'Any status' }, ...RUN_STATUSES.map((s) => ({ value: s, label: s }))]} onValue={(v) => set({ status: v })} />
      </div>
      <ErrorBox error={runs.error ?? connections.error} />
      {!runs.data && !runs.error && <Loading />}
      {runs.data && (
        <Card>
          <Table
            testId="runs"
            rows={runs.data.data}
            rowKey={(r) => r.id}
            rowHref={(r) => links.run(r.id)}
            empty={connectionId || entity || status ? 'No run matches these filters. Clear a filter to see more.' : 'No runs yet. Open a connection and press Sync now to read its ERP.'}
            columns={[
              { key: 'requested', label: 'Requested', render: (r) => fmtDateTime(r.requestedAt) },
              { key: 'connection', label: 'Connection', render: (r) => <span onClick={(e) => e.stopPropagation()}><ConnectionLink id={r.connectionId} connections={connections.data} /></span> },
              { key: 'entity', label: 'Entity', render: (r) => r.entity },
              { key: 'trigger', label: 'Trigger', render: (r) => r.trigger },
              { key: 'status', label: 'Status', render: (r) => <RunStatus run={r} /> },
              { key: 'read', label: 'Read', align: 'right', render: (r) => fmtNumber(r.counts.read) },
              { key: 'written', label: 'Written', align: 'right', render: (r) => fmtNumber(r.counts.inserted + r.counts.updated) },
              {
                key: 'quarantined',
                label: 'Quarantined',
                align: 'right',
                render: (r) =>
                  r.counts.quarantined > 0 ? (
                    <a href={links.quarantine({ connectionId: r.connectionId, entity: r.entity })} onClick={(e) => e.stopPropagation()}>
                      {fmtNumber(r.counts.quarantined)}
                    </a>
                  ) : (
                    '0'
                  ),
              },
              { key: 'duration', label: 'Duration', align: 'right', render: runDuration },
              { key: 'error', label: 'Error', render: (r) => <span class="muted">{errorMessage(r.error) ?? ''}</span> },
            ]}
          />
          <Pager total={runs.data.total} limit={runs.data.limit} offset={runs.data.offset} onOffset={(o) => set({ offset: o || undefined })} />
        </Card>
      )}
    </>
  )
}
