import { api, can } from '../../api'
import { href } from '../../router'
import { useSession } from '../../session'
import { useAsync } from '../../ui/async'
import { Card, ErrorBox, Facts, JsonView, Loading, Notice, PageHeader } from '../../ui/components'
import { fmtDateTime } from '../../ui/format'
import type { RouteContext } from '../area'
import { CampaignsCard, CasesCard, OffersCard, ProductionCard } from './customer-sections'
import { SourcesCard } from './customer-sources'
import { GoldenRecord, useSourceViews } from './golden-record'
import { OrdersTable } from './orders-table'
import { isGolden, type Customer360, type CustomerView, type SourceCustomer } from './types'
import { ShortId, withParams } from './util'

/** Orders shown at first; `?orders=500` shows up to the hub's maximum. */
const ORDERS_FIRST = 50
const ORDERS_MAX = 500

function OrdersCard(props: { path: string; query: URLSearchParams; orders: CustomerView['orders']; total: number; limit: number; withConnection: boolean }) {
  const more = props.total > props.orders.length && props.limit < ORDERS_MAX
  return (
    <div class="card" data-testid="customer-orders">
      <div class="card-head">
        <h2>{props.withConnection ? 'Orders across ERPs' : 'Orders'}</h2>
        <span class="muted" data-testid="order-count">
          {props.orders.length < props.total ? `latest ${props.orders.length} of ${props.total}` : `${props.total} in all`}
        </span>
        {more && <a href={withParams(props.path, props.query, { orders: ORDERS_MAX })}>Show up to {ORDERS_MAX}</a>}
      </div>
      <OrdersTable orders={props.orders} withConnection={props.withConnection} empty="No orders in any ERP yet." />
    </div>
  )
}

function Golden(props: { c: Customer360; ctx: RouteContext; limit: number; reload: () => void }) {
  const { c, ctx } = props
  const session = useSession()
  const views = useSourceViews(c)
  const erps = [...new Set([...views.values()].map((v) => v.source.connection.name))]
  return (
    <>
      <PageHeader
        title={c.name}
        back={{ href: '#/customers', label: 'Customers' }}
        subtitle={
          <>
            Golden customer <ShortId id={c.id} /> · {c.sources.length} {c.sources.length === 1 ? 'ERP record' : 'ERP records'}
            {erps.length > 0 && ` in ${erps.join(', ')}`}
            {c.address.city && ` · ${c.address.city}${c.address.country ? `, ${c.address.country}` : ''}`}
          </>
        }
        actions={
          can(session, 'cases:write') && (
            <a class="btn btn-primary" href={href('/cases/new', { customer: c.id })}>
              Open a case
            </a>
          )
        }
      />
      {c.mergedFrom && (
        <Notice tone="info">
          The customer you opened (<ShortId id={c.mergedFrom[0]} />) was merged into this one; its old link keeps working.
        </Notice>
      )}
      <GoldenRecord customer={c} views={views} />
      <SourcesCard customer={c} views={views} onChanged={props.reload} />
      <OrdersCard path={`/customers/${ctx.params.id}`} query={ctx.query} orders={c.orders} total={c.orderCount} limit={props.limit} withConnection />
      <div class="grid grid-2" style={{ marginBottom: '16px' }}>
        {can(session, 'cases:read') && <CasesCard customer={c} />}
        {can(session, 'offers:read') && <OffersCard goldenId={c.id} />}
      </div>
      <CampaignsCard customer={c} />
      <ProductionCard customer={c} />
    </>
  )
}

function Source(props: { c: SourceCustomer; ctx: RouteContext; limit: number }) {
  const { c, ctx } = props
  const s = c.source
  const session = useSession()
  return (
    <>
      <PageHeader
        title={c.name}
        back={{ href: '#/customers', label: 'Customers' }}
        subtitle={
          <>
            As {s.connection.name} knows it · record {c.externalId}
          </>
        }
        actions={
          c.goldenId && (
            <a class="btn btn-primary" href={href(`/customers/${c.goldenId}`)}>
              Open the customer 360
            </a>
          )
        }
      />
      {!c.goldenId && <Notice tone="info">Identity resolution has not linked this record to a golden customer yet; it shows as its ERP holds it.</Notice>}
      <div class="grid grid-2" style={{ marginBottom: '16px' }}>
        <Card title="Record">
          <Facts
            items={[
              ['Name', c.name],
              ['Email', c.email],
              ['Phone', c.phone],
              ['Tax id', c.taxId],
              ['Street', c.address.street],
              ['Postal code', c.address.postalCode],
              ['City', c.address.city],
              ['Country', c.address.country],
              ['Currency', c.currency],
            ]}
          />
        </Card>
        <Card title="Where it came from">
          <Facts
            items={[
              ['ERP connection', can(session, 'connections:read') ? <a href={href(`/connections/${s.connection.id}`)}>{s.connection.name}</a> : s.connection.name],
              ['Connector', s.connection.kind],
              ['Record id there', <code>{s.externalId}</code>],
              ['Mapping version', `v${s.mappingVersion}`],
              ['Sync run', <ShortId id={s.syncRunId} />],
              ['Changed in the ERP', fmtDateTime(s.sourceUpdatedAt)],
              ['Received', fmtDateTime(s.receivedAt)],
            ]}
          />
          <div style={{ marginTop: '10px' }}>
            <JsonView value={s.payload} summary="The record as the ERP sent it" />
          </div>
        </Card>
      </div>
      <OrdersCard path={`/customers/${ctx.params.id}`} query={ctx.query} orders={c.orders} total={c.orderCount} limit={props.limit} withConnection={false} />
    </>
  )
}

/**
 * `#/customers/:id`: a golden customer's 360 (golden record with lineage, its ERP records, orders
 * across ERPs, cases, offers, campaigns) or, for an ERP record's id, that record as its ERP knows it.
 */
export function CustomerPage(props: RouteContext) {
  const id = props.params.id
  const limit = Math.min(ORDERS_MAX, Math.max(1, Number(props.query.get('orders')) || ORDERS_FIRST))
  const view = useAsync(() => api.get<CustomerView>(`/v1/customers/${encodeURIComponent(id)}`, { ordersLimit: limit }), [id, limit])
  if (view.error && !view.data) return <ErrorBox error={view.error} title="This customer could not be loaded" />
  if (!view.data) return <Loading label="Loading the customer…" />
  return isGolden(view.data) ? <Golden c={view.data} ctx={props} limit={limit} reload={view.reload} /> : <Source c={view.data} ctx={props} limit={limit} />
}
