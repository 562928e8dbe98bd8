import { randomUUID } from 'node:crypto'
import type { AxiosInstance, AxiosResponse } from 'axios'
import { ADMIN_COOKIE } from '../../src/api/admin-queues.router'
import { SYNC_QUEUE } from '../../src/jobs/sync.job'
import { apiRoles, type ApiRole } from '../../src/store/api-key.repo'
import { ensureTenant } from '../../src/store/tenant.repo'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

/** What a browser sends when it opens a page, and when it posts a form. */
const PAGE = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }
const FORM = { ...PAGE, 'Content-Type': 'application/x-www-form-urlencoded' }
const NOT_ADMIN = apiRoles.filter((r) => r !== 'admin')

/** The session cookie a response sets (its whole Set-Cookie line), if any. */
function sessionCookie(res: AxiosResponse): string | undefined {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((line) => line.startsWith(`${ADMIN_COOKIE}=`))
}

describe('queue dashboard (bull-board) at /admin/queues, admin keys only', () => {
  let th: TestHub
  let anonymous: AxiosInstance
  let as: (key?: string) => AxiosInstance
  const keys = {} as Record<ApiRole, string>
  const signIn = (key: string, headers: Record<string, string> = {}) => anonymous.post('/admin/session', new URLSearchParams({ key }).toString(), { headers: { ...FORM, ...headers }, maxRedirects: 0 })

  beforeAll(async () => {
    th = await startTestHub()
    const api = await th.api()
    as = api.as
    anonymous = api.as()
    for (const role of apiRoles) keys[role] = await createKey(th, role)
  })
  afterAll(async () => {
    await th?.close()
  })

  test('without a credential: 401, and a browser gets a self-contained sign-in form that posts to /admin/session', async () => {
    const page = await anonymous.get('/admin/queues', { headers: PAGE })
    expect(page.status).toBe(401)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    const html = page.data as string
    expect(html).toMatch(/<form method="post" action="\/admin\/session">/)
    expect(html).toMatch(/<input id="key" name="key" type="password"/)
    // Nothing from elsewhere and no script at all; the policy says so.
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i)
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'")
    expect(sessionCookie(page)).toBeUndefined()

    // A program (JSON preferred) gets the API's error; bull-board's JSON API always does.
    const program = await anonymous.get('/admin/queues')
    expect([program.status, program.data.error.code]).toEqual([401, 'unauthenticated'])
    const board = await anonymous.get('/admin/queues/api/queues', { headers: PAGE })
    expect([board.status, board.data.error.code]).toEqual([401, 'unauthenticated'])

    // An unknown key is no better than none.
    const unknown = await as(`ehk_${'x'.repeat(43)}`).get('/admin/queues', { headers: PAGE })
    expect(unknown.status).toBe(401)
    expect(unknown.data).toContain('unknown or revoked')
    // The sign-in page itself is open.
    const signInPage = await anonymous.get('/admin/session')
    expect(signInPage.status).toBe(200)
    expect(signInPage.data).toMatch(/<form method="post" action="\/admin\/session">/)
  })

  test.each(NOT_ADMIN)('a %s key is refused: 403 on the page and the API, and no session cookie at sign-in', async (role) => {
    const page = await as(keys[role]).get('/admin/queues', { headers: PAGE })
    expect(page.status).toBe(403)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.data).toContain(`role (${role}) may not open the queue dashboard`)
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await as(keys[role]).get(path)
      expect([path, res.status, res.data.error.code]).toEqual([path, 403, 'forbidden'])
    }
    const form = await signIn(keys[role])
    expect(form.status).toBe(403)
    expect(form.data).toContain('it needs an admin key')
    expect(sessionCookie(form)).toBeUndefined()
    const json = await anonymous.post('/admin/session', { key: keys[role] })
    expect([json.status, json.data.error.code]).toEqual([403, 'forbidden'])
    expect(sessionCookie(json)).toBeUndefined()
  })

  test("an admin key in a header opens bull-board's page, whose own files are guarded too", async () => {
    const page = await as(keys.admin).get('/admin/queues', { headers: PAGE })
    expect(page.status).toBe(200)
    const html = page.data as string
    expect(html).toContain('<base href="/admin/queues/"')
    expect(html).toContain('id="__UI_CONFIG__"')
    const script = /<script defer src="(static\/js\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const withKey = await as(keys.admin).get(`/admin/queues/${script}`)
    expect(withKey.status).toBe(200)
    expect(withKey.headers['content-type']).toMatch(/javascript/)
    expect((await anonymous.get(`/admin/queues/${script}`)).status).toBe(401)
    expect((await as(keys.marketer).get(`/admin/queues/${script}`)).status).toBe(403)
  })

  test('POST /admin/session with an admin key sets an HttpOnly, SameSite=Strict cookie for /admin that opens the dashboard', async () => {
    const form = await signIn(keys.admin)
    expect(form.status).toBe(303)
    expect(form.headers.location).toBe('/admin/queues')
    const line = sessionCookie(form)!
    expect(line).toBeDefined()
    const attributes = line.split(';').map((a) => a.trim().toLowerCase())
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/admin']))
    // Plain http here: the cookie is not marked Secure (it is over https).
    expect(attributes).not.toContain('secure')
    const cookie = line.split(';')[0]
    expect(cookie).toBe(`${ADMIN_COOKIE}=${keys.admin}`)

    const page = await anonymous.get('/admin/queues', { headers: { ...PAGE, Cookie: cookie } })
    expect(page.status).toBe(200)
    expect(page.data).toContain('<base href="/admin/queues/"')

    // A program may sign in with JSON: 204 and the same cookie.
    const json = await anonymous.post('/admin/session', { key: keys.admin })
    expect(json.status).toBe(204)
    expect(sessionCookie(json)?.split(';')[0]).toBe(cookie)
    // A wrong key at the form: the sign-in page again, with the reason, and no cookie.
    const wrong = await signIn(`ehk_${'y'.repeat(43)}`)
    expect(wrong.status).toBe(401)
    expect(wrong.data).toContain('unknown or revoked')
    expect(sessionCookie(wrong)).toBeUndefined()
    expect((await anonymous.post('/admin/session', {})).status).toBe(400)
  })

  test("bull-board's JSON API lists the hub's queues and shows a job the hub added", async () => {
    const cookie = sessionCookie(await signIn(keys.admin))!.split(';')[0]
    const hubQueues = th.hub.api.queues.map((q) => q.name)
    expect(hubQueues).toContain(SYNC_QUEUE)
    // No worker runs in this file: the job waits in the queue where the dashboard can see it.
    const runId = randomUUID()
    await th.hub.syncQueue.enqueueRun({ tenantId: th.tenantId, connectionId: randomUUID(), entity: 'customer', trigger: 'manual', runId })

    const res = await anonymous.get('/admin/queues/api/queues', { params: { activeQueue: SYNC_QUEUE, status: 'latest', jobsPerPage: 50 }, headers: { Cookie: cookie } })
    expect(res.status).toBe(200)
    const queues = res.data.queues as Array<{ name: string; counts: Record<string, number>; jobs: Array<{ id: string; name: string; data: Record<string, unknown> }> }>
    expect(queues.map((q) => q.name).sort()).toEqual([...hubQueues].sort())
    const sync = queues.find((q) => q.name === SYNC_QUEUE)!
    expect(sync.counts.waiting).toBeGreaterThanOrEqual(1)
    expect(sync.jobs.find((j) => j.id === runId)).toMatchObject({ name: 'sync', data: { tenantId: th.tenantId, entity: 'customer', trigger: 'manual', runId } })
    // One job, through the same API, with the key in a header this time.
    const job = await as(keys.admin).get(`/admin/queues/api/queues/${SYNC_QUEUE}/${runId}`)
    expect(job.status).toBe(200)
    expect(job.data.job).toMatchObject({ id: runId })
  })

  test("the cookie acts on bull-board's API from the same site only, and authenticates nothing under /v1", async () => {
    const cookie = sessionCookie(await signIn(keys.admin))!.split(';')[0]
    const queue = th.hub.syncQueue.queue
    const pause = (site: string) => anonymous.put(`/admin/queues/api/queues/${SYNC_QUEUE}/pause`, undefined, { headers: { Cookie: cookie, 'Sec-Fetch-Site': site } })

    const crossSite = await pause('cross-site')
    expect([crossSite.status, crossSite.data.error.code]).toEqual([403, 'forbidden'])
    expect(await queue.isPaused()).toBe(false)
    expect((await pause('same-origin')).status).toBe(200)
    expect(await queue.isPaused()).toBe(true)
    expect((await anonymous.put(`/admin/queues/api/queues/${SYNC_QUEUE}/resume`, undefined, { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200)
    expect(await queue.isPaused()).toBe(false)

    // A sign-in from another site is refused (no login CSRF).
    const foreign = await signIn(keys.admin, { 'Sec-Fetch-Site': 'cross-site' })
    expect(foreign.status).toBe(403)
    expect(sessionCookie(foreign)).toBeUndefined()

    // The /v1 API reads headers only: the admin key as a cookie is no key at all there.
    const v1 = await anonymous.get('/v1/runs', { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } })
    expect([v1.status, v1.data.error.code]).toEqual([401, 'unauthenticated'])
    expect((await as(keys.admin).get('/v1/runs')).status).toBe(200)
  })

  test('sign-out clears the cookie', async () => {
    const form = await anonymous.post('/admin/session/sign-out', '', { headers: FORM, maxRedirects: 0 })
    expect(form.status).toBe(303)
    expect(form.headers.location).toBe('/admin/session')
    const cleared = sessionCookie(form)!
    expect(cleared).toMatch(new RegExp(`^${ADMIN_COOKIE}=;`))
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/)
    expect(cleared.toLowerCase()).toContain('path=/admin')
    expect((await anonymous.post('/admin/session/sign-out', {})).status).toBe(204)
  })
})

