#!/usr/bin/env bash
# CareSlot benchmarks end to end: a throwaway PostgreSQL cluster, the app's migrations, the dataset,
# the app in Release, the slot lookup / search / booking loads, and a report measured against target.
#
#   bench/run.sh small            # 500 doctors, 10,000 patients, 50,000 appointments (a few minutes)
#   bench/run.sh full             # 10,000 doctors, 200,000 patients, 1,000,000 appointments
#   bench/run.sh custom --doctors 2000 --patients 40000 --appointments 200000
#   LOADS=oversight bench/run.sh full   # only the loads named (slots search booking chart oversight dispatch; default all)
#
# Settings by environment: PG_PORT (55432), APP_PORT (5080), DURATION (30s), CONNECTIONS (64),
# BOOKINGS (15000), BOOKING_WARM_UP (12000), BOOKING_PATIENTS (1000), DB_POOL (24), GC_GEN0 (0x4000000), SMTP_PORT (2525), DISPATCH_MESSAGES (5000),
# CHART_CONNECTIONS (4), CHART_SECONDS (30), CHART_WARM_UP (10), OVERSIGHT_CONNECTIONS (4), OVERSIGHT_SECONDS (30), OVERSIGHT_WARM_UP (10),
# LOADS (all: slots search booking chart oversight dispatch, separated by spaces or commas),
# WORK (/tmp/careslot-bench), KEEP=1 leaves cluster and app running,
# PG_SETTINGS (more server settings, e.g. "-c shared_preload_libraries=pg_stat_statements" to count a load's statements).
# Results go to bench/results/SIZE-YYYYmmdd-HHMMSS/ (results.jsonl, results.md, chart.svg, logs).
set -euo pipefail
cd "$(dirname "$0")/.."

size="${1:-small}"; shift || true
case "$size" in
  small) generate_flags=(--small) ;;
  full) generate_flags=() ;;
  custom) generate_flags=("$@") ;;
  *) echo "usage: bench/run.sh small|full|custom [generate flags]" >&2; exit 2 ;;
esac

PG_PORT="${PG_PORT:-55432}"
APP_PORT="${APP_PORT:-5080}"
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
BOOKINGS="${BOOKINGS:-15000}"
BOOKING_WARM_UP="${BOOKING_WARM_UP:-12000}"
# The booking load and its warm-up are 27,000 bookings: by 200 patients, 64 at a time, a booking often waits for
# another one of the same patient's to commit (measured on one warm app: 253 bookings/s with 200 patients, 315/s with 1,000).
BOOKING_PATIENTS="${BOOKING_PATIENTS:-1000}"
# The app's connection pool. Two cores run two queries at a time: a hundred PostgreSQL backends only take turns and
# fill their own caches, while 24 keep both cores busy, with room for connections waiting on a row lock (measured: 16,
# 24 and 32 gave about 245, 295 and 225 bookings/s on a warm app; 100, this script's earlier setting, about 165).
DB_POOL="${DB_POOL:-24}"
WORK="${WORK:-/tmp/careslot-bench}"
# .NET's default server GC (DATAS) starts the app on one heap with a youngest generation of about 2 MB, whatever the
# CPU's cache, and the app collects some 25 times as often as with 64 MB (976-980 gen0 collections against 38 for the
# same 2 GB of small allocations, on a VM that hides its caches and on one that shows a 32 MB L3). Measured: 301-309
# bookings/s without, 346 with on the first; 206-222 without, 222-264 with on the second, within its noise.
# GC_GEN0=none leaves .NET's choice; README says the same for production.
GC_GEN0="${GC_GEN0:-0x4000000}"
SMTP_PORT="${SMTP_PORT:-2525}"
DISPATCH_MESSAGES="${DISPATCH_MESSAGES:-5000}"
# The chart is one doctor reading one patient's history: a few connections, not the directory's crowd.
CHART_CONNECTIONS="${CHART_CONNECTIONS:-4}"
CHART_SECONDS="${CHART_SECONDS:-30}"
CHART_WARM_UP="${CHART_WARM_UP:-10}"
# The administrators' appointment list: a few administrators paging, like the chart's doctor.
OVERSIGHT_CONNECTIONS="${OVERSIGHT_CONNECTIONS:-4}"
OVERSIGHT_SECONDS="${OVERSIGHT_SECONDS:-30}"
OVERSIGHT_WARM_UP="${OVERSIGHT_WARM_UP:-10}"
# Which loads to run; the dataset, the app and the wait for its availability refresher come whatever the choice.
all_loads="slots search booking chart oversight dispatch"
LOADS="${LOADS:-all}"
[ "$LOADS" = all ] && LOADS="$all_loads"
LOADS="${LOADS//,/ }"
for name in $LOADS; do
  case " $all_loads " in *" $name "*) ;; *) echo "LOADS: unknown load '$name' (known: $all_loads, or all)" >&2; exit 2 ;; esac
