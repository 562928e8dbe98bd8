import type { Database } from './database'

export async function ensureTenant(db: Database, slug: string, name = slug) {
  return db.prisma.tenant.upsert({ where: { slug }, update: {}, create: { slug, name } })
}

/** Deletes a tenant and, by cascade, everything it owns. */
export async function deleteTenant(db: Database, slug: string): Promise<boolean> {
  const res = await db.prisma.tenant.deleteMany({ where: { slug } })
  return res.count > 0
}
