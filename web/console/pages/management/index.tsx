import type { ConsoleArea } from '../area'
import { KpiPage } from './KpiPage'
import { ScorecardPage } from './ScorecardPage'

/** Management: the balanced scorecard, and each KPI with its trend, rows and target. */
export const managementArea: ConsoleArea = {
  id: 'management',
  label: 'Management',
  nav: [{ label: 'Scorecard', href: '#/scorecard', permission: 'scorecard:read' }],
  routes: [
    { pattern: '/scorecard', permission: 'scorecard:read', render: (ctx) => <ScorecardPage {...ctx} /> },
    { pattern: '/scorecard/kpis/:id', permission: 'scorecard:read', render: (ctx) => <KpiPage {...ctx} /> },
  ],
}
