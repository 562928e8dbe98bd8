/** The hub's answers the service pages read: customers (search, 360, source view), cases, knowledge, offers. */

export interface CustomerHit {
  id: string
  name: string
  email: string | null
  phone: string | null
  city: string | null
  country: string | null
  connection: { id: string; name: string }
  externalId: string
  /** null: identity resolution has not seen this customer yet. */
  golden: { id: string; name: string; members: number } | null
}

export interface Address {
  street: string | null
  postalCode: string | null
  city: string | null
  country: string | null
}

export interface OrderLine {
  lineNo: number
  sku: string
  description: string | null
  quantity: string
  unitPrice: string | null
  amount: string | null
  uom: string | null
}

export interface Order {
  /** The connection's name (the 360 only). */
  connection?: string
  id: string
  externalId: string
  number: string | null
  status: string
  orderedAt: string | null
  currency: string | null
  totalAmount: string | null
  lines: OrderLine[]
}

export interface LineageSource {
  connectionId: string
  connection: string | null
  externalId: string
  customerId: string
  mappingVersion: number
  syncRunId: string | null
  sourceUpdatedAt: string | null
}

export interface LineageField {
  value: string
  source: LineageSource
  rule: string
}

export interface Evidence {
  field: string
  level: string
  weight: number
}

export interface SourceMember {
  customerId: string
  connectionId: string
  externalId: string
  name: string
  linkedBy: string
  score: number | null
  evidence: { with?: string; evidence?: Evidence[] } | null
}

export interface CustomerCampaign {
  id: string
  name: string
  status: string
  mailDate: string
  responseWindowDays: number
  launchedAt: string | null
  /** treated (mailed) | control (held out) */
  group: string
  /** null: not launched, nothing to respond to yet. */
  responded: boolean | null
  responses: number | null
}

export interface Customer360 {
  id: string
  mergedFrom?: string[]
  name: string
  email: string | null
  phone: string | null
  taxId: string | null
  address: Address
  currency: string | null
  lineage: Record<string, LineageField>
  sources: SourceMember[]
  orderCount: number
  orders: Order[]
  openProduction: Array<{ connection: string; number: string; sku: string; quantity: string; status: string; plannedStart: string | null; plannedEnd: string | null }>
  cases: Array<{ id: string; subject: string; status: string; priority: string; createdAt: string }>
  campaigns?: CustomerCampaign[]
}

export interface SourceCustomer {
  id: string
  externalId: string
  name: string
  email: string | null
  phone: string | null
  taxId: string | null
  address: Address
  currency: string | null
  goldenId?: string | null
  source: {
    connection: { id: string; name: string; kind: string }
    externalId: string
    sourceUpdatedAt: string | null
    mappingVersion: number
    syncRunId: string | null
    receivedAt: string | null
    payload: unknown
  }
  orderCount: number
  orders: Order[]
}

export type CustomerView = Customer360 | SourceCustomer

export function isGolden(view: CustomerView): view is Customer360 {
  return 'lineage' in view && 'sources' in view
}

export interface OfferReason {
  ladder?: { name: string; from: string; to: string; rung: number; of: number }
  rule?: { antecedent: string[]; consequent: string; support: number; confidence: number; lift: number }
}

export interface NextBestOffer {
  sku: string
  name?: string
  kind: 'up-sell' | 'cross-sell'
  score: number
  reason: OfferReason
}

export interface Offers {
  id: string
  asOf: string
  bought: number
  rulesMinedAt: string | null
  data: NextBestOffer[]
}

export const CASE_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const
export const CASE_PRIORITIES = ['low', 'normal', 'high'] as const

export interface CaseRow {
  id: string
  connectionId: string
  /** The customer's external id in the case's connection. */
  customer: string
  /** The customer's name in that ERP (null until it is synced) and the connection's name. */
  customerName?: string | null
  connection?: { id: string; name: string | null }
  goldenId: string | null
  order: string | null
  subject: string
  status: string
  priority: string
  owner: string | null
  dueAt: string | null
  overdue: boolean
  resolvedAt: string | null
  externalId: string | null
  version: number
  createdAt: string
  updatedAt: string
}

export interface PushEffect {
  id: string
  entity: string
  status: string
  attempts: number
  externalId: string | null
  lastError: unknown
  sentAt: string | null
}

export interface CaseDetail extends CaseRow {
  description: string
  articles: Array<{ id: string; title: string; linkedAt: string }>
  push: PushEffect[]
}

/** PostgreSQL text search configurations an article may be written in (the hub's list). */
export const KNOWLEDGE_LANGUAGES = ['danish', 'dutch', 'english', 'finnish', 'french', 'german', 'hungarian', 'italian', 'norwegian', 'portuguese', 'romanian', 'russian', 'simple', 'spanish', 'swedish', 'turkish'] as const
export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const

export interface ArticleItem {
  id: string
  title: string
  tags: string[]
  status: string
  language: string
  createdBy: string | null
  createdAt: string
  updatedAt: string
  reuse: { cases: number; lastLinkedAt: string | null }
  rank?: number
  /** HTML-escaped text whose hits are wrapped in <mark>…</mark> (only when searched). */
  snippet?: string | null
}

export interface Article extends Omit<ArticleItem, 'rank' | 'snippet'> {
  body: string
  /** Only for roles that read cases. */
  cases?: Array<{ id: string; subject: string; status: string; linkedAt: string }>
}
