import { createHash, randomBytes } from 'node:crypto'
import type { Database } from './database'

export const apiRoles = ['admin', 'marketer', 'service', 'manager', 'webhook'] as const
export type ApiRole = (typeof apiRoles)[number]

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/**
 * Keys are 256 random bits, so a plain SHA-256 is enough to store them (no password stretching
 * needed); the plaintext is shown once, at creation.
 */
export async function createApiKey(db: Database, input: { tenantId: string; role: ApiRole; name: string }): Promise<{ id: string; key: string; prefix: string }> {
  const key = `ehk_${randomBytes(32).toString('base64url')}`
  const prefix = key.slice(0, 10)
  const row = await db.prisma.apiKey.create({ data: { tenantId: input.tenantId, role: input.role, name: input.name, keyHash: hashApiKey(key), keyPrefix: prefix } })
  return { id: row.id, key, prefix }
}

export async function findActiveApiKey(db: Database, key: string) {
  const row = await db.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } })
  return row && !row.revokedAt ? row : null
}

export async function touchApiKey(db: Database, id: string): Promise<void> {
  await db.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } })
}
