#!/usr/bin/env bash
# Installs what Cistern needs on a fresh machine, and is quick when all is there:
# npm packages (which bring Node 24), the Temporal CLI (built with Go once), and
# Debian's Chromium when browser tests exist. PostgreSQL and Redis are expected to run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Installed when the lock file's content changed since the last install (not its date: a fresh
# checkout or a git worktree has a new file with the same packages).
LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -x node_modules/.bin/node ] || [ "$(cat node_modules/.cistern-lock-hash 2>/dev/null)" != "$LOCK_HASH" ]; then
  echo "Installing npm packages…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$LOCK_HASH" > node_modules/.cistern-lock-hash
fi
export PATH="$PWD/node_modules/.bin:$PATH"

node --import tsx scripts/temporal-cli.ts >/dev/null

if compgen -G "tests/browser/*.test.ts*" >/dev/null && ! command -v chromium >/dev/null; then
  echo "Installing Debian's Chromium for the browser tests…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
