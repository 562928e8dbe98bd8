import { useState } from 'preact/hooks'
import { api, can } from '../../api'
import { href } from '../../router'
import { useSession } from '../../session'
import { useAction } from '../../ui/async'
import { Badge, Button, Card, ErrorBox, Field, Notice } from '../../ui/components'
import type { Customer360, SourceCustomer, SourceMember } from './types'
import { Input, styles } from './util'

interface UnmergeAnswer {
  survivor: string
  split: string[]
}

function Evidence(props: { member: SourceMember }) {
  const items = props.member.evidence?.evidence ?? []
  if (props.member.linkedBy === 'person') return <span>linked by a person</span>
  if (items.length === 0) return <span class="muted">{props.member.score === null ? 'first record of this customer' : '—'}</span>
  return (
    <span title={items.map((e) => `${e.field}: ${e.level} (${e.weight})`).join('\n')}>
      score {props.member.score?.toFixed(1) ?? '—'} · {items.map((e) => `${e.field} ${e.level}`).join(', ')}
    </span>
  )
}

/** Splitting one ERP record off this customer: asked twice (with a reason), then done by the hub. */
function Unmerge(props: { customer: Customer360; member: SourceMember; label: string; onDone: (answer: UnmergeAnswer) => void }) {
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState('')
  const action = useAction((body: { customers: string[]; reason?: string }) => api.post<UnmergeAnswer>(`/v1/customers/${props.customer.id}/unmerge`, body))
  if (!asking)
    return (
      <Button kind="danger" onClick={() => setAsking(true)} title="This ERP record is not this customer">
        Split off…
      </Button>
    )
  return (
    <div style={styles.confirm} role="group" aria-label={`Split off ${props.label}`}>
      <p style={{ margin: '0 0 6px' }}>
        Split <strong>{props.label}</strong> off this customer? It becomes a customer of its own, and later resolutions keep them apart.
      </p>
      <Field label="Reason (kept with the decision)">
        <Input value={reason} onValue={setReason} maxLength={500} />
      </Field>
      <ErrorBox error={action.error} title="The split failed" />
      <div class="actions">
        <Button
          kind="danger"
          busy={action.busy}
          onClick={async () => {
            const answer = await action.run({ customers: [props.member.customerId], ...(reason.trim() ? { reason: reason.trim() } : {}) })
            if (answer) props.onDone(answer)
          }}
        >
          Split off
        </Button>
        <Button onClick={() => setAsking(false)}>Cancel</Button>
      </div>
    </div>
  )
}

/** The customer's records in each ERP, why they were linked, and (for service and admin) splitting one off. */
export function SourcesCard(props: { customer: Customer360; views: Map<string, SourceCustomer>; onChanged: () => void }) {
  const session = useSession()
  const c = props.customer
  const [done, setDone] = useState<UnmergeAnswer | null>(null)
  const connectionName = (m: SourceMember) => props.views.get(m.customerId)?.source.connection.name ?? Object.values(c.lineage).find((l) => l.source.connectionId === m.connectionId)?.source.connection ?? 'ERP'
  const mayUnmerge = can(session, 'customers:write') && c.sources.length > 1
  return (
    <Card title={`Source records (${c.sources.length})`} testId="source-records">
      {done && (
        <Notice>
          Split off: it is now{' '}
          {done.split.map((id) => (
            <a key={id} href={href(`/customers/${id}`)}>
              its own customer
            </a>
          ))}
          .
        </Notice>
      )}
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th style={styles.th}>ERP</th>
              <th style={styles.th}>Record</th>
              <th style={styles.th}>Name there</th>
              <th style={styles.th}>Linked by</th>
              {mayUnmerge && <th style={styles.th} />}
            </tr>
          </thead>
          <tbody>
            {c.sources.map((m) => {
              const label = `${connectionName(m)} · ${m.externalId}`
              return (
                <tr key={m.customerId}>
                  <td>{connectionName(m)}</td>
                  <td>
                    <a href={href(`/customers/${m.customerId}`)} aria-label={`${label} as its ERP knows it`}>
                      {m.externalId}
                    </a>
                  </td>
                  <td>{m.name}</td>
                  <td style={styles.small}>
                    <Badge value={m.linkedBy} tone={m.linkedBy === 'person' ? 'info' : 'muted'} /> <Evidence member={m} />
                  </td>
                  {mayUnmerge && (
                    <td>
                      <Unmerge
                        customer={c}
                        member={m}
                        label={label}
                        onDone={(answer) => {
                          setDone(answer)
                          props.onChanged()
                        }}
                      />
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </Card>
  )
}
