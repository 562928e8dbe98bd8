import { findSecretPaths } from '../../src/connector-sdk'
import { trytonConfigSchema } from './tryton.config'
import { trytonConnector } from './tryton.connector'

const minimal = { url: 'http://127.0.0.1:8000/', database: 'tryton_erp', login: 'hub', password: 'hub-integration-pw' }
const issuePaths = (input: unknown) => {
  const parsed = trytonConfigSchema.safeParse(input)
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))
}

describe('tryton config', () => {
  it('fills the documented defaults', () => {
    expect(trytonConfigSchema.parse(minimal)).toEqual({
      ...minimal,
      language: 'en',
      pageSize: 100,
      overlapMs: 60_000,
      timeoutMs: 30_000,
      loginTimeoutMs: 60_000,
      loginRetryAfterMs: 300_000,
      writes: ['opportunity', 'complaint', 'complaint-status'],
    })
  })

  it('marks the password as the secret, and only it', () => {
    expect(findSecretPaths(trytonConfigSchema, trytonConfigSchema.parse(minimal))).toEqual([['password']])
  })

  it.each([
    ['an unknown key (a typo)', { ...minimal, passwrd: 'x' }, ''],
    ['credentials in the URL', { ...minimal, url: 'http://hub:secret@127.0.0.1:8000/' }, 'url'],
    ['a URL that is not http(s)', { ...minimal, url: 'ftp://127.0.0.1/' }, 'url'],
    ['a database name with a path in it', { ...minimal, database: 'tryton_erp/../other' }, 'database'],
    ['a page size of 0', { ...minimal, pageSize: 0 }, 'pageSize'],
    ['a write entity listed twice', { ...minimal, writes: ['opportunity', 'opportunity'] }, 'writes'],
    ['a write entity it does not know', { ...minimal, writes: ['invoice'] }, 'writes.0'],
    ['an empty warehouse list', { ...minimal, warehouses: [] }, 'warehouses'],
  ])('refuses %s, with the path of the issue', (_what, input, path) => {
    expect(issuePaths(input)).toContain(path)
  })

  it('declares the readable entities keyed by id, stock as not incremental (its planned moves are), and only the allowed writes', () => {
    const entities = trytonConnector.entities(trytonConfigSchema.parse({ ...minimal, writes: ['complaint'] }))
    expect(entities).toEqual({
      customer: { key: 'id', can: { read: true }, incremental: true },
      product: { key: 'id', can: { read: true }, incremental: true },
      'sales-order': { key: 'id', can: { read: true }, incremental: true },
      'production-order': { key: 'id', can: { read: true }, incremental: true },
      'inventory-position': { key: 'id', can: { read: true }, incremental: false },
      'stock-movement': { key: 'id', can: { read: true }, incremental: true },
      complaint: { key: 'id', can: { write: true } },
    })
  })
})
