import { useState } from 'preact/hooks'
import { api, can, type Page } from '../../../api'
import { navigate } from '../../../router'
import { useSession } from '../../../session'
import { Badge, Button, Card, ErrorBox, Facts, JsonView, Loading, Notice, PageHeader, Table } from '../../../ui/components'
import { useAction, useAsync } from '../../../ui/async'
import { fmtAgo, fmtDateTime, fmtNumber } from '../../../ui/format'
import { RunStatus, errorMessage, links, runDuration, scheduleSummary } from '../shared'
import type { CheckResult, Connection, QuarantineEntry, Run } from '../types'
import { CheckResultNotice, DeleteConnection, GapCheck } from './ConnectionActions'
import { SyncProgress } from './SyncProgress'

async function load(id: string) {
  const [connection, runs, quarantine] = await Promise.all([
    api.get<Connection>(`/v1/connections/${id}`),
    api.get<Page<Run>>('/v1/runs', { connectionId: id, limit: 50 }),
    api.get<Page<QuarantineEntry>>('/v1/quarantine', { connectionId: id, status: 'open', limit: 1 }),
  ])
  return { connection, runs, openQuarantine: quarantine.total }
}

/** `#/connections/:id`: settings, Check, Sync now (followed live), recent runs, gap check, edit and delete. */
export function ConnectionDetailPage(props: { id: string; query: URLSearchParams }) {
  const session = useSession()
  const writer = can(session, 'connections:write')
  const data = useAsync(() => load(props.id), [props.id])
  const [following, setFollowing] = useState<string[]>([])
  const [deleting, setDeleting] = useState(false)
  const [checked, setChecked] = useState<CheckResult | undefined>(undefined)
  const check = useAction(() => api.post<CheckResult>(`/v1/connections/${props.id}/check`))
  const sync = useAction((entities?: string[]) => api.post<{ runs: Array<{ id: string; entity: string }> }>(`/v1/connections/${props.id}/sync`, entities ? { entities } : {}))

  const c = data.data?.connection
  if (!c)
    return (
      <>
        <PageHeader title="Connection" back={{ href: links.connections(), label: 'Connections' }} />
        {data.error ? <ErrorBox error={data.error} /> : <Loading />}
      </>
    )

  const runs = data.data!.runs
  const latest = new Map<string, Run>()
  for (const run of runs.data) if (!latest.has(run.entity)) latest.set(run.entity, run)
  const startSync = async (entities?: string[]) => {
    const answer = await sync.run(entities)
    if (answer) setFollowing(answer.runs.map((r) => r.id))
  }

  return (
    <>
      <PageHeader
        title={c.name}
        back={{ href: links.connections(), label: 'Connections' }}
        subtitle={
          <>
            <code>{c.kind}</code> · {c.enabled ? <Badge value="enabled" tone="ok" /> : <Badge value="disabled" tone="muted" />} · {scheduleSummary(c)}
          </>
        }
        actions={
          writer && (
            <>
              <Button busy={check.busy} onClick={async () => setChecked(await check.run())}>
                Check connection
              </Button>
              <Button kind="primary" busy={sync.busy} onClick={() => startSync()}>
                Sync now
              </Button>
              <Button onClick={() => navigate(`/connections/${c.id}/edit`)}>Edit</Button>
              <Button kind="danger" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </>
          )
        }
      />
      {props.query.get('created') && <Notice>Connection created. Check that the hub can reach the ERP, then sync it.</Notice>}
      {props.query.get('saved') && <Notice>Changes saved.</Notice>}
      {deleting && <DeleteConnection connection={c} onCancel={() => setDeleting(false)} />}
      <CheckResultNotice result={checked} error={check.error} />
      <ErrorBox error={sync.error} title="The sync could not be started" />
      {following.length > 0 && <SyncProgress runIds={following} onFinished={data.reload} />}

      <Card title="Entities" testId="entities">
        <Table
          rows={c.entities}
          rowKey={(e) => e}
          empty="This connection serves no entities: check its settings."
          columns={[
            { key: 'entity', label: 'Entity', render: (e) => e },
            {
              key: 'schedule',
              label: 'Schedule',
              render: (e) => {
                const own = c.schedule.entities?.[e]
                return own === null ? 'on demand' : own ? `every ${own} s` : <span class="muted">connection’s interval</span>
              },
            },
            { key: 'last', label: 'Latest run', render: (e) => (latest.get(e) ? <RunStatus run={latest.get(e)!} /> : <span class="muted">never</span>) },
            { key: 'when', label: 'When', render: (e) => (latest.get(e) ? <a href={links.run(latest.get(e)!.id)}>{fmtAgo(latest.get(e)!.finishedAt ?? latest.get(e)!.requestedAt)}</a> : '—') },
            { key: 'read', label: 'Read', align: 'right', render: (e) => fmtNumber(latest.get(e)?.counts.read) },
            { key: 'quarantined', label: 'Quarantined', align: 'right', render: (e) => fmtNumber(latest.get(e)?.counts.quarantined) },
            {
              key: 'sync',
              label: '',
              align: 'right',
              render: (e) =>
                writer && (
                  <button class="btn" type="button" aria-label={`Sync ${e}`} disabled={sync.busy} onClick={() => startSync([e])}>
                    Sync
                  </button>
                ),
            },
          ]}
        />
        <p class="muted" style={{ marginBottom: 0 }}>
          {data.data!.openQuarantine > 0 ? (
            <a href={links.quarantine({ connectionId: c.id })}>{data.data!.openQuarantine} records in quarantine</a>
          ) : (
            'No record of this connection is in quarantine.'
          )}
          {' · '}
          <a href={links.webhooks({ connectionId: c.id })}>webhook log</a>
        </p>
      </Card>

      <div class="grid grid-2" style={{ marginBottom: '16px' }}>
        <Card title="Settings">
          <Facts
            items={[
              ['Kind', <code>{c.kind}</code>],
              ['Schedule', scheduleSummary(c)],
              ['Gap check', c.schedule.gapCheck ? `every ${c.schedule.gapCheck.everyMinutes} min` : 'off'],
              ['Limits', c.limits ? `${c.limits.ratePerSecond ?? 'default'} req/s, burst ${c.limits.burst ?? 'default'}` : 'hub defaults'],
              ['Default country', c.defaultCountry ?? '—'],
              ['Identity priority', String(c.identityPriority)],
              ['Mappings', Object.keys(c.mappings).length ? Object.entries(c.mappings).map(([e, m]) => `${e} → ${m}`).join(', ') : `${c.kind}/<entity>`],
              ['Webhooks', c.webhookPath ? <code>POST {c.webhookPath}</code> : 'not taken'],
              ['Watched folder', c.watch ? <code>{c.watch.dir}</code> : '—'],
              ['Created', fmtDateTime(c.createdAt)],
              ['Changed', fmtDateTime(c.updatedAt)],
            ]}
          />
        </Card>
        <Card title="Connector settings">
          <p class="muted" style={{ marginTop: 0 }}>
            As the hub keeps them; secrets show as ********.
          </p>
          <JsonView value={c.config} open summary="Config" />
          {c.webhook && <JsonView value={c.webhook} summary="Webhook settings" />}
        </Card>
      </div>

      <Card title="Recent runs" actions={<a href={links.runs({ connectionId: c.id })}>All runs of {c.name}</a>}>
        <Table
          testId="recent-runs"
          rows={runs.data.slice(0, 10)}
          rowKey={(r) => r.id}
          rowHref={(r) => links.run(r.id)}
          empty={writer ? 'No runs yet: Sync now reads every entity once.' : 'No runs yet.'}
          columns={[
            { key: 'requested', label: 'Requested', render: (r) => fmtDateTime(r.requestedAt) },
            { key: 'entity', label: 'Entity', render: (r) => r.entity },
            { key: 'trigger', label: 'Trigger', render: (r) => r.trigger },
            { key: 'status', label: 'Status', render: (r) => <RunStatus run={r} /> },
            { key: 'read', label: 'Read', align: 'right', render: (r) => fmtNumber(r.counts.read) },
            { key: 'written', label: 'Written', align: 'right', render: (r) => fmtNumber(r.counts.inserted + r.counts.updated) },
            { key: 'quarantined', label: 'Quarantined', align: 'right', render: (r) => fmtNumber(r.counts.quarantined) },
            { key: 'duration', label: 'Duration', align: 'right', render: runDuration },
            { key: 'error', label: 'Error', render: (r) => errorMessage(r.error) ?? '' },
          ]}
        />
      </Card>
      {c.entities.length > 0 && <GapCheck connection={c} canWrite={writer} />}
    </>
  )
}
