#!/usr/bin/env bash
# `npm test`: typecheck, unit and integration tests (real Redis, real SQLite),
# then end-to-end tests in Debian's Chromium against the built site.
set -euo pipefail
cd "$(dirname "$0")/.."

printf '\n==> 类型检查 / typecheck\n'
npx tsc --noEmit

printf '\n==> 单元与集成测试 / unit and integration tests\n'
npx vitest run

printf '\n==> 生产构建 / production build\n'
npx remix build

printf '\n==> 端到端测试 / end-to-end tests\n'
npx playwright test
