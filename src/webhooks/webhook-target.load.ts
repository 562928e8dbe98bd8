import { openConfig } from '../connections/connection-config.codec'
import type { Database } from '../store/database'
import { WebhookConfigSchema, webhookSealId, type WebhookConfig } from '../connections/webhook.config'

export interface WebhookTarget {
  tenantId: string
  connectionId: string
  name: string
  config: WebhookConfig
}

/** The connection's webhook settings with secrets opened; null when it has none or is disabled. */
export async function loadWebhookConfig(db: Database, secretKey: Buffer, connectionId: string): Promise<WebhookTarget | null> {
  const row = await db.prisma.connection.findUnique({ where: { id: connectionId }, select: { id: true, tenantId: true, name: true, enabled: true, webhook: true } })
  if (!row || !row.enabled || row.webhook === null) return null
  const parsed = WebhookConfigSchema.safeParse(openConfig(row.webhook as never, secretKey, webhookSealId(row.id)))
  if (!parsed.success) return null
  return { tenantId: row.tenantId, connectionId: row.id, name: row.name, config: parsed.data }
}
