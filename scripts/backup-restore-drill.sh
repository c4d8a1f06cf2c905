#!/usr/bin/env bash
# The backup drill (docs/operations.md#backup-and-restore): dumps the database at DATABASE_URL
# (or $1), restores the dump into a scratch database beside it, and compares every table's
# row count and the sum of account balances. Prints one line per check; exits 1 on any difference.
set -euo pipefail
SOURCE_URL="${1:-${DATABASE_URL:?set DATABASE_URL or pass the database URL}}"
SCRATCH_DB="cistern_drill_$(date +%s)_$$"
SCRATCH_URL="${SOURCE_URL%/*}/${SCRATCH_DB}"
ADMIN_URL="${SOURCE_URL%/*}/postgres"
DUMP="$(mktemp -d)/cistern.dump"

cleanup() {
  psql -q "$ADMIN_URL" -c "drop database if exists \"${SCRATCH_DB}\"" >/dev/null 2>&1 || true
  rm -rf "$(dirname "$DUMP")"
}
trap cleanup EXIT

started=$(date +%s)
pg_dump --format=custom --no-owner --file="$DUMP" "$SOURCE_URL"
echo "dump: $(du -h "$DUMP" | cut -f1) in $(( $(date +%s) - started )) s"
psql -q "$ADMIN_URL" -c "create database \"${SCRATCH_DB}\"" >/dev/null
restore_started=$(date +%s)
pg_restore --no-owner --exit-on-error --dbname="$SCRATCH_URL" "$DUMP"
echo "restore into ${SCRATCH_DB}: $(( $(date +%s) - restore_started )) s"

# Exact row counts of every table, and the money: the same in both or the drill fails.
FINGERPRINT_SQL="
select 'rows ' || c.relname || ' ' ||
       (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind = 'r' and n.nspname = 'public'
union all
select 'balance_cents_sum ' || coalesce(sum(balance_cents), 0)::text from account
union all
select 'bill_cents_sum ' || coalesce(sum(amount_cents), 0)::text from bill
union all
select 'payment_cents_sum ' || coalesce(sum(amount_cents), 0)::text from payment
order by 1;"
source_print="$(psql -At "$SOURCE_URL" -c "$FINGERPRINT_SQL")"
restored_print="$(psql -At "$SCRATCH_URL" -c "$FINGERPRINT_SQL")"
tables=$(grep -c '^rows ' <<<"$source_print" || true)
if [ "$source_print" = "$restored_print" ]; then
  echo "drill passed: ${tables} tables, row counts and balances identical"
  grep '_sum ' <<<"$source_print"
else
  echo "drill FAILED: the restored database differs"
  diff <(echo "$source_print") <(echo "$restored_print") || true
  exit 1
fi
