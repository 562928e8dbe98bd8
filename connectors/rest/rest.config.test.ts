import { findSecretPaths } from '../../src/connector-sdk'
import { restConfigSchema } from './rest.config'
import { restConnector } from './rest.connector'

const minimal = { baseUrl: 'https://erp.example.test', entities: { customer: { path: '/api/v1/customers' } } }

function issuesOf(input: unknown) {
  const parsed = restConfigSchema.safeParse(input)
  if (parsed.success) throw new Error('expected the config to be rejected')
  return parsed.error.issues
}

describe('rest config', () => {
  it('fills every default of a minimal config', () => {
    const parsed = restConfigSchema.parse(minimal)
    expect(parsed).toEqual({
      baseUrl: 'https://erp.example.test',
      auth: { type: 'none' },
      timeoutMs: 30_000,
      headers: {},
      entities: {
        customer: {
          path: '/api/v1/customers',
          recordsPath: 'data',
          idField: 'id',
          pageSize: 100,
          query: {},
          paging: { type: 'cursor', cursorParam: 'cursor', sizeParam: 'limit', nextCursorPath: 'next_cursor' },
        },
      },
    })
  })

  it.each([
    [{ type: 'page' }, { type: 'page', pageParam: 'page', sizeParam: 'per_page', firstPage: 1 }],
    [{ type: 'offset' }, { type: 'offset', offsetParam: 'offset', limitParam: 'limit' }],
    [{ type: 'next-link' }, { type: 'next-link' }],
    [{ type: 'none' }, { type: 'none' }],
  ])('fills the defaults of paging %j', (paging, expected) => {
    const parsed = restConfigSchema.parse({ ...minimal, entities: { customer: { path: '/c', paging } } })
    expect(parsed.entities.customer.paging).toEqual(expected)
  })

  it('fills the defaults of incremental and of api-key auth', () => {
    const parsed = restConfigSchema.parse({
      ...minimal,
      auth: { type: 'api-key', value: 'k-123' },
      entities: { customer: { path: '/c', incremental: {} } },
    })
    expect(parsed.auth).toEqual({ type: 'api-key', header: 'X-API-Key', value: 'k-123' })
    expect(parsed.entities.customer.incremental).toEqual({ param: 'updated_since', field: 'updated_at', format: 'iso', lookbackMs: 0 })
  })

  it('reports a typo in a nested key on the object that holds it, naming the key', () => {
    const issues = issuesOf({ ...minimal, entities: { customer: { path: '/c', paging: { type: 'page', pageParm: 'p' } } } })
    expect(issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['pageParm'], path: ['entities', 'customer', 'paging'] })])
  })

  it('reports a typo at the top level too', () => {
    const issues = issuesOf({ ...minimal, timeout: 5000 })
    expect(issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['timeout'], path: [] })])
  })

  it('reports a bad paging type at entities.<name>.paging.type', () => {
    const issues = issuesOf({ ...minimal, entities: { customer: { path: '/c', paging: { type: 'pages' } } } })
    expect(issues.map((i) => i.path)).toEqual([['entities', 'customer', 'paging', 'type']])
  })

  it('reports a bad auth type, incremental format and page size with their paths', () => {
    const issues = issuesOf({
      ...minimal,
      auth: { type: 'oauth' },
      entities: { customer: { path: '/c', pageSize: 0, incremental: { format: 'unix' } } },
    })
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        ['auth', 'type'],
        ['entities', 'customer', 'pageSize'],
        ['entities', 'customer', 'incremental', 'format'],
      ]),
    )
    expect(issues).toHaveLength(3)
  })

  it('requires at least one entity', () => {
    expect(issuesOf({ ...minimal, entities: {} }).map((i) => i.path)).toEqual([['entities']])
  })

  it.each([
    ['an absolute URL', 'https://elsewhere.example/x'],
    ['a protocol-relative URL', '//elsewhere.example/x'],
    ['a path without a leading slash', 'customers'],
  ])('rejects %s as an entity path (paths are appended to baseUrl, so credentials stay on its host)', (_what, path) => {
    expect(issuesOf({ ...minimal, entities: { customer: { path } } }).map((i) => i.path)).toEqual([['entities', 'customer', 'path']])
  })

  it('rejects a baseUrl that is not http(s) or carries credentials, without echoing them', () => {
    expect(issuesOf({ ...minimal, baseUrl: 'ftp://erp.example.test' }).map((i) => i.path)).toEqual([['baseUrl']])
    const issues = issuesOf({ ...minimal, baseUrl: 'https://admin:hunter2@erp.example.test' })
    expect(issues.map((i) => i.path)).toEqual([['baseUrl']])
    expect(JSON.stringify(issues)).not.toContain('hunter2')
  })

  it('rejects a static query param that the paging or incremental param would overwrite', () => {
    const issues = issuesOf({
      ...minimal,
      entities: { customer: { path: '/c', query: { limit: '5', updated_since: 'x' }, incremental: {} } },
    })
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        ['entities', 'customer', 'query', 'limit'],
        ['entities', 'customer', 'query', 'updated_since'],
      ]),
    )
  })

  it('rejects a config header that auth would overwrite', () => {
    const issues = issuesOf({ ...minimal, auth: { type: 'bearer', token: 't-1' }, headers: { authorization: 'Bearer other' } })
    expect(issues.map((i) => i.path)).toEqual([['headers', 'authorization']])
  })

  it('rejects a header value with a line break', () => {
    expect(issuesOf({ ...minimal, headers: { 'X-Tenant': 'a\r\nX-Evil: 1' } }).map((i) => i.path)).toEqual([['headers', 'X-Tenant']])
  })

  it.each([
    [{ type: 'bearer', token: 'tok-1' }, [['auth', 'token']]],
    [{ type: 'basic', username: 'u', password: 'pw-1' }, [['auth', 'password']]],
    [{ type: 'api-key', header: 'X-Shopify-Access-Token', value: 'shpat_1' }, [['auth', 'value']]],
    [{ type: 'none' }, []],
  ])('marks the secret of auth %j so the hub can find it', (auth, paths) => {
    const config = restConfigSchema.parse({ ...minimal, auth })
    expect(findSecretPaths(restConnector.configSchema, config)).toEqual(paths)
  })
})

describe('rest entities()', () => {
  it('declares each configured entity readable, keyed by idField, incremental when configured', () => {
    const config = restConfigSchema.parse({
      ...minimal,
      entities: { customer: { path: '/c', incremental: {} }, product: { path: '/p', idField: 'sku' } },
    })
    expect(restConnector.entities(config)).toEqual({
      customer: { key: 'id', can: { read: true }, incremental: true },
      product: { key: 'sku', can: { read: true }, incremental: false },
    })
  })
})
