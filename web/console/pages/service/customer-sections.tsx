import { useState } from 'preact/hooks'
import { api, can } from '../../api'
import { href } from '../../router'
import { useSession } from '../../session'
import { useAsync } from '../../ui/async'
import { Badge, Button, Card, Empty, ErrorBox, Loading, Table } from '../../ui/components'
import { fmtDateTime, fmtDay, fmtNumber, fmtPercent } from '../../ui/format'
import type { Customer360, NextBestOffer, Offers } from './types'
import { styles } from './util'

/** The customer's service cases (the 360 holds the latest 50), with the way to open a new one. */
export function CasesCard(props: { customer: Customer360 }) {
  const session = useSession()
  const c = props.customer
  return (
    <Card
      title={`Cases (${c.cases.length})`}
      testId="customer-cases"
      actions={
        <>
          {c.cases.length > 0 && <a href={href('/cases', { customer: c.id })}>All in Cases</a>}
          {can(session, 'cases:write') && (
            <a class="btn btn-primary" href={href('/cases/new', { customer: c.id })}>
              Open a case
            </a>
          )}
        </>
      }
    >
      <Table
        rows={c.cases}
        rowKey={(r) => r.id}
        rowHref={(r) => href(`/cases/${r.id}`)}
        empty="No service cases for this customer."
        columns={[
          { key: 'subject', label: 'Subject' },
          { key: 'status', label: 'Status', render: (r) => <Badge value={r.status} /> },
          { key: 'priority', label: 'Priority', render: (r) => <Badge value={r.priority} tone={r.priority === 'high' ? 'warn' : 'muted'} /> },
          { key: 'createdAt', label: 'Opened', render: (r) => fmtDateTime(r.createdAt) },
        ]}
      />
    </Card>
  )
}

function reasonText(o: NextBestOffer): string {
  const { ladder, rule } = o.reason
  if (ladder) return `Next step on the “${ladder.name}” ladder: bought ${ladder.from}, this is ${ladder.to} (step ${ladder.rung} of ${ladder.of}).`
  if (rule) return `Customers who bought ${rule.antecedent.join(' + ')} also bought it: confidence ${fmtPercent(rule.confidence)}, lift ${fmtNumber(rule.lift)}, support ${fmtPercent(rule.support)}.`
  return '—'
}

/** Next-best offers, best first, each with the reason the hub gives. */
export function OffersCard(props: { goldenId: string }) {
  const offers = useAsync(() => api.get<Offers>(`/v1/customers/${props.goldenId}/offers`, { limit: 5 }), [props.goldenId])
  return (
    <Card title="Next-best offers" testId="customer-offers">
      <ErrorBox error={offers.error} title="Offers could not be loaded" />
      {offers.loading && !offers.data && <Loading />}
      {offers.data &&
        (offers.data.data.length === 0 ? (
          <Empty>
            No offer for this customer{offers.data.bought === 0 ? ': it has bought nothing yet' : ''}. Offers come from mined cross-sell rules {offers.data.rulesMinedAt ? `(last mined ${fmtDateTime(offers.data.rulesMinedAt)})` : '(none mined yet)'} and from up-sell ladders that marketing defines.
          </Empty>
        ) : (
          <ul style={styles.list}>
            {offers.data.data.map((o) => (
              <li key={o.sku} style={styles.listItem} data-testid="offer">
                <div style={styles.inlineList}>
                  <strong>{o.name ?? o.sku}</strong>
                  {o.name && <code class="muted">{o.sku}</code>}
                  <Badge value={o.kind} tone={o.kind === 'up-sell' ? 'info' : 'ok'} />
                </div>
                <div style={styles.alt}>{reasonText(o)}</div>
              </li>
            ))}
          </ul>
        ))}
    </Card>
  )
}

/** Campaigns the customer was selected for: mailed or held out, and whether it responded. */
export function CampaignsCard(props: { customer: Customer360 }) {
  const session = useSession()
  const campaigns = props.customer.campaigns ?? []
  const canOpen = can(session, 'campaigns:read')
  return (
    <Card title={`Campaigns (${campaigns.length})`} testId="customer-campaigns">
      <Table
        rows={campaigns}
        rowKey={(r) => r.id}
        rowHref={canOpen ? (r) => href(`/campaigns/${r.id}`) : undefined}
        empty="Not selected for any campaign."
        columns={[
          { key: 'name', label: 'Campaign' },
          { key: 'status', label: 'Status', render: (r) => <Badge value={r.status} /> },
          { key: 'mailDate', label: 'Mail date', render: (r) => fmtDay(r.mailDate) },
          { key: 'group', label: 'Group', render: (r) => (r.group !== 'treated' ? 'control (not mailed)' : r.status === 'launched' ? 'mailed' : 'to be mailed') },
          {
            key: 'responded',
            label: 'Responded',
            render: (r) => (r.responded === null ? <span class="muted">not launched</span> : r.responded ? <Badge value={`yes · ${r.responses} ${r.responses === 1 ? 'order' : 'orders'}`} tone="ok" /> : <span>no</span>),
          },
        ]}
      />
    </Card>
  )
}

const PRODUCTION_FIRST = 5

/** Open production of what the customer ordered (when their goods will be made). */
export function ProductionCard(props: { customer: Customer360 }) {
  const [all, setAll] = useState(false)
  const rows = props.customer.openProduction
  if (rows.length === 0) return null
  return (
    <Card
      title={`Open production of what they ordered (${rows.length})`}
      actions={
        rows.length > PRODUCTION_FIRST && (
          <Button onClick={() => setAll(!all)}>{all ? `Show the first ${PRODUCTION_FIRST}` : `Show all ${rows.length}`}</Button>
        )
      }
    >
      <Table
        rows={all ? rows : rows.slice(0, PRODUCTION_FIRST)}
        rowKey={(r) => `${r.connection}/${r.number}`}
        columns={[
          { key: 'connection', label: 'ERP' },
          { key: 'number', label: 'Production order' },
          { key: 'sku', label: 'SKU', render: (r) => <code>{r.sku}</code> },
          { key: 'quantity', label: 'Quantity', align: 'right', render: (r) => fmtNumber(r.quantity) },
          { key: 'status', label: 'Status', render: (r) => <Badge value={r.status} /> },
          { key: 'plannedEnd', label: 'Planned end', render: (r) => fmtDateTime(r.plannedEnd) },
        ]}
      />
    </Card>
  )
}