done
wants() { case " $LOADS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
out="bench/results/$size-$(date +%Y%m%d-%H%M%S)"
data="$out/data"
mkdir -p "$data"
out="$(cd "$out" && pwd)"; data="$out/data"
results="$out/results.jsonl"

step() { printf '\n== %s  [%s]\n' "$*" "$(date +%H:%M:%S)"; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

step "Tools"
missing=()
if wants slots || wants search; then command -v wrk >/dev/null || missing+=(wrk); fi
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL 15 is missing: apt-get install postgresql-15" >&2; exit 1; }
{
  echo "date: $(date -Iseconds)"
  echo "nproc: $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "postgres: $("$PGBIN/postgres" --version)"
  echo "dotnet: $(dotnet --version)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "loads: $LOADS"
} | tee "$out/machine.txt"

app_pid=""
smtp_pid=""
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then echo "KEEP=1: app (pid $app_pid), SMTP server (pid $smtp_pid) and cluster ($WORK) left running"; return; fi
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null || true
  if [ -n "$app_pid" ]; then
    pkill -TERM -P "$app_pid" 2>/dev/null || true # the app itself, a child of `dotnet run`
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  [ -f "$WORK/data/PG_VERSION" ] && as_postgres "$PGBIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true
  [ "${huge_pages:-off}" = try ] && { echo "$reserved_before" > /proc/sys/vm/nr_hugepages; } 2>/dev/null || true
}
trap cleanup EXIT

# 2 GB of shared buffers in 2 MB pages instead of 4 kB ones, when this machine lets us reserve them: otherwise every
# backend takes half a million page faults before it has touched them all (a quarter of PostgreSQL's CPU early on).
huge_pages=off
reserved_before="$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo 0)"
if [ "$(id -u)" -eq 0 ] && [ -w /proc/sys/vm/nr_hugepages ]; then
  [ "$reserved_before" -ge 1100 ] || { echo 1100 > /proc/sys/vm/nr_hugepages; } 2>/dev/null || true
  [ "$(cat /proc/sys/vm/nr_hugepages)" -ge 1100 ] && huge_pages=try
fi
echo "huge pages: $huge_pages ($(cat /proc/sys/vm/nr_hugepages) reserved)" | tee -a "$out/machine.txt"

step "PostgreSQL cluster in $WORK on port $PG_PORT (default durability: fsync and synchronous_commit on)"
if [ -f "$WORK/data/PG_VERSION" ]; then as_postgres "$PGBIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true; fi
rm -rf "$WORK"; mkdir -p "$WORK"; [ "$(id -u)" -eq 0 ] && chown postgres "$WORK"
as_postgres "$PGBIN/initdb" -D "$WORK/data" -U postgres -A trust >/dev/null
# Memory settings sized for a 24 GB machine; nothing here trades durability for speed.
as_postgres "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w start \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=16MB -c maintenance_work_mem=512MB -c max_wal_size=4GB -c huge_pages=$huge_pages ${PG_SETTINGS:-}" >/dev/null
as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres careslot_bench
connection="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=careslot_bench;Maximum Pool Size=$DB_POOL"

app_gc=()
if [ "$GC_GEN0" != none ]; then app_gc=("DOTNET_GCgen0size=$GC_GEN0"); fi
echo "app's gc gen0 budget: ${app_gc[*]:-.NET default}" | tee -a "$out/machine.txt"
# A key for health information, as production keeps one outside the database; the generator seals reasons with it too.
mkdir -p "$WORK/keys" && head -c 32 /dev/urandom | base64 > "$WORK/keys/bench1" && chmod 600 "$WORK/keys/bench1"
export Security__PhiKeys__Folder="$WORK/keys"
export Database__Provider=Postgres ConnectionStrings__Postgres="$connection" ASPNETCORE_ENVIRONMENT=Production \
  RateLimiting__Enabled=false Seed__Demo=false ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT" Site__PublicOrigin="http://127.0.0.1:$APP_PORT" \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step "Build (Release)"
dotnet build src/CareSlot.Web -c Release -nologo -clp:ErrorsOnly
dotnet build bench/CareSlot.Bench -c Release -nologo -clp:ErrorsOnly
bench="dotnet bench/CareSlot.Bench/bin/Release/net10.0/CareSlot.Bench.dll"

step "Schema from the app's migrations"
dotnet run --project src/CareSlot.Web -c Release --no-build --no-launch-profile -- migrate 2>&1 | grep -E "Applying|up to date|fail|rror" || true

step "Dataset ($size)"
$bench generate "${generate_flags[@]}" --connection "$connection" --out "$data" | tee "$out/generate.log"

if wants chart; then
  step "Chart: a doctor's account with two-factor on, and one of their patients with 200 history entries"
  $bench chart-setup --connection "$connection" --out "$data" | tee -a "$out/generate.log"
fi
if wants oversight; then
  step "Oversight: an administrator's account with two-factor on, and the filters the list is walked with"
  $bench oversight-setup --connection "$connection" --out "$data" | tee -a "$out/generate.log"
fi

step "SMTP server (aiosmtpd, a Maildir in $WORK/mail) on port $SMTP_PORT"
mkdir -p "$WORK/mail/cur" "$WORK/mail/new" "$WORK/mail/tmp"
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$WORK/mail" > "$out/smtp.log" 2>&1 &
smtp_pid=$!
# A sink on this host that speaks no TLS: Production refuses plain-text SMTP unless told it is such a relay.
export Email__Smtp__Host=127.0.0.1 Email__Smtp__Port="$SMTP_PORT" Email__Smtp__Security=None Email__Smtp__AllowPlainTextOutsideDevelopment=true

step "App on http://127.0.0.1:$APP_PORT (Release, Production)"
env "${app_gc[@]}" dotnet run --project src/CareSlot.Web -c Release --no-build --no-launch-profile > "$out/app.log" 2>&1 &
app_pid=$!
for i in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/api/v1/specialties" && break
  kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped: see $out/app.log" >&2; tail -20 "$out/app.log" >&2; exit 1; }
  sleep 1
done
echo "up after ${i}s"

load() { # name paths-file connections duration
  echo "$1: $3 connections for $4 ..."
  BENCH_CONNECTIONS="$3" wrk -t2 -c"$3" -d"$4" --timeout 10s --latency -s bench/wrk/paths.lua "http://127.0.0.1:$APP_PORT" -- "$2" "$1" "$results" \
    | tee -a "$out/wrk.log" | grep -E "Requests/sec|Non-2xx|Socket errors|RESULT"
}

step "Directory availability: wait until the app has computed every listed doctor's next free slot"
# A freshly generated dataset has none; measuring while the app's refresher computes 10,000 of them measures that.
listed=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d careslot_bench -Atc 'SELECT count(*) FROM "Doctors" WHERE "IsListed"')
last=-1
while :; do
  done_rows=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d careslot_bench -Atc 'SELECT count(*) FROM "DoctorAvailability" WHERE "RefreshedAt" IS NOT NULL')
  percent=$(( done_rows * 100 / (listed > 0 ? listed : 1) ))
  if [ $(( percent / 5 )) -ne $(( last / 5 )) ]; then printf '[availability      ] %8d / %d (%3d%%)  [%s]\n' "$done_rows" "$listed" "$percent" "$(date +%H:%M:%S)"; last=$percent; fi
  [ "$done_rows" -ge "$listed" ] && break
  kill -0 "$app_pid" 2>/dev/null || { echo "The app stopped: see $out/app.log" >&2; exit 1; }
  sleep 2
