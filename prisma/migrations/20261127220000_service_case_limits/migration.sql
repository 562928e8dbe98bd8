-- AlterTable
ALTER TABLE "connection" ADD COLUMN     "limits" JSONB;

-- CreateTable
CREATE TABLE "service_case" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "customer_external_id" TEXT NOT NULL,
    "order_external_id" TEXT,
    "subject" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "external_id" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_case_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "service_case_tenant_id_status_updated_at_idx" ON "service_case"("tenant_id", "status", "updated_at");

-- CreateIndex
CREATE INDEX "service_case_connection_id_customer_external_id_idx" ON "service_case"("connection_id", "customer_external_id");

-- AddForeignKey
ALTER TABLE "service_case" ADD CONSTRAINT "service_case_connection_id_tenant_id_fkey" FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connection"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

