import { useState } from 'preact/hooks'
import { api } from '../../../api'
import { Badge, Button, Card, ErrorBox, Notice, Table } from '../../../ui/components'
import { useAction } from '../../../ui/async'
import { links } from '../shared'
import type { ReplayItem, ReplayResult } from '../types'

/** `a.b[2].c` read out of a value. */
function at(value: unknown, path: string): unknown {
  let cur = value
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[part]
  }
  return cur
}

const noWrap = { whiteSpace: 'nowrap' } as const

function show(v: unknown): string {
  if (v === undefined) return '—'
  if (v === null) return 'null'
  return typeof v === 'string' ? v : JSON.stringify(v)
}

const OUTCOME: Record<ReplayItem['outcome'], { label: string; tone: 'ok' | 'bad' | 'warn' }> = {
  lands: { label: 'lands', tone: 'ok' },
  'still-fails': { label: 'still fails', tone: 'bad' },
  changed: { label: 'changed meanwhile', tone: 'warn' },
}

function Changes(props: { item: ReplayItem }) {
  const { item } = props
  if (item.outcome === 'still-fails')
    return (
      <ul style={{ margin: 0, paddingLeft: '18px' }}>
        {(item.issues ?? []).map((i, n) => (
          <li key={n}>
            <code>{i.path}</code>: {i.message}
          </li>
        ))}
      </ul>
    )
  if (!item.diff) return <span class="muted">—</span>
  if (item.diff.changed.length === 0) return <span class="muted">no canonical field changes</span>
  return (
    <ul style={{ margin: 0, paddingLeft: '18px' }} data-testid="replay-changes">
      {item.diff.changed.map((field) => (
        <li key={field}>
          <code>{field}</code>: {item.diff!.before ? show(at(item.diff!.before, field)) : <span class="muted">(new)</span>} → <strong>{show(at(item.diff!.after, field))}</strong>
        </li>
      ))}
    </ul>
  )
}

export function ReplayResultView(props: { result: ReplayResult }) {
  const { result } = props
  const t = result.totals
  return (
    <div data-testid={result.dryRun ? 'replay-preview' : 'replay-result'}>
      {result.dryRun ? (
        <Notice tone={t.lands > 0 ? 'info' : 'warn'}>
          Preview, nothing stored: {t.lands} of {t.entries} would land ({t.inserted} new, {t.updated} changed, {t.unchanged} unchanged), {t.stillFails} still fail{t.changed ? `, ${t.changed} changed meanwhile` : ''}.
        </Notice>
      ) : (
        <Notice tone={t.lands > 0 ? 'ok' : 'warn'}>
          Replayed: {t.lands} of {t.entries} stored and resolved ({t.inserted} new, {t.updated} changed, {t.unchanged} unchanged), {t.stillFails} still fail{t.changed ? `, ${t.changed} changed meanwhile and were left for a new replay` : ''}.
        </Notice>
      )}
      {result.more && <p class="muted">More open records match than one replay takes; replay again for the rest.</p>}
      <Table
        rows={result.items}
        rowKey={(i) => i.id}
        columns={[
          { key: 'record', label: 'Record', render: (i) => <a href={links.entry(i.id)} style={noWrap}>{i.externalId}</a> },
          { key: 'entity', label: 'Entity', render: (i) => <span style={noWrap}>{i.entity}</span> },
          { key: 'outcome', label: 'Outcome', render: (i) => <Badge value={OUTCOME[i.outcome].label} tone={OUTCOME[i.outcome].tone} /> },
          { key: 'effect', label: 'Effect', render: (i) => (i.effect ? `${i.effect}${i.olderThanStored ? ' (the hub holds a newer version)' : ''}` : '—') },
          { key: 'mapping', label: 'Mapping', render: (i) => `${i.mapping.name} v${i.mapping.version}` },
          { key: 'changes', label: 'Canonical fields that change / issues', render: (i) => <Changes item={i} /> },
        ]}
      />
    </div>
  )
}

/**
 * Replay with a look first: the preview maps the records again with the current mapping files and
 * stores nothing; only then can the records be replayed for real (which takes connections:write).
 */
export function ReplayPanel(props: { ids: string[]; canReplay: boolean; onReplayed: (result: ReplayResult) => void; title?: string }) {
  const [preview, setPreview] = useState<ReplayResult | undefined>(undefined)
  const [done, setDone] = useState<ReplayResult | undefined>(undefined)
  const dry = useAction(() => api.post<ReplayResult>('/v1/quarantine/replay', { ids: props.ids, dryRun: true }))
  const real = useAction(() => api.post<ReplayResult>('/v1/quarantine/replay', { ids: props.ids, dryRun: false }))
  const n = props.ids.length
  return (
    <Card title={props.title ?? 'Replay'} testId="replay">
      <p class="muted" style={{ marginTop: 0 }}>
        After a mapping fix, a replay maps the record{n === 1 ? '' : 's'} again as received. Preview first: it shows what would land and which canonical fields change, and stores nothing.
      </p>
      <div class="actions">
        <Button
          busy={dry.busy}
          disabled={n === 0}
          onClick={async () => {
            setDone(undefined)
            setPreview(await dry.run())
          }}
        >
          Preview replay{n > 1 ? ` of ${n} records` : ''}
        </Button>
        {preview && props.canReplay && !done && (
          <Button
            kind="primary"
            busy={real.busy}
            disabled={preview.totals.lands === 0}
            title={preview.totals.lands === 0 ? 'Nothing would land: fix the mapping first' : undefined}
            onClick={async () => {
              const result = await real.run()
              if (result) {
                setDone(result)
                setPreview(undefined)
                props.onReplayed(result)
              }
            }}
          >
            Replay for real ({preview.totals.lands} would land)
          </Button>
        )}
      </div>
      {!props.canReplay && preview && <p class="muted">Storing replayed records takes the connections:write permission (an admin key).</p>}
      <ErrorBox error={dry.error ?? real.error} />
      {preview && <ReplayResultView result={preview} />}
      {done && <ReplayResultView result={done} />}
    </Card>
  )
}
