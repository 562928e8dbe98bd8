import { api, type Page } from '../../../api'
import { Badge, Card, ErrorBox, JsonView, Loading, PageHeader, Pager, Table } from '../../../ui/components'
import { useAsync } from '../../../ui/async'
import { fmtDateTime, fmtNumber } from '../../../ui/format'
import { ConnectionLink, FilterSelect, errorMessage, fetchConnections, updateQuery } from '../shared'
import type { RefusedCall, WebhookEvent } from '../types'

const LIMIT = 25

function bytes(n: number | null): string {
  if (n === null) return '—'
  // No break between the number and its unit.
  return n < 1024 ? `${n}\u00a0B` : `${fmtNumber(n / 1024)}\u00a0KB`
}

/** What an event became: records applied, entities fetched, echoes recognised. */
function Outcome(props: { event: WebhookEvent }) {
  const { outcome, error } = props.event
  if (error) return <span class="field-issue">{errorMessage(error)}</span>
  if (!outcome || typeof outcome !== 'object') return <span class="muted">—</span>
  const parts = Object.entries(outcome as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
    .map(([k, v]) => `${k}: ${String(v)}`)
  return <span>{parts.length ? parts.join(', ') : <JsonView value={outcome} summary="outcome" />}</span>
}

/**
 * `#/webhooks?connectionId=…&status=…&eventsOffset=…&refusedOffset=…`: the events ERPs sent (stored,
 * deduplicated, processed) and the calls the hub refused, with the reason. Bodies and signatures are
 * never shown.
 */
export function WebhookLogPage(props: { query: URLSearchParams }) {
  const q = props.query
  const connectionId = q.get('connectionId') ?? ''
  const status = q.get('status') ?? ''
  const eventsOffset = Number(q.get('eventsOffset') ?? 0) || 0
  const refusedOffset = Number(q.get('refusedOffset') ?? 0) || 0
  const connections = useAsync(fetchConnections, [])
  const events = useAsync(() => api.get<Page<WebhookEvent>>('/v1/webhook-events', { connectionId, status, limit: LIMIT, offset: eventsOffset }), [connectionId, status, eventsOffset])
  const refused = useAsync(() => api.get<Page<RefusedCall>>('/v1/webhook-events/refused', { connectionId, limit: LIMIT, offset: refusedOffset }), [connectionId, refusedOffset])
  const set = (patch: Record<string, string | number | undefined>) => updateQuery('/webhooks', q, { eventsOffset: undefined, refusedOffset: undefined, ...patch })
  const takers = (connections.data ?? []).filter((c) => c.webhookPath)

  return (
    <>
      <PageHeader title="Webhook log" subtitle="ERPs announcing changes: every event received and what it became, and every call the hub refused with the reason." />
      <div class="toolbar">
        <FilterSelect
          id="wh-connection"
          label="Connection"
          value={connectionId}
          options={[{ value: '', label: 'All connections' }, ...(connections.data ?? []).map((c) => ({ value: c.id, label: c.webhookPath ? c.name : `${c.name} (takes no webhooks)` }))]}
          onValue={(v) => set({ connectionId: v })}
        />
        <FilterSelect
          id="wh-status"
          label="Event status"
          value={status}
          options={[
            { value: '', label: 'Any status' },
            { value: 'received', label: 'received (not processed yet)' },
            { value: 'done', label: 'done' },
            { value: 'failed', label: 'failed' },
          ]}
          onValue={(v) => set({ status: v })}
        />
      </div>
      <ErrorBox error={connections.error} />
      <Card title={events.data ? `Events received (${events.data.total})` : 'Events received'} testId="webhook-events">
        <ErrorBox error={events.error} />
        {!events.data && !events.error && <Loading />}
        {events.data && (
          <>
            <Table
              rows={events.data.data}
              rowKey={(e) => e.id}
              empty={
                takers.length === 0
                  ? 'No connection takes webhooks yet: set a connection’s webhook settings (Edit → Webhooks) and point the ERP at its webhook path.'
                  : 'No events received for these filters. An ERP posts them to /v1/webhooks/<connection id>.'
              }
              columns={[
                { key: 'received', label: 'Received', render: (e) => fmtDateTime(e.receivedAt) },
                { key: 'connection', label: 'Connection', render: (e) => <ConnectionLink id={e.connectionId} name={e.connectionName} /> },
                { key: 'status', label: 'Status', render: (e) => <Badge value={e.status} tone={e.status === 'received' ? 'info' : undefined} /> },
                { key: 'dedup', label: 'Dedup key', render: (e) => <code style={{ wordBreak: 'break-all' }}>{e.dedupKey.length > 40 ? `${e.dedupKey.slice(0, 40)}…` : e.dedupKey}</code> },
                { key: 'deliveries', label: 'Deliveries', align: 'right', render: (e) => String(e.deliveries) },
                { key: 'size', label: 'Size', align: 'right', render: (e) => bytes(e.bytes) },
                { key: 'outcome', label: 'Outcome or error', render: (e) => <Outcome event={e} /> },
                { key: 'processed', label: 'Processed', render: (e) => fmtDateTime(e.processedAt) },
              ]}
            />
            <Pager total={events.data.total} limit={events.data.limit} offset={events.data.offset} onOffset={(o) => set({ eventsOffset: o || undefined, refusedOffset: refusedOffset || undefined })} />
          </>
        )}
      </Card>
      <Card title={refused.data ? `Refused calls (${refused.data.total})` : 'Refused calls'} testId="webhook-refused">
        <p class="muted" style={{ marginTop: 0 }}>
          Calls refused before anything was stored: a bad or missing signature, a body too large or unreadable. Only the names of the headers sent are kept.
        </p>
        <ErrorBox error={refused.error} />
        {!refused.data && !refused.error && <Loading />}
        {refused.data && (
          <>
            <Table
              rows={refused.data.data}
              rowKey={(r) => r.id}
              empty="No refused calls: every webhook call was signed and readable."
              columns={[
                { key: 'at', label: 'When', render: (r) => fmtDateTime(r.at) },
                { key: 'connection', label: 'Connection', render: (r) => <ConnectionLink id={r.connectionId} name={r.connectionName} /> },
                { key: 'status', label: 'Answer', render: (r) => <Badge value={String(r.status ?? '—')} tone="bad" /> },
                { key: 'reason', label: 'Reason', render: (r) => r.reason },
                { key: 'size', label: 'Size', align: 'right', render: (r) => bytes(r.bytes) },
                { key: 'from', label: 'From', render: (r) => r.remoteAddress ?? '—' },
                { key: 'headers', label: 'Headers sent', render: (r) => <span class="muted">{r.headerNames.join(', ')}</span> },
              ]}
            />
            <Pager total={refused.data.total} limit={refused.data.limit} offset={refused.data.offset} onOffset={(o) => set({ refusedOffset: o || undefined, eventsOffset: eventsOffset || undefined })} />
          </>
        )}
      </Card>
    </>
  )
}
