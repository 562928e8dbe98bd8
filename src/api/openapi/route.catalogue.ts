import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { z } from 'zod'
import { requirePermission, type Permission } from '../auth.middleware'
import { parseRequest, pathParam } from '../request.validate'

/**
 * The route catalogue: every HTTP route is declared once, as data, and that declaration both mounts
 * it on an express Router (with its permission check and request parsing) and lists it for the
 * OpenAPI document (openapi.build.ts). A router file has no other way to add a route, so the
 * document cannot miss one, and the schemas it shows are the ones that validate the request.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/**
 * Who may call a route: an API key holding every listed permission; anyone (`public`); or an ERP,
 * authenticated by its connection's signature scheme (`signature`, the webhook fast path).
 */
export type Access = Permission | readonly Permission[] | 'public' | 'signature'

/** One answer of a route. Without `schema` the body is a JSON object that `description` describes. */
export interface Answer {
  /** Default 200. */
  status?: number
  description: string
  /** The body's zod schema, where the code has one. */
  schema?: z.ZodType
  /** A page of a list: `{ data, total, limit, offset }` (see list.query.ts). */
  page?: true
  /** No body (204). */
  empty?: true
  /** Default application/json. */
  mediaType?: string
}

/** What asks for more than the route's own permission: a write instead of a preview, say. */
export interface Escalation {
  permission: Permission
  /** Decided on the body as sent (before parsing). */
  when: (body: Record<string, unknown>) => boolean
  description: string
  /** The body's permission is checked instead of the route's (default: after it). */
  instead?: true
}

type ZodOrNone = z.ZodType | undefined

export interface RouteSpec<P extends ZodOrNone = undefined, Q extends ZodOrNone = undefined, B extends ZodOrNone = undefined> {
  summary: string
  description?: string
  access: Access
  escalate?: Escalation
  /** Path parameters, parsed (400 naming `params.<name>`); parameters without a schema are plain strings. */
  params?: P
  /** The query, parsed (400 naming `query.<field>`). */
  query?: Q
  /** The JSON body, parsed (400 naming each field). */
  body?: B
  /**
   * The JSON body the service behind the route parses itself with this schema (its errors keep the
   * service's message): shown in the document, not parsed twice. A service whose schema is made per
   * request (a KPI's own parameters) is described in words.
   */
  parsedBody?: z.ZodType | { description: string }
  /** A body that is not JSON (a document upload): never parsed here, the handler streams it. */
  rawBody?: { description: string; mediaTypes: readonly string[] }
  /** The usual answer first. */
  answers: readonly [Answer, ...Answer[]]
  /** Errors this route has besides the shared ones (400 for bad input, 401 and 403, 404 for an id in the path). */
  errors?: Readonly<Record<number, string>>
}

/** A route as the catalogue keeps it. */
export interface CatalogueEntry {
  method: HttpMethod
  /** Express syntax, from the root: `/v1/connections/:id`. */
  path: string
  tag: string
  spec: RouteSpec<ZodOrNone, ZodOrNone, ZodOrNone>
  /** `express`, or served before express (the webhook fast path, see webhooks.router.ts). */
  servedBy: 'express' | 'fast-path'
}

export interface Tag {
  name: string
  description: string
}

export interface RouteGroupInfo {
  /** Where the group's router is mounted, from the root (`/v1/campaigns`). */
  base: string
  tag: Tag
  routes: CatalogueEntry[]
}

/** An express Router that knows its routes: mount it like any Router, read its catalogue for the document. */
export type CataloguedRouter = Router & { readonly catalogue: RouteGroupInfo }

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined
export interface RouteInput<P, Q, B> {
  params: Parsed<P>
  query: Parsed<Q>
  body: Parsed<B>
}
export type RouteHandler<P, Q, B> = (req: Request, res: Response, input: RouteInput<P, Q, B>) => Promise<void> | void

type Declare = <P extends ZodOrNone = undefined, Q extends ZodOrNone = undefined, B extends ZodOrNone = undefined>(path: string, spec: RouteSpec<P, Q, B>, handler: RouteHandler<P, Q, B>) => void

export interface RouteGroup {
  readonly router: CataloguedRouter
  get: Declare
  post: Declare
  put: Declare
  patch: Declare
  delete: Declare
  /** A route served outside this router (the webhook fast path): in the catalogue, mounted by whoever serves it. */
  external(method: HttpMethod, path: string, spec: RouteSpec<ZodOrNone, ZodOrNone, ZodOrNone>): void
}

