import type { ConsoleArea } from '../area'
import { ConnectionDetailPage } from './connections/ConnectionDetailPage'
import { ConnectionEditPage, ConnectionNewPage } from './connections/ConnectionEditorPages'
import { ConnectionsPage } from './connections/ConnectionsPage'
import { QuarantineDetailPage } from './quarantine/QuarantineDetailPage'
import { QuarantinePage } from './quarantine/QuarantinePage'
import { RunDetailPage } from './runs/RunDetailPage'
import { RunsPage } from './runs/RunsPage'
import { WebhookLogPage } from './webhooks/WebhookLogPage'

/**
 * IT: the ERP connections (made from each connector's config schema), their sync runs, the records
 * that failed mapping and their replay, the webhook log, and the queue dashboard. Each page needs
 * the permission the hub asks for the data it shows; actions that change things need their own.
 */
export const itArea: ConsoleArea = {
  id: 'it',
  label: 'IT',
  nav: [
    { label: 'Connections', href: '#/connections', permission: 'connections:read' },
    { label: 'Runs', href: '#/runs', permission: 'runs:read' },
    { label: 'Quarantine', href: '#/quarantine', permission: 'quarantine:read' },
    { label: 'Webhook log', href: '#/webhooks', permission: 'connections:read' },
    // bull-board, served by the hub beside the console (it signs in with the same admin key).
    { label: 'Queues', href: '/admin/queues', permission: 'runs:read' },
  ],
  routes: [
    { pattern: '/connections', permission: 'connections:read', render: (ctx) => <ConnectionsPage query={ctx.query} /> },
    // Before /connections/:id, which would take "new" for an id.
    { pattern: '/connections/new', permission: 'connections:write', render: (ctx) => <ConnectionNewPage query={ctx.query} /> },
    { pattern: '/connections/:id', permission: 'connections:read', render: (ctx) => <ConnectionDetailPage id={ctx.params.id} query={ctx.query} /> },
    { pattern: '/connections/:id/edit', permission: 'connections:write', render: (ctx) => <ConnectionEditPage id={ctx.params.id} /> },
    { pattern: '/runs', permission: 'runs:read', render: (ctx) => <RunsPage query={ctx.query} /> },
    { pattern: '/runs/:id', permission: 'runs:read', render: (ctx) => <RunDetailPage id={ctx.params.id} /> },
    { pattern: '/quarantine', permission: 'quarantine:read', render: (ctx) => <QuarantinePage query={ctx.query} /> },
    { pattern: '/quarantine/:id', permission: 'quarantine:read', render: (ctx) => <QuarantineDetailPage id={ctx.params.id} /> },
    { pattern: '/webhooks', permission: 'connections:read', render: (ctx) => <WebhookLogPage query={ctx.query} /> },
  ],
}
