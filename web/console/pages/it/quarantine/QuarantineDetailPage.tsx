import { api, can } from '../../../api'
import { useSession } from '../../../session'
import { Badge, Card, ErrorBox, Facts, JsonView, Loading, Notice, PageHeader, Table } from '../../../ui/components'
import { useAsync } from '../../../ui/async'
import { fmtDateTime } from '../../../ui/format'
import { ConnectionLink, links } from '../shared'
import type { Connection, QuarantineEntry } from '../types'
import { ReplayPanel } from './ReplayPanel'

function showValue(v: unknown): string {
  if (v === undefined) return ''
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)
}

/** `#/quarantine/:id`: the record as the ERP sent it, each issue at its path, and its replay (preview, then for real). */
export function QuarantineDetailPage(props: { id: string }) {
  const session = useSession()
  const entry = useAsync(async () => {
    const e = await api.get<QuarantineEntry>(`/v1/quarantine/${props.id}`)
    const connection = await api.get<Connection>(`/v1/connections/${e.connectionId}`).catch(() => undefined)
    return { e, connection }
  }, [props.id])
  if (!entry.data)
    return (
      <>
        <PageHeader title="Quarantined record" back={{ href: links.quarantine(), label: 'Quarantine' }} />
        {entry.error ? <ErrorBox error={entry.error} /> : <Loading />}
      </>
    )
  const { e, connection } = entry.data
  return (
    <>
      <PageHeader
        title={`${e.entity} ${e.externalId}`}
        back={{ href: links.quarantine({ connectionId: e.connectionId, entity: e.entity }), label: 'Quarantine' }}
        subtitle={
          <>
            from <ConnectionLink id={e.connectionId} name={connection?.name} /> · <Badge value={e.status} />
          </>
        }
      />
      {e.status === 'resolved' && <Notice>Resolved {fmtDateTime(e.resolvedAt)}: the record has since mapped (a replay, or the ERP sent a version that maps).</Notice>}
      <Card title="Why it was quarantined">
        <Table
          testId="issues"
          rows={e.issues}
          rowKey={(i) => `${i.path}|${i.message}`}
          empty="No issues recorded."
          columns={[
            { key: 'path', label: 'Path in the record', render: (i) => <code>{i.path}</code> },
            { key: 'field', label: 'Canonical field', render: (i) => (i.field ? <code>{i.field}</code> : '—') },
            { key: 'message', label: 'Problem', render: (i) => i.message },
            { key: 'value', label: 'Value', render: (i) => <code>{showValue(i.value)}</code> },
            { key: 'code', label: 'Code', render: (i) => i.code ?? '—' },
          ]}
        />
      </Card>
      <div class="grid grid-2" style={{ marginBottom: '16px' }}>
        <Card title="Record">
          <Facts
            items={[
              ['Connection', <ConnectionLink id={e.connectionId} name={connection?.name} />],
              ['Entity', e.entity],
              ['External id', <code>{e.externalId}</code>],
              ['Mapping', `${e.mapping} v${e.mappingVersion}`],
              ['Seen', `${e.occurrences} time${e.occurrences === 1 ? '' : 's'}`],
              ['First seen', fmtDateTime(e.firstSeenAt)],
              ['Last seen', fmtDateTime(e.lastSeenAt)],
              ['Run', e.syncRunId ? <a href={links.run(e.syncRunId)}>the run that saw it last</a> : '—'],
            ]}
          />
        </Card>
        <Card title="As received">
          <JsonView value={e.payload} open summary="The record as the ERP sent it" />
        </Card>
      </div>
      {e.status === 'open' && <ReplayPanel ids={[e.id]} canReplay={can(session, 'connections:write')} onReplayed={() => entry.reload()} />}
    </>
  )
}
