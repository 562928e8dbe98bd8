import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { HubError } from '../errors/hub-error'
import type { Database } from '../store/database'
import { findActiveApiKey, touchApiKey, type ApiRole } from '../store/api-key.repo'

export interface AuthContext {
  tenantId: string
  role: ApiRole
  keyId: string
}

/** What each role may do; a route names the permission, never a role. */
const permissions = {
  // Who the key is (the console reads it at sign-in to show the pages of the key's role).
  'session:read': ['admin', 'marketer', 'service', 'manager', 'webhook'],
  'connections:read': ['admin'],
  'connections:write': ['admin'],
  'runs:read': ['admin'],
  'quarantine:read': ['admin'],
  'customers:read': ['admin', 'marketer', 'service'],
  // Merging and unmerging golden customers, deciding review pairs.
  'customers:write': ['admin', 'service'],
  'availability:read': ['admin', 'marketer', 'service'],
  // ERP middleware posts documents with a webhook key; admins may too (uploads by hand).
  'documents:write': ['admin', 'webhook'],
  'documents:read': ['admin'],
  'cases:read': ['admin', 'service'],
  'cases:write': ['admin', 'service'],
  'outbox:read': ['admin'],
  'outbox:write': ['admin'],
  'dead-letters:read': ['admin'],
  'dead-letters:write': ['admin'],
  // Knowledge base: service staff write and use articles; marketers may read them.
  'knowledge:read': ['admin', 'service', 'marketer'],
  'knowledge:write': ['admin', 'service'],
  // Segments and campaigns are marketing's; service staff may read segments (who is a Champion).
  'segments:read': ['admin', 'marketer', 'service'],
  'segments:write': ['admin', 'marketer'],
  'campaigns:read': ['admin', 'marketer'],
  'campaigns:write': ['admin', 'marketer'],
  // Next-best offers are read by marketing and service; ladders and rule mining are marketing's.
  'offers:read': ['admin', 'marketer', 'service'],
  'offers:write': ['admin', 'marketer'],
  'scorecard:read': ['admin', 'marketer', 'service', 'manager'],
  'scorecard:write': ['admin', 'manager'],
} as const satisfies Record<string, readonly ApiRole[]>
export type Permission = keyof typeof permissions

/** Every permission, in the order above. */
export const allPermissions = Object.keys(permissions) as Permission[]

const TOUCH_EVERY_MS = 60_000

/** The API key a request carries in its headers: `Authorization: Bearer <key>` or `X-API-Key`. */
export function readKey(req: Request): string | undefined {
  const header = req.get('authorization')
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim() || undefined
  return req.get('x-api-key')?.trim() || undefined
}

/** Resolves the API key to its tenant and role; every later query is scoped to that tenant. */
/**
 * Records a key's last use at most once a minute per key (not on every request): `touch(keyId)`.
 * Each caller (the API, the queue dashboard) keeps its own.
 */
export function keyToucher(db: Database): (keyId: string) => void {
  const lastTouch = new Map<string, number>()
  return (keyId) => {
    const now = Date.now()
    if ((lastTouch.get(keyId) ?? 0) + TOUCH_EVERY_MS >= now) return
    lastTouch.set(keyId, now)
    touchApiKey(db, keyId).catch(() => undefined)
  }
}

export function authenticate(db: Database): RequestHandler {
  const touch = keyToucher(db)
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = readKey(req)
    if (!key) return next(new HubError('unauthenticated', 'an API key is required (Authorization: Bearer <key> or X-API-Key)'))
    const row = await findActiveApiKey(db, key)
    if (!row) return next(new HubError('unauthenticated', 'the API key is unknown or revoked'))
    res.locals.auth = { tenantId: row.tenantId, role: row.role as ApiRole, keyId: row.id } satisfies AuthContext
    touch(row.id)
    next()
  }
}

/** Whether a role holds a permission (for answers that show more to some roles, on routes guarded by another). */
export function can(role: ApiRole, permission: Permission): boolean {
  return (permissions[permission] as readonly string[]).includes(role)
}

export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const auth = res.locals.auth as AuthContext | undefined
    if (!auth) return next(new HubError('unauthenticated', 'an API key is required'))
    if (!(permissions[permission] as readonly string[]).includes(auth.role)) return next(new HubError('forbidden', `the ${auth.role} role may not ${permission.replace(':', ' ')}`))
    next()
  }
}

export function authOf(res: Response): AuthContext {
  return res.locals.auth as AuthContext
}
