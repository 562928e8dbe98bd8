import type { KpiDefinition } from './kpi.types'
import { overRows } from './kpi.measure'
import { activeGoldenCases, inPeriod } from './kpi.sql'

/**
 * Learning-and-growth perspective: is knowledge used, and is the master data trustworthy? The two
 * master-data KPIs are snapshots of the data as it is now (a golden customer's past states are not
 * kept), so the period does not change them.
 */

const kbLinkRate: KpiDefinition = {
  id: 'kb-link-rate',
  perspective: 'learning-growth',
  name: 'Knowledge-base link rate',
  unit: 'ratio',
  direction: 'higher',
  target: 0.6,
  scope: 'period',
  definition: "Of golden customers' service cases resolved in the period, the share with at least one knowledge article linked. Rows: the cases with their number of linked articles.",
  ...overRows({
    sql: () => `SELECT c."id" AS case_id, c."golden_id", c."golden_name" AS name, c."subject", c."status", c."resolved_at",
  (SELECT count(*) FROM "case_article" ca WHERE ca."case_id" = c."id")::int AS articles
FROM ${activeGoldenCases('c')}
WHERE c."status" IN ('resolved', 'closed') AND c."resolved_at" IS NOT NULL AND ${inPeriod('c."resolved_at"')}`,
    orderBy: '"articles" DESC, "resolved_at", "case_id"',
    numerator: 'count(*) FILTER (WHERE r."articles" > 0)',
    denominator: 'count(*)',
    empty: (ctx) => `no service case of a golden customer was resolved in ${ctx.period.label}`,
  }),
}

const kbArticleReuse: KpiDefinition = {
  id: 'kb-article-reuse',
  perspective: 'learning-growth',
  name: 'Knowledge-article reuse',
  unit: 'count',
  direction: 'higher',
  target: 2,
  scope: 'period',
  definition:
    "Cases per article: links made in the period between knowledge articles and golden customers' service cases ÷ the distinct articles linked. 1 means every article served one case; higher means written knowledge is reused. Rows: the articles with their number of cases.",
  ...overRows({
    sql: () => `SELECT ka."id" AS article_id, ka."title", ka."status", count(DISTINCT ca."case_id")::int AS cases, min(ca."linked_at") AS first_linked_at, max(ca."linked_at") AS last_linked_at
FROM "case_article" ca
JOIN ${activeGoldenCases('c')} ON c."id" = ca."case_id"
JOIN "knowledge_article" ka ON ka."id" = ca."article_id" AND ka."tenant_id" = $1
WHERE ${inPeriod('ca."linked_at"')}
GROUP BY ka."id", ka."title", ka."status"`,
    orderBy: '"cases" DESC, "title", "article_id"',
    numerator: 'SUM(r."cases")',
    denominator: 'count(*)',
    empty: (ctx) => `no knowledge article was linked to a golden customer's case in ${ctx.period.label}`,
  }),
}

const duplicateRate: KpiDefinition = {
  id: 'duplicate-rate',
  perspective: 'learning-growth',
  name: 'Master data: duplicate rate',
  unit: 'ratio',
  direction: 'lower',
  target: 0.02,
  scope: 'snapshot',
  definition:
    'Active golden customers suspected to be duplicates ÷ active golden customers, now. Suspected: one of its source customers is in an open match-review pair with a source customer of another active golden customer (a pair decided by a person no longer counts). Rows: the suspected goldens, with whom and the best pair score.',
  ...overRows({
    sql: () => `WITH pairs AS (
  SELECT mr."id" AS review_id, mr."score", ia."golden_id" AS golden_a, ib."golden_id" AS golden_b
  FROM "match_review" mr
  JOIN "customer_identity" ia ON ia."customer_id" = mr."customer_a"
  JOIN "customer_identity" ib ON ib."customer_id" = mr."customer_b"
  JOIN "golden_customer" ga ON ga."id" = ia."golden_id" AND ga."status" = 'active'
  JOIN "golden_customer" gb ON gb."id" = ib."golden_id" AND gb."status" = 'active'
  WHERE mr."tenant_id" = $1 AND mr."status" = 'open' AND ia."golden_id" <> ib."golden_id"
), ends AS (
  SELECT golden_a AS golden_id, golden_b AS other, review_id, score FROM pairs
  UNION ALL SELECT golden_b, golden_a, review_id, score FROM pairs
)
SELECT e.golden_id, g."name", array_agg(DISTINCT e.other::text) AS duplicate_of, array_agg(DISTINCT e.review_id::text) AS reviews, max(e.score)::float8 AS best_score
FROM ends e JOIN "golden_customer" g ON g."id" = e.golden_id
GROUP BY e.golden_id, g."name"`,
    orderBy: '"best_score" DESC, "golden_id"',
    numerator: 'count(*)',
    denominator: `(SELECT count(*) FROM "golden_customer" WHERE "tenant_id" = $1 AND "status" = 'active')`,
    empty: () => 'the tenant has no active golden customers',
  }),
}

/** The golden customer's columns whose lineage is kept, by their lineage key. */
const LINEAGE_FIELDS: Array<[key: string, column: string]> = [
  ['name', 'name'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['taxId', 'tax_id'],
  ['street', 'street'],
  ['postalCode', 'postal_code'],
  ['city', 'city'],
  ['country', 'country'],
  ['currency', 'currency'],
]

const lineageCoverage: KpiDefinition = {
  id: 'lineage-coverage',
  perspective: 'learning-growth',
  name: 'Master data: lineage coverage',
  unit: 'ratio',
  direction: 'higher',
  target: 0.99,
  scope: 'snapshot',
  definition:
    "Filled fields of active golden customers whose lineage names a source (connection and external id) and holds the value shown ÷ filled fields, now. Fields: name, email, phone, tax id, street, postal code, city, country, currency. Rows: the goldens with their filled, covered and uncovered fields.",
  ...overRows({
    sql: () => `SELECT g."id" AS golden_id, g."name", f.filled::int, f.covered::int, f.uncovered
FROM "golden_customer" g
CROSS JOIN LATERAL (
  SELECT count(*) AS filled, count(*) FILTER (WHERE v.covered) AS covered, COALESCE(array_agg(v.field) FILTER (WHERE NOT v.covered), '{}') AS uncovered
  FROM (
    SELECT x.field, (g."lineage" -> x.field ->> 'connectionId') IS NOT NULL AND (g."lineage" -> x.field ->> 'externalId') IS NOT NULL
      AND (g."lineage" -> x.field ->> 'value') IS NOT DISTINCT FROM x.value AS covered
    FROM (VALUES ${LINEAGE_FIELDS.map(([key, column]) => `('${key}', g."${column}")`).join(', ')}) AS x(field, value)
    WHERE NULLIF(btrim(x.value), '') IS NOT NULL
  ) v
) f
WHERE g."tenant_id" = $1 AND g."status" = 'active'`,
    orderBy: '"filled" - "covered" DESC, "name", "golden_id"',
    numerator: 'SUM(r."covered")',
    denominator: 'SUM(r."filled")',
    empty: () => 'the tenant has no active golden customers with filled fields',
  }),
}

export const learningKpis: KpiDefinition[] = [kbLinkRate, kbArticleReuse, duplicateRate, lineageCoverage]
