// Runs before each test file: tests use their own database and never the developer's .env.
process.env.NODE_ENV = 'test'
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/erphub_test'
process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent'
