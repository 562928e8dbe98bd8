#!/bin/sh
# Prisma 7's CLI fetches a native schema engine from its CDN before every command; this machine cannot
# reach it. generate/validate/format never run the engine, so any existing file satisfies the CLI.
[ "$1" = "--version" ] && { echo "schema-engine-cli 0.0.0-offline-stub"; exit 0; }
echo "prisma schema engine is not available offline: apply prisma/migrations with 'npm run db:migrate'" >&2
exit 1
