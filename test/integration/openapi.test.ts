import { execFile } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Script } from 'node:vm'
import type { AxiosInstance } from 'axios'
import { isQueueDashboard } from '../../src/api/admin-queues.router'
import { createApp } from '../../src/api/app'
import { apiRoles, type ApiRole } from '../../src/store/api-key.repo'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

type Operation = { 'x-erphub-auth': string; 'x-erphub-roles'?: ApiRole[]; parameters?: Array<{ name: string; in: string; schema: Record<string, unknown> }>; requestBody?: { content: Record<string, { schema?: unknown }> } }
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } }

const ROOT = join(__dirname, '..', '..')
const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/**
 * The validator is an ES module and jest runs CommonJS, so it runs in a node of its own: the
 * OpenAPI 3.1 schema check of @seriousme/openapi-schema-validator (with its check that every $ref
 * resolves), then every schema in the document compiled as JSON Schema 2020-12 by the ajv that
 * validator uses, and sample bodies the API accepts checked against their operation's schema.
 */
const VALIDATE = `
import { createRequire } from 'node:module'
import { Validator } from '@seriousme/openapi-schema-validator'
let text = ''
for await (const chunk of process.stdin) text += chunk
const { doc, samples } = JSON.parse(text)
const validator = new Validator()
const result = await validator.validate(structuredClone(doc))
const require = createRequire(process.cwd() + '/node_modules/@seriousme/openapi-schema-validator/index.js')
const Ajv2020 = require('ajv/dist/2020').default
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })
const BASE = 'https://erphub.invalid/openapi.json'
ajv.addSchema({ ...doc, $id: BASE }, undefined, undefined, false)
const pointer = (parts) => '#' + parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\\//g, '~1')).join('')
const schemaErrors = []
const compile = (parts, schema) => {
  if (!ajv.validateSchema(schema)) schemaErrors.push({ at: pointer(parts), errors: ajv.errors })
  try { return ajv.compile({ $ref: BASE + pointer(parts) }) } catch (err) { schemaErrors.push({ at: pointer(parts), error: String(err) }) }
}
for (const [name, schema] of Object.entries(doc.components.schemas)) compile(['components', 'schemas', name], schema)
for (const [path, item] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(item)) {
  ;(op.parameters ?? []).forEach((p, i) => compile(['paths', path, method, 'parameters', i, 'schema'], p.schema))
  for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) if (media.schema) compile(['paths', path, method, 'requestBody', 'content', type, 'schema'], media.schema)
}
const sampleErrors = []
for (const s of samples) {
  const check = ajv.compile({ $ref: BASE + pointer(['paths', s.path, s.method, 'requestBody', 'content', 'application/json', 'schema']) })
  if (!check(s.body)) sampleErrors.push({ sample: s.path, errors: check.errors })
}
process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? null, schemaErrors, sampleErrors }))
`

function validate(doc: OpenApi, samples: Array<{ path: string; method: string; body: unknown }>): Promise<{ valid: boolean; version: string; errors: unknown; schemaErrors: unknown[]; sampleErrors: unknown[] }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', VALIDATE], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`the validator failed: ${stderr || err.message}`))
      else resolve(JSON.parse(stdout))
    })
    child.stdin!.end(JSON.stringify({ doc, samples }))
  })
}

/** An express application (not a Router): it serves routes of its own, which the router stack does not show. */
function isExpressApp(handle: unknown): boolean {
  const h = handle as { handle?: unknown; set?: unknown; stack?: unknown }
  return typeof handle === 'function' && typeof h.handle === 'function' && typeof h.set === 'function' && h.stack === undefined
}

/**
 * Every route express would serve, as `METHOD /openapi/{path}`, from the app's router stack; and every
 * express application mounted in it, with its mount path and whether it is the queue dashboard.
 */
