/**
 * Where the real Tryton server is, for the tests that need one. Without TRYTON_URL those tests are
 * skipped on a developer's machine, but CI (CI_REQUIRE_TRYTON=1) makes them fail instead: there a
 * missing Tryton is a broken set-up, not a reason to pass.
 */
export const tryton = {
  url: process.env.TRYTON_URL,
  database: process.env.TRYTON_DB ?? 'tryton_erp',
  login: process.env.TRYTON_LOGIN ?? 'hub',
  password: process.env.TRYTON_PASSWORD ?? 'hub-integration-pw',
}

export function describeWithTryton(name: string, body: (server: typeof tryton & { url: string }) => void): void {
  if (tryton.url) {
    describe(name, () => body({ ...tryton, url: tryton.url! }))
  } else if (process.env.CI_REQUIRE_TRYTON === '1') {
    describe(name, () => {
      test('needs a running Tryton (TRYTON_URL)', () => {
        throw new Error('CI_REQUIRE_TRYTON=1 but TRYTON_URL is not set: .ci/run could not start Tryton (see its log)')
      })
    })
  } else {
    describe.skip(`${name} (skipped: set TRYTON_URL to run against a real Tryton)`, () => body({ ...tryton, url: '' }))
  }
}
