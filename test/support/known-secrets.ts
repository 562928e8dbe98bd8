import { loadConfig } from '../../src/config/config'

/**
 * The fixed secrets the test suite hands the hub, its connectors and the ERP simulator: tokens and
 * passwords in connection configs, webhook secrets, the hub's secret key. None of them may appear in
 * any log line of a test run (the log audit, test/support/log-audit.ts, searches every line for each).
 *
 * The tests keep their own copies where they are defined (this list is collected from them, with the
 * file each comes from); a new secret in a test belongs here too. Only values of 8 characters or
 * more that cannot occur by chance are listed: `tok`, `s3cret`, `pw-1` would match innocent lines.
 * `wrong-token` is left out on purpose: it is a substring of a connection's *name* in
 * test/integration/cli-commands.test.ts (`sim-wrong-token`), which the hub may log.
 */
export interface KnownSecret {
  /** Where the secret comes from: shown in findings instead of the secret. */
  name: string
  value: string
}

const devKey = loadConfig({ NODE_ENV: 'test' }).secretKey

export const knownSecrets: readonly KnownSecret[] = [
  // The hub's own secret key in tests (config.ts's development key), in both spellings config accepts.
  { name: 'ERPHUB_SECRET_KEY (development key, hex)', value: devKey.toString('hex') },
  { name: 'ERPHUB_SECRET_KEY (development key, base64)', value: devKey.toString('base64') },
  { name: 'test/unit/config.test.ts secret key (hex)', value: 'ab'.repeat(32) },
  { name: 'test/unit/config.test.ts secret key (base64)', value: Buffer.alloc(32, 7).toString('base64') },

  // ERP tokens and passwords the integration tests put in connection configs and simulators.
  { name: 'demo / README simulator token', value: 'demo-erp-token' },
  { name: 'README / openapi.test.ts simulator token', value: 'sim-token' },
  { name: 'secrets.test.ts RIGHT', value: 'erp-token-RIGHT-4c1d' },
  { name: 'secrets.test.ts WRONG', value: 'erp-token-WRONG-9f2e' },
  { name: 'secrets.test.ts PASSWORD', value: 'basic-PASSWORD-77aa' },
  { name: 'correlation.test.ts ERP_TOKEN', value: 'erp-bearer-9d1e77c4b2' },
  { name: 'api.test.ts ERP_TOKEN', value: 'erp-secret-token-7f3a9c' },
  { name: 'cli-apply.test.ts TOKEN', value: 'tok-A-7f3e9c1d2b-never-printed' },
  { name: 'cli-apply.test.ts HOOK_SECRET', value: 'hook-B-5a8d0e44-never-printed' },
  { name: 'cli-commands.test.ts TOKEN', value: 'sim-token-cli' },
  { name: 'cli-commands.test.ts refused token', value: 'not-the-token' },
  { name: 'dead-letters.test.ts TOKEN', value: 'dl-token-7f3a' },
  { name: 'sync-jobs.test.ts TOKEN', value: 'erp-token-123' },
  { name: 'metrics.test.ts METRICS_TOKEN', value: 'metrics-token-3f9a2c' },
  { name: 'simulator describe.test.ts token', value: 'very-secret-token' },
  { name: 'e2e console harness token', value: 'console-e2e-erp-token' },
  { name: 'tryton test kit PASSWORD', value: 'hub-integration-pw' },
  { name: 'tryton.client.test.ts password', value: 'another-password' },
  { name: 'connection-secrets.test.ts password', value: 'pa55-w0rd-secret' },
  { name: 'tests: a refused password', value: 'not-the-password' },

  // Webhook secrets (HMAC keys, Business Central's clientState).
  { name: 'webhooks.test.ts SECRET', value: 'whsec-test-5f2c1d' },
  { name: 'webhooks.test.ts clientState', value: 'someClientState' },
  { name: 'faults.test.ts SECRET', value: 'sim-webhook-secret' },
  { name: 'metrics.test.ts WEBHOOK_SECRET', value: 'whsec-metrics-7d1e' },
  { name: 'push.test.ts WEBHOOK_SECRET', value: 'fake-erp-webhook-secret' },
  { name: 'simulator webhooks.test.ts SECRET', value: 'whsec_test_0123456789' },

  // Connector tests and conformance targets.
  { name: 'rest conformance TOKEN', value: 'rest-conformance-token-5e1f' },
  { name: 'rest shopify TOKEN', value: 'shpat_0123456789abcdef' },
  { name: 'rest/odata-v4 errors tests token', value: 'tok-SECRET-1' },
  { name: 'rest/odata-v4 errors tests password', value: 'pw-SECRET-2' },
  { name: 'odata-v4 conformance CLIENT_SECRET', value: 'odata-conformance-secret-9c1d' },
  { name: 'odata-v4 conformance ACCESS_TOKEN', value: 'odata-conformance-access-7b2e' },
  { name: 'odata-v4 test kit CLIENT_SECRET', value: 'cs~SECRET-odata-v4-Zq8' },
  { name: 'odata-v4 token test access token', value: 'tok-mac-secret' },
  { name: 'odata-v4 token test static token', value: 'static-tok' },
  { name: 'odata-v4 token test basic password', value: 'web-service-key' },
  { name: 'sap-odata conformance PASSWORD', value: 'sap-conformance-pw-8c2d' },
  { name: 'sap-odata conformance CSRF_TOKEN', value: 'csrf-conformance-token-Qw7e==' },
  { name: 'sap-odata test kit PASSWORD', value: 'Welcome1!s4-hub-pw' },
  { name: 'sap-odata write test TOKEN', value: 'Zx9pQm3TtK2vR7yB1nWc5A==' },
  { name: 'sap-odata errors test API key', value: 'sandbox-api-key-7f3e' },
]

for (const s of knownSecrets) if (s.value.length < 8) throw new Error(`known secret ${s.name} is too short to search for without false alarms`)
