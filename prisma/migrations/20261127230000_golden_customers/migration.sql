-- AlterTable
ALTER TABLE "connection" ADD COLUMN     "identity_priority" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "golden_customer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "tax_id" TEXT,
    "street" TEXT,
    "postal_code" TEXT,
    "city" TEXT,
    "country" TEXT,
    "currency" TEXT,
    "lineage" JSONB NOT NULL,
    "members" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "merged_into" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "golden_customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_identity" (
    "customer_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "golden_id" UUID NOT NULL,
    "linked_by" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "evidence" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_identity_pkey" PRIMARY KEY ("customer_id")
);

-- CreateTable
CREATE TABLE "identity_decision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "customer_a" UUID NOT NULL,
    "customer_b" UUID NOT NULL,
    "same" BOOLEAN NOT NULL,
    "by" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identity_event" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "golden_id" UUID,
    "customer_ids" UUID[],
    "details" JSONB NOT NULL,
    "by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "golden_customer_tenant_id_status_idx" ON "golden_customer"("tenant_id", "status");

-- CreateIndex
CREATE INDEX "customer_identity_golden_id_idx" ON "customer_identity"("golden_id");

-- CreateIndex
CREATE INDEX "customer_identity_tenant_id_idx" ON "customer_identity"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "identity_decision_tenant_id_customer_a_customer_b_key" ON "identity_decision"("tenant_id", "customer_a", "customer_b");

-- CreateIndex
CREATE INDEX "identity_event_tenant_id_at_idx" ON "identity_event"("tenant_id", "at");

-- CreateIndex
CREATE INDEX "identity_event_golden_id_idx" ON "identity_event"("golden_id");

-- AddForeignKey
ALTER TABLE "golden_customer" ADD CONSTRAINT "golden_customer_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_identity" ADD CONSTRAINT "customer_identity_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_identity" ADD CONSTRAINT "customer_identity_golden_id_fkey" FOREIGN KEY ("golden_id") REFERENCES "golden_customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

