#!/usr/bin/env bash
# Installs what running Cistern needs on a fresh machine, and is quick when all is there: the npm
# packages (which bring Node 24). The Temporal binaries are built (with progress lines) by whoever starts
# Temporal first; `--with-browser` (scripts/test.sh) adds Debian's Chromium for the browser tests.
# PostgreSQL and Redis are expected to run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Installed when the lock file's content changed since the last install (not its date: a fresh
# checkout or a git worktree has a new file with the same packages). A node_modules that links to a
# shared install is never reinstalled from here: `npm ci` would empty the shared folder for everyone.
LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -x node_modules/.bin/node ] || [ "$(cat node_modules/.cistern-lock-hash 2>/dev/null)" != "$LOCK_HASH" ]; then
  if [ -L node_modules ]; then
    echo "node_modules links to a shared install ($(readlink node_modules)) made from another package-lock.json; update it there." >&2
  else
    echo "Installing npm packages…"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$LOCK_HASH" > node_modules/.cistern-lock-hash
  fi
fi

if [ "${1:-}" = "--with-browser" ] && compgen -G "tests/browser/*.test.ts*" >/dev/null && ! command -v chromium >/dev/null; then
  echo "Installing Debian's Chromium for the browser tests…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