describe("the queue dashboard shows every tenant's jobs: only the operator tenant's admins open it", () => {
  let th: TestHub
  let as: (key?: string) => AxiosInstance

  afterEach(async () => {
    await th?.close()
  })

  test('without OPERATOR_TENANT: any admin while the hub has one tenant; nobody once it has two, with the setting named', async () => {
    th = await startTestHub()
    as = (await th.api()).as
    const admin = await createKey(th, 'admin')
    expect((await as(admin).get('/admin/queues/api/queues')).status).toBe(200)

    const other = await ensureTenant(th.hub.db, `other-${randomUUID().slice(0, 8)}`, 'Another tenant')
    const otherAdmin = await createKey(th, 'admin', other.id)
    for (const key of [admin, otherAdmin]) {
      const res = await as(key).get('/admin/queues/api/queues')
      expect([res.status, res.data.error.code]).toEqual([403, 'forbidden'])
      expect(res.data.error.message).toContain('set OPERATOR_TENANT')
    }
    // No session cookie for them either.
    const signIn = await as().post('/admin/session', { key: otherAdmin })
    expect(signIn.status).toBe(403)
    expect(sessionCookie(signIn)).toBeUndefined()
  })

  test("with OPERATOR_TENANT: that tenant's admins only, however many tenants there are", async () => {
    th = await startTestHub({ operatorTenant: 'hub-operators' })
    as = (await th.api()).as
    const operators = await ensureTenant(th.hub.db, 'hub-operators', 'Operators')
    const operator = await createKey(th, 'admin', operators.id)
    const customerAdmin = await createKey(th, 'admin')
    expect((await as(operator).get('/admin/queues/api/queues')).status).toBe(200)
    const refused = await as(customerAdmin).get('/admin/queues/api/queues')
    expect(refused.status).toBe(403)
    expect(refused.data.error.message).toContain('OPERATOR_TENANT=hub-operators')
  })
})
