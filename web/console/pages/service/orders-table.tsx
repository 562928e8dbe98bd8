import { useState } from 'preact/hooks'
import { Badge, Empty } from '../../ui/components'
import { fmtDay, fmtNumber } from '../../ui/format'
import type { Order } from './types'
import { fmtMoney, styles } from './util'

function Lines(props: { order: Order }) {
  return (
    <table class="table" aria-label={`Lines of order ${props.order.number ?? props.order.externalId}`}>
      <thead>
        <tr>
          <th style={styles.th}>#</th>
          <th style={styles.th}>SKU</th>
          <th style={styles.th}>Description</th>
          <th style={styles.thRight}>Quantity</th>
          <th style={styles.thRight}>Unit price</th>
          <th style={styles.thRight}>Amount</th>
        </tr>
      </thead>
      <tbody>
        {props.order.lines.map((l) => (
          <tr key={l.lineNo}>
            <td>{l.lineNo}</td>
            <td style={styles.mono}>{l.sku}</td>
            <td>{l.description ?? '—'}</td>
            <td style={{ textAlign: 'right' }}>
              {fmtNumber(l.quantity)} {l.uom ?? ''}
            </td>
            <td style={{ textAlign: 'right' }}>{fmtMoney(l.unitPrice, props.order.currency)}</td>
            <td style={{ textAlign: 'right' }}>{fmtMoney(l.amount, props.order.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function OrderRow(props: { order: Order; withConnection: boolean; columns: number }) {
  const [open, setOpen] = useState(false)
  const o = props.order
  const label = o.number ?? o.externalId
  return (
    <>
      <tr data-testid="order-row">
        {props.withConnection && <td>{o.connection ?? '—'}</td>}
        <td>
          <span style={styles.mono}>{label}</span>
          {o.number && o.number !== o.externalId && <div style={styles.alt}>ERP id {o.externalId}</div>}
        </td>
        <td>{fmtDay(o.orderedAt)}</td>
        <td>
          <Badge value={o.status} />
        </td>
        <td style={{ textAlign: 'right' }}>{fmtMoney(o.totalAmount, o.currency)}</td>
        <td>
          {o.lines.length === 0 ? (
            <span class="muted">no lines</span>
          ) : (
            <button type="button" class="btn" aria-expanded={open} aria-label={`${open ? 'Hide' : 'Show'} ${o.lines.length} ${o.lines.length === 1 ? 'line' : 'lines'} of order ${label}`} onClick={() => setOpen(!open)}>
              {open ? 'Hide' : 'Show'} {o.lines.length} {o.lines.length === 1 ? 'line' : 'lines'}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr style={styles.linesRow}>
          <td colSpan={props.columns}>
            <Lines order={o} />
          </td>
        </tr>
      )}
    </>
  )
}

/** Orders, newest first, each with its lines a click away. `withConnection`: the ERP column (the 360 spans several). */
export function OrdersTable(props: { orders: Order[]; withConnection?: boolean; empty: string }) {
  if (props.orders.length === 0) return <Empty>{props.empty}</Empty>
  const withConnection = !!props.withConnection
  const columns = withConnection ? 6 : 5
  return (
    <div class="table-wrap">
      <table class="table" data-testid="orders-table">
        <thead>
          <tr>
            {withConnection && <th style={styles.th}>ERP</th>}
            <th style={styles.th}>Order</th>
            <th style={styles.th}>Date</th>
            <th style={styles.th}>Status</th>
            <th style={styles.thRight}>Total</th>
            <th style={styles.th}>Lines</th>
          </tr>
        </thead>
        <tbody>
          {props.orders.map((o) => (
            <OrderRow key={o.id} order={o} withConnection={withConnection} columns={columns} />
          ))}
        </tbody>
      </table>
    </div>
  )
}
