import 'dotenv/config'
import { defineConfig } from 'prisma/config'

// Prisma 7's CLI downloads a native schema engine before every command, even `generate`. Pointing it
// at an existing file skips the download; generate/validate/format never run it. Migrations are plain
// SQL applied by the hub itself (`erphub migrate`), see src/store/migrate.ts.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= 'scripts/no-schema-engine.sh'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
})
