import { z } from 'zod'
import { HubError } from '../errors/hub-error'
import type { ApiDeps } from './api.deps'
import { allPermissions, authOf, can } from './auth.middleware'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'

export const SessionView = z.object({
  keyId: z.uuid(),
  keyName: z.string(),
  role: z.string(),
  tenant: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  permissions: z.array(z.string()).describe("the permissions the key's role holds, e.g. `campaigns:write`"),
})

/** `GET /v1/me`: who the API key is, for a client (the console) to show what the key may do. */
export function sessionRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/me', { name: 'Session', description: 'The API key a request is made with: its role, tenant and permissions.' })
  api.get(
    '/',
    { summary: 'Who this API key is', description: "The key's name, role and tenant, and the permissions its role holds.", access: 'session:read', answers: [{ description: 'the key', schema: SessionView }] },
    async (_req, res) => {
      const auth = authOf(res)
      const [key, tenant] = await Promise.all([
        deps.db.prisma.apiKey.findUnique({ where: { id: auth.keyId }, select: { name: true } }),
        deps.db.prisma.tenant.findUnique({ where: { id: auth.tenantId }, select: { id: true, slug: true, name: true } }),
      ])
      if (!key || !tenant) throw new HubError('unauthenticated', 'the API key is unknown or revoked')
      const view: z.infer<typeof SessionView> = {
        keyId: auth.keyId,
        keyName: key.name,
        role: auth.role,
        tenant,
        permissions: allPermissions.filter((p) => can(auth.role, p)),
      }
      res.json(view)
    },
  )
  return api.router
}
