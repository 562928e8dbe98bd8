import { api, can, type Page } from '../../../api'
import { navigate } from '../../../router'
import { useSession } from '../../../session'
import { Badge, Button, Card, ErrorBox, Loading, Notice, PageHeader, Table, type Column } from '../../../ui/components'
import { useAsync } from '../../../ui/async'
import { fmtAgo } from '../../../ui/format'
import { fetchConnections, links, scheduleSummary } from '../shared'
import type { Connection, QuarantineEntry, Run } from '../types'

interface Row {
  connection: Connection
  /** The latest run of each entity. */
  latest: Run[]
  openQuarantine: number
}

/** Healthy when the latest run of every entity succeeded. */
function health(row: Row): { label: string; tone: 'ok' | 'bad' | 'warn' | 'muted' | 'info' } {
  if (!row.connection.enabled) return { label: 'disabled', tone: 'muted' }
  if (row.latest.length === 0) return { label: 'never synced', tone: 'muted' }
  if (row.latest.some((r) => r.status === 'failed')) return { label: 'failing', tone: 'bad' }
  if (row.latest.some((r) => r.status === 'retrying')) return { label: 'retrying', tone: 'warn' }
  if (row.latest.some((r) => r.status === 'running' || r.status === 'queued')) return { label: 'syncing', tone: 'info' }
  return { label: 'healthy', tone: 'ok' }
}

async function load(): Promise<Row[]> {
  const [connections, runs] = await Promise.all([fetchConnections(), api.get<Page<Run>>('/v1/runs', { limit: 200 })])
  const open = await Promise.all(connections.map((c) => api.get<Page<QuarantineEntry>>('/v1/quarantine', { connectionId: c.id, status: 'open', limit: 1 }).then((p) => p.total)))
  return connections.map((connection, i) => {
    const latest = new Map<string, Run>()
    for (const run of runs.data) if (run.connectionId === connection.id && !latest.has(run.entity)) latest.set(run.entity, run)
    return { connection, latest: [...latest.values()], openQuarantine: open[i] }
  })
}

export function ConnectionsPage(props: { query: URLSearchParams }) {
  const session = useSession()
  const rows = useAsync(load, [])
  const writer = can(session, 'connections:write')
  const columns: Column<Row>[] = [
    { key: 'name', label: 'Name', render: (r) => r.connection.name },
    { key: 'kind', label: 'Kind', render: (r) => <code>{r.connection.kind}</code> },
    { key: 'entities', label: 'Entities', render: (r) => (r.connection.entities.length ? r.connection.entities.join(', ') : <span class="muted">none</span>) },
    { key: 'schedule', label: 'Schedule', render: (r) => scheduleSummary(r.connection) },
    {
      key: 'health',
      label: 'Health',
      render: (r) => {
        const h = health(r)
        return <Badge value={h.label} tone={h.tone} />
      },
    },
    {
      key: 'last',
      label: 'Last run',
      render: (r) => {
        const last = [...r.latest].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))[0]
        return last ? (
          <a href={links.run(last.id)} onClick={(e) => e.stopPropagation()}>
            {last.entity} {last.status} · {fmtAgo(last.finishedAt ?? last.requestedAt)}
          </a>
        ) : (
          <span class="muted">—</span>
        )
      },
    },
    {
      key: 'quarantine',
      label: 'Quarantine',
      align: 'right',
      render: (r) =>
        r.openQuarantine > 0 ? (
          <a href={links.quarantine({ connectionId: r.connection.id })} onClick={(e) => e.stopPropagation()}>
            {r.openQuarantine} open
          </a>
        ) : (
          <span class="muted">0</span>
        ),
    },
    { key: 'webhooks', label: 'Webhooks', render: (r) => (r.connection.webhookPath ? 'yes' : <span class="muted">no</span>) },
  ]
  return (
    <>
      <PageHeader
        title="Connections"
        subtitle="The ERPs the hub reads: how each is reached, when it syncs and how its last runs went."
        actions={
          writer && (
            <Button kind="primary" onClick={() => navigate('/connections/new')}>
              Add connection
            </Button>
          )
        }
      />
      {props.query.get('deleted') && <Notice>Connection deleted.</Notice>}
      <ErrorBox error={rows.error} />
      {!rows.data && !rows.error && <Loading />}
      {rows.data && (
        <Card>
          <Table
            testId="connections"
            columns={columns}
            rows={rows.data}
            rowKey={(r) => r.connection.id}
            rowHref={(r) => links.connection(r.connection.id)}
            empty={writer ? 'No connections yet. Add one (Add connection, above) to start syncing an ERP.' : 'No connections yet. An administrator adds them.'}
          />
        </Card>
      )}
    </>
  )
}
