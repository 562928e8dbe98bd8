import { useEffect, useRef } from 'preact/hooks'
import { api } from '../../../api'
import { Card, ErrorBox, Table } from '../../../ui/components'
import { useAsync } from '../../../ui/async'
import { fmtNumber } from '../../../ui/format'
import { RunStatus, errorMessage, isFinished, links, runDuration, usePolling } from '../shared'
import type { Run } from '../types'

/** The runs a "Sync now" queued, followed until each has finished: status, pages and counts as they grow. */
export function SyncProgress(props: { runIds: string[]; onFinished: () => void }) {
  const runs = useAsync(() => Promise.all(props.runIds.map((id) => api.get<Run>(`/v1/runs/${id}`))), [props.runIds.join(',')])
  const done = !!runs.data && runs.data.every(isFinished)
  usePolling(!done && !runs.error, 1000, runs.reload)
  const told = useRef('')
  useEffect(() => {
    const key = props.runIds.join(',')
    if (done && told.current !== key) {
      told.current = key
      props.onFinished()
    }
  }, [done])
  const list = runs.data ?? []
  const finished = list.filter(isFinished).length
  return (
    <Card title={done ? 'Sync finished' : `Syncing… ${finished} of ${props.runIds.length} runs finished`} testId="sync-progress">
      <ErrorBox error={runs.error} />
      <Table
        testId="sync-runs"
        rows={list}
        rowKey={(r) => r.id}
        rowHref={(r) => links.run(r.id)}
        columns={[
          { key: 'entity', label: 'Entity', render: (r) => r.entity },
          { key: 'status', label: 'Status', render: (r) => <RunStatus run={r} /> },
          { key: 'pages', label: 'Pages', align: 'right', render: (r) => fmtNumber(r.counts.pages) },
          { key: 'read', label: 'Read', align: 'right', render: (r) => fmtNumber(r.counts.read) },
          { key: 'inserted', label: 'Inserted', align: 'right', render: (r) => fmtNumber(r.counts.inserted) },
          { key: 'updated', label: 'Updated', align: 'right', render: (r) => fmtNumber(r.counts.updated) },
          { key: 'unchanged', label: 'Unchanged', align: 'right', render: (r) => fmtNumber(r.counts.unchanged) },
          { key: 'quarantined', label: 'Quarantined', align: 'right', render: (r) => fmtNumber(r.counts.quarantined) },
          { key: 'duration', label: 'Duration', align: 'right', render: runDuration },
          { key: 'error', label: 'Error', render: (r) => errorMessage(r.error) ?? '' },
        ]}
        empty="Queuing the runs…"
      />
    </Card>
  )
}
