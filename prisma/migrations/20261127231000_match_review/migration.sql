-- CreateTable
CREATE TABLE "match_review" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "customer_a" UUID NOT NULL,
    "customer_b" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "evidence" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,

    CONSTRAINT "match_review_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "match_review_tenant_id_status_score_idx" ON "match_review"("tenant_id", "status", "score");

-- CreateIndex
CREATE UNIQUE INDEX "match_review_tenant_id_customer_a_customer_b_key" ON "match_review"("tenant_id", "customer_a", "customer_b");

