/** Tests run against the real PostgreSQL and Redis on 127.0.0.1 (see test/setup/). */
module.exports = {
  testEnvironment: 'node',
  // nock's interceptors live on globals that jest 30 soft-deletes between files; its warning about that is noise.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test', '<rootDir>/connectors'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 30000,
  // Test files run in a worker that is replaced once it holds more than this after a file: on two
  // cores jest would otherwise run every file in its own process, whose heap grows file after file
  // (and the memory-bound tests' full collections get slower with it).
  workerIdleMemoryLimit: '700MB',
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  // The log audit: no secret in any log line of the run (see test/setup/global-teardown.ts).
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
}
