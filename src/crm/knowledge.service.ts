import { z } from 'zod'
import { NotFoundError, ValidationError } from '../errors/hub-error'
import { zodIssues } from '../errors/zod-issues'
import type { Database } from '../store/database'
import { isUuid } from '../store/uuid'

/**
 * PostgreSQL text search configurations an article may be written in. A fixed list, not whatever the
 * server has: the column is cast to `regconfig` by the search trigger, and every one of these ships
 * with PostgreSQL (the tests check them against `pg_ts_config`).
 */
export const KNOWLEDGE_LANGUAGES = [
  'danish', 'dutch', 'english', 'finnish', 'french', 'german', 'hungarian', 'italian',
  'norwegian', 'portuguese', 'romanian', 'russian', 'simple', 'spanish', 'swedish', 'turkish',
] as const
export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const

export const ArticleTag = z.string().trim().toLowerCase().min(1).max(50)
const Tags = z
  .array(ArticleTag)
  .max(20)
  .transform((tags) => [...new Set(tags)])
const Title = z.string().trim().min(1).max(200)
const Body = z.string().trim().min(1).max(50_000)

export const ArticleCreateSchema = z
  .object({
    title: Title,
    body: Body,
    tags: Tags.default([]),
    status: z.enum(ARTICLE_STATUSES).default('published'),
    language: z.enum(KNOWLEDGE_LANGUAGES).default('english'),
  })
  .strict()

export const ArticleUpdateSchema = z
  .object({ title: Title, body: Body, tags: Tags, status: z.enum(ARTICLE_STATUSES), language: z.enum(KNOWLEDGE_LANGUAGES) })
  .partial()
  .strict()
  .refine((u) => Object.keys(u).length > 0, 'send at least one of title, body, tags, status, language')

export interface ArticleListFilter {
  limit: number
  offset: number
  /** Web-search syntax ("quoted phrases", or, -not), matched in each article's own language. */
  q?: string
  status?: (typeof ARTICLE_STATUSES)[number]
  tag?: string
  language?: (typeof KNOWLEDGE_LANGUAGES)[number]
  /** relevance (only with `q`, its default), updated (default without `q`), reuse (most linked first). */
  sort?: 'relevance' | 'updated' | 'reuse'
}

interface ArticleRow {
  id: string
  title: string
  tags: string[]
  status: string
  language: string
  created_by: string | null
  created_at: Date
  updated_at: Date
  cases: number
  last_linked_at: Date | null
  rank: number | null
  snippet: string | null
}

// ts_headline drops markup from its input but not a lone `<` or `&`: it marks hits with two control
// characters (stripped from the body first), and the snippet is HTML-escaped before they become <mark>.
const HIT_START = '\u0002'
const HIT_STOP = '\u0003'
const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_STOP}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`

function snippetHtml(raw: string): string {
  const escaped = raw.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
  return escaped.replaceAll(HIT_START, '<mark>').replaceAll(HIT_STOP, '</mark>')
}

function listItem(r: ArticleRow) {
  return {
    id: r.id,
    title: r.title,
    tags: r.tags,
    status: r.status,
    language: r.language,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    reuse: { cases: r.cases, lastLinkedAt: r.last_linked_at },
    ...(r.rank === null ? {} : { rank: r.rank, snippet: r.snippet === null ? null : snippetHtml(r.snippet) }),
  }
}

/** The SQL of a tsquery, per language (`l."cfg"`), with the parameters it needs. */
type QuerySource = (param: (value: unknown) => string) => string

interface RankedQuery {
  tenantId: string
  /** Omitted: no text search, every article that passes `where` is listed. */
  tsquery?: QuerySource
  where: (param: (value: unknown) => string) => string[]
  order: 'relevance' | 'updated' | 'reuse'
  limit: number
  offset: number
}

const ORDER = {
  relevance: `"rank" DESC, "updated_at" DESC, "id"`,
  updated: `"updated_at" DESC, "id"`,
  reuse: `"cases" DESC, "updated_at" DESC, "id"`,
}

/**
 * One page of articles with their reuse counts and, when searching, rank and snippet. A text query is
 * compiled once per language in use by the tenant and matched against the articles of that language
 * only, so each article is stemmed as it was indexed. The headline, the costly part, is computed for
 * the page's rows only.
 */
async function rankedArticles(db: Database, query: RankedQuery) {
  const params: unknown[] = [query.tenantId]
  const param = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  let from = `"knowledge_article" a`
  const where = [`a."tenant_id" = $1`]
  if (query.tsquery) {
    const languages = param([...KNOWLEDGE_LANGUAGES])
    from += ` JOIN (SELECT l."cfg", ${query.tsquery(param)} AS "query" FROM (SELECT DISTINCT "language" AS "cfg" FROM "knowledge_article" WHERE "tenant_id" = $1 AND "language" = ANY(${languages}::text[])) l) t ON t."cfg" = a."language"`
    where.push(`a."search" @@ t."query"`)
  }
  where.push(...query.where(param))
  const conditions = `WHERE ${where.join(' AND ')}`
  const countParams = [...params]
  const limit = param(query.limit)
  const offset = param(query.offset)
  const searching = query.tsquery !== undefined
  const order = ORDER[searching ? query.order : query.order === 'relevance' ? 'updated' : query.order]
  const [rows, total] = await Promise.all([
    db.pool.query<ArticleRow>(
      `SELECT p."id", p."title", p."tags", p."status", p."language", p."created_by", p."created_at", p."updated_at", p."cases", p."last_linked_at", p."rank",
         ${searching ? `ts_headline(p."cfg"::regconfig, translate(p."body", E'\\x02\\x03', ''), p."query", ${param(HEADLINE_OPTIONS)})` : 'NULL'} AS "snippet"
       FROM (
         SELECT a."id", a."title", a."tags", a."status", a."language", a."created_by", a."created_at", a."updated_at", a."body",
           coalesce(r."cases", 0)::int AS "cases", r."last_linked_at",
           ${searching ? `t."cfg", t."query", ts_rank_cd(a."search", t."query")` : `NULL::text AS "cfg", NULL::tsquery AS "query", NULL::real`} AS "rank"
         FROM ${from}
         LEFT JOIN LATERAL (SELECT count(*) AS "cases", max(ca."linked_at") AS "last_linked_at" FROM "case_article" ca WHERE ca."article_id" = a."id") r ON true
         ${conditions}
         ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}
       ) p
       ORDER BY ${order}`,
      params,
    ),
    db.pool.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM ${from} ${conditions}`, countParams),
  ])
  return { data: rows.rows.map(listItem), total: total.rows[0].n }
}

