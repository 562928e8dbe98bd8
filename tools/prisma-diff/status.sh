#!/bin/sh
# Asks Prisma itself (6.19's WASM engine, offline) whether a database has every migration of
# prisma/migrations applied, as `prisma migrate status` reports it:
#   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/erphub tools/prisma-diff/status.sh
# Prints Prisma's `migrate status`. (A database-to-schema drift diff needs the native engine or a
# shadow database, which this engine cannot drive; see STACK.md.) Install once: npm --prefix tools/prisma-diff install
set -e
d=$(cd "$(dirname "$0")" && pwd); root=$(cd "$d/../.." && pwd)
tmp=$(mktemp -d -p "$d"); trap 'rm -rf "$tmp"' EXIT
{ printf 'generator client {\n  provider   = "prisma-client-js"\n  engineType = "client"\n}\n'
  sed -e '/^generator /,/^}/d' -e 's/^\(\s*provider\s*=\s*"postgresql"\)/\1\n  url = env("DATABASE_URL")/' "$root/prisma/schema.prisma"; } > "$tmp/schema.prisma"
cp -r "$root/prisma/migrations" "$tmp/migrations"
cat > "$tmp/prisma.config.ts" <<'TS'
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'
export default defineConfig({
  schema: path.join(__dirname, 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'migrations') },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true }),
})
TS
cd "$d"
node -r ./unref-timers.cjs node_modules/prisma/build/index.js migrate status --config "$tmp/prisma.config.ts"
