import { api, type Page } from '../../../api'
import { Badge, Card, ErrorBox, Facts, JsonView, Loading, PageHeader, Table } from '../../../ui/components'
import { useAsync } from '../../../ui/async'
import { fmtDateTime, fmtNumber } from '../../../ui/format'
import { ConnectionLink, RunStatus, Stats, errorMessage, isFinished, links, runDuration, usePolling } from '../shared'
import type { Connection, CursorPosition, QuarantineEntry, Run } from '../types'

/** What else the page shows about a run: its connection, the cursor positions it stored, the records it quarantined. */
async function loadAround(run: Run) {
  const [connection, cursor, open, resolved] = await Promise.all([
    api.get<Connection>(`/v1/connections/${run.connectionId}`).catch(() => undefined),
    api.get<{ data: CursorPosition[] }>(`/v1/connections/${run.connectionId}/cursors/${encodeURIComponent(run.entity)}/history`, { limit: 200 }).then(
      (r) => r.data.filter((p) => p.syncRunId === run.id),
      () => [] as CursorPosition[],
    ),
    api.get<Page<QuarantineEntry>>('/v1/quarantine', { connectionId: run.connectionId, entity: run.entity, status: 'open', limit: 200 }),
    api.get<Page<QuarantineEntry>>('/v1/quarantine', { connectionId: run.connectionId, entity: run.entity, status: 'resolved', limit: 200 }),
  ])
  return { connection, cursor, quarantined: [...open.data, ...resolved.data].filter((q) => q.syncRunId === run.id) }
}

/** `#/runs/:id`: counts, timing, the cursor it left, its error with details, and its quarantined records. */
export function RunDetailPage(props: { id: string }) {
  const run = useAsync(() => api.get<Run>(`/v1/runs/${props.id}`), [props.id])
  const r = run.data
  const active = !!r && !isFinished(r)
  usePolling(active, 1000, run.reload)
  const around = useAsync(() => (r ? loadAround(r) : Promise.resolve(undefined)), [r?.id, r?.status])
  if (!r)
    return (
      <>
        <PageHeader title="Run" back={{ href: links.runs(), label: 'Runs' }} />
        {run.error ? <ErrorBox error={run.error} /> : <Loading />}
      </>
    )
  const connection = around.data?.connection
  const message = errorMessage(r.error)
  return (
    <>
      <PageHeader
        title={`Run of ${r.entity}`}
        back={{ href: links.runs({ connectionId: r.connectionId }), label: connection ? `Runs of ${connection.name}` : 'Runs' }}
        subtitle={
          <>
            <ConnectionLink id={r.connectionId} name={connection?.name} /> · {r.trigger} · <RunStatus run={r} />
          </>
        }
      />
      <Stats
        items={[
          { label: 'Read', value: fmtNumber(r.counts.read), testId: 'count-read' },
          { label: 'Inserted', value: fmtNumber(r.counts.inserted), testId: 'count-inserted' },
          { label: 'Updated', value: fmtNumber(r.counts.updated), testId: 'count-updated' },
          { label: 'Unchanged', value: fmtNumber(r.counts.unchanged), testId: 'count-unchanged' },
          {
            label: 'Quarantined',
            value: r.counts.quarantined > 0 ? <a href={links.quarantine({ connectionId: r.connectionId, entity: r.entity })}>{fmtNumber(r.counts.quarantined)}</a> : '0',
            testId: 'count-quarantined',
          },
          { label: 'Pages', value: fmtNumber(r.counts.pages), testId: 'count-pages' },
        ]}
      />
      {message && (
        <div class="error-box" role="alert">
          <strong>{r.status === 'failed' ? 'The run failed' : 'The last attempt failed'}</strong>
          <p>{message}</p>
          <JsonView value={r.error} summary="Error details" />
        </div>
      )}
      <div class="grid grid-2" style={{ marginBottom: '16px' }}>
        <Card title="Timing">
          <Facts
            items={[
              ['Status', <RunStatus run={r} />],
              ['Attempts', String(r.attempts)],
              ['Requested', fmtDateTime(r.requestedAt)],
              ['Started', fmtDateTime(r.startedAt)],
              ['Finished', fmtDateTime(r.finishedAt)],
              ['Duration', runDuration(r)],
            ]}
          />
        </Card>
        <Card title="Cursor">
          {!around.data && !around.error && <Loading />}
          {around.data && around.data.cursor.length === 0 && <p class="muted">This run stored no cursor position (nothing read yet, or a full read of an entity without a cursor).</p>}
          {around.data && around.data.cursor.length > 0 && (
            <>
              <p class="muted" style={{ marginTop: 0 }}>
                Where the next incremental sync starts, as this run left it ({around.data.cursor.length} position{around.data.cursor.length === 1 ? '' : 's'} stored, newest first).
              </p>
              <JsonView value={around.data.cursor[0].value} open summary={`Position stored ${fmtDateTime(around.data.cursor[0].recordedAt)}`} />
            </>
          )}
        </Card>
      </div>
      <Card title="Quarantined by this run" actions={<a href={links.quarantine({ connectionId: r.connectionId, entity: r.entity })}>Quarantine of {r.entity}</a>}>
        <ErrorBox error={around.error} />
        {around.data && (
          <Table
            rows={around.data.quarantined}
            rowKey={(q) => q.id}
            rowHref={(q) => links.entry(q.id)}
            empty={r.counts.quarantined > 0 ? 'A later run has seen these records again; see the quarantine of this entity.' : 'Every record this run read mapped cleanly.'}
            columns={[
              { key: 'externalId', label: 'Record', render: (q) => <code>{q.externalId}</code> },
              { key: 'issue', label: 'First issue', render: (q) => (q.issues[0] ? `${q.issues[0].path}: ${q.issues[0].message}` : '—') },
              { key: 'status', label: 'Status', render: (q) => <Badge value={q.status} /> },
            ]}
          />
        )}
      </Card>
    </>
  )
}
