-- AlterTable
ALTER TABLE "service_case" ADD COLUMN     "due_at" TIMESTAMPTZ(3),
ADD COLUMN     "owner" TEXT,
ADD COLUMN     "resolved_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "stock_movement" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" DECIMAL(20,6) NOT NULL,
    "direction" TEXT NOT NULL,
    "location" TEXT,
    "counterpart" TEXT,
    "planned_date" DATE,
    "status" TEXT NOT NULL,
    "source_updated_at" TIMESTAMPTZ(3),
    "content_hash" TEXT NOT NULL,
    "mapping_version" INTEGER NOT NULL,
    "sync_run_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "mail_date" DATE NOT NULL,
    "promise_date" DATE NOT NULL,
    "response_window_days" INTEGER NOT NULL DEFAULT 60,
    "control_share" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "max_targets" INTEGER,
    "selection" JSONB NOT NULL,
    "funnel" JSONB,
    "stock_check" JSONB,
    "checked_at" TIMESTAMPTZ(3),
    "launched_at" TIMESTAMPTZ(3),
    "launched_by" TEXT,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_offer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "campaign_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "response_rate" DOUBLE PRECISION NOT NULL,
    "quantity_per_response" DECIMAL(20,6) NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "campaign_offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_target" (
    "campaign_id" UUID NOT NULL,
    "golden_id" UUID NOT NULL,
    "group" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" DOUBLE PRECISION,

    CONSTRAINT "campaign_target_pkey" PRIMARY KEY ("campaign_id","golden_id")
);

-- CreateTable
CREATE TABLE "segment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "definition" JSONB,
    "members" INTEGER NOT NULL DEFAULT 0,
    "computed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_member" (
    "segment_id" UUID NOT NULL,
    "golden_id" UUID NOT NULL,

    CONSTRAINT "segment_member_pkey" PRIMARY KEY ("segment_id","golden_id")
);

-- CreateTable
CREATE TABLE "customer_rfm" (
    "golden_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "recency_days" INTEGER NOT NULL,
    "frequency" INTEGER NOT NULL,
    "monetary" DECIMAL(20,6) NOT NULL,
    "r" INTEGER NOT NULL,
    "f" INTEGER NOT NULL,
    "m" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_rfm_pkey" PRIMARY KEY ("golden_id")
);

-- CreateTable
CREATE TABLE "association_rule" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "antecedent" TEXT[],
    "consequent" TEXT NOT NULL,
    "support" DOUBLE PRECISION NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "lift" DOUBLE PRECISION NOT NULL,
    "count" INTEGER NOT NULL,
    "mined_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "association_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_ladder" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "rungs" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_ladder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_article" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "tags" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'published',
    "language" TEXT NOT NULL DEFAULT 'english',
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "knowledge_article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_article" (
    "case_id" UUID NOT NULL,
    "article_id" UUID NOT NULL,
    "linked_by" TEXT,
    "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_article_pkey" PRIMARY KEY ("case_id","article_id")
);

-- CreateTable
CREATE TABLE "kpi_target" (
    "tenant_id" UUID NOT NULL,
    "kpi" TEXT NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_target_pkey" PRIMARY KEY ("tenant_id","kpi")
);

-- CreateIndex
CREATE INDEX "stock_movement_tenant_id_sku_idx" ON "stock_movement"("tenant_id", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "stock_movement_connection_id_external_id_key" ON "stock_movement"("connection_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_tenant_id_name_key" ON "campaign"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_offer_campaign_id_position_key" ON "campaign_offer"("campaign_id", "position");

-- CreateIndex
CREATE INDEX "campaign_target_golden_id_idx" ON "campaign_target"("golden_id");

-- CreateIndex
CREATE UNIQUE INDEX "segment_tenant_id_name_key" ON "segment"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "segment_member_golden_id_idx" ON "segment_member"("golden_id");

-- CreateIndex
CREATE INDEX "customer_rfm_tenant_id_segment_idx" ON "customer_rfm"("tenant_id", "segment");

-- CreateIndex
CREATE INDEX "association_rule_tenant_id_consequent_idx" ON "association_rule"("tenant_id", "consequent");

-- CreateIndex
CREATE UNIQUE INDEX "product_ladder_tenant_id_name_key" ON "product_ladder"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "knowledge_article_tenant_id_status_idx" ON "knowledge_article"("tenant_id", "status");

-- CreateIndex
CREATE INDEX "case_article_article_id_idx" ON "case_article"("article_id");

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_connection_id_tenant_id_fkey" FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connection"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_offer" ADD CONSTRAINT "campaign_offer_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_target" ADD CONSTRAINT "campaign_target_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment" ADD CONSTRAINT "segment_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_member" ADD CONSTRAINT "segment_member_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_ladder" ADD CONSTRAINT "product_ladder_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_article" ADD CONSTRAINT "knowledge_article_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_article" ADD CONSTRAINT "case_article_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "service_case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_article" ADD CONSTRAINT "case_article_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "knowledge_article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kpi_target" ADD CONSTRAINT "kpi_target_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Full-text search on knowledge articles: a tsvector in the article's own text search configuration
-- (title weighted above tags above body), kept by a trigger on every write (a generated column
-- cannot take the configuration from a column: the text → regconfig cast is not immutable).
ALTER TABLE "knowledge_article" ADD COLUMN "search" tsvector;
CREATE FUNCTION "knowledge_article_search"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."search" :=
    setweight(to_tsvector(NEW."language"::regconfig, coalesce(NEW."title", '')), 'A') ||
    setweight(to_tsvector(NEW."language"::regconfig, array_to_string(NEW."tags", ' ')), 'B') ||
    setweight(to_tsvector(NEW."language"::regconfig, coalesce(NEW."body", '')), 'C');
  RETURN NEW;
END $$;
CREATE TRIGGER "knowledge_article_search" BEFORE INSERT OR UPDATE OF "title", "body", "tags", "language" ON "knowledge_article"
  FOR EACH ROW EXECUTE FUNCTION "knowledge_article_search"();
CREATE INDEX "knowledge_article_search_idx" ON "knowledge_article" USING GIN ("search");
