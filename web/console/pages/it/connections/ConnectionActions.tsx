import { useState } from 'preact/hooks'
import { api } from '../../../api'
import { navigate } from '../../../router'
import { Badge, Button, Card, ErrorBox, Field, Notice, Table } from '../../../ui/components'
import { useAction } from '../../../ui/async'
import { fmtDateTime, fmtNumber } from '../../../ui/format'
import type { CheckResult, Connection, GapCheckResult } from '../types'

/** "Check": one cheap authenticated call to the ERP; a refusal is an answer shown with its reason. */
export function CheckResultNotice(props: { result: CheckResult | undefined; error: unknown }) {
  if (props.error) return <ErrorBox error={props.error} title="The check could not be run" />
  const r = props.result
  if (!r) return null
  if (r.ok)
    return (
      <Notice>
        <span data-testid="check-result">
          <Badge value="ok" /> The hub reached the ERP and was let in ({fmtNumber(r.latencyMs)} ms).
        </span>
      </Notice>
    )
  return (
    <div class="error-box" role="alert" data-testid="check-result">
      <strong>The ERP could not be reached or refused the hub</strong>
      <p>
        {r.error?.message ?? 'no reason given'} {r.error?.code && <code>({r.error.code})</code>} · after {fmtNumber(r.latencyMs)} ms
        {r.error?.retryable ? ' · may work on a later try' : ''}
      </p>
    </div>
  )
}

/** Deleting asks once more, naming what goes with the connection. */
export function DeleteConnection(props: { connection: Connection; onCancel: () => void }) {
  const del = useAction(async () => {
    await api.del(`/v1/connections/${props.connection.id}`)
    return true
  })
  return (
    <Card title={`Delete ${props.connection.name}?`} class="danger-zone" testId="delete-confirm">
      <p>
        The connection, its runs, cursors and quarantined records, and every record it brought into the hub are deleted. Its ERP is not touched. This cannot be undone.
      </p>
      <ErrorBox error={del.error} />
      <div class="actions">
        <Button
          kind="danger"
          busy={del.busy}
          onClick={async () => {
            if (await del.run()) navigate('/connections?deleted=1')
          }}
        >
          Yes, delete {props.connection.name}
        </Button>
        <Button onClick={props.onCancel}>Keep it</Button>
      </div>
    </Card>
  )
}

/** Compares ERP and hub counts per time bucket for one entity (only connectors that can count). */
export function GapCheck(props: { connection: Connection; canWrite: boolean }) {
  const entities = props.connection.entities
  const [entity, setEntity] = useState(entities[0] ?? '')
  const [days, setDays] = useState('1')
  const check = useAction((resync: boolean) => api.post<GapCheckResult & { resynced?: { buckets: number; stillDiffering: number } }>(`/v1/connections/${props.connection.id}/gaps/check`, { entity, bucketMinutes: Math.round(Number(days) * 1440) || 1440, resync }))
  const [result, setResult] = useState<(GapCheckResult & { resynced?: { buckets: number; stillDiffering: number } }) | undefined>(undefined)
  const run = async (resync: boolean) => setResult(await check.run(resync))
  const differing = result?.buckets.filter((b) => b.differs) ?? []
  return (
    <Card title="Gap check">
      <p class="muted">Counts what the ERP and the hub hold per time bucket (one ERP request per bucket), so records a sync missed show up.</p>
      <div class="toolbar">
        <Field label="Entity">
          <select value={entity} onChange={(e) => setEntity((e.currentTarget as HTMLSelectElement).value)}>
            {entities.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Bucket (days)">
          <input type="number" min={0.01} step="any" value={days} onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)} style={{ width: '90px' }} />
        </Field>
        <Button busy={check.busy} disabled={!entity} onClick={() => run(false)}>
          Check gaps
        </Button>
        {props.canWrite && differing.length > 0 && (
          <Button busy={check.busy} onClick={() => run(true)}>
            Re-read the {differing.length} differing buckets
          </Button>
        )}
      </div>
      <ErrorBox error={check.error} title="The gap check could not be made" />
      {result && !check.error && (
        <>
          {result.differing === 0 ? (
            <Notice>
              ERP and hub hold the same counts in all {result.buckets.length} buckets of {result.entity}.
              {result.undatedInHub > 0 && ` ${result.undatedInHub} records in the hub have no change time and are in no bucket.`}
            </Notice>
          ) : (
            <Notice tone="warn">
              {result.differing} of {result.buckets.length} buckets differ{result.resynced ? `; re-read ${result.resynced.buckets}, ${result.resynced.stillDiffering} still differ` : ''}.
            </Notice>
          )}
          {differing.length > 0 && (
            <Table
              rows={differing}
              rowKey={(b) => `${b.from}-${b.to}`}
              columns={[
                { key: 'from', label: 'From', render: (b) => (b.from ? fmtDateTime(b.from) : 'the start') },
                { key: 'to', label: 'To', render: (b) => fmtDateTime(b.to) },
                { key: 'erp', label: 'ERP', align: 'right', render: (b) => fmtNumber(b.erp) },
                { key: 'hub', label: 'Hub', align: 'right', render: (b) => fmtNumber(b.hub) },
              ]}
            />
          )}
        </>
      )}
    </Card>
  )
}
