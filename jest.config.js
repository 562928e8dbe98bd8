/** Tests run against the real PostgreSQL and Redis on 127.0.0.1 (see test/setup/). */
module.exports = {
  testEnvironment: 'node',
  // nock's interceptors live on globals that jest 30 soft-deletes between files; its warning about that is noise.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test', '<rootDir>/connectors'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
}
