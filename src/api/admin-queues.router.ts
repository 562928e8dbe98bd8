import { createHash } from 'node:crypto'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { ExpressAdapter } from '@bull-board/express'
import type { Queue } from 'bullmq'
import express, { type Express, type Request, type RequestHandler, type Response } from 'express'
import { z } from 'zod'
import { HubError } from '../errors/hub-error'
import { apiRoles, findActiveApiKey, type ApiRole } from '../store/api-key.repo'
import type { ApiDeps } from './api.deps'
import { can, keyToucher, readKey, type AuthContext, type Permission } from './auth.middleware'
import { routeGroup, type CataloguedRouter, type Tag } from './openapi/route.catalogue'
import { parseRequest } from './request.validate'

/**
 * The queue dashboard: bull-board over the hub's own BullMQ queues, at /admin/queues, for admin keys.
 *
 * A browser cannot put an API key in a header when it opens a page, so under /admin (and nowhere
 * else) the key may also come from a cookie: `POST /admin/session` checks a key and, for an admin
 * key only, sets it as an HttpOnly, SameSite=Strict cookie scoped to Path=/admin. The /v1 API never
 * reads that cookie (auth.middleware.ts reads headers only), so no cookie can act on /v1 (CSRF).
 *
 * bull-board is an express application with routes of its own (its page, its static files and its
 * JSON API under /admin/queues/api/…). It is mounted whole inside the catalogued group of
 * GET /admin/queues, behind one guard that covers all of it; the OpenAPI document lists it as that
 * one entry (test/integration/openapi.test.ts recognises the sub-application by `isQueueDashboard`).
 */

export const DASHBOARD_PATH = '/admin/queues'
const SESSION_PATH = '/admin/session'
const COOKIE_PATH = '/admin'
export const ADMIN_COOKIE = 'erphub_admin'
const COOKIE_MAX_AGE_MS = 8 * 3600_000

/** bull-board's page: its own scripts and styles (inline ones too: its loading screen), nothing from elsewhere. */
const DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

const TAG: Tag = { name: 'Admin', description: 'The queue dashboard (bull-board) for operators with an admin key, and its browser sign-in.' }

/**
 * What opening the dashboard takes: it shows every job (runs:read) and can retry, promote or remove
 * them (dead-letters:write). Only the admin role holds both; the check below keeps it that way.
 */
const DASHBOARD_ACCESS = ['runs:read', 'dead-letters:write'] as const satisfies readonly Permission[]
const mayOpenDashboard = (role: ApiRole) => DASHBOARD_ACCESS.every((p) => can(role, p))
{
  const roles = apiRoles.filter(mayOpenDashboard)
  if (roles.length !== 1 || roles[0] !== 'admin') throw new Error(`the queue dashboard is for admin keys only, but its permissions let in: ${roles.join(', ')}`)
}

/** The bull-board applications this module made: what the OpenAPI test accounts for as GET /admin/queues. */
const dashboards = new WeakSet<object>()
export function isQueueDashboard(handle: unknown): boolean {
  return typeof handle === 'function' && dashboards.has(handle)
}

function createDashboard(queues: readonly Queue[]): Express {
  const adapter = new ExpressAdapter()
  adapter.setBasePath(DASHBOARD_PATH)
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'erphub queues', hideDocsLink: true, miscLinks: [{ text: 'Sign out', url: SESSION_PATH }] } },
  })
  const board = adapter.getRouter() as Express
  board.disable('x-powered-by')
  dashboards.add(board)
  return board
}

// ---------------------------------------------------------------------------------------------
// Credentials: the API key headers, or (under /admin only) the session cookie.
// ---------------------------------------------------------------------------------------------


function cookieKey(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== ADMIN_COOKIE) continue
    try {
      return decodeURIComponent(part.slice(eq + 1).trim()) || undefined
    } catch {
      return undefined
    }
  }
  return undefined
}

const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, path: COOKIE_PATH, secure: req.secure })