function expressRoutes(app: ReturnType<typeof createApp>): { routes: string[]; apps: Array<{ path: string; dashboard: boolean }> } {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: Layer[] }; rawPath?: unknown }
  const out: string[] = []
  const apps: Array<{ path: string; dashboard: boolean }> = []
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = `${prefix}${layer.route.path === '/' ? '' : layer.route.path}` || '/'
        for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && m !== '_all')) out.push(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`)
      } else if (layer.handle.stack) {
        // A mounted router: its mount path is a plain string (no pattern the document could not name).
        expect(typeof layer.rawPath).toBe('string')
        walk(layer.handle.stack, `${prefix}${layer.rawPath === '/' ? '' : layer.rawPath}`)
      } else if (isExpressApp(layer.handle)) {
        // A mounted application's routes are its own, not the catalogue's: recorded whole, to be accounted for.
        expect(typeof layer.rawPath).toBe('string')
        apps.push({ path: `${prefix}${layer.rawPath === '/' ? '' : layer.rawPath}` || '/', dashboard: isQueueDashboard(layer.handle) })
      }
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '')
  return { routes: out.sort(), apps }
}

function operations(doc: OpenApi): Array<[string, string, Operation]> {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m): [string, string, Operation] => [m, path, item[m]]))
}

describe('OpenAPI document and reference', () => {
  let th: TestHub
  let anonymous: AxiosInstance
  const as = {} as Record<ApiRole, AxiosInstance>
  let doc: OpenApi

  beforeAll(async () => {
    th = await startTestHub()
    const api = await th.api()
    anonymous = api.as()
    for (const role of apiRoles) as[role] = api.as(await createKey(th, role))
    const res = await anonymous.get('/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/application\/json/)
    doc = res.data
  })
  afterAll(async () => {
    await th?.close()
  })

  test('GET /openapi.json needs no key and is an OpenAPI 3.1 document a real validator accepts', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./)
    const readme = {
      name: 'erp-main',
      kind: 'rest',
      config: { baseUrl: 'http://127.0.0.1:4010', auth: { type: 'bearer', token: 'sim-token' }, entities: { customer: { path: '/api/v1/customers', paging: { type: 'cursor' }, incremental: { param: 'updated_since', field: 'updated_at' } } } },
      schedule: { everySeconds: 900, entities: { customer: 300 } },
      mappings: { customer: 'rest/customer' },
    }
    const segment = { name: 'Loyal in DE', conditions: [{ all: [{ field: 'country', op: 'eq', value: 'DE' }, { not: { rfm: { segments: ['Hibernating'] } } }, { orders: { withinDays: 90, minCount: 2 } }] }] }
    const result = await validate(doc, [
      { path: '/v1/connections', method: 'post', body: readme },
      { path: '/v1/segments', method: 'post', body: segment },
      { path: '/v1/campaigns/funnel', method: 'post', body: { selection: { eligibility: [{ field: 'country', op: 'in', value: ['DE', 'AT'] }] }, maxTargets: 100 } },
    ])
    expect(result).toEqual({ valid: true, version: expect.stringMatching(/^3\.1/), errors: null, schemaErrors: [], sampleErrors: [] })
  })

  test('every route express serves is in the document with its method, and every documented route is served', async () => {
    const { routes: served, apps } = expressRoutes(createApp(th.hub.api))
    // bull-board is an express application with many routes of its own (its page, files and JSON API): the one
    // mounted application allowed, recognised by identity, is that dashboard, at the path of its documented entry.
    expect(apps).toEqual([{ path: '/admin/queues', dashboard: true }])
    expect(served).toContain('GET /admin/queues')
    expect(doc.paths['/admin/queues']?.get?.['x-erphub-roles']).toEqual(['admin'])
    const documented = operations(doc)
      .filter(([, , op]) => op['x-erphub-auth'] !== 'connection-signature')
      .map(([m, p]) => `${m.toUpperCase()} ${p}`)
      .sort()
    expect(new Set(served).size).toBe(served.length)
    expect(served).toEqual(documented)
    // The webhook fast path runs before express; the document names it all the same.
    expect(doc.paths['/v1/webhooks/{connectionId}']?.post?.['x-erphub-auth']).toBe('connection-signature')
    expect(documented.length).toBeGreaterThanOrEqual(75)
  })

  test('router files declare routes only through the route catalogue', () => {
    const dir = join(ROOT, 'src', 'api')
    const files = readdirSync(dir).filter((f) => f.endsWith('.router.ts') || f === 'app.ts')
    expect(files.length).toBeGreaterThan(15)
    const offences = files.flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ file, line: i + 1, text: line.trim() }))
        // An express Router made by hand, or a route added on anything but the catalogue's group (`api`).
        .filter(({ text }) => /\b(express\.)?Router\(/.test(text) || /\b(?!api\b)[A-Za-z_$][\w$]*\.(get|post|put|patch|delete|all)\(\s*['"`]\//.test(text)),
    )
    expect(offences.filter((o) => !(o.file === 'app.ts' && /express\.Router\(\)/.test(o.text)))).toEqual([])
  })

  test('each operation lets through exactly the roles it lists', async () => {
    const mismatches: string[] = []
    for (const [method, path, op] of operations(doc)) {
      if (op['x-erphub-auth'] !== 'api-key') continue
      const url = path.replace(/\{\w+\}/g, () => randomUUID())
      for (const role of apiRoles) {
        const res = await as[role].request({ method, url, data: ['post', 'put', 'patch'].includes(method) ? {} : undefined })
        const refused = res.status === 403 && res.data?.error?.code === 'forbidden'
        const unrouted = res.status === 404 && /no route/.test(res.data?.error?.message ?? '')
        if (unrouted || refused === op['x-erphub-roles']!.includes(role)) mismatches.push(`${method.toUpperCase()} ${path} as ${role}: ${res.status} ${res.data?.error?.message ?? ''}`)
      }
    }
    expect(mismatches).toEqual([])
  })

  test('the public operations answer without a key; the others ask for one', async () => {
    for (const [method, path, op] of operations(doc)) {
      if (op['x-erphub-auth'] === 'connection-signature') continue
      const res = await anonymous.request({ method, url: path.replace(/\{\w+\}/g, () => randomUUID()) })
      expect([method, path, res.status === 401]).toEqual([method, path, op['x-erphub-auth'] === 'api-key'])
    }
  })

  test('the request schemas are the ones that validate: limits, enums and nested conditions come from zod', async () => {
    const runs = doc.paths['/v1/runs'].get.parameters!
    expect(runs.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
    expect(runs.find((p) => p.name === 'status')?.schema.enum).toContain('succeeded')
    const segment = JSON.stringify(doc.paths['/v1/segments'].post.requestBody)
    expect(segment).toContain('#/components/schemas/SegmentCondition')
    // The same limit, refused by the API with the field named.
    const res = await as.admin.get('/v1/runs?limit=501')
    expect(res.status).toBe(400)
    expect(res.data.error.details.issues[0].path).toBe('query.limit')
  })

  test('GET /docs is a self-contained HTML reference that reads /openapi.json', async () => {
    const res = await anonymous.get('/docs')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    const html = res.data as string
    expect(html).toContain("'/openapi.json'")
    // Nothing from elsewhere: no external script, style or image, and a policy that would block one.
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i)
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("connect-src 'self'")
    // The inline script is the one the policy allows, and it parses.
    const script = html.match(/<script>([\s\S]*)<\/script>/)![1]
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`)
    expect(() => new Script(script)).not.toThrow()
  })
})
