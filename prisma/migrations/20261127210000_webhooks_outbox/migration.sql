-- AlterTable
ALTER TABLE "connection" ADD COLUMN     "webhook" JSONB;

-- CreateTable
CREATE TABLE "webhook_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "dedup_key" TEXT NOT NULL,
    "content_type" TEXT,
    "headers" JSONB NOT NULL,
    "body" BYTEA NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "outcome" JSONB,
    "error" JSONB,
    "deliveries" INTEGER NOT NULL DEFAULT 1,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID,
    "connection_id" UUID,
    "action" TEXT NOT NULL,
    "status" INTEGER,
    "reason" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "entity" TEXT NOT NULL,
    "effect_key" TEXT NOT NULL,
    "aggregate" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" JSONB,
    "external_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dead_letter" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID,
    "connection_id" UUID,
    "queue" TEXT NOT NULL,
    "job_name" TEXT NOT NULL,
    "job_id" TEXT,
    "data" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL,
    "errors" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'dead',
    "failed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retried_at" TIMESTAMPTZ(3),

    CONSTRAINT "dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_cursor_history" (
    "id" BIGSERIAL NOT NULL,
    "connection_id" UUID NOT NULL,
    "entity" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "value" JSONB,
    "version" INTEGER NOT NULL,
    "sync_run_id" UUID,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_cursor_history_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_event_status_received_at_idx" ON "webhook_event"("status", "received_at");

-- CreateIndex
CREATE INDEX "webhook_event_tenant_id_received_at_idx" ON "webhook_event"("tenant_id", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_event_connection_id_dedup_key_key" ON "webhook_event"("connection_id", "dedup_key");

-- CreateIndex
CREATE INDEX "audit_event_tenant_id_at_idx" ON "audit_event"("tenant_id", "at");

-- CreateIndex
CREATE INDEX "audit_event_connection_id_at_idx" ON "audit_event"("connection_id", "at");

-- CreateIndex
CREATE INDEX "outbox_status_next_attempt_at_idx" ON "outbox"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outbox_aggregate_aggregate_id_idx" ON "outbox"("aggregate", "aggregate_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_connection_id_effect_key_key" ON "outbox"("connection_id", "effect_key");

-- CreateIndex
CREATE INDEX "dead_letter_status_failed_at_idx" ON "dead_letter"("status", "failed_at");

-- CreateIndex
CREATE INDEX "dead_letter_tenant_id_failed_at_idx" ON "dead_letter"("tenant_id", "failed_at");

-- CreateIndex
CREATE INDEX "sync_cursor_history_connection_id_entity_recorded_at_idx" ON "sync_cursor_history"("connection_id", "entity", "recorded_at");

-- AddForeignKey
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_connection_id_tenant_id_fkey" FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connection"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_connection_id_tenant_id_fkey" FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connection"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_cursor_history" ADD CONSTRAINT "sync_cursor_history_connection_id_tenant_id_fkey" FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connection"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Every cursor position is kept (written by the database itself, so no code path can move a cursor
-- without leaving a trace): a stream can be rewound to any past point.
CREATE FUNCTION "sync_cursor_keep_history"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "sync_cursor_history" ("connection_id", "entity", "tenant_id", "value", "version", "sync_run_id")
  VALUES (NEW."connection_id", NEW."entity", NEW."tenant_id", NEW."value", NEW."version", NEW."sync_run_id");
  RETURN NULL;
END $$;

CREATE TRIGGER "sync_cursor_history_trigger" AFTER INSERT OR UPDATE OF "value", "version" ON "sync_cursor"
FOR EACH ROW EXECUTE FUNCTION "sync_cursor_keep_history"();
