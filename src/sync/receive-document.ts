import { openConnection, type ConnectionDeps } from '../connections/connection.service'
import { HubError } from '../errors/hub-error'
import { recordDocument, markDocument } from '../store/document.repo'
import { removeSpooled, spoolFile, spoolStream, type SpooledDocument } from '../store/document.spool'
import { createRun } from '../store/sync-run.repo'
import type { RunEnqueuer } from './request-sync'

/** The entity name of the run that ingests a document (a document may hold several entities). */
export const DOCUMENT_RUN_ENTITY = 'document'

export interface DocumentDeps extends ConnectionDeps {
  queue: RunEnqueuer
  documentsDir: string
  documentMaxBytes: number
}

export interface ReceivedDocument {
  documentId: string
  runId: string | null
  /** The same bytes were received before on this connection: nothing new is ingested. */
  duplicate: boolean
  status: string
  sizeBytes: number
  sha256: string
}

async function assertTakesDocuments(deps: DocumentDeps, tenantId: string, connectionId: string) {
  const open = await openConnection(deps, tenantId, connectionId)
  const takes = open.connector.parseDocument && Object.values(open.entities).some((e) => e.can.document)
  if (!takes) throw new HubError('validation_failed', `connection ${open.row.name} (${open.row.kind}) does not take documents`, { details: { issues: [{ path: 'connectionId', message: `the ${open.row.kind} connector reads from its ERP; send documents to an idoc, ubl or csv connection` }] } })
  return open
}

/**
 * Takes a document in: its bytes are durable in the spool and its row is in PostgreSQL before this
 * returns, so the caller may be told "received". Ingestion is queued as a run. The same bytes sent
 * twice are one document.
 */
async function admit(deps: DocumentDeps, tenantId: string, connectionId: string, spooled: SpooledDocument, meta: { filename: string | null; contentType: string | null; origin: 'upload' | 'watch' }): Promise<ReceivedDocument> {
  const doc = await recordDocument(deps.db, { tenantId, connectionId, ...meta, sizeBytes: spooled.sizeBytes, sha256: spooled.sha256, storagePath: spooled.path })
  if (doc.duplicate) {
    await removeSpooled(deps.documentsDir, spooled.path)
    return { documentId: doc.id, runId: doc.syncRunId, duplicate: true, status: doc.status, sizeBytes: spooled.sizeBytes, sha256: spooled.sha256 }
  }
  const run = await createRun(deps.db, { tenantId, connectionId, entity: DOCUMENT_RUN_ENTITY, trigger: 'document' })
  await markDocument(deps.db, doc.id, 'received', { syncRunId: run.id })
  const jobId = await deps.queue.enqueueDocument({ tenantId, connectionId, documentId: doc.id, runId: run.id })
  await deps.db.prisma.syncRun.update({ where: { id: run.id }, data: { jobId } })
  return { documentId: doc.id, runId: run.id, duplicate: false, status: 'received', sizeBytes: spooled.sizeBytes, sha256: spooled.sha256 }
}

export async function receiveDocument(deps: DocumentDeps, tenantId: string, connectionId: string, input: { body: NodeJS.ReadableStream; filename: string | null; contentType: string | null }): Promise<ReceivedDocument> {
  await assertTakesDocuments(deps, tenantId, connectionId)
  const spooled = await spoolStream(deps.documentsDir, tenantId, input.body, deps.documentMaxBytes)
  return admit(deps, tenantId, connectionId, spooled, { filename: input.filename, contentType: input.contentType, origin: 'upload' })
}

export async function receiveWatchedFile(deps: DocumentDeps, tenantId: string, connectionId: string, path: string, filename: string): Promise<ReceivedDocument> {
  const spooled = await spoolFile(deps.documentsDir, tenantId, path, deps.documentMaxBytes)
  return admit(deps, tenantId, connectionId, spooled, { filename, contentType: null, origin: 'watch' })
}
