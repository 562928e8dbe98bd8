import { useEffect, useState } from 'preact/hooks'
import { api, can, type Page } from '../../api'
import { href, navigate } from '../../router'
import { useSession } from '../../session'
import { useAsync, useDebounced } from '../../ui/async'
import { Badge, Card, Empty, ErrorBox, Field, Loading, PageHeader, Pager, Select } from '../../ui/components'
import { fmtAgo } from '../../ui/format'
import type { RouteContext } from '../area'
import { ARTICLE_STATUSES, KNOWLEDGE_LANGUAGES, type ArticleItem } from './types'
import { Highlighted, replaceQuery, styles, withParams } from './util'

const LIMIT = 20

function ArticleRow(props: { a: ArticleItem }) {
  const { a } = props
  return (
    <li style={styles.listItem} data-testid="article-hit">
      <div style={styles.inlineList}>
        <a href={href(`/knowledge/${a.id}`)} style={{ fontWeight: 600, fontSize: '15px' }}>
          {a.title}
        </a>
        {a.status !== 'published' && <Badge value={a.status} />}
        {a.tags.map((t) => (
          <a key={t} class="badge badge-muted" href={href('/knowledge', { tag: t })} title={`Articles tagged ${t}`}>
            {t}
          </a>
        ))}
      </div>
      {a.snippet && (
        <p style={{ margin: '4px 0 0' }} data-testid="snippet">
          <Highlighted snippet={a.snippet} />
        </p>
      )}
      <div style={styles.alt}>
        {a.language} · used on {a.reuse.cases} {a.reuse.cases === 1 ? 'case' : 'cases'}
        {a.reuse.lastLinkedAt && `, last ${fmtAgo(a.reuse.lastLinkedAt)}`} · changed {fmtAgo(a.updatedAt)}
      </div>
    </li>
  )
}

/** `#/knowledge?q=…`: full-text search in each article's language, with highlighted snippets, and filters. */
export function KnowledgePage(props: RouteContext) {
  const session = useSession()
  const query = props.query
  const urlQ = query.get('q') ?? ''
  const status = query.get('status') ?? ''
  const language = query.get('language') ?? ''
  const tag = query.get('tag') ?? ''
  const sort = query.get('sort') ?? ''
  const offset = Number(query.get('offset') ?? 0) || 0
  const [text, setText] = useState(urlQ)
  const settled = useDebounced(text.trim(), 300)
  useEffect(() => {
    if (urlQ !== settled) setText(urlQ)
  }, [urlQ])
  useEffect(() => {
    if (settled !== urlQ) replaceQuery('/knowledge', { q: settled, status, language, tag, sort })
  }, [settled])

  // The answer keeps the query it answers, so the count never pairs an older answer with a newer query.
  const articles = useAsync(
    async () => ({ q: urlQ, page: await api.get<Page<ArticleItem>>('/v1/knowledge', { q: urlQ || undefined, status, language, tag, sort: sort === 'updated' || sort === 'reuse' ? sort : undefined, limit: LIMIT, offset }) }),
    [urlQ, status, language, tag, sort, offset],
  )
  const shown = articles.data?.q ?? ''
  const set = (changes: Record<string, string | undefined>) => navigate(withParams('/knowledge', query, { ...changes, offset: undefined }))
  const filtered = !!(urlQ || status || language || tag)

  return (
    <>
      <PageHeader
        title="Knowledge"
        subtitle="Articles that solved cases before. Search in plain words; “quoted phrases”, or and -word work too."
        actions={
          can(session, 'knowledge:write') && (
            <a class="btn btn-primary" href="#/knowledge/new">
              Write an article
            </a>
          )
        }
      />
      <Card>
        <Field label="Search articles">
          <input type="search" name="q" autocomplete="off" style={styles.searchInput} value={text} placeholder="e.g. pump leaking, “warranty claim”" onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <div class="toolbar" aria-label="Filter articles" role="group">
          <Field label="Status">
            <Select name="status" value={status} onValue={(v) => set({ status: v })} options={[{ value: '', label: 'Any' }, ...ARTICLE_STATUSES.map((s) => ({ value: s, label: s }))]} />
          </Field>
          <Field label="Language">
            <Select name="language" value={language} onValue={(v) => set({ language: v })} options={[{ value: '', label: 'Any' }, ...KNOWLEDGE_LANGUAGES.map((l) => ({ value: l, label: l }))]} />
          </Field>
          <Field label="Sort">
            <Select
              name="sort"
              value={sort}
              onValue={(v) => set({ sort: v })}
              options={[
                { value: '', label: urlQ ? 'Best match' : 'Recently changed' },
                ...(urlQ ? [{ value: 'updated', label: 'Recently changed' }] : []),
                { value: 'reuse', label: 'Most used' },
              ]}
            />
          </Field>
          {tag && (
            <Field label="Tag">
              <span class="badge badge-info" style={{ padding: '6px 10px', fontSize: '13px' }}>
                {tag}{' '}
                <a href={withParams('/knowledge', query, { tag: undefined, offset: undefined })} aria-label={`Remove the tag filter ${tag}`}>
                  ×
                </a>
              </span>
            </Field>
          )}
        </div>
        <ErrorBox error={articles.error} title="The search failed" />
        {articles.loading && !articles.data && <Loading label="Searching…" />}
        {articles.data && (
          <>
            <p class="muted" aria-live="polite" data-testid="article-count">
              {shown ? `${articles.data.page.total} ${articles.data.page.total === 1 ? 'article matches' : 'articles match'} “${shown}”` : `${articles.data.page.total} articles`}
              {articles.loading && ' · searching…'}
            </p>
            {articles.data.page.data.length === 0 ? (
              <Empty>
                {filtered
                  ? 'No article matches. Try fewer or other words, or another language filter.'
                  : can(session, 'knowledge:write')
                    ? 'The knowledge base is empty. Write the first article: what the problem was, and what solved it.'
                    : 'The knowledge base is empty; service staff write its articles.'}
              </Empty>
            ) : (
              <ul style={styles.list} data-testid="article-results">
                {articles.data.page.data.map((a) => (
                  <ArticleRow key={a.id} a={a} />
                ))}
              </ul>
            )}
            <Pager total={articles.data.page.total} limit={LIMIT} offset={offset} onOffset={(o) => navigate(withParams('/knowledge', query, { offset: o || undefined }))} />
          </>
        )}
      </Card>
    </>
  )
}
