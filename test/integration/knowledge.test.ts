import type { AxiosInstance } from 'axios'
import { connectorRegistry } from '../../connectors'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { createConnection } from '../../src/connections/connection.service'
import { KNOWLEDGE_LANGUAGES } from '../../src/crm/knowledge.service'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { ensureTenant } from '../../src/store/tenant.repo'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { writeOnlyConnector } from '../support/write-only-erp'

/** An ERP that takes complaints and their status; no worker runs here, so nothing is actually pushed. */
const complaintsErp = writeOnlyConnector('complaints-erp', { complaint: 'id', 'complaint-status': 'complaint' }, {
  async write() {
    return [{ status: 'created', externalId: 'X-1' }]
  },
})

interface Article {
  id: string
  title: string
  tags: string[]
  status: string
  rank?: number
  snippet?: string
  reuse: { cases: number; lastLinkedAt: string | null }
}

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString()

describe('service cases and the knowledge base', () => {
  let th: TestHub
  let conn: ConnectionView
  let service: AxiosInstance
  let marketer: AxiosInstance
  let otherTenant: AxiosInstance

  beforeAll(async () => {
    th = await startTestHub({}, { registry: new Map([...connectorRegistry, ['complaints-erp', complaintsErp]]) })
    conn = await createConnection(th.hub.connections, th.tenantId, { name: 'erp', kind: 'complaints-erp', config: {} })
    const api = await th.api()
    service = api.as(await createKey(th, 'service'))
    marketer = api.as(await createKey(th, 'marketer'))
    const other = await ensureTenant(th.hub.db, `other-${th.tenantId.slice(0, 8)}`, 'Other tenant')
    otherTenant = api.as(await createKey(th, 'service', other.id))
  })
  afterAll(async () => {
    await th?.close()
  })

  const writeArticle = async (body: object): Promise<Article> => {
    const res = await service.post('/v1/knowledge', body)
    expect(res.status).toBe(201)
    return res.data
  }
  const openCase = async (fields: object = {}) => {
    const res = await service.post('/v1/cases', { connectionId: conn.id, customer: 'C-1', subject: 'Question', description: 'A question from the customer.', ...fields })
    expect(res.status).toBe(201)
    return res.data
  }
  const search = async (params: object): Promise<{ data: Article[]; total: number }> => {
    const res = await service.get('/v1/knowledge', { params })
    expect(res.status).toBe(200)
    return res.data
  }
  const issuePaths = (res: { data: { error: { details: { issues: Array<{ path: string }> } } } }) => res.data.error.details.issues.map((i) => i.path)

  test('every language an article may take is a text search configuration of this PostgreSQL, and German stems as the search tests assume', async () => {
    const configs = (await th.hub.db.pool.query<{ cfgname: string }>(`SELECT cfgname FROM pg_ts_config`)).rows.map((r) => r.cfgname)
    expect(configs).toEqual(expect.arrayContaining([...KNOWLEDGE_LANGUAGES]))
    const stems = await th.hub.db.pool.query<{ vector: string; query: string }>(
      `SELECT to_tsvector('german', 'Das Ladegerät lädt die Batterien nicht mehr')::text AS vector, websearch_to_tsquery('german', 'Batterie Ladegeräte')::text AS query`,
    )
    // Plural and singular meet on one stem (and umlauts fold); "lädt" would not meet "laden" ('ladt' vs 'lad').
    expect(stems.rows[0].vector).toContain(`'batteri'`)
    expect(stems.rows[0].vector).toContain(`'ladegerat'`)
    expect(stems.rows[0].query).toBe(`'batteri' & 'ladegerat'`)
  })

  test('an article is written, read and changed field by field; tags are trimmed, lower-cased and kept once', async () => {
    const created = await writeArticle({ title: 'Reset a frozen handheld scanner', body: 'Hold the power key for ten seconds.', tags: [' Scanner ', 'HARDWARE', 'scanner'] })
    expect(created).toMatchObject({ title: 'Reset a frozen handheld scanner', tags: ['scanner', 'hardware'], status: 'published', language: 'english', reuse: { cases: 0, lastLinkedAt: null }, cases: [] })

    expect((await search({ q: 'barcode' })).data).toEqual([])
    const changed = await service.patch(`/v1/knowledge/${created.id}`, { body: 'Hold the power key for ten seconds, then scan a barcode to test.' })
    expect(changed.status).toBe(200)
    expect(changed.data).toMatchObject({ title: 'Reset a frozen handheld scanner', tags: ['scanner', 'hardware'], status: 'published', body: 'Hold the power key for ten seconds, then scan a barcode to test.' })
    // The trigger re-indexed the new body.
    expect((await search({ q: 'barcode' })).data.map((a) => a.id)).toEqual([created.id])

    const archived = await service.patch(`/v1/knowledge/${created.id}`, { status: 'archived' })
    expect(archived.data).toMatchObject({ status: 'archived', body: changed.data.body })
    expect((await service.get(`/v1/knowledge/${created.id}`)).data).toMatchObject({ id: created.id, status: 'archived' })
    expect((await search({ q: 'barcode', status: 'published' })).data).toEqual([])

    expect((await service.get('/v1/knowledge/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await service.get('/v1/knowledge/not-an-id')).status).toBe(404)
    expect((await service.patch('/v1/knowledge/00000000-0000-4000-8000-000000000000', { status: 'draft' })).status).toBe(404)
    // Another tenant sees none of it.
    expect((await otherTenant.get(`/v1/knowledge/${created.id}`)).status).toBe(404)
    expect((await otherTenant.get('/v1/knowledge', { params: { q: 'barcode' } })).data.total).toBe(0)
  })

  test('bad input is answered 400 with the path of each offending field', async () => {
    const bad = await service.post('/v1/knowledge', { title: '', body: 'x', tags: ['ok', 'fine', '   '], language: 'klingon', status: 'live', author: 'me' })
    expect(bad.status).toBe(400)
    expect(bad.data.error.code).toBe('validation_failed')
    expect(issuePaths(bad)).toEqual(expect.arrayContaining(['title', 'tags[2]', 'language', 'status', 'author']))
    expect(issuePaths(await service.post('/v1/knowledge', { title: 't', body: 'b'.repeat(50_001) }))).toEqual(['body'])
    expect(issuePaths(await service.post('/v1/knowledge', { title: 't'.repeat(201), body: 'b' }))).toEqual(['title'])
    expect(issuePaths(await service.post('/v1/knowledge', { title: 't', body: 'b', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }))).toEqual(['tags'])

    const article = await writeArticle({ title: 'Valid', body: 'Valid body.', tags: ['validation'] })
    expect(issuePaths(await service.patch(`/v1/knowledge/${article.id}`, {}))).toEqual(['(root)'])
    expect(issuePaths(await service.patch(`/v1/knowledge/${article.id}`, { tags: ['fine', 5] }))).toEqual(['tags[1]'])
    expect(issuePaths(await service.patch(`/v1/knowledge/${article.id}`, { title: null }))).toEqual(['title'])
    expect(issuePaths(await service.get('/v1/knowledge', { params: { status: 'live' } }))).toEqual(['query.status'])
    expect(issuePaths(await service.get('/v1/knowledge', { params: { sort: 'relevance' } }))).toEqual(['query.sort'])

    expect(issuePaths(await service.post('/v1/cases', { connectionId: conn.id, customer: 'C-1', subject: 's', description: 'd', dueAt: 'tomorrow', owner: 'o'.repeat(201) }))).toEqual(
      expect.arrayContaining(['dueAt', 'owner']),
    )
    const c = await openCase()
    expect(issuePaths(await service.patch(`/v1/cases/${c.id}`, { dueAt: '2026-13-01' }))).toEqual(['dueAt'])
    expect(issuePaths(await service.get('/v1/cases', { params: { overdue: 'yes' } }))).toEqual(['query.overdue'])
    expect(issuePaths(await service.post(`/v1/cases/${c.id}/articles`, { articleId: 'nope' }))).toEqual(['articleId'])
  })

  test('a German article is found by inflected words in its own language, and its snippet marks the hits (escaped as HTML)', async () => {
    const german = await writeArticle({
      title: 'Ladegerät defekt',
      body: 'Das Ladegerät lädt die Batterien nicht mehr. Prüfen Sie Netzkabel & Sicherung, bevor Sie es <einsenden>.',
      tags: ['akku'],
      language: 'german',
    })
    // Neither "Batterie" nor "Ladegeräte" is in the text: the stems are.
    const found = await search({ q: 'Batterie Ladegeräte' })
    expect(found.data.map((a) => a.id)).toEqual([german.id])
    expect(found.total).toBe(1)
    expect(found.data[0].rank).toBeGreaterThan(0)
    expect(found.data[0].snippet).toContain('<mark>Ladegerät</mark>')
    expect(found.data[0].snippet).toContain('<mark>Batterien</mark>')
    expect(found.data[0].snippet).toContain('Netzkabel &amp; Sicherung')
    expect(found.data[0].snippet).not.toMatch(/<(?!\/?mark>)/)
    // Web-search syntax: excluding a word the article has finds nothing.
    expect((await search({ q: 'Batterie -Ladegerät' })).total).toBe(0)
    expect((await search({ q: 'Batterie', language: 'english' })).total).toBe(0)
  })

  test('a title hit ranks above a body-only hit', async () => {
    const inBody = await writeArticle({ title: 'Monthly maintenance checklist', body: 'Inspect every conveyor for wear and clean the light sensors.', tags: ['ranking'] })
    const inTitle = await writeArticle({ title: 'Conveyor belt slips', body: 'Tighten the tension screws on both rollers.', tags: ['ranking'] })
    const found = await search({ q: 'conveyors', tag: 'ranking' })
    expect(found.data.map((a) => a.id)).toEqual([inTitle.id, inBody.id])
    expect(found.data[0].rank!).toBeGreaterThan(found.data[1].rank!)
    expect(found.data[1].snippet).toContain('<mark>conveyor</mark>')

    // Listing without a search: by tag, paged, newest change first, no rank.
    const listed = await search({ tag: 'ranking', limit: 1 })
    expect(listed).toMatchObject({ total: 2, limit: 1, offset: 0 })
    expect(listed.data.map((a) => a.id)).toEqual([inTitle.id])
    expect(listed.data[0]).not.toHaveProperty('rank')
    expect((await search({ tag: 'ranking', limit: 1, offset: 1 })).data.map((a) => a.id)).toEqual([inBody.id])
  })

  test('suggestions for a case find articles sharing any of its words, not unrelated or unpublished ones, nor those already linked', async () => {
    const charger = await writeArticle({ title: 'Charger does not charge batteries', body: 'Reset the charger, then install firmware 2.4.', tags: ['power'] })
    const firmware = await writeArticle({ title: 'Firmware release notes', body: 'Version 2.4 fixes the display flicker.', tags: ['power'] })
    const unrelated = await writeArticle({ title: 'Invoice shows a wrong VAT rate', body: 'Accounting issues a credit note within five days.', tags: ['billing'] })
    const draft = await writeArticle({ title: 'Charger recall (draft)', body: 'Chargers of batch 7 are recalled.', tags: ['power'], status: 'draft' })
    const c = await openCase({ subject: 'Charger broken', description: 'The charger has not charged the batteries since the firmware update.' })

    const suggested = await service.get(`/v1/cases/${c.id}/suggestions`)
    expect(suggested.status).toBe(200)
    const ids = suggested.data.data.map((a: Article) => a.id)
    expect(ids[0]).toBe(charger.id)
    expect(ids).toContain(firmware.id)
    expect(ids).not.toContain(unrelated.id)
    expect(ids).not.toContain(draft.id)
    expect(suggested.data.data[0].snippet).toContain('<mark>charger</mark>')

    expect((await service.post(`/v1/cases/${c.id}/articles`, { articleId: charger.id })).status).toBe(201)
    const after = (await service.get(`/v1/cases/${c.id}/suggestions`, { params: { limit: 1 } })).data
    expect(after.data.map((a: Article) => a.id)).toEqual([firmware.id])

    // Only stop words and punctuation: nothing to search with, nothing suggested.
    const empty = await openCase({ subject: 'The', description: '?! -- ...' })
    expect((await service.get(`/v1/cases/${empty.id}/suggestions`)).data).toEqual({ data: [], total: 0 })
    expect((await service.get('/v1/cases/00000000-0000-4000-8000-000000000000/suggestions')).status).toBe(404)
  })

  test('an article is linked to cases once, unlinked, and its reuse is counted', async () => {
    const article = await writeArticle({ title: 'Replace the drum unit', body: 'Open the front cover and pull the drum.', tags: ['reuse'] })
    const spare = await writeArticle({ title: 'Toner levels', body: 'The display shows the toner level.', tags: ['reuse'] })
    const first = await openCase({ subject: 'Streaks on every page' })
    const second = await openCase({ subject: 'Grey background' })

    const linked = await service.post(`/v1/cases/${first.id}/articles`, { articleId: article.id })
    expect(linked.status).toBe(201)
    expect(linked.data).toMatchObject({ caseId: first.id, article: { id: article.id, title: 'Replace the drum unit' }, linkedAt: expect.any(String) })
    const again = await service.post(`/v1/cases/${first.id}/articles`, { articleId: article.id })
    expect(again.status).toBe(200)
    expect(again.data.linkedAt).toBe(linked.data.linkedAt)
    expect((await service.post(`/v1/cases/${second.id}/articles`, { articleId: article.id })).status).toBe(201)

    expect((await service.get(`/v1/cases/${first.id}`)).data.articles).toEqual([{ id: article.id, title: 'Replace the drum unit', linkedAt: linked.data.linkedAt }])
    const view = (await service.get(`/v1/knowledge/${article.id}`)).data
    expect(view.reuse).toEqual({ cases: 2, lastLinkedAt: expect.any(String) })
    expect(view.cases.map((c: { id: string }) => c.id).sort()).toEqual([first.id, second.id].sort())
    expect(view.cases[0]).toEqual({ id: expect.any(String), subject: expect.any(String), status: 'open', linkedAt: expect.any(String) })
    const byReuse = await search({ tag: 'reuse', sort: 'reuse' })
    expect(byReuse.data.map((a) => [a.id, a.reuse.cases])).toEqual([
      [article.id, 2],
      [spare.id, 0],
    ])

    expect((await service.delete(`/v1/cases/${first.id}/articles/${article.id}`)).status).toBe(204)
    expect((await service.delete(`/v1/cases/${first.id}/articles/${article.id}`)).status).toBe(204)
    expect((await service.get(`/v1/cases/${first.id}`)).data.articles).toEqual([])
    expect((await service.get(`/v1/knowledge/${article.id}`)).data.reuse.cases).toBe(1)

    // Both ends must be the tenant's.
    const foreign = (await otherTenant.post('/v1/knowledge', { title: 'Foreign', body: 'Not yours.' })).data
    expect((await service.post(`/v1/cases/${first.id}/articles`, { articleId: foreign.id })).status).toBe(404)
    expect((await otherTenant.post(`/v1/cases/${first.id}/articles`, { articleId: foreign.id })).status).toBe(404)
    expect((await otherTenant.delete(`/v1/cases/${second.id}/articles/${article.id}`)).status).toBe(404)
    expect((await service.post('/v1/cases/00000000-0000-4000-8000-000000000000/articles', { articleId: article.id })).status).toBe(404)
    expect((await service.get(`/v1/knowledge/${article.id}`)).data.reuse.cases).toBe(1)
  })

  test('a case has an owner and a due time; it is overdue until resolved, and resolvedAt follows its status', async () => {
    const late = await openCase({ subject: 'Late one', owner: 'anna', dueAt: hoursFromNow(-2) })
    const soon = await openCase({ subject: 'Due tomorrow', owner: 'ben', dueAt: hoursFromNow(24) })
    expect(late).toMatchObject({ owner: 'anna', dueAt: expect.any(String), overdue: true, resolvedAt: null })
    expect(new Date(late.dueAt).getTime()).toBeLessThan(Date.now())
    expect(soon).toMatchObject({ owner: 'ben', overdue: false })

    const overdueIds = async () => (await service.get('/v1/cases', { params: { overdue: 'true' } })).data.data.map((c: { id: string }) => c.id)
    expect(await overdueIds()).toEqual([late.id])
    const notOverdue = (await service.get('/v1/cases', { params: { overdue: 'false', limit: 500 } })).data.data.map((c: { id: string }) => c.id)
    expect(notOverdue).toContain(soon.id)
    expect(notOverdue).not.toContain(late.id)
    const bens = (await service.get('/v1/cases', { params: { owner: 'ben' } })).data
    expect(bens).toMatchObject({ total: 1, data: [{ id: soon.id, owner: 'ben', overdue: false, subject: 'Due tomorrow', customer: 'C-1', connectionId: conn.id }] })

    const resolved = (await service.patch(`/v1/cases/${late.id}`, { status: 'resolved' })).data
    expect(resolved).toMatchObject({ status: 'resolved', overdue: false, resolvedAt: expect.any(String), version: 2 })
    expect(await overdueIds()).toEqual([])
    expect((await service.get('/v1/cases', { params: { status: 'resolved' } })).data.data.map((c: { id: string }) => c.id)).toEqual([late.id])
    const closed = (await service.patch(`/v1/cases/${late.id}`, { status: 'closed' })).data
    expect(closed.resolvedAt).toBe(resolved.resolvedAt)
    const reopened = (await service.patch(`/v1/cases/${late.id}`, { status: 'in_progress' })).data
    expect(reopened).toMatchObject({ resolvedAt: null, overdue: true })
    // Every status change is owed to the ERP, in order, as before.
    expect(reopened.push.map((p: { entity: string }) => p.entity)).toEqual(['complaint', 'complaint-status', 'complaint-status', 'complaint-status'])

    // Owner and due time stay in the hub (no effect), and null clears them.
    const cleared = (await service.patch(`/v1/cases/${late.id}`, { owner: null, dueAt: null })).data
    expect(cleared).toMatchObject({ owner: null, dueAt: null, overdue: false, status: 'in_progress', version: 5 })
    expect(cleared.push).toHaveLength(4)
    const moved = (await service.patch(`/v1/cases/${soon.id}`, { dueAt: '2020-01-01T10:00:00+01:00', owner: 'carla' })).data
    expect(moved).toMatchObject({ owner: 'carla', dueAt: '2020-01-01T09:00:00.000Z', overdue: true })
    expect(await overdueIds()).toEqual([soon.id])
  })

  test('a case shows its golden customer once the customer is resolved, and cases are listed by golden customer', async () => {
    await th.hub.db.pool.query(
      `INSERT INTO "customer" ("tenant_id", "connection_id", "external_id", "name", "email", "content_hash", "mapping_version") VALUES ($1, $2, 'C-77', 'Müller Maschinenbau GmbH', 'info@mueller.example', 'h', 1)`,
      [th.tenantId, conn.id],
    )
    const c = await openCase({ customer: 'C-77', order: 'SO-9', subject: 'Missing part' })
    expect(c).toMatchObject({ customer: 'C-77', order: 'SO-9', goldenId: null })
    expect((await service.get('/v1/cases', { params: { goldenId: '00000000-0000-4000-8000-000000000000' } })).data.total).toBe(0)

    await resolveTenant(th.hub.db, th.tenantId, { mode: 'full' })
    const golden = await th.hub.db.prisma.customerIdentity.findFirstOrThrow({ where: { customer: { connectionId: conn.id, externalId: 'C-77' } } })
    expect((await service.get(`/v1/cases/${c.id}`)).data.goldenId).toBe(golden.goldenId)
    const listed = (await service.get('/v1/cases', { params: { goldenId: golden.goldenId } })).data
    expect(listed).toMatchObject({ total: 1, data: [{ id: c.id, goldenId: golden.goldenId, order: 'SO-9' }] })
  })

  test('a marketer reads articles (without the cases behind them) but writes none, and reads no cases', async () => {
    const article = await writeArticle({ title: 'Brochure wording for the spring campaign', body: 'Use the approved claims only.', tags: ['marketing'] })
    const c = await openCase({ subject: 'Complaint about a brochure' })
    expect((await service.post(`/v1/cases/${c.id}/articles`, { articleId: article.id })).status).toBe(201)

    expect((await marketer.get('/v1/knowledge', { params: { tag: 'marketing' } })).data.total).toBe(1)
    const read = await marketer.get(`/v1/knowledge/${article.id}`)
    expect(read.status).toBe(200)
    expect(read.data.reuse.cases).toBe(1)
    expect(read.data).not.toHaveProperty('cases')
    expect((await service.get(`/v1/knowledge/${article.id}`)).data.cases).toHaveLength(1)

    expect((await marketer.post('/v1/knowledge', { title: 'Mine', body: 'Mine.' })).status).toBe(403)
    expect((await marketer.patch(`/v1/knowledge/${article.id}`, { title: 'Changed' })).status).toBe(403)
    expect((await marketer.get('/v1/cases')).status).toBe(403)
    expect((await marketer.get(`/v1/cases/${c.id}`)).status).toBe(403)
    expect((await marketer.get(`/v1/cases/${c.id}/suggestions`)).status).toBe(403)
    expect((await marketer.post(`/v1/cases/${c.id}/articles`, { articleId: article.id })).status).toBe(403)
    expect((await service.get(`/v1/knowledge/${article.id}`)).data.title).toBe('Brochure wording for the spring campaign')
  })
})
