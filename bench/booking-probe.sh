#!/usr/bin/env bash
# What one booking costs, against the environment `KEEP=1 bench/run.sh SIZE` left running (started with
# PG_SETTINGS="-c shared_preload_libraries=pg_stat_statements" so PostgreSQL counts statements):
#
#   bench/booking-probe.sh LABEL [BOOKINGS (4500)] [WARM_UP (1500)]
#
# Settings by environment: PG_PORT (55432), APP_PORT (5080), DATA (the newest run's dataset directory), PATIENTS (500),
# SLOTS_PER_DOCTOR (10), SEED (7: a second probe with the same seed picks the slots the first one booked, unless they
# were deleted in between, as bench/booking-ab.sh does).
#
# Signs in PATIENTS of the dataset's patients, books WARM_UP slots unmeasured, then counts the app's and PostgreSQL's
# CPU (utime + stime of their processes, in clock ticks; every PostgreSQL process on the machine) and every statement
# PostgreSQL ran while the rest are booked. On this 2-core VM CPU per booking varies between probes about as much as
# throughput does: compare builds with bench/booking-ab.sh (alternating rounds, medians), not with one probe each.
# Output in /tmp/booking-probe-LABEL (book.log, cpu.txt, statements.tsv). Needs the run's Release bench tool.
set -euo pipefail
cd "$(dirname "$0")/.."
label=$1; bookings=${2:-4500}; warm_up=${3:-1500}
PG_PORT="${PG_PORT:-55432}"; APP_PORT="${APP_PORT:-5080}"
PATIENTS="${PATIENTS:-500}"; SLOTS_PER_DOCTOR="${SLOTS_PER_DOCTOR:-10}"; SEED="${SEED:-7}"
data="${DATA:-$(ls -td bench/results/*/data | head -1)}"
psql="psql -h 127.0.0.1 -p $PG_PORT -U postgres -d careslot_bench -Atq"
$psql -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
app=$(ss -ltnp | grep ":$APP_PORT " | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
ticks() { local sum=0; for p in "$@"; do [ -r "/proc/$p/stat" ] && sum=$((sum + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo "$sum"; }
out=/tmp/booking-probe-$label; mkdir -p "$out"; rm -f "$out/results.jsonl"
dotnet bench/CareSlot.Bench/bin/Release/net10.0/CareSlot.Bench.dll book --url "http://127.0.0.1:$APP_PORT" --data "$data" \
  --patients "$PATIENTS" --requests "$bookings" --warm-up "$warm_up" --connections 64 \
  --slots-per-doctor "$SLOTS_PER_DOCTOR" --seed "$SEED" --results "$out/results.jsonl" > "$out/book.log" 2>&1 &
load=$!
# The tool appends the warm-up's result line when the warm-up ends: the measured part starts then.
while [ ! -s "$out/results.jsonl" ]; do sleep 0.5; kill -0 $load 2>/dev/null || break; done
$psql -c "SELECT pg_stat_statements_reset()" >/dev/null
app0=$(ticks "$app"); pg0=$(ticks $(pgrep -u postgres postgres)); start=$(date +%s.%N)
wait $load
app1=$(ticks "$app"); pg1=$(ticks $(pgrep -u postgres postgres)); end=$(date +%s.%N)
booked=$(grep '"name":"booking"' "$out/results.jsonl" | grep -o '"201":[0-9]*' | cut -d: -f2)
tick_ms=$((1000 / $(getconf CLK_TCK)))
grep '^booking:' "$out/book.log"
awk -v a=$((app1 - app0)) -v p=$((pg1 - pg0)) -v n="${booked:-0}" -v t="$tick_ms" -v s="$start" -v e="$end" 'BEGIN {
  printf "%d bookings in %.1f s: app %.2f ms CPU a booking, PostgreSQL %.2f ms\n", n, e - s, a * t / n, p * t / n }' | tee "$out/cpu.txt"
$psql -F $'\t' -c "SELECT calls, round(total_exec_time::numeric, 1) AS exec_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 140)
  FROM pg_stat_statements ORDER BY calls DESC LIMIT 30" | tee "$out/statements.tsv"
