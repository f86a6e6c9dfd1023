#!/usr/bin/env bash
# `npm test`: typecheck; lint (ESLint, Prettier); the whole Vitest suite twice, on SQLite and on
# PostgreSQL, side by side (one Redis for both); the production build; then the
# end-to-end tests in Debian's Chromium against the built site: the specs on
# SQLite (all but the offline station) and, side by side, the four-ring, development and offline station specs on PostgreSQL.
# The two halves of each pair share no state (own databases, Redis key
# prefixes, ports and data folders); on 2 cores they take about half the time
# (docs/decisions/017-postgresql-in-ci.md).
#
# PostgreSQL: the server `npm run setup` makes, or TEST_POSTGRES_URL.
# Ports: TEST_REDIS_PORT (6391), E2E_PORT / E2E_REDIS_PORT / E2E_DATA_DIR (3210, 6392,
# .e2e-data) for SQLite, E2E_PG_PORT / E2E_PG_REDIS_PORT / E2E_PG_DATA_DIR
# (3211, 6393, .e2e-data-postgresql) for PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

E2E_PG_PORT="${E2E_PG_PORT:-3211}"
E2E_PG_REDIS_PORT="${E2E_PG_REDIS_PORT:-6393}"
E2E_PG_DATA_DIR="${E2E_PG_DATA_DIR:-.e2e-data-postgresql}"
# The four rings (preparation → viewing → discussion → testing) end to end, the development procedure, a
# station with no network (its screening, its upload, a cut connection, a wrong clock, storage full), and a
# county building its tree and roster (the import job). The station
# screening online runs on SQLite only, and the offline one on PostgreSQL only: each lane stays near ten minutes.
PG_SPECS=(e2e/learner-lesson.spec.ts e2e/preparation.spec.ts e2e/discussion.spec.ts e2e/development.spec.ts e2e/station-offline.spec.ts e2e/county-onboarding.spec.ts)
SQLITE_SPECS=()
for spec in e2e/*.spec.ts; do
  [ "$spec" = e2e/station-offline.spec.ts ] || SQLITE_SPECS+=("$spec")
done

step() { printf '\n==> %s\n' "$*"; }

# Runs two labelled commands at once, each line of output prefixed with its label;
# fails (after both ended) if either failed.
side_by_side() {
  local label_a="$1" command_a="$2" label_b="$3" command_b="$4" status_a=0 status_b=0
  ( set -o pipefail; bash -c "$command_a" 2>&1 | sed -u "s/^/[$label_a] /" ) &
  local pid_a=$!
  ( set -o pipefail; bash -c "$command_b" 2>&1 | sed -u "s/^/[$label_b] /" ) &
  local pid_b=$!
  wait "$pid_a" || status_a=$?
  wait "$pid_b" || status_b=$?
  [ "$status_a" -eq 0 ] || echo "失败 / failed: $label_a (exit $status_a)"
  [ "$status_b" -eq 0 ] || echo "失败 / failed: $label_b (exit $status_b)"
  [ "$status_a" -eq 0 ] && [ "$status_b" -eq 0 ]
}

step "类型检查 / typecheck"
npm run --silent typecheck

step "代码检查与格式 / lint and format check"
npm run --silent lint

step "单元与集成测试：SQLite 与 PostgreSQL / unit and integration tests on SQLite and on PostgreSQL"
redis_pid=""
redis_dir=""
stop_redis() {
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  if [ -n "$redis_dir" ]; then rm -rf "$redis_dir"; fi
}
trap stop_redis EXIT
if [ -z "${TEST_REDIS_URL:-}" ]; then
  # One Redis for both runs, owned here: if each run started its own on one port, the first to end would stop the other's.
  redis_port="${TEST_REDIS_PORT:-6391}"
  redis_dir="$(mktemp -d -t sihuan-test-redis-XXXXXX)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$redis_dir" --save "" --appendonly no \
    --maxmemory-policy noeviction --daemonize no --logfile "" >/dev/null &
  redis_pid=$!
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$redis_port" ping >/dev/null || { echo "redis-server 没有在端口 $redis_port 启动 / did not start on port $redis_port" >&2; exit 1; }
  export TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
fi
side_by_side \
  sqlite "npx vitest run" \
  postgresql "TEST_DATABASE=postgresql npx vitest run"
stop_redis
redis_pid=""
redis_dir=""

step "生产构建 / production build"
npm run --silent build

step "端到端测试：SQLite 与 PostgreSQL / end-to-end tests: on SQLite all but the offline station, on PostgreSQL the four rings, development and the offline station"
side_by_side \
  e2e-sqlite "npx playwright test ${SQLITE_SPECS[*]}" \
  e2e-postgresql "E2E_DATABASE=postgresql E2E_PORT=$E2E_PG_PORT E2E_REDIS_PORT=$E2E_PG_REDIS_PORT E2E_DATA_DIR=$E2E_PG_DATA_DIR npx playwright test ${PG_SPECS[*]}"
