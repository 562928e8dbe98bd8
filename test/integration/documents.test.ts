import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { AxiosInstance } from 'axios'
import { connectorRegistry } from '../../connectors'
import { InvalidDocument, z, type Connector, type DocumentBatch, type JsonObject } from '../../src/connector-sdk'
import { pollWatchedFolder } from '../../src/sync/watch-folder.sync'
import { createKey, startTestHub, waitForRuns, type TestHub } from '../support/hub.harness'

/**
 * The hub's side of document ingestion, driven by a tiny document connector defined here: each line
 * of a document is `{"entity": …, "record": {…}}`. The real formats (IDoc, UBL, CSV) have their own
 * connector tests; this proves receiving, durability, dedup, mapping, quarantine and failures.
 */
const jsonLines: Connector<{ batchSize: number }> = {
  kind: 'test-jsonl',
  version: '1.0.0',
  configSchema: z.object({ batchSize: z.number().int().min(1).default(2) }).strict() as never,
  entities: () => ({ customer: { key: 'id', can: { document: true } } }),
  async connect() {
    throw new Error('documents only')
  },
  async *parseDocument(config, doc): AsyncIterable<DocumentBatch> {
    let batch: JsonObject[] = []
    let n = 0
    for await (const line of createInterface({ input: doc.body as NodeJS.ReadableStream & AsyncIterable<Buffer> })) {
      n++
      if (!line.trim()) continue
      let parsed: { entity: string; record: JsonObject }
      try {
        parsed = JSON.parse(line)
      } catch {
        throw new InvalidDocument(`line ${n} is not JSON`)
      }
      batch.push(parsed.record)
      if (batch.length >= config.batchSize) {
        yield { entity: 'customer', records: batch }
        batch = []
      }
    }
    if (batch.length) yield { entity: 'customer', records: batch }
  },
}

