import { api, can } from '../../api'
import { href } from '../../router'
import { useSession } from '../../session'
import { useAction, useAsync } from '../../ui/async'
import { Button, Card, Empty, ErrorBox, Loading } from '../../ui/components'
import { fmtDateTime } from '../../ui/format'
import type { ArticleItem, CaseDetail } from './types'
import { Highlighted, styles } from './util'

/**
 * The knowledge articles used on a case (linked) and the ones that may help (suggested from its
 * subject and description, published and not linked yet). Linking counts as the article's reuse.
 */
export function CaseArticles(props: { c: CaseDetail; onChanged: () => void }) {
  const session = useSession()
  const c = props.c
  const mayLink = can(session, 'cases:write')
  const suggestions = useAsync(() => api.get<{ data: ArticleItem[]; total: number }>(`/v1/cases/${c.id}/suggestions`, { limit: 5 }), [c.id, c.articles.map((a) => a.id).join()])
  const link = useAction((articleId: string) => api.post(`/v1/cases/${c.id}/articles`, { articleId }))
  const unlink = useAction(async (articleId: string) => {
    await api.del(`/v1/cases/${c.id}/articles/${articleId}`)
    return true
  })
  const after = (done: unknown) => {
    if (done !== undefined) props.onChanged()
  }
  return (
    <div class="grid grid-2">
      <Card title={`Linked articles (${c.articles.length})`} testId="linked-articles">
        <ErrorBox error={unlink.error} title="The article was not unlinked" />
        {c.articles.length === 0 ? (
          <Empty>No article linked yet. Link one that helped from the suggestions, or find one in Knowledge.</Empty>
        ) : (
          <ul style={styles.list}>
            {c.articles.map((a) => (
              <li key={a.id} style={{ ...styles.listItem, ...styles.inlineList }}>
                <a href={href(`/knowledge/${a.id}`)} style={{ flex: 1 }}>
                  {a.title}
                </a>
                <span class="muted" style={styles.small}>
                  linked {fmtDateTime(a.linkedAt)}
                </span>
                {mayLink && (
                  <Button busy={unlink.busy} onClick={async () => after(await unlink.run(a.id))} title={`Unlink ${a.title}`}>
                    Unlink
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Suggested articles" testId="suggested-articles" actions={<a href={href('/knowledge', { q: c.subject })}>Search Knowledge</a>}>
        <ErrorBox error={suggestions.error ?? link.error} title={link.error ? 'The article was not linked' : 'Suggestions could not be loaded'} />
        {suggestions.loading && !suggestions.data && <Loading />}
        {suggestions.data &&
          (suggestions.data.data.length === 0 ? (
            <Empty>No published article matches this case’s words. If you solve it, write one in Knowledge so the next case finds it.</Empty>
          ) : (
            <ul style={styles.list}>
              {suggestions.data.data.map((a) => (
                <li key={a.id} style={styles.listItem} data-testid="suggestion">
                  <div style={styles.inlineList}>
                    <a href={href(`/knowledge/${a.id}`)} style={{ flex: 1, fontWeight: 600 }}>
                      {a.title}
                    </a>
                    <span class="muted" style={styles.small}>
                      used on {a.reuse.cases} {a.reuse.cases === 1 ? 'case' : 'cases'}
                    </span>
                    {mayLink && (
                      <Button kind="primary" busy={link.busy} onClick={async () => after(await link.run(a.id))} title={`Link ${a.title} to this case`}>
                        Link
                      </Button>
                    )}
                  </div>
                  {a.snippet && (
                    <div style={styles.alt}>
                      <Highlighted snippet={a.snippet} />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          ))}
      </Card>
    </div>
  )
}
