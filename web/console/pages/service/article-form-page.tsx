import { useState } from 'preact/hooks'
import { api } from '../../api'
import { href, navigate } from '../../router'
import { useAction, useAsync } from '../../ui/async'
import { Button, ErrorBox, Field, Loading, PageHeader, Select, issueFor } from '../../ui/components'
import type { RouteContext } from '../area'
import { ARTICLE_STATUSES, KNOWLEDGE_LANGUAGES, type Article } from './types'
import { Input, styles } from './util'

interface Draft {
  title: string
  body: string
  tags: string
  language: string
  status: string
}

const EMPTY: Draft = { title: '', body: '', tags: '', language: 'english', status: 'published' }

function draftOf(a: Article): Draft {
  return { title: a.title, body: a.body, tags: a.tags.join(', '), language: a.language, status: a.status }
}

function tagsOf(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
}

function ArticleForm(props: { article?: Article }) {
  const editing = props.article
  const [draft, setDraft] = useState<Draft>(editing ? draftOf(editing) : EMPTY)
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }))
  const save = useAction((body: Record<string, unknown>) => (editing ? api.patch<Article>(`/v1/knowledge/${editing.id}`, body) : api.post<Article>('/v1/knowledge', body)))
  const body = { title: draft.title, body: draft.body, tags: tagsOf(draft.tags), language: draft.language, status: draft.status }
  const submit = async (e: Event) => {
    e.preventDefault()
    const saved = await save.run(body)
    if (saved) navigate(href(`/knowledge/${saved.id}`, { saved: editing ? 'changed' : 'new' }))
  }
  const err = save.error
  return (
    <form class="card" onSubmit={submit} aria-label={editing ? 'Edit the article' : 'New article'}>
      <Field label="Title" required hint="The problem as a customer would say it: titles weigh most in search." issue={issueFor(err, 'title')}>
        <Input name="title" value={draft.title} onValue={(v) => set({ title: v })} maxLength={200} />
      </Field>
      <Field label="Text" required hint="What the problem is and the steps that solve it." issue={issueFor(err, 'body')}>
        <textarea name="body" rows={12} value={draft.body} onInput={(e) => set({ body: (e.currentTarget as HTMLTextAreaElement).value })} />
      </Field>
      <div class="form-row" style={styles.formRow}>
        <Field label="Tags" hint="Separated by commas, e.g. pumps, warranty." issue={issueFor(err, 'tags')}>
          <Input name="tags" value={draft.tags} onValue={(v) => set({ tags: v })} />
        </Field>
        <Field label="Language" hint="The language it is written in: search stems its words in it." issue={issueFor(err, 'language')}>
          <Select name="language" value={draft.language} onValue={(v) => set({ language: v })} options={KNOWLEDGE_LANGUAGES.map((l) => ({ value: l, label: l }))} />
        </Field>
        <Field label="Status" hint="Only published articles are suggested on cases." issue={issueFor(err, 'status')}>
          <Select name="status" value={draft.status} onValue={(v) => set({ status: v })} options={ARTICLE_STATUSES.map((s) => ({ value: s, label: s }))} />
        </Field>
      </div>
      <ErrorBox error={err} title="The article was not saved" />
      <div class="actions">
        <Button type="submit" kind="primary" busy={save.busy}>
          {editing ? 'Save the article' : 'Write the article'}
        </Button>
        <a href={editing ? href(`/knowledge/${editing.id}`) : '#/knowledge'}>Cancel</a>
      </div>
    </form>
  )
}

/** `#/knowledge/new`: write an article. */
export function NewArticlePage() {
  return (
    <>
      <PageHeader title="Write an article" back={{ href: '#/knowledge', label: 'Knowledge' }} subtitle="Write down what solved a case, so the next one is suggested the answer." />
      <ArticleForm />
    </>
  )
}

/** `#/knowledge/:id/edit`: change an article. */
export function EditArticlePage(props: RouteContext) {
  const id = props.params.id
  const article = useAsync(() => api.get<Article>(`/v1/knowledge/${encodeURIComponent(id)}`), [id])
  if (article.error && !article.data) return <ErrorBox error={article.error} title="This article could not be loaded" />
  if (!article.data) return <Loading />
  return (
    <>
      <PageHeader title={`Edit: ${article.data.title}`} back={{ href: href(`/knowledge/${id}`), label: article.data.title }} />
      <ArticleForm article={article.data} />
    </>
  )
}
