import { api, can } from '../../api'
import { href } from '../../router'
import { useSession } from '../../session'
import { useAsync } from '../../ui/async'
import { Badge, Card, ErrorBox, Facts, Loading, Notice, PageHeader, Table } from '../../ui/components'
import { fmtDateTime } from '../../ui/format'
import type { RouteContext } from '../area'
import { statusLabel } from './cases-page'
import type { Article } from './types'
import { styles } from './util'

/** `#/knowledge/:id`: an article to read, how often it helped, and (for service) the cases it helped with. */
export function ArticlePage(props: RouteContext) {
  const session = useSession()
  const id = props.params.id
  const article = useAsync(() => api.get<Article>(`/v1/knowledge/${encodeURIComponent(id)}`), [id])
  if (article.error && !article.data) return <ErrorBox error={article.error} title="This article could not be loaded" />
  if (!article.data) return <Loading label="Loading the article…" />
  const a = article.data
  const saved = props.query.get('saved')
  return (
    <>
      <PageHeader
        title={a.title}
        back={{ href: '#/knowledge', label: 'Knowledge' }}
        subtitle={
          <>
            <Badge value={a.status} tone={a.status === 'published' ? 'ok' : 'muted'} /> · {a.language} · used on {a.reuse.cases} {a.reuse.cases === 1 ? 'case' : 'cases'}
          </>
        }
        actions={
          can(session, 'knowledge:write') && (
            <a class="btn" href={href(`/knowledge/${a.id}/edit`)}>
              Edit
            </a>
          )
        }
      />
      {saved && <Notice>{saved === 'new' ? 'Article written.' : 'Article saved.'} Search finds it by its title, tags and text.</Notice>}
      {a.status !== 'published' && <Notice tone="warn">This article is {a.status}: cases are not suggested it until it is published.</Notice>}
      <Card testId="article-body">
        <div style={{ ...styles.preWrap, fontSize: '15px', lineHeight: 1.6 }}>{a.body}</div>
      </Card>
      <div class="grid grid-2">
        <Card title="About this article">
          <Facts
            items={[
              ['Tags', a.tags.length ? a.tags.map((t) => <a key={t} class="badge badge-muted" href={href('/knowledge', { tag: t })} style={{ marginRight: '4px' }}>{t}</a>) : 'none'],
              ['Language', a.language],
              ['Used on', `${a.reuse.cases} ${a.reuse.cases === 1 ? 'case' : 'cases'}`],
              ['Last used', fmtDateTime(a.reuse.lastLinkedAt)],
              ['Written', fmtDateTime(a.createdAt)],
              ['Changed', fmtDateTime(a.updatedAt)],
            ]}
          />
        </Card>
        {a.cases && (
          <Card title="Cases it helped with">
            <Table
              rows={a.cases}
              rowKey={(c) => c.id}
              rowHref={(c) => href(`/cases/${c.id}`)}
              empty="Not linked to any case yet."
              columns={[
                { key: 'subject', label: 'Case' },
                { key: 'status', label: 'Status', render: (c) => <Badge value={statusLabel(c.status)} /> },
                { key: 'linkedAt', label: 'Linked', render: (c) => fmtDateTime(c.linkedAt) },
              ]}
            />
          </Card>
        )}
      </div>
    </>
  )
}
