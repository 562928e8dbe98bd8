#!/bin/sh
# Offline SQL for a migration, exactly as Prisma would write it:
#   tools/prisma-diff/diff.sh OLD.prisma|--empty NEW.prisma > prisma/migrations/<stamp>_<name>/migration.sql
# Install once: npm --prefix tools/prisma-diff install
set -e
d=$(dirname "$0"); tmp=$(mktemp -d)
to6() { sed -e '/^generator /,/^}/d' -e 's/^\(\s*provider\s*=\s*"postgresql"\)/\1\n  url = env("DATABASE_URL")/' "$1" > "$2"; }
to6 "$2" "$tmp/to.prisma"
if [ "$1" = "--empty" ]; then from="--from-empty"; else to6 "$1" "$tmp/from.prisma"; from="--from-schema-datamodel $tmp/from.prisma"; fi
DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} node -r "./$d/unref-timers.cjs" "$d/node_modules/prisma/build/index.js" migrate diff \
  --config "$d/prisma.config.ts" $from --to-schema-datamodel "$tmp/to.prisma" --script | grep -v -e '^CREATE SCHEMA IF NOT EXISTS "public";$' -e '^-- CreateSchema$'
rm -rf "$tmp"