/** A browser says when a request comes from another site; such a request never signs in nor acts through the cookie. */
function crossSite(req: Request): boolean {
  const site = req.get('sec-fetch-site')
  return site !== undefined && site !== 'same-origin' && site !== 'none'
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

// ---------------------------------------------------------------------------------------------
// The pages a browser gets instead of the dashboard: self-contained, no script, a CSP that says so.
// ---------------------------------------------------------------------------------------------

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}
main{max-width:28rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.3rem;margin:0 0 1rem}p.notice{padding:.6rem .8rem;border-radius:4px;background:#fdecea;color:#8a1c12}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}input{box-sizing:border-box;width:100%;padding:.5rem;font:inherit;border:1px solid #b8bec9;border-radius:4px}
button{margin-top:1rem;padding:.5rem 1rem;font:inherit;border:0;border-radius:4px;background:#24527a;color:#fff;cursor:pointer}
button.quiet{background:#e3e6eb;color:#1d2430}p.hint{color:#5b6473;font-size:.85rem}code{font-size:.85em}`
const PAGE_CSP = [`default-src 'none'`, `style-src 'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`, `form-action 'self'`, `base-uri 'none'`, `frame-ancestors 'none'`].join('; ')

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function page(options: { notice?: string; signOut?: boolean }): string {
  const notice = options.notice ? `<p class="notice">${escapeHtml(options.notice)}</p>` : ''
  const signOut = options.signOut
    ? `<form method="post" action="${SESSION_PATH}/sign-out"><button class="quiet" type="submit">Sign out</button></form>`
    : ''
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>erphub · queue dashboard</title><style>${STYLE}</style></head>
<body><main>
<h1>erphub · queue dashboard</h1>
${notice}
<form method="post" action="${SESSION_PATH}">
<label for="key">Admin API key</label>
<input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required>
<button type="submit">Sign in</button>
</form>
${signOut}
<p class="hint">The key is kept in an HttpOnly cookie sent to ${COOKIE_PATH} only; it never authenticates the /v1 API. An admin key is made with <code>npx erphub keys create --tenant &lt;slug&gt; --role admin</code>.</p>
</main></body>
</html>
`
}

function sendPage(res: Response, status: number, options: Parameters<typeof page>[0]): void {
  res.status(status).set('Content-Security-Policy', PAGE_CSP).set('Cache-Control', 'no-store').type('html').send(page(options))
}

const forbiddenMessage = (role: string) => `the ${role} role may not open the queue dashboard: it needs an admin key`

/** Whether to answer a person (an HTML page) rather than a program (the JSON error every route gives). */
function wantsPage(req: Request): boolean {
  return !req.path.startsWith('/api/') && req.accepts(['html', 'json']) === 'html'
}

/**
 * Everything under /admin/queues: an admin key from the headers or the session cookie, else 401
 * (the sign-in page for a browser) or 403. A cookie never carries a cross-site request.
 */
function dashboardGuard(deps: ApiDeps): RequestHandler {
  const touch = keyToucher(deps.db)
  return async (req, res, next) => {
    res.set('X-Frame-Options', 'DENY')
    // bull-board's page asks Google for its fonts; the policy keeps it to this origin (it falls back
    // to the system's fonts), so opening the dashboard tells no one else who operates the hub.
    res.set('Content-Security-Policy', DASHBOARD_CSP)
    const fromHeader = readKey(req)
    const key = fromHeader ?? cookieKey(req)
    const refuse = (status: 401 | 403, message: string, notice: string) => {
      if (status === 401 && !fromHeader && key) res.clearCookie(ADMIN_COOKIE, cookieOptions(req))
      if (wantsPage(req)) return sendPage(res, status, { notice, signOut: status === 403 })
      next(new HubError(status === 401 ? 'unauthenticated' : 'forbidden', message))
    }
    if (!key) return refuse(401, 'an admin API key is required (Authorization: Bearer <key>, X-API-Key, or the session of POST /admin/session)', 'Sign in with an admin API key.')
    const checked = await checkDashboardKey(deps, key)
    if ('refusal' in checked) return refuse(checked.refusal.status, checked.refusal.message, checked.refusal.notice)
    const { row, role } = checked
    if (!fromHeader && !SAFE_METHODS.has(req.method) && crossSite(req)) return refuse(403, 'a cross-site request may not act through the dashboard session', 'A request from another site was refused.')
    res.locals.auth = { tenantId: row.tenantId, role, keyId: row.id } satisfies AuthContext
    touch(row.id)
    next()
  }
}

interface Refusal {
  status: 401 | 403
  /** For a program (the API error). */
  message: string
  /** For a person (the sign-in page). */
  notice: string
}

/** Whether a key may open the dashboard (the page and the sign-in ask the same): its row, or why not. */
async function checkDashboardKey(deps: ApiDeps, key: string): Promise<{ row: NonNullable<Awaited<ReturnType<typeof findActiveApiKey>>>; role: ApiRole } | { refusal: Refusal }> {
  const row = await findActiveApiKey(deps.db, key)
  if (!row) return { refusal: { status: 401, message: 'the API key is unknown or revoked', notice: 'That API key is unknown or revoked.' } }
  const role = row.role as ApiRole
  if (!mayOpenDashboard(role)) return { refusal: { status: 403, message: forbiddenMessage(role), notice: `This key's role (${role}) may not open the queue dashboard: it needs an admin key.` } }
  const tenantRefusal = await operatorRefusal(deps, row.tenantId)
  if (tenantRefusal) return { refusal: { status: 403, message: tenantRefusal, notice: tenantRefusal } }
  return { row, role }
}

/**
 * The dashboard shows and acts on every tenant's jobs, so an admin of one tenant may open it only
 * as the hub's operator: a key of OPERATOR_TENANT, or (unset) of the only tenant there is.
 */
async function operatorRefusal(deps: ApiDeps, tenantId: string): Promise<string | undefined> {
  if (deps.operatorTenant) {
    const tenant = await deps.db.prisma.tenant.findUnique({ where: { id: tenantId }, select: { slug: true } })
    return tenant?.slug === deps.operatorTenant ? undefined : `the queue dashboard shows every tenant's jobs: only admin keys of the operator tenant (OPERATOR_TENANT=${deps.operatorTenant}) may open it`
  }
  const tenants = await deps.db.prisma.tenant.count()
  return tenants <= 1 ? undefined : `the queue dashboard shows every tenant's jobs and this hub has ${tenants} tenants: set OPERATOR_TENANT to the tenant whose admins operate the hub`
}

/** Hands a request to the dashboard application and settles once it has answered (or passed it on, which is an error here). */
function serveFromDashboard(board: Express, req: Request, res: Response): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    res.once('finish', () => resolve())
    res.once('close', () => resolve())
    board(req, res, (err?: unknown) => reject(err ?? new HubError('not_found', `the queue dashboard has no page at ${req.originalUrl}`)))
  })
}