const customer = (id: string, name: unknown = `Kunde ${id} GmbH`) => ({
  id,
  name,
  email: `${id.toLowerCase()}@example.de`,
  phone: '+49 30 1234567',
  vat_id: null,
  address: { street: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
  currency: 'EUR',
  updated_at: '2026-02-01T00:00:00.000Z',
})
const doc = (records: unknown[]) => records.map((r) => JSON.stringify({ entity: 'customer', record: r })).join('\n') + '\n'

describe('documents: upload, watched folder, ingestion', () => {
  let th: TestHub
  let admin: AxiosInstance
  let webhook: AxiosInstance
  let connectionId: string
  const spool = mkdtempSync(join(tmpdir(), 'erphub-spool-'))
  const watched = mkdtempSync(join(tmpdir(), 'erphub-watch-'))

  beforeAll(async () => {
    const registry = new Map([...connectorRegistry, [jsonLines.kind, jsonLines as Connector<any>]])
    th = await startTestHub({ documentsDir: spool, documentMaxBytes: 4096 }, { registry })
    const api = await th.api()
    await th.worker()
    admin = api.as(await createKey(th, 'admin'))
    webhook = api.as(await createKey(th, 'webhook'))
    const created = await admin.post('/v1/connections', { name: 'edi-inbox', kind: 'test-jsonl', config: {}, mappings: { customer: 'rest/customer' }, watch: { dir: watched, pattern: '*.jsonl', everySeconds: 5 } })
    expect(created.status).toBe(201)
    connectionId = created.data.id
  })
  afterAll(async () => {
    await th?.close()
    rmSync(spool, { recursive: true, force: true })
    rmSync(watched, { recursive: true, force: true })
  })

  const upload = (body: string, client = webhook) => client.post(`/v1/connections/${connectionId}/documents?filename=batch.jsonl`, body, { headers: { 'Content-Type': 'application/x-ndjson' } })

  test('an upload is on disk and recorded before the 202, then mapped and stored; a bad record is quarantined, the rest lands', async () => {
    const res = await upload(doc([customer('D1'), customer('D2'), customer('D3', ''), customer('D4'), customer('D5')]))
    expect(res.status).toBe(202)
    const stored = await th.hub.db.prisma.document.findUniqueOrThrow({ where: { id: res.data.documentId } })
    expect(existsSync(join(spool, stored.storagePath))).toBe(true)
    expect(stored).toMatchObject({ filename: 'batch.jsonl', contentType: 'application/x-ndjson', origin: 'upload', syncRunId: res.data.runId })

    const [run] = await waitForRuns(th, [res.data.runId])
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'document', readCount: 5, inserted: 4, quarantined: 1, pages: 3 })
    expect((await th.hub.db.prisma.customer.findMany({ where: { connectionId }, orderBy: { externalId: 'asc' } })).map((c) => c.externalId)).toEqual(['D1', 'D2', 'D4', 'D5'])
    const q = await th.hub.db.prisma.quarantine.findFirstOrThrow({ where: { connectionId, externalId: 'D3' } })
    expect(q.issues).toEqual([expect.objectContaining({ path: 'name' })])
    expect(Number(stored.sizeBytes)).toBe(res.data.sizeBytes)
    expect((await admin.get(`/v1/documents/${res.data.documentId}`)).data).toMatchObject({ status: 'done', sizeBytes: res.data.sizeBytes, runId: run.id })
  })

  test('the same bytes twice are one document: the second upload is answered with the first and ingests nothing', async () => {
    const body = doc([customer('E1')])
    const first = await upload(body)
    await waitForRuns(th, [first.data.runId])
    const second = await upload(body)
    expect(second.status).toBe(200)
    expect(second.data).toMatchObject({ duplicate: true, documentId: first.data.documentId, runId: first.data.runId })
    expect(await th.hub.db.prisma.document.count({ where: { connectionId, sha256: first.data.sha256 } })).toBe(1)
  })

  test('a document that is not of its format fails at once (no retries) and says why', async () => {
    const res = await upload('{"entity":"customer","record":{"id":"F1"}}\nthis is not json\n')
    const [run] = await waitForRuns(th, [res.data.runId])
    expect(run).toMatchObject({ status: 'failed', attempts: 1 })
    expect(run.error).toMatchObject({ code: 'invalid_document', message: 'line 2 is not JSON' })
    expect(await th.hub.db.prisma.document.findUniqueOrThrow({ where: { id: res.data.documentId } })).toMatchObject({ status: 'failed', error: expect.objectContaining({ code: 'invalid_document' }) })
  })

  test('a document over the size limit is refused with 413 and leaves nothing behind', async () => {
    const before = await th.hub.db.prisma.document.count()
    const res = await upload(doc(Array.from({ length: 40 }, (_, i) => customer(`BIG${i}`))))
    expect(res.status).toBe(413)
    expect(await th.hub.db.prisma.document.count()).toBe(before)
    const leftovers = readdirSync(join(spool, th.tenantId)).filter((f) => f.endsWith('.part'))
    expect(leftovers).toEqual([])
  })

  test('only webhook and admin keys may send documents, and only to connections that take them', async () => {
    const api = await th.api()
    const marketer = api.as(await createKey(th, 'marketer'))
    expect((await upload(doc([customer('G1')]), marketer)).status).toBe(403)
    const rest = await admin.post('/v1/connections', { name: 'not-documents', kind: 'rest', config: { baseUrl: 'https://erp.example.test', entities: { customer: { path: '/c' } } } })
    const refused = await webhook.post(`/v1/connections/${rest.data.id}/documents`, 'x', { headers: { 'Content-Type': 'text/plain' } })
    expect(refused.status).toBe(400)
    expect(refused.data.error.message).toContain('does not take documents')
  })

  test('a look at a folder takes settled files that match, once; files still being written and other names stay', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'erphub-look-'))
    const now = Date.now()
    writeFileSync(join(folder, 'a.jsonl'), doc([customer('W1'), customer('W2')]))
    writeFileSync(join(folder, 'ignored.txt'), 'not mine')
    writeFileSync(join(folder, 'fresh.jsonl'), doc([customer('W3')]))
    utimesSync(join(folder, 'a.jsonl'), new Date(now - 60_000), new Date(now - 60_000))
    utimesSync(join(folder, 'ignored.txt'), new Date(now - 60_000), new Date(now - 60_000))
    utimesSync(join(folder, 'fresh.jsonl'), new Date(now - 500), new Date(now - 500))
    const look = () => pollWatchedFolder({ ...th.hub.documents, logger: th.hub.logger, now: () => now }, th.tenantId, connectionId, { dir: folder, pattern: '*.jsonl', everySeconds: 5 })
    const taken = await look()
    expect(taken).toHaveLength(1)
    expect(readdirSync(folder).sort()).toEqual(['fresh.jsonl', 'ignored.txt'])
    expect(await look()).toEqual([]) // taken once: it is no longer there
    const [run] = await waitForRuns(th, [taken[0].runId!])
    expect(run.inserted).toBe(2)
    expect(await th.hub.db.prisma.document.findUniqueOrThrow({ where: { id: taken[0].documentId } })).toMatchObject({ origin: 'watch', filename: 'a.jsonl', status: 'done' })
  })

  test('the connection\'s watched folder is looked at by its scheduler, and what lands there is ingested', async () => {
    expect((await th.hub.syncQueue.schedulers(connectionId)).map((s) => [s.id.split('.')[1], s.every])).toEqual([['watch', 5000]])
    writeFileSync(join(watched, 'b.jsonl'), doc([customer('S1'), customer('S2'), customer('S3')]))
    const deadline = Date.now() + 25_000
    let found = null
    while (!found && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250))
      found = await th.hub.db.prisma.document.findFirst({ where: { connectionId, origin: 'watch', filename: 'b.jsonl', status: 'done' } })
    }
    expect(found).not.toBeNull()
    expect(readdirSync(watched)).toEqual([])
    expect(await th.hub.db.prisma.customer.count({ where: { connectionId, externalId: { in: ['S1', 'S2', 'S3'] } } })).toBe(3)
  }, 40_000)
})
