-- AlterTable
ALTER TABLE "connection" ADD COLUMN     "watch" JSONB;

-- CreateTable
CREATE TABLE "document" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "filename" TEXT,
    "content_type" TEXT,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_path" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "error" JSONB,
    "sync_run_id" UUID,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "document_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "document_tenant_id_received_at_idx" ON "document"("tenant_id", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "document_connection_id_sha256_key" ON "document"("connection_id", "sha256");

-- AddForeignKey
ALTER TABLE "document" ADD CONSTRAINT "document_connection_id_tenant_id_fkey" FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connection"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

