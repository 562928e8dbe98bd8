import type { AxiosInstance } from 'axios'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

type Role = 'admin' | 'marketer' | 'service' | 'manager' | 'webhook'
const ROLES: Role[] = ['admin', 'marketer', 'service', 'manager', 'webhook']

/**
 * The contract of the CRM, SCM, KM and scorecard APIs as a whole: who may read what (the roles'
 * table in the README, written out here as the expectation), and that bad input to every endpoint
 * that takes some is a 400 naming the field.
 */
describe('CRM, SCM, KM and scorecard APIs: roles and input', () => {
  let th: TestHub
  const as = {} as Record<Role, AxiosInstance>

  beforeAll(async () => {
    th = await startTestHub()
    const api = await th.api()
    for (const role of ROLES) as[role] = api.as(await createKey(th, role))
  })
  afterAll(async () => {
    await th?.close()
  })

  // Reading: [path, roles that may]
  const reads: Array<[string, Role[]]> = [
    ['/v1/availability?skus=A', ['admin', 'marketer', 'service']],
    ['/v1/segments', ['admin', 'marketer', 'service']],
    ['/v1/campaigns', ['admin', 'marketer']],
    ['/v1/product-ladders', ['admin', 'marketer', 'service']],
    ['/v1/association-rules', ['admin', 'marketer', 'service']],
    ['/v1/knowledge', ['admin', 'marketer', 'service']],
    ['/v1/cases', ['admin', 'service']],
    ['/v1/scorecard?period=2026-11', ['admin', 'marketer', 'service', 'manager']],
    ['/v1/scorecard/kpis', ['admin', 'marketer', 'service', 'manager']],
  ]
  test.each(reads)('GET %s answers the roles %p and refuses the others', async (path, allowed) => {
    for (const role of ROLES) {
      const res = await as[role].get(path)
      expect([role, res.status]).toEqual([role, allowed.includes(role) ? 200 : 403])
    }
  })

  // Writing: [method, path, roles that may, body]: the permission is checked before the body, so an empty one does.
  const writes: Array<[string, string, Role[], unknown]> = [
    ['post', '/v1/segments', ['admin', 'marketer'], {}],
    ['post', '/v1/campaigns', ['admin', 'marketer'], {}],
    ['put', '/v1/product-ladders/basic', ['admin', 'marketer'], {}],
    ['post', '/v1/knowledge', ['admin', 'service'], {}],
    ['post', '/v1/cases', ['admin', 'service'], {}],
    ['put', '/v1/scorecard/targets/retention-rate', ['admin', 'manager'], {}],
  ]
  test.each(writes)('%s %s is refused to every role but %j', async (method, path, allowed, body) => {
    for (const role of ROLES) {
      const res = await as[role].request({ method, url: path, data: body })
      expect([role, res.status === 403]).toEqual([role, !allowed.includes(role)])
    }
  })

  // Bad input: [method, path, the field's path in the answer, body]
  const bad: Array<[string, string, string, unknown]> = [
    ['get', '/v1/availability?skus=A&from=2026-02-30', 'query.from', undefined],
    ['get', '/v1/availability?skus=A&location=', 'query.location', undefined],
    ['post', '/v1/segments', 'conditions[0].value', { name: 'x', conditions: [{ field: 'country', op: 'eq' }] }],
    ['post', '/v1/segments/preview', 'conditions[0].orders.withinDays', { conditions: [{ orders: { withinDays: -1 } }] }],
    ['get', '/v1/segments?limit=0', 'query.limit', undefined],
    ['post', '/v1/campaigns', 'offers', { name: 'x', mailDate: '2026-12-01', promiseDate: '2026-12-10', offers: [] }],
    ['post', '/v1/campaigns', 'controlShare', { name: 'x', mailDate: '2026-12-01', promiseDate: '2026-12-10', offers: [{ sku: 'A', responseRate: 0.1, quantityPerResponse: '1' }], controlShare: 0.95 }],
    ['post', '/v1/campaigns/funnel', 'selection.ranking', { selection: { ranking: 'luck' } }],
    ['get', '/v1/campaigns?status=running', 'query.status', undefined],
    ['put', '/v1/product-ladders/basic', 'rungs', { rungs: ['A'] }],
    ['post', '/v1/association-rules/mine', 'minSupport', { minSupport: 2 }],
    ['get', '/v1/association-rules?limit=abc', 'query.limit', undefined],
    ['post', '/v1/knowledge', 'title', { title: '', body: 'x' }],
    ['get', '/v1/knowledge?status=lost', 'query.status', undefined],
    ['get', '/v1/cases?overdue=maybe', 'query.overdue', undefined],
    ['get', '/v1/scorecard?period=2026-Q5', 'query.period', undefined],
    ['put', '/v1/scorecard/targets/retention-rate', 'target', { target: 'high' }],
  ]
  test.each(bad)('%s %s with bad input is a 400 naming %s', async (method, path, field, body) => {
    const res = await as.admin.request({ method, url: path, data: body })
    expect(res.status).toBe(400)
    expect(res.data.error.details.issues.map((i: { path: string }) => i.path)).toContain(field)
  })

  test('ids that are not ids, or not the tenant\'s, are 404s, never 500s', async () => {
    for (const path of ['/v1/campaigns/nope', '/v1/segments/nope', '/v1/knowledge/nope', '/v1/cases/nope', '/v1/customers/nope/offers', '/v1/campaigns/00000000-0000-4000-8000-000000000000/results']) {
      expect([path, (await as.admin.get(path)).status]).toEqual([path, 404])
    }
  })
})