done

if wants slots || wants search; then
  step "Warm-up (JIT, connection pool, PostgreSQL cache; not recorded)"
  BENCH_CONNECTIONS=16 wrk -t2 -c16 -d10s -s bench/wrk/paths.lua "http://127.0.0.1:$APP_PORT" -- "$data/search-paths.txt" warmup >/dev/null
fi

if wants slots; then
  step "Slot lookup, 14 days: first with the per-doctor caches empty (as after a restart), then in the steady state"
  load slots-first-pass "$data/slot-paths.txt" "$CONNECTIONS" "$DURATION"
  load slots "$data/slot-paths.txt" "$CONNECTIONS" "$DURATION"
fi

if wants search; then
  step "Search: first with the answers cache empty, then in the steady state (each answer kept 15-30 s, so every one is refilled during the run)"
  load search-first-pass "$data/search-paths.txt" "$CONNECTIONS" "$DURATION"
  load search "$data/search-paths.txt" "$CONNECTIONS" "$DURATION"
  load search-8-connections "$data/search-paths.txt" 8 "$DURATION"
fi

if wants booking; then
  step "Booking"
  $bench book --url "http://127.0.0.1:$APP_PORT" --data "$data" --patients "$BOOKING_PATIENTS" --requests "$BOOKINGS" --warm-up "$BOOKING_WARM_UP" \
    --connections "$CONNECTIONS" --results "$results" | tee "$out/book.log"
