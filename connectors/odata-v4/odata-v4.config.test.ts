import { findSecretPaths } from '../../src/connector-sdk'
import { odataConfigSchema } from './odata-v4.config'
import { odataV4Connector } from './odata-v4.connector'
import { BC_ROOT, oauth } from './odata-v4.test-kit'

function issuesOf(input: unknown) {
  const parsed = odataConfigSchema.safeParse(input)
  if (parsed.success) throw new Error('expected the config to be rejected')
  return parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }))
}

const entityDefaults = { key: 'id', keyType: 'guid', pageSize: 1000, constants: {}, read: true }
const modifiedSince = { mode: 'modified-since', field: 'lastModifiedDateTime', lookbackMs: 60_000 }

describe('odata-v4 config', () => {
  it('defaults to the Business Central API v2.0 entities, without production orders', () => {
    const parsed = odataConfigSchema.parse({ serviceRoot: `${BC_ROOT}/` })
    expect(parsed).toEqual({
      serviceRoot: BC_ROOT,
      auth: { type: 'none' },
      timeoutMs: 30_000,
      entities: {
        customer: { ...entityDefaults, entitySet: 'customers', incremental: modifiedSince },
        product: { ...entityDefaults, entitySet: 'items', incremental: modifiedSince },
        'sales-order': {
          ...entityDefaults,
          entitySet: 'salesOrders',
          expand: 'salesOrderLines',
          incremental: modifiedSince,
          write: { idempotencyField: 'externalDocumentNumber', idempotencyMaxLength: 35 },
        },
        // Stock changes do not touch an item's lastModifiedDateTime: read in full every run.
        'inventory-position': { ...entityDefaults, entitySet: 'items', select: 'id,number,displayName,inventory,baseUnitOfMeasureCode' },
      },
    })
  })

  it('declares what each entity can do, keyed by its key property', () => {
    const config = odataConfigSchema.parse({
      serviceRoot: BC_ROOT,
      entities: {
        customer: { entitySet: 'customers', incremental: { mode: 'delta' } },
        'sales-order': { entitySet: 'salesOrders', write: { idempotencyField: 'externalDocumentNumber' } },
        'service-case': { entitySet: 'incidents', key: 'incidentid', read: false, write: {} },
      },
    })
    expect(odataV4Connector.entities(config)).toEqual({
      customer: { key: 'id', can: { read: true }, incremental: true },
      'sales-order': { key: 'id', can: { read: true, write: true }, incremental: false },
      'service-case': { key: 'incidentid', can: { write: true }, incremental: false },
    })
  })

  it('fills the defaults of OAuth client credentials and marks the client secret as a secret', () => {
    const parsed = odataConfigSchema.parse({ serviceRoot: BC_ROOT, auth: oauth })
    expect(parsed.auth).toEqual(oauth)
    expect(findSecretPaths(odataConfigSchema, parsed)).toEqual([['auth', 'clientSecret']])
  })

  it.each([
    ['a typo in a nested key', { entities: { customer: { entitySet: 'customers', incremental: { mode: 'modified-since', feild: 'x' } } } }, 'entities.customer.incremental', 'unrecognized_keys'],
    ['a query string on the service root', { serviceRoot: `${BC_ROOT}?company=CRONUS` }, 'serviceRoot', 'custom'],
    ['credentials in the service root', { serviceRoot: 'https://user:pw@api.example.test/odata' }, 'serviceRoot', 'custom'],
    ['an absolute entity set', { entities: { customer: { entitySet: 'https://evil.example/customers' } } }, 'entities.customer.entitySet', 'custom'],
    ['an entity set with a leading slash', { entities: { customer: { entitySet: '/customers' } } }, 'entities.customer.entitySet', 'custom'],
    ['an entity set with a query', { entities: { customer: { entitySet: 'customers?$top=1' } } }, 'entities.customer.entitySet', 'custom'],
    ['a token URL in clear text', { auth: { ...oauth, tokenUrl: 'http://login.example.test/token' } }, 'auth.tokenUrl', 'custom'],
    ['delta with $expand', { entities: { o: { entitySet: 'salesOrders', expand: 'salesOrderLines', incremental: { mode: 'delta' } } } }, 'entities.o.incremental.mode', 'custom'],
    ['a constant that could shadow an ERP field', { entities: { s: { entitySet: 'items', constants: { location: 'MAIN' } } } }, 'entities.s.constants.location', 'custom'],
    ['a constant the connector sets itself', { entities: { s: { entitySet: 'items', constants: { _etag: 'x' } } } }, 'entities.s.constants._etag', 'custom'],
    ['an entity neither read nor written', { entities: { s: { entitySet: 'items', read: false } } }, 'entities.s.read', 'custom'],
    ['a $select without the incremental field', { entities: { c: { entitySet: 'customers', select: 'id,displayName', incremental: { mode: 'modified-since' } } } }, 'entities.c.select', 'custom'],
    ['an empty entity list', { entities: {} }, 'entities', 'custom'],
    ['an entity name that is not one', { entities: { 'Sales Order': { entitySet: 'salesOrders' } } }, 'entities.Sales Order', 'custom'],
  ])('refuses %s, naming the path', (_what, override, path, code) => {
    expect(issuesOf({ serviceRoot: BC_ROOT, ...override })).toEqual([expect.objectContaining({ path, code })])
  })

  it('accepts a clear-text token URL on this machine (a local identity provider)', () => {
    expect(odataConfigSchema.safeParse({ serviceRoot: BC_ROOT, auth: { ...oauth, tokenUrl: 'http://localhost:8080/realms/erp/token' } }).success).toBe(true)
  })
})
