import 'dotenv/config'
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'

// Prisma 6.19's JS (WASM) schema engine diffs two schema files without any native binary.
export default defineConfig({
  schema: path.join(__dirname, 'placeholder.prisma'), // keeps Prisma 6 off the Prisma 7 schema
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true }),
})
