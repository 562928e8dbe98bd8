import { ConfigError } from '../../src/connector-sdk'
import { connectorRegistry, getConnector } from '../index'
import { restConnector } from './rest.connector'

describe('connector registry', () => {
  it('serves the rest connector under its kind', () => {
    expect(connectorRegistry.get('rest')).toBe(restConnector)
    expect(getConnector('rest')).toBe(restConnector)
    expect(restConnector).toMatchObject({ kind: 'rest', version: '1.0.0' })
  })

  it('answers an unknown kind with a ConfigError that names the installed kinds', () => {
    let caught: unknown
    try {
      getConnector('sap-rfc')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(ConfigError)
    expect((caught as ConfigError).message).toContain('"sap-rfc"')
    for (const kind of connectorRegistry.keys()) expect((caught as ConfigError).message).toContain(kind)
  })
})
