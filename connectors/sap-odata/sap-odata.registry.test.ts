import { connectorRegistry, getConnector } from '../index'
import { sapODataConnector } from './sap-odata.connector'

describe('connector registry', () => {
  it('serves the sap-odata connector under its kind', () => {
    expect(connectorRegistry.get('sap-odata')).toBe(sapODataConnector)
    expect(getConnector('sap-odata')).toBe(sapODataConnector)
    expect(sapODataConnector).toMatchObject({ kind: 'sap-odata', version: '1.0.0' })
  })
})
