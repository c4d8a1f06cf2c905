#!/usr/bin/env bash
# The whole system with demo data on this machine: installs what running needs, starts
# Temporal (the dev server; `--temporal server` for the server on PostgreSQL), migrates and
# seeds, runs the API and both workers, and prints the URL and the demo logins. Ctrl-C stops
# everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec node --import tsx scripts/up.ts "$@"