/** GET /admin/queues, with bull-board's own pages, files and API under it. */
export function queueDashboardRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup(DASHBOARD_PATH, TAG)
  const board = createDashboard(deps.queues)
  api.router.use(dashboardGuard(deps))
  api.get(
    '/',
    {
      summary: 'The queue dashboard (bull-board)',
      description: [
        "An HTML page: bull-board over the hub's BullMQ queues, with their jobs, which it can retry, promote or remove.",
        'Its own pages, static files and JSON API live under this path (`/admin/queues/…`, `/admin/queues/api/…`) and are guarded alike; they are not listed here one by one.',
        'A browser signs in with `POST /admin/session`, whose cookie stands in for the API key under /admin only. Without a credential a browser gets the sign-in page (401); a key whose role is not admin gets 403.',
      ].join('\n\n'),
      access: DASHBOARD_ACCESS,
      answers: [{ description: 'the dashboard page', mediaType: 'text/html' }],
    },
    (req, res) => serveFromDashboard(board, req, res),
  )
  api.router.use(board)
  return api.router
}

const SessionBody = z.object({ key: z.string().trim().min(1, 'an API key is required') })

/** GET /admin/session (the sign-in page), POST /admin/session (sign in), POST /admin/session/sign-out. */
export function adminSessionRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup(SESSION_PATH, TAG)
  // The sign-in page posts a form; JSON bodies are parsed by the app already.
  api.router.use(express.urlencoded({ extended: false, limit: '4kb' }))
  const isForm = (req: Request) => Boolean(req.is('application/x-www-form-urlencoded'))

  api.get(
    '/',
    {
      summary: 'The sign-in page of the queue dashboard',
      description: 'An HTML form that posts an API key to `POST /admin/session`, and a sign-out button.',
      access: 'public',
      answers: [{ description: 'an HTML page', mediaType: 'text/html' }],
    },
    (req, res) => sendPage(res, 200, { signOut: cookieKey(req) !== undefined }),
  )

  api.post(
    '/',
    {
      summary: 'Sign in to the queue dashboard',
      description:
        'Checks the API key in the body (JSON, or the form of the sign-in page) and, for an admin key only, sets it as the session cookie: HttpOnly, SameSite=Strict, Path=/admin, Secure over https, for 8 hours. The cookie is read under /admin only, never by /v1. A form post is redirected to /admin/queues; a refused form post gets the sign-in page again.',
      access: 'public',
      parsedBody: SessionBody,
      answers: [
        { status: 204, description: 'signed in (JSON body): the cookie is set', empty: true },
        { status: 303, description: 'signed in (form post): the cookie is set, and the browser is sent to /admin/queues', empty: true },
      ],
      errors: { 401: 'the API key is unknown or revoked', 403: "the key's role is not admin, its tenant is not the operator's (OPERATOR_TENANT), or the request came from another site" },
    },
    async (req, res) => {
      const form = isForm(req)
      // A program gets the JSON error every route gives; a person at the sign-in page gets the page again.
      const refuse = (status: 401 | 403, message: string, notice: string) => {
        if (!form) throw new HubError(status === 401 ? 'unauthenticated' : 'forbidden', message)
        sendPage(res, status, { notice, signOut: status === 403 })
      }
      if (crossSite(req)) return refuse(403, 'a sign-in from another site is refused', 'A sign-in from another site was refused.')
      let key: string
      if (form) {
        const parsed = SessionBody.safeParse(req.body ?? {})
        if (!parsed.success) return sendPage(res, 400, { notice: 'Enter an API key.' })
        key = parsed.data.key
      } else key = parseRequest(SessionBody, req.body, 'body').key
      const checked = await checkDashboardKey(deps, key)
      if ('refusal' in checked) return refuse(checked.refusal.status, checked.refusal.message, checked.refusal.notice)
      const { row } = checked
      res.cookie(ADMIN_COOKIE, key, { ...cookieOptions(req), maxAge: COOKIE_MAX_AGE_MS })
      res.set('Cache-Control', 'no-store')
      deps.logger.info({ keyId: row.id, tenantId: row.tenantId }, 'queue dashboard session opened')
      if (form) res.redirect(303, DASHBOARD_PATH)
      else res.status(204).end()
    },
  )

  api.post(
    '/sign-out',
    {
      summary: 'Sign out of the queue dashboard',
      description: 'Clears the session cookie (the key itself stays valid). A form post is redirected to /admin/session.',
      access: 'public',
      answers: [
        { status: 204, description: 'the cookie is cleared', empty: true },
        { status: 303, description: 'the cookie is cleared (form post), and the browser is sent to the sign-in page', empty: true },
      ],
      errors: { 403: 'the request came from another site' },
    },
    (req, res) => {
      if (crossSite(req)) throw new HubError('forbidden', 'a sign-out from another site is refused')
      res.clearCookie(ADMIN_COOKIE, cookieOptions(req))
      res.set('Cache-Control', 'no-store')
      if (isForm(req)) res.redirect(303, SESSION_PATH)
      else res.status(204).end()
    },
  )
  return api.router
}

/** The admin routers, in matching order. */
export function adminRouters(deps: ApiDeps): CataloguedRouter[] {
  return [adminSessionRouter(deps), queueDashboardRouter(deps)]
}
