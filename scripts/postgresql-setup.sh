#!/usr/bin/env bash
# Part of `npm run setup`: a local PostgreSQL for the PostgreSQL test suites and
# the schema-change recipe. Debian's cluster, listening on 127.0.0.1 only,
# started without systemd; a role with CREATEDB and a test database. Running it
# again (cluster up or down) changes nothing. `npm start` keeps using SQLite.
#
# The URL it prints is the default TEST_POSTGRES_URL of the test command and of
# `npm run db:migrate -- dev`: postgresql://sihuan:sihuan@127.0.0.1:<port>/sihuan_test
set -euo pipefail

ROLE="${SIHUAN_PG_ROLE:-sihuan}"
PASSWORD="${SIHUAN_PG_PASSWORD:-sihuan}"
DATABASE="${SIHUAN_PG_DATABASE:-sihuan_test}"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "需要 root 或 sudo 来配置 PostgreSQL / root or sudo is needed to set up PostgreSQL" >&2; exit 1; }
  SUDO="sudo"
fi

# The first Debian cluster (apt-get install postgresql makes 15/main on Debian 12).
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -n 1) || true
if [ -z "${VERSION:-}" ]; then
  echo "没有 PostgreSQL 集群 / no PostgreSQL cluster: pg_createcluster --start 15 main" >&2
  exit 1
fi

conf="/etc/postgresql/$VERSION/$CLUSTER/conf.d/sihuan.conf"
wanted="# Written by the Sihuan setup: loopback only.
listen_addresses = '127.0.0.1'"
changed=no
if [ "$($SUDO cat "$conf" 2>/dev/null || true)" != "$wanted" ]; then
  printf '%s\n' "$wanted" | $SUDO tee "$conf" >/dev/null
  changed=yes
fi

if [ "$STATUS" = "online" ]; then
  if [ "$changed" = yes ]; then
    echo "重启 PostgreSQL $VERSION/$CLUSTER 以只监听 127.0.0.1 / restarting PostgreSQL $VERSION/$CLUSTER to listen on 127.0.0.1 only"
    $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" restart
  else
    echo "PostgreSQL $VERSION/$CLUSTER 已在运行 / already running (port $PORT)"
  fi
else
  echo "启动 PostgreSQL $VERSION/$CLUSTER / starting PostgreSQL $VERSION/$CLUSTER (port $PORT)"
  # A stale pid file from a killed server makes start refuse; pg_ctlcluster removes it when no such process exists.
  $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

for _ in $(seq 1 50); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.2
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { echo "PostgreSQL 没有在 127.0.0.1:$PORT 应答 / PostgreSQL does not answer on 127.0.0.1:$PORT" >&2; exit 1; }

# As the cluster's superuser, through the local socket (peer authentication).
if [ "$(id -u)" -eq 0 ]; then AS_POSTGRES=(runuser -u postgres --); else AS_POSTGRES=(sudo -u postgres); fi
psql_admin() { (cd / && "${AS_POSTGRES[@]}" psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"); }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  psql_admin -c "CREATE ROLE \"$ROLE\" LOGIN CREATEDB PASSWORD '$PASSWORD'"
  echo "已创建角色 / created role $ROLE (CREATEDB)"
else
  psql_admin -c "ALTER ROLE \"$ROLE\" LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE \"$DATABASE\" OWNER \"$ROLE\""
  echo "已创建数据库 / created database $DATABASE"
fi
echo "PostgreSQL 就绪 / ready: postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
