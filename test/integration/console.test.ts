import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AxiosInstance } from 'axios'
import { buildConsoleAssets, consoleAssetCache, consoleSourceDir } from '../../src/api/console/console.bundle'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

describe('the web console is served by the API on its own origin', () => {
  let th: TestHub
  let anon: AxiosInstance
  let as: (key: string) => AxiosInstance

  beforeAll(async () => {
    th = await startTestHub()
    const api = await th.api()
    anon = api.as()
    as = api.as
  })
  afterAll(async () => {
    await th?.close()
  })

  test('GET / redirects to /console, an HTML page held to this origin by its Content-Security-Policy', async () => {
    const root = await anon.get('/', { maxRedirects: 0 })
    expect(root.status).toBe(302)
    expect(root.headers.location).toBe('/console')

    const page = await anon.get('/console')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/)
    expect(page.data).toContain('<script type="module" src="/console/app.js"></script>')
    expect(page.data).toContain('<link rel="stylesheet" href="/console/console.css">')
  })

  test('the script is the bundle of web/console, with an ETag that answers 304 when unchanged', async () => {
    const js = await anon.get('/console/app.js', { responseType: 'text' })
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toMatch(/^text\/javascript/)
    // Text from web/console/app.tsx: the bundle is built from the sources beside the server.
    expect(js.data).toContain('Sign in with your API key')
    // Bundled: no bare imports left for the browser to resolve.
    expect(js.data).not.toMatch(/from\s*["']preact/)
    const etag = js.headers.etag
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await anon.get('/console/app.js', { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)

    const css = await anon.get('/console/console.css', { responseType: 'text' })
    expect(css.status).toBe(200)
    expect(css.headers['content-type']).toMatch(/^text\/css/)
    expect(css.data).toContain('.sidebar')
  })

  test('GET /v1/me names the key, its role, its tenant and the permissions of that role', async () => {
    expect((await anon.get('/v1/me')).status).toBe(401)
    for (const role of ['admin', 'marketer', 'service', 'manager', 'webhook'] as const) {
      const me = await as(await createKey(th, role)).get('/v1/me')
      expect(me.status).toBe(200)
      expect(me.data).toMatchObject({ role, keyName: `${role}-test`, tenant: { id: th.tenantId } })
      expect(me.data.permissions).toContain('session:read')
      expect(me.data.permissions.includes('connections:write')).toBe(role === 'admin')
      expect(me.data.permissions.includes('campaigns:write')).toBe(role === 'admin' || role === 'marketer')
      expect(me.data.permissions.includes('cases:write')).toBe(role === 'admin' || role === 'service')
      expect(me.data.permissions.includes('scorecard:write')).toBe(role === 'admin' || role === 'manager')
    }
  })
})

describe('building the console bundle', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'erphub-console-'))
    cpSync(consoleSourceDir(), dir, { recursive: true })
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('a source that does not compile is an error naming the file and line, not a stale page', async () => {
    writeFileSync(join(dir, 'main.tsx'), "import { render } from 'preact'\nconst broken = ;\nrender(<div />, document.body)\n")
    await expect(buildConsoleAssets(dir)).rejects.toThrow(/main\.tsx:2/)
  })

  test('a failed build is not kept: the next request builds again', async () => {
    let calls = 0
    const get = consoleAssetCache(async () => {
      calls++
      if (calls === 1) throw new Error('first build fails')
      return buildConsoleAssets(dir)
    })
    await expect(get()).rejects.toThrow('first build fails')
    const assets = await get()
    expect(assets['app.js'].body.length).toBeGreaterThan(1000)
    // Built once, then kept.
    await get()
    expect(calls).toBe(2)
  })
})
