#!/usr/bin/env bash
# `npm run setup`: makes a fresh Debian machine ready. Needs only Node and npm
# (and root or sudo for Debian's packages). Running it twice is harmless.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "1/8 系统软件 Redis、Chromium 与 PostgreSQL / system packages (Redis, Chromium, PostgreSQL)"
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pg_lsclusters >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "安装 / installing: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "需要 root 或 sudo 来安装 ${missing[*]} / root or sudo is needed to install ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "已安装 / already installed: redis-server, chromium, postgresql"
fi

step "2/8 PostgreSQL（测试与迁移用）/ PostgreSQL for the tests and migrations"
bash scripts/postgresql-setup.sh

step "3/8 npm 依赖 / npm dependencies"
# npm ci rejects this lockfile here (other platforms' optional packages are not served by the registry here).
npm install --no-audit --no-fund

step "4/8 生成 Prisma 客户端（SQLite 与 PostgreSQL）/ generating the Prisma clients (SQLite and PostgreSQL)"
npm run --silent db:generate

step "5/8 数据库迁移 / applying database migrations"
npm run --silent db:migrate -- deploy

step "6/8 导入课程内容 / importing course content"
npm run --silent content:import

step "7/8 示例组织与账号 / sample organization and accounts"
npm run --silent db:seed

step "8/8 生产构建 / production build"
# scripts/build.ts, not `remix build`: it disposes the compiler's esbuild contexts, whose
# orphaned service otherwise can print a goroutine dump after setup ends (docs/decisions/017).
npm run --silent build

printf '\n完成。运行 npm start 启动网站和后台任务。\nDone. Run npm start to run the site and the workers.\n'
