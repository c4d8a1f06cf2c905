#!/usr/bin/env bash
# Runs everything CI runs on a fresh machine: installs what is missing, then the uvu suites
# against real PostgreSQL, Redis and a Temporal dev server of their own, the typecheck, lint
# and boundary checks among them (tests/static-checks.test.ts). Ends with `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
export PATH="$PWD/node_modules/.bin:$PATH"
exec node --import tsx scripts/test.ts "$@"
