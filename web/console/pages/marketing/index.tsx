import type { ConsoleArea } from '../area'
import { AvailabilityPage } from './availability-page'
import { CampaignPage, NewCampaignPage } from './campaign-page'
import { CampaignsList } from './campaigns-list'
import { EditSegmentPage, NewSegmentPage } from './segment-builder'
import { SegmentPage, SegmentsList } from './segments-pages'

/**
 * Marketing: campaigns (builder with a live funnel, offers, control group, stock check with ATP
 * over time, launch, results), availability per SKU, and segments.
 *
 * Availability and segments are also readable by service staff (availability:read, segments:read),
 * so their routes ask for those permissions; the navigation shows them under Marketing to the roles
 * that run campaigns only, and service pages can still link to them.
 */
export const marketingArea: ConsoleArea = {
  id: 'marketing',
  label: 'Marketing',
  nav: [
    { label: 'Campaigns', href: '#/campaigns', permission: 'campaigns:read' },
    { label: 'New campaign', href: '#/campaigns/new', permission: 'campaigns:write' },
    { label: 'Availability', href: '#/availability', permission: 'campaigns:read' },
    { label: 'Segments', href: '#/segments', permission: 'campaigns:read' },
  ],
  routes: [
    { pattern: '/campaigns', permission: 'campaigns:read', render: (ctx) => <CampaignsList ctx={ctx} /> },
    { pattern: '/campaigns/new', permission: 'campaigns:write', render: (ctx) => <NewCampaignPage ctx={ctx} /> },
    { pattern: '/campaigns/:id', permission: 'campaigns:read', render: (ctx) => <CampaignPage ctx={ctx} /> },
    { pattern: '/availability', permission: 'availability:read', render: (ctx) => <AvailabilityPage ctx={ctx} /> },
    { pattern: '/segments', permission: 'segments:read', render: (ctx) => <SegmentsList ctx={ctx} /> },
    { pattern: '/segments/new', permission: 'segments:write', render: () => <NewSegmentPage /> },
    { pattern: '/segments/:id', permission: 'segments:read', render: (ctx) => <SegmentPage ctx={ctx} /> },
    { pattern: '/segments/:id/edit', permission: 'segments:write', render: (ctx) => <EditSegmentPage ctx={ctx} /> },
  ],
}