/** Articles of the tenant, filtered, or searched with `q` (ranked by `ts_rank_cd`, with a marked snippet). */
export async function listArticles(db: Database, tenantId: string, filter: ArticleListFilter) {
  return rankedArticles(db, {
    tenantId,
    tsquery: filter.q === undefined ? undefined : (param) => `websearch_to_tsquery(l."cfg"::regconfig, ${param(filter.q)})`,
    where: (param) => [
      ...(filter.status ? [`a."status" = ${param(filter.status)}`] : []),
      ...(filter.tag ? [`a."tags" @> ARRAY[${param(filter.tag)}]::text[]`] : []),
      ...(filter.language ? [`a."language" = ${param(filter.language)}`] : []),
    ],
    order: filter.sort ?? (filter.q === undefined ? 'updated' : 'relevance'),
    limit: filter.limit,
    offset: filter.offset,
  })
}


async function findArticle(db: Database, tenantId: string, id: string) {
  const row = isUuid(id) ? await db.prisma.knowledgeArticle.findFirst({ where: { id, tenantId } }) : null
  if (!row) throw new NotFoundError('knowledge article', id)
  return row
}

/** Cases shown with an article: the most recent links (the count of all is `reuse.cases`). */
const ARTICLE_CASES_SHOWN = 100

/**
 * One article with its reuse. `withCases`: also the cases it is linked to — only for callers who may
 * read cases (a marketer reads the knowledge base, not the service cases).
 */
export async function getArticle(db: Database, tenantId: string, id: string, options: { withCases?: boolean } = {}) {
  const row = await findArticle(db, tenantId, id)
  const usage = await db.prisma.caseArticle.aggregate({ where: { articleId: row.id }, _count: { _all: true }, _max: { linkedAt: true } })
  const cases = options.withCases
    ? await db.pool.query<{ id: string; subject: string; status: string; linked_at: Date }>(
        `SELECT c."id", c."subject", c."status", ca."linked_at" FROM "case_article" ca JOIN "service_case" c ON c."id" = ca."case_id"
         WHERE ca."article_id" = $1 AND c."tenant_id" = $2 ORDER BY ca."linked_at" DESC, c."id" LIMIT ${ARTICLE_CASES_SHOWN}`,
        [row.id, tenantId],
      )
    : null
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    tags: row.tags,
    status: row.status,
    language: row.language,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    reuse: { cases: usage._count._all, lastLinkedAt: usage._max.linkedAt },
    ...(cases ? { cases: cases.rows.map((c) => ({ id: c.id, subject: c.subject, status: c.status, linkedAt: c.linked_at })) } : {}),
  }
}

/** A new article; its search vector is the trigger's (title A, tags B, body C, in its language). */
export async function createArticle(db: Database, tenantId: string, body: unknown, by: string | null, options: { withCases?: boolean } = {}) {
  const parsed = ArticleCreateSchema.safeParse(body)
  if (!parsed.success) throw new ValidationError('invalid knowledge article', zodIssues(parsed.error))
  const row = await db.prisma.knowledgeArticle.create({ data: { tenantId, ...parsed.data, createdBy: by } })
  return getArticle(db, tenantId, row.id, options)
}

