#!/usr/bin/env bash
# The site as the end-to-end tests use it: a fresh database of its own, migrated,
# with the sample content and accounts, then the real `npm start` (site, workers,
# its own Redis) on another port, so tests never touch the developer's data.
# SQLite in the data folder by default; E2E_DATABASE_URL=postgresql://… runs the
# same site on a PostgreSQL database, emptied and migrated first (playwright.config.ts
# sets it when E2E_DATABASE=postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."
export SIHUAN_DATA_DIR="${SIHUAN_DATA_DIR:-.e2e-data}"
rm -rf "$SIHUAN_DATA_DIR"
unset DATABASE_URL REDIS_URL
if [ -n "${E2E_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$E2E_DATABASE_URL"
  # reset creates the database when it is missing, empties it, then applies every migration.
  npx tsx prisma/migrate.ts reset --force
else
  npx tsx prisma/migrate.ts deploy
fi
npx tsx content/import.ts
npx tsx prisma/seed.ts
exec npx tsx scripts/start.ts
