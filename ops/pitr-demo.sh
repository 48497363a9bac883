#!/usr/bin/env bash
# Point-in-time recovery on PostgreSQL, demonstrated end to end on a throwaway cluster: WAL archiving on, a base backup
# (pg_basebackup), writes before and after a chosen moment, then a restore of the base backup replaying the archived WAL
# up to that moment (recovery_target_time). It passes when exactly the writes before the moment are back.
# The same steps, with the real cluster's paths, are the runbook in docs/operations.md ("Point-in-time recovery").
#
#   ops/pitr-demo.sh                       # finds PostgreSQL's binaries under /usr/lib/postgresql/*/bin
#   PG_BIN=/usr/lib/postgresql/15/bin ops/pitr-demo.sh
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PG_BIN/initdb" ] || { echo "No PostgreSQL binaries (set PG_BIN)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/careslot-pitr-XXXXXX)
PORT=${PORT:-$(( 20000 + RANDOM % 20000 ))}
AS=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$WORK"; AS=(runuser -u postgres --); fi
pg() { "${AS[@]}" "$PG_BIN/$@"; }
sql() { pg psql -h "$WORK" -p "$PORT" -U postgres -d careslot -tAq -v ON_ERROR_STOP=1 -c "$1"; }
say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
cleanup() { pg pg_ctl -D "$WORK/primary" -m immediate stop >/dev/null 2>&1 || true; pg pg_ctl -D "$WORK/restored" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

say "cluster with WAL archiving in $WORK"
pg initdb -D "$WORK/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" mkdir "$WORK/archive"
cat >> "$WORK/primary/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$WORK'
port = $PORT
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $WORK/archive/%f && cp %p $WORK/archive/%f'
archive_timeout = 60
CONF
pg pg_ctl -D "$WORK/primary" -l "$WORK/primary.log" -w start >/dev/null
pg createdb -h "$WORK" -p "$PORT" -U postgres careslot
sql "CREATE TABLE bookings (id serial PRIMARY KEY, what text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())"

say "base backup"
pg pg_basebackup -h "$WORK" -p "$PORT" -U postgres -D "$WORK/base" -Fp -X none -c fast
sql "INSERT INTO bookings (what) SELECT 'before ' || g FROM generate_series(1, 100) g"
sleep 1.2
TARGET=$(sql "SELECT to_char(clock_timestamp(), 'YYYY-MM-DD HH24:MI:SS.US TZH')")
sleep 1.2
sql "INSERT INTO bookings (what) SELECT 'after ' || g FROM generate_series(1, 50) g"
sql "DELETE FROM bookings WHERE id <= 10"  # the mistake a recovery undoes
sql "SELECT pg_switch_wal()" >/dev/null
sleep 0.5
say "recovery target: $TARGET (100 rows written before it; 50 written and 10 deleted after)"
pg pg_ctl -D "$WORK/primary" -m fast -w stop >/dev/null

say "restore the base backup and replay the archive up to the target"
STARTED=$(date +%s.%N)
"${AS[@]}" cp -a "$WORK/base" "$WORK/restored"
cat >> "$WORK/restored/postgresql.conf" <<CONF
archive_mode = off
restore_command = 'cp $WORK/archive/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
CONF
"${AS[@]}" touch "$WORK/restored/recovery.signal"
pg pg_ctl -D "$WORK/restored" -l "$WORK/restored.log" -w start >/dev/null
for _ in $(seq 1 100); do
  [ "$(sql "SELECT pg_is_in_recovery()" 2>/dev/null || echo t)" = f ] && break
  sleep 0.1
done
RESTORED=$(date +%s.%N)

BEFORE=$(sql "SELECT count(*) FROM bookings WHERE what LIKE 'before %'")
AFTER=$(sql "SELECT count(*) FROM bookings WHERE what LIKE 'after %'")
awk -v a="$RESTORED" -v b="$STARTED" 'BEGIN { printf "recovered in %.1f s\n", a - b }'
if [ "$BEFORE" = 100 ] && [ "$AFTER" = 0 ]; then
  say "PASS: the 100 rows written before the target are back (the 10 deleted after it too), none of the 50 written after"
else
  say "FAIL: before=$BEFORE (want 100) after=$AFTER (want 0)"
  exit 1
fi
