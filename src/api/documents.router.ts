import { Router } from 'express'
import { z } from 'zod'
import { NotFoundError } from '../errors/hub-error'
import { receiveDocument } from '../sync/receive-document'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseQuery, pathParam } from './request.validate'

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

/** `POST /v1/connections/:id/documents`: the raw body is the document (IDoc, UBL, cXML, CSV …). */
export function connectionDocumentsRouter(deps: ApiDeps): Router {
  const r = Router({ mergeParams: true })
  r.post('/', requirePermission('documents:write'), async (req, res) => {
    const q = parseQuery(UploadQuery, req)
    const received = await receiveDocument(deps.documents, authOf(res).tenantId, pathParam(req, 'id'), {
      body: req,
      filename: filenameOf(req.get('content-disposition'), q.filename),
      contentType: req.get('content-type') ?? null,
    })
    // 202 only once the bytes are on disk (fsync) and the document is recorded: nothing acknowledged is lost.
    res.status(received.duplicate ? 200 : 202).json(received)
  })
  return r
}

export function documentsRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('documents:read'), async (req, res) => {
    const q = parseQuery(DocumentsQuery, req)
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, status: q.status }
    const [rows, total] = await Promise.all([deps.db.prisma.document.findMany({ where, orderBy: { receivedAt: 'desc' }, take: q.limit, skip: q.offset }), deps.db.prisma.document.count({ where })])
    res.json(page(rows.map(view), total, q))
  })
  r.get('/:id', requirePermission('documents:read'), async (req, res) => {
    const id = pathParam(req, 'id')
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.document.findFirst({ where: { id, tenantId: authOf(res).tenantId } }) : null
    if (!row) throw new NotFoundError('document', id)
    res.json(view(row))
  })
  return r
}