/** PATCH: only the fields sent change; the trigger re-indexes when title, body, tags or language do. */
export async function updateArticle(db: Database, tenantId: string, id: string, body: unknown, options: { withCases?: boolean } = {}) {
  const parsed = ArticleUpdateSchema.safeParse(body)
  if (!parsed.success) throw new ValidationError('invalid knowledge article update', zodIssues(parsed.error))
  const row = await findArticle(db, tenantId, id)
  const changed = await db.prisma.knowledgeArticle.updateMany({ where: { id: row.id, tenantId }, data: { ...parsed.data, updatedAt: new Date() } })
  if (changed.count === 0) throw new NotFoundError('knowledge article', id)
  return getArticle(db, tenantId, row.id, options)
}

interface CaseText {
  id: string
  subject: string
  description: string
}

async function findCaseText(db: Database, tenantId: string, caseId: string): Promise<CaseText> {
  const row = isUuid(caseId) ? await db.prisma.serviceCase.findFirst({ where: { id: caseId, tenantId }, select: { id: true, subject: true, description: true } }) : null
  if (!row) throw new NotFoundError('service case', caseId)
  return row
}

/** The articles linked to a case, in the order they were linked. */
export async function articlesOfCase(db: Database, tenantId: string, caseId: string) {
  const rows = await db.pool.query<{ id: string; title: string; status: string; linked_at: Date }>(
    `SELECT a."id", a."title", a."status", ca."linked_at" FROM "case_article" ca JOIN "knowledge_article" a ON a."id" = ca."article_id"
     WHERE ca."case_id" = $1 AND a."tenant_id" = $2 ORDER BY ca."linked_at", a."id"`,
    [caseId, tenantId],
  )
  return rows.rows.map((r) => ({ id: r.id, title: r.title, status: r.status, linkedAt: r.linked_at }))
}

/**
 * Links an article to a case; both must be the tenant's. Linking again changes nothing and says so
 * (`created: false`), so a retried request is harmless.
 */
export async function linkArticle(db: Database, tenantId: string, caseId: string, articleId: string, by: string | null) {
  const c = await findCaseText(db, tenantId, caseId)
  const a = await findArticle(db, tenantId, articleId)
  // The tenant is checked again in the insert itself: no link is made to a row that left in between.
  const inserted = await db.pool.query<{ linked_by: string | null; linked_at: Date }>(
    `INSERT INTO "case_article" ("case_id", "article_id", "linked_by")
     SELECT c."id", a."id", $4 FROM "service_case" c, "knowledge_article" a WHERE c."id" = $1 AND c."tenant_id" = $3 AND a."id" = $2 AND a."tenant_id" = $3
     ON CONFLICT ("case_id", "article_id") DO NOTHING RETURNING "linked_by", "linked_at"`,
    [c.id, a.id, tenantId, by],
  )
  const link = inserted.rows[0] ?? (await db.pool.query<{ linked_by: string | null; linked_at: Date }>(`SELECT "linked_by", "linked_at" FROM "case_article" WHERE "case_id" = $1 AND "article_id" = $2`, [c.id, a.id])).rows[0]
  if (!link) throw new NotFoundError('service case', caseId)
  return { created: inserted.rows.length > 0, caseId: c.id, article: { id: a.id, title: a.title }, linkedBy: link.linked_by, linkedAt: link.linked_at }
}

/** Removes a link; removing one that is not there is not an error (both ids must still be the tenant's). */
export async function unlinkArticle(db: Database, tenantId: string, caseId: string, articleId: string) {
  const c = await findCaseText(db, tenantId, caseId)
  const a = await findArticle(db, tenantId, articleId)
  const removed = await db.prisma.caseArticle.deleteMany({ where: { caseId: c.id, articleId: a.id } })
  return { removed: removed.count > 0 }
}

/** Words of a case's text to search with: distinct, lower-case, at most this many. */
const SUGGESTION_WORDS = 100

export function caseWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return [...new Set(words.filter((w) => w.length > 1))].slice(0, SUGGESTION_WORDS)
}

/**
 * Published articles that may help with a case, not yet linked to it: the case's subject and
 * description searched with OR between their words (a case is told in the customer's words, which
 * rarely all appear in one article). Each word goes through `plainto_tsquery` on its own — it takes
 * any text, stems it in the article's language, and drops stop words — and the results are OR-ed;
 * the cover density rank then favours articles matching more words, and title hits.
 */
export async function suggestArticles(db: Database, tenantId: string, caseId: string, options: { limit: number }) {
  const c = await findCaseText(db, tenantId, caseId)
  const words = caseWords(`${c.subject} ${c.description}`)
  if (words.length === 0) return { data: [], total: 0 }
  return rankedArticles(db, {
    tenantId,
    tsquery: (param) =>
      `(SELECT string_agg('(' || w."q"::text || ')', ' | ') FROM (SELECT plainto_tsquery(l."cfg"::regconfig, x."word") AS "q" FROM unnest(${param(words)}::text[]) AS x("word")) w WHERE numnode(w."q") > 0)::tsquery`,
    where: (param) => [`a."status" = 'published'`, `NOT EXISTS (SELECT 1 FROM "case_article" ca WHERE ca."case_id" = ${param(c.id)} AND ca."article_id" = a."id")`],
    order: 'relevance',
    limit: options.limit,
    offset: 0,
  })
}
