import { api, can, type Page } from '../../api'
import { href, navigate } from '../../router'
import { useSession } from '../../session'
import { useAsync } from '../../ui/async'
import { Badge, ErrorBox, Field, Loading, PageHeader, Pager, Select, Table } from '../../ui/components'
import { fmtDateTime, fmtDay, fmtNumber } from '../../ui/format'
import type { RouteContext } from '../area'
import type { Campaign } from './types'

const LIMIT = 25

function CheckState(props: { c: Campaign }) {
  const check = props.c.stockCheck
  if (!check) return <span class="muted">{props.c.status === 'draft' ? 'not checked' : '—'}</span>
  if (check.feasible) return <Badge value="enough stock" tone="ok" />
  const short = check.skus.filter((s) => s.shortBy !== '0')
  return <Badge value={`short: ${short.map((s) => `${s.sku} by ${s.shortBy}`).join(', ')}`} tone="warn" />
}

/** Every campaign, newest first, with its status, targets and stock check; the status filter and page live in the link. */
export function CampaignsList(props: { ctx: RouteContext }) {
  const session = useSession()
  const status = props.ctx.query.get('status') ?? ''
  const offset = Math.max(0, Number(props.ctx.query.get('offset')) || 0)
  const list = useAsync(() => api.get<Page<Campaign>>('/v1/campaigns', { status, limit: LIMIT, offset }), [status, offset])
  const go = (q: { status?: string; offset?: number }) => navigate(href('/campaigns', { status: q.status ?? status, offset: (q.offset ?? offset) || undefined }))
  return (
    <div>
      <PageHeader
        title="Campaigns"
        subtitle="Direct-mail campaigns: an audience with a funnel, offers, a control group, a stock check before the launch, then responses and uplift."
        actions={
          can(session, 'campaigns:write') && (
            <a class="btn btn-primary" href="#/campaigns/new">
              New campaign
            </a>
          )
        }
      />
      <div class="toolbar">
        <Field label="Status">
          <Select
            name="status"
            value={status}
            onValue={(v) => go({ status: v, offset: 0 })}
            options={[
              { value: '', label: 'All' },
              { value: 'draft', label: 'Drafts' },
              { value: 'launched', label: 'Launched' },
              { value: 'cancelled', label: 'Cancelled' },
            ]}
          />
        </Field>
      </div>
      <ErrorBox error={list.error} />
      {!list.data ? (
        list.loading && <Loading />
      ) : (
        <div class="card">
          <Table
            testId="campaigns"
            rows={list.data.data}
            rowKey={(c) => c.id}
            rowHref={(c) => `#/campaigns/${c.id}`}
            empty={status ? `No ${status} campaigns. Choose "All" to see the others.` : can(session, 'campaigns:write') ? 'No campaigns yet. Start one with "New campaign".' : 'No campaigns yet.'}
            columns={[
              { key: 'name', label: 'Name' },
              { key: 'status', label: 'Status', render: (c) => <Badge value={c.status} /> },
              { key: 'mailDate', label: 'Mail date', render: (c) => fmtDay(c.mailDate) },
              { key: 'promiseDate', label: 'Promise date', render: (c) => fmtDay(c.promiseDate) },
              { key: 'targets', label: 'Mailed / control', align: 'right', render: (c) => `${fmtNumber(c.targets.treated)} / ${fmtNumber(c.targets.control)}` },
              { key: 'offers', label: 'Offers', render: (c) => c.offers.map((o) => o.sku).join(', ') },
              { key: 'check', label: 'Stock check', render: (c) => <CheckState c={c} /> },
              { key: 'launchedAt', label: 'Launched', render: (c) => (c.launchedAt ? fmtDateTime(c.launchedAt) : '—') },
            ]}
          />
          <Pager total={list.data.total} limit={LIMIT} offset={offset} onOffset={(o) => go({ offset: o })} />
        </div>
      )}
    </div>
  )
}
