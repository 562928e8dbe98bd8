import { keptHeaders } from '../../src/webhooks/webhook.inbox'

describe('headers kept with a webhook event', () => {
  const hmac = { scheme: 'hmac-sha256', secret: 's3cret-value', header: 'x-erp-event-signature', encoding: 'hex', prefix: '' } as const

  test('topic, ids and content type are kept for later steps', () => {
    expect(keptHeaders({ 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': 'w-1', 'x-event-type': 'customer.changed', 'content-type': 'application/json', 'user-agent': 'erp/1.0' }, hmac)).toEqual({
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': 'w-1',
      'x-event-type': 'customer.changed',
      'content-type': 'application/json',
    })
  })

  test("the connection's signature header is never kept, even when its name looks like an event header", () => {
    expect(keptHeaders({ 'x-erp-event-signature': 'abc123', 'x-erp-event-id': 'e-9' }, hmac)).toEqual({ 'x-erp-event-id': 'e-9' })
  })

  test('anything named like a credential is never kept, whatever the scheme', () => {
    const bc = { scheme: 'business-central', clientState: 'state-secret' } as const
    const kept = keptHeaders({ 'x-event-signature': 'sig', 'x-event-hmac-sha256': 'h', 'x-event-auth-token': 't', 'x-event-api-key': 'k', 'x-event-secret-id': 's', 'x-event-id': 'ok' }, bc)
    expect(kept).toEqual({ 'x-event-id': 'ok' })
  })
})
