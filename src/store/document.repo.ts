import type { Database } from './database'

export type DocumentStatus = 'received' | 'processing' | 'done' | 'failed'

export interface NewDocument {
  tenantId: string
  connectionId: string
  filename: string | null
  contentType: string | null
  sizeBytes: number
  sha256: string
  storagePath: string
  origin: 'upload' | 'watch'
}

/** Inserts the document, or finds the one with the same bytes on this connection (then `duplicate`). */
export async function recordDocument(db: Database, doc: NewDocument): Promise<{ id: string; duplicate: boolean; syncRunId: string | null; status: string }> {
  const inserted = await db.pool.query<{ id: string }>(
    `INSERT INTO "document" ("tenant_id", "connection_id", "filename", "content_type", "size_bytes", "sha256", "storage_path", "origin")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ("connection_id", "sha256") DO NOTHING RETURNING "id"`,
    [doc.tenantId, doc.connectionId, doc.filename, doc.contentType, doc.sizeBytes, doc.sha256, doc.storagePath, doc.origin],
  )
  if (inserted.rows[0]) return { id: inserted.rows[0].id, duplicate: false, syncRunId: null, status: 'received' }
  const existing = await db.prisma.document.findUniqueOrThrow({ where: { connectionId_sha256: { connectionId: doc.connectionId, sha256: doc.sha256 } } })
  return { id: existing.id, duplicate: true, syncRunId: existing.syncRunId, status: existing.status }
}

export async function findDocument(db: Database, id: string) {
  return db.prisma.document.findUnique({ where: { id } })
}

export async function markDocument(db: Database, id: string, status: DocumentStatus, patch: { syncRunId?: string; error?: unknown } = {}): Promise<void> {
  await db.prisma.document.update({
    where: { id },
    data: {
      status,
      ...(patch.syncRunId ? { syncRunId: patch.syncRunId } : {}),
      ...(patch.error !== undefined ? { error: patch.error as object } : {}),
      ...(status === 'done' || status === 'failed' ? { processedAt: new Date() } : {}),
    },
  })
}
