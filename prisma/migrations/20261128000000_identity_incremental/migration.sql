-- AlterTable
ALTER TABLE "connection" ADD COLUMN     "default_country" TEXT;

-- CreateTable
CREATE TABLE "identity_state" (
    "tenant_id" UUID NOT NULL,
    "watermark" TIMESTAMPTZ(6) NOT NULL,
    "full_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_state_pkey" PRIMARY KEY ("tenant_id")
);

-- AddForeignKey
ALTER TABLE "identity_state" ADD CONSTRAINT "identity_state_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

