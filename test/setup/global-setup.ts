import { migrate } from '../../src/store/migrate'

/** Creates the test database when it is missing and brings it to the latest migration. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/erphub_test'
  await migrate(url)
}