fi

chart_failed=0
if wants chart; then
  step "Doctor's chart: GET /patients/{id}/chart for the patient with 200 history entries, signed in with a TOTP code"
  $bench chart --url "http://127.0.0.1:$APP_PORT" --data "$data" --connections "$CHART_CONNECTIONS" --seconds "$CHART_SECONDS" \
    --warm-up-seconds "$CHART_WARM_UP" --results "$results" | tee "$out/chart.log" || chart_failed=1
fi

oversight_failed=0
if wants oversight; then
  step "Appointment oversight: GET /api/v1/admin/appointments page by page (nextCursor), filter after filter, signed in as an administrator with a TOTP code"
  $bench oversight --url "http://127.0.0.1:$APP_PORT" --data "$data" --connections "$OVERSIGHT_CONNECTIONS" --seconds "$OVERSIGHT_SECONDS" \
    --warm-up-seconds "$OVERSIGHT_WARM_UP" --results "$results" | tee "$out/oversight.log" || oversight_failed=1
fi

if wants dispatch; then
  step "Dispatcher: confirmation e-mails to the SMTP server"
  $bench dispatch --connection "$connection" --messages "$DISPATCH_MESSAGES" --results "$results" | tee "$out/dispatch.log"
fi

step "Report"
$bench report --results "$results" --markdown "$out/results.md" --svg "$out/chart.svg"
echo "Results in $out"
failed=0
if [ "$chart_failed" = 1 ]; then echo "The chart load failed or timed answers that were not the chart: see $out/chart.log" >&2; failed=1; fi
if [ "$oversight_failed" = 1 ]; then echo "The oversight load failed or timed answers that were not a right page of the list: see $out/oversight.log" >&2; failed=1; fi
exit "$failed"
