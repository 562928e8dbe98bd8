import type { ConsoleArea } from '../area'
import { EditArticlePage, NewArticlePage } from './article-form-page'
import { ArticlePage } from './article-page'
import { NewCasePage } from './case-new-page'
import { CasePage } from './case-page'
import { CasesPage } from './cases-page'
import { CustomerPage } from './customer-page'
import { CustomersPage } from './customers-page'
import { KnowledgePage } from './knowledge-page'

/**
 * Service: customers (search and the 360), service cases and the knowledge base. The area shows in
 * the sidebar to roles that work cases; each page needs only what the hub requires for its data, so
 * a marketer following a link to a customer or an article still gets the page. The more specific
 * routes (`/cases/new`) come before the ones with an id.
 */
export const serviceArea: ConsoleArea = {
  id: 'service',
  label: 'Service',
  nav: [
    { label: 'Customers', href: '#/customers', permission: 'cases:read' },
    { label: 'Cases', href: '#/cases', permission: 'cases:read' },
    { label: 'Knowledge', href: '#/knowledge', permission: 'cases:read' },
  ],
  routes: [
    { pattern: '/customers', permission: 'customers:read', render: (ctx) => <CustomersPage {...ctx} /> },
    { pattern: '/customers/:id', permission: 'customers:read', render: (ctx) => <CustomerPage {...ctx} /> },
    { pattern: '/cases', permission: 'cases:read', render: (ctx) => <CasesPage {...ctx} /> },
    { pattern: '/cases/new', permission: 'cases:write', render: (ctx) => <NewCasePage {...ctx} /> },
    { pattern: '/cases/:id', permission: 'cases:read', render: (ctx) => <CasePage {...ctx} /> },
    { pattern: '/knowledge', permission: 'knowledge:read', render: (ctx) => <KnowledgePage {...ctx} /> },
    { pattern: '/knowledge/new', permission: 'knowledge:write', render: () => <NewArticlePage /> },
    { pattern: '/knowledge/:id', permission: 'knowledge:read', render: (ctx) => <ArticlePage {...ctx} /> },
    { pattern: '/knowledge/:id/edit', permission: 'knowledge:write', render: (ctx) => <EditArticlePage {...ctx} /> },
  ],
}
