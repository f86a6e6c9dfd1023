#!/usr/bin/env bash
# The site as the end-to-end tests use it: a fresh database of its own, migrated,
# with the sample content and accounts, then the real `npm start` (site, workers,
# its own Redis) on another port, so tests never touch the developer's data.
set -euo pipefail
cd "$(dirname "$0")/.."
export SIHUAN_DATA_DIR="${SIHUAN_DATA_DIR:-.e2e-data}"
rm -rf "$SIHUAN_DATA_DIR"
unset DATABASE_URL REDIS_URL
npx tsx prisma/migrate.ts deploy
npx tsx content/import.ts
npx tsx prisma/seed.ts
exec npx tsx scripts/start.ts
