import { z } from 'zod'
import { NotFoundError } from '../errors/hub-error'
import { receiveDocument } from '../sync/receive-document'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter, type Tag } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const UploadQuery = z.object({ filename: z.string().min(1).max(255).optional() }).strict()
const DocumentsQuery = Paging.extend({ connectionId: z.uuid().optional(), status: z.enum(['received', 'processing', 'done', 'failed']).optional() }).strict()

type DocumentRow = NonNullable<Awaited<ReturnType<ApiDeps['db']['prisma']['document']['findFirst']>>>

function view(d: DocumentRow) {
  return {
    id: d.id,
    connectionId: d.connectionId,
    filename: d.filename,
    contentType: d.contentType,
    sizeBytes: Number(d.sizeBytes),
    sha256: d.sha256,
    origin: d.origin,
    status: d.status,
    error: d.error,
    runId: d.syncRunId,
    receivedAt: d.receivedAt,
    processedAt: d.processedAt,
  }
}

/** A filename from `?filename=` or a Content-Disposition header, for people reading the document list. */
function filenameOf(header: string | undefined, query: string | undefined): string | null {
  if (query) return query
  const match = header?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i)
  return match ? decodeURIComponent(match[1]) : null
}

const DOCUMENTS: Tag = { name: 'Documents', description: 'Documents for document connections (IDoc, UBL, cXML, CSV): uploads and how their ingestion went.' }

/** `POST /v1/connections/:id/documents`: the raw body is the document (IDoc, UBL, cXML, CSV …). */
export function connectionDocumentsRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/connections/:id/documents', DOCUMENTS, { mergeParams: true })
  api.post(
    '/',
    {
      summary: 'Upload a document',
      description: 'The raw body is the document, whatever its content type; its name comes from `?filename=` or Content-Disposition. Answered once the bytes are on disk and recorded.',
      access: 'documents:write',
      query: UploadQuery,
      rawBody: { description: 'the document as it is: XML (IDoc, UBL, cXML), CSV, or any bytes the connection reads', mediaTypes: ['application/xml', 'text/csv', 'application/octet-stream'] },
      answers: [
        { status: 202, description: '`{ documentId, runId, … }`: stored and queued for ingestion' },
        { status: 200, description: 'the same bytes were received before: `duplicate: true`' },
      ],
      errors: { 413: 'larger than DOCUMENT_MAX_BYTES' },
    },
    async (req, res, { query }) => {
      const received = await receiveDocument(deps.documents, authOf(res).tenantId, pathParam(req, 'id'), {
        body: req,
        filename: filenameOf(req.get('content-disposition'), query.filename),
        contentType: req.get('content-type') ?? null,
      })
      // 202 only once the bytes are on disk (fsync) and the document is recorded: nothing acknowledged is lost.
      res.status(received.duplicate ? 200 : 202).json(received)
    },
  )
  return api.router
}

export function documentsRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/documents', DOCUMENTS)
  api.get('/', { summary: 'List received documents', description: 'Newest first.', access: 'documents:read', query: DocumentsQuery, answers: [{ description: 'documents and how their ingestion went', page: true }] }, async (_req, res, { query: q }) => {
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, status: q.status }
    const [rows, total] = await Promise.all([deps.db.prisma.document.findMany({ where, orderBy: { receivedAt: 'desc' }, take: q.limit, skip: q.offset }), deps.db.prisma.document.count({ where })])
    res.json(page(rows.map(view), total, q))
  })
  api.get('/:id', { summary: 'Read a received document', access: 'documents:read', answers: [{ description: 'the document: name, type, size, SHA-256, status, error, its run' }] }, async (req, res) => {
    const id = pathParam(req, 'id')
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.document.findFirst({ where: { id, tenantId: authOf(res).tenantId } }) : null
    if (!row) throw new NotFoundError('document', id)
    res.json(view(row))
  })
  return api.router
}
