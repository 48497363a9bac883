#!/usr/bin/env bash
# Restore drill: back up, destroy the database, restore it, and compare every table's row count and content hash with
# what was there before; prints the RTO (destroyed → restored and readable). For a test or staging installation: it
# DESTROYS the configured database. Settings come from the environment as the app reads them (Database__Provider,
# Database__SqlitePath or ConnectionStrings__Postgres, the PHI keys, Backup__…).
#
#   CARESLOT="dotnet run --project src/CareSlot.Web --no-build --" ops/restore-drill.sh            # SQLite
#   DRILL_PG_ADMIN="host=… user=postgres dbname=postgres" ops/restore-drill.sh                       # PostgreSQL
#
# DRILL_PG_ADMIN: a connection (as psql takes it) allowed to drop and create the app's database. PG_BIN: where psql is.
# Exit 0 when the restored database equals the original table for table; 1 otherwise.
set -euo pipefail

CARESLOT=${CARESLOT:-"dotnet run --project src/CareSlot.Web --no-build --"}
PROVIDER=${Database__Provider:-Sqlite}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
now() { date +%s.%N; }
say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }

say "restore drill on $PROVIDER"
$CARESLOT fingerprint > "$WORK/before.tsv"
say "fingerprint: $(wc -l < "$WORK/before.tsv") tables, $(awk -F'\t' '{s+=$2} END {print s}' "$WORK/before.tsv") rows"

$CARESLOT backup --to "$WORK/backups"
BACKUP=$(ls -1 "$WORK"/backups/*.csbackup | tail -n 1)

say "destroying the database"
DESTROYED=$(now)
case "$PROVIDER" in
  Sqlite)
    DB=${Database__SqlitePath:?Database__SqlitePath is required}
    rm -f "$DB" "$DB-wal" "$DB-shm"
    ;;
  Postgres)
    : "${DRILL_PG_ADMIN:?DRILL_PG_ADMIN is required for PostgreSQL}"
    NAME=$(printf '%s' "${ConnectionStrings__Postgres:?}" | tr ';' '\n' | awk -F= 'tolower($1) ~ /^ *database *$/ {print $2}')
    PSQL=${PG_BIN:+$PG_BIN/}psql
    "$PSQL" "$DRILL_PG_ADMIN" -v ON_ERROR_STOP=1 -q -c "DROP DATABASE \"$NAME\" WITH (FORCE)" -c "CREATE DATABASE \"$NAME\""
    ;;
  *) echo "Unknown Database__Provider: $PROVIDER" >&2; exit 2 ;;
esac

$CARESLOT restore --from "$BACKUP"
RESTORED=$(now)
$CARESLOT fingerprint > "$WORK/after.tsv"

if diff -u "$WORK/before.tsv" "$WORK/after.tsv" > "$WORK/diff.txt"; then
  say "every table matches: $(wc -l < "$WORK/after.tsv") tables, row counts and content hashes equal"
  awk -v a="$RESTORED" -v b="$DESTROYED" -v size="$(stat -c %s "$BACKUP")" 'BEGIN { printf "RTO: %.1f s (destroyed → restored; backup %d bytes)\n", a - b, size }'
else
  say "MISMATCH after restore:"
  cat "$WORK/diff.txt"
  exit 1
fi