/** `/v1/x` + `/` → `/v1/x`; `/v1/x` + `/:id` → `/v1/x/:id`. */
export function joinPath(base: string, path: string): string {
  const joined = `${base}${path === '/' ? '' : path}`
  return joined === '' ? '/' : joined
}

/** The names of a path's parameters, in order: `/:id/cursors/:entity` → id, entity. */
export function pathParamNames(path: string): string[] {
  if (/[*{}?()]/.test(path)) throw new Error(`route ${path}: only plain :name parameters are catalogued`)
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1])
}

/** The permissions a key needs for `access` (none for public and signed routes). */
export function permissionsOf(access: Access): readonly Permission[] {
  if (access === 'public' || access === 'signature') return []
  return typeof access === 'string' ? [access as Permission] : (access as readonly Permission[])
}

function guards(spec: RouteSpec<ZodOrNone, ZodOrNone, ZodOrNone>): RequestHandler[] {
  const checks = permissionsOf(spec.access).map((p) => requirePermission(p))
  const escalate = spec.escalate
  if (!escalate) return checks
  const bodyOf = (req: Request) => (typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {})
  if (escalate.instead) {
    // The body picks the one permission the request needs: the route's, or the one it asks for.
    if (checks.length !== 1) throw new Error('an escalation instead of the route permission needs the route to name exactly one')
    const base = requirePermission(permissionsOf(spec.access)[0])
    const asked = requirePermission(escalate.permission)
    return [(req, res, next) => (escalate.when(bodyOf(req)) ? asked : base)(req, res, next)]
  }
  const asked = requirePermission(escalate.permission)
  return [...checks, (req, res, next) => (escalate.when(bodyOf(req)) ? asked(req, res, next) : next())]
}

function parseInput(spec: RouteSpec<ZodOrNone, ZodOrNone, ZodOrNone>, paramNames: string[], req: Request): RouteInput<ZodOrNone, ZodOrNone, ZodOrNone> {
  const params = spec.params ? parseRequest(spec.params, Object.fromEntries(paramNames.map((n) => [n, pathParam(req, n)])), 'params') : undefined
  const query = spec.query ? parseRequest(spec.query, req.query, 'query') : undefined
  const body = spec.body ? parseRequest(spec.body, req.body, 'body') : undefined
  return { params, query, body } as RouteInput<ZodOrNone, ZodOrNone, ZodOrNone>
}

/**
 * A group of routes under one base path and one tag: `const api = routeGroup('/v1/runs', tag)`,
 * `api.get('/:id', spec, handler)`, `return api.router`.
 */
export function routeGroup(base: string, tag: Tag, options: { mergeParams?: boolean } = {}): RouteGroup {
  const router = Router({ mergeParams: options.mergeParams }) as CataloguedRouter
  const info: RouteGroupInfo = { base, tag, routes: [] }
  Object.defineProperty(router, 'catalogue', { value: info, enumerable: false })

  const record = (method: HttpMethod, path: string, spec: RouteSpec<ZodOrNone, ZodOrNone, ZodOrNone>, servedBy: CatalogueEntry['servedBy']) => {
    const full = joinPath(base, path)
    if (info.routes.some((r) => r.method === method && r.path === full)) throw new Error(`route ${method.toUpperCase()} ${full} is declared twice`)
    info.routes.push({ method, path: full, tag: tag.name, spec, servedBy })
  }

  const declare =
    (method: HttpMethod): Declare =>
    (path, spec, handler) => {
      if (spec.access === 'signature') throw new Error(`route ${method.toUpperCase()} ${path}: signed routes are served before express; declare them with external()`)
      const generic = spec as RouteSpec<ZodOrNone, ZodOrNone, ZodOrNone>
      const names = pathParamNames(path)
      record(method, path, generic, 'express')
      const run: RequestHandler = async (req, res) => {
        await handler(req, res, parseInput(generic, names, req) as Parameters<typeof handler>[2])
      }
      router[method](path, ...guards(generic), run)
    }

  return {
    router,
    get: declare('get'),
    post: declare('post'),
    put: declare('put'),
    patch: declare('patch'),
    delete: declare('delete'),
    external(method, path, spec) {
      pathParamNames(path)
      record(method, path, spec, 'fast-path')
    },
  }
}
