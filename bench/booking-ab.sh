#!/usr/bin/env bash
# Builds compared on what one booking costs, back to back on one machine, in alternating rounds:
#
#   bench/booking-ab.sh ROUNDS NAME=WORKTREE:APP_PORT:PG_PORT ...
#
# Each APP_PORT/PG_PORT is an environment that `KEEP=1 LOADS=booking PG_SETTINGS="-c shared_preload_libraries=pg_stat_statements"
# bench/run.sh small` left running (give each its own PG_PORT, APP_PORT, SMTP_PORT and WORK). Builds of one schema may
# share an environment (the first build named with it is the worktree whose run made it: its dataset is read there); the
# script restarts its app from the build's worktree (a Release build there) when the build
# changes. It books once unmeasured after each restart and before each build's first probe: a freshly started app books
# far slower until its methods reach their optimised tier.
#
# Before each measured probe (bench/booking-probe.sh, the same seed every time) it
#   - deletes the appointments booked since the environment's dataset was generated (with their history, events and
#     messages) and vacuums, so every probe books the same slots into the same tables;
#   - marks unsent messages skipped, and waits until the machine is idle: an environment's dispatcher goes on sending
#     a probe's e-mails for minutes after it, which would run beside the next probe;
#   - stops (SIGSTOP) every other environment's app, SMTP sink and PostgreSQL until the probe ends.
# One line per probe goes to bench/results/booking-ab-TIMESTAMP.tsv, the medians per build at the end.
# Settings by environment: BOOKINGS (8000), WARM_UP (1500), SEED (50), SLOTS_PER_DOCTOR (30), PATIENTS (500).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/booking-ab.sh ROUNDS NAME=WORKTREE:APP_PORT:PG_PORT ..." >&2; exit 2; }
rounds=$1; shift
BOOKINGS="${BOOKINGS:-8000}"; WARM_UP="${WARM_UP:-1500}"
export SEED="${SEED:-50}" SLOTS_PER_DOCTOR="${SLOTS_PER_DOCTOR:-30}" PATIENTS="${PATIENTS:-500}"
out="bench/results/booking-ab-$(date +%Y%m%d-%H%M%S).tsv"
printf 'round\tbuild\tbookings\tseconds\tbookings_per_s\tapp_ms\tpostgres_ms\n' > "$out"

listener() { ss -ltnp | grep "127.0.0.1:$1 " | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
psql_at() { psql -h 127.0.0.1 -p "$1" -U postgres -d careslot_bench -Atq "${@:2}"; }
# An environment's processes: its app, its SMTP sink (found by the app's Email__Smtp__Port) and its PostgreSQL.
processes() {
  local app pg smtp_port
  app=$(listener "$1"); pg=$(listener "$2")
  smtp_port=$(tr '\0' '\n' < "/proc/$app/environ" | sed -n 's/^Email__Smtp__Port=//p')
  echo "$app" "$(listener "$smtp_port")" "$pg" $(pgrep -P "$pg")
}
idle_percent() { top -bn2 -d1 | grep '^%Cpu' | tail -1 | sed 's/.* \([0-9.]*\) id.*/\1/' | cut -d. -f1; }

declare -A environment running dataset data
for build in "$@"; do
  name=${build%%=*}; IFS=: read -r dir app_port pg_port <<< "${build#*=}"
  [ -x "$dir/src/CareSlot.Web/bin/Release/net10.0/CareSlot.Web" ] || { echo "$name: no Release build in $dir" >&2; exit 1; }
  [ -n "$(listener "$app_port")" ] || { echo "$name: no app on port $app_port (KEEP=1 bench/run.sh first)" >&2; exit 1; }
  environment[$name]="$dir $app_port $pg_port"
  if [ -z "${data[$app_port]:-}" ]; then
    data[$app_port]=$(ls -td "$dir"/bench/results/*/data | head -1)
    # The dataset's own appointments were all created before its directory was.
    dataset[$app_port]=$(date -u -d "@$(stat -c %Y "${data[$app_port]}")" '+%Y-%m-%d %H:%M:%S+00')
  fi
  running[$app_port]=${running[$app_port]:-$(readlink -f "/proc/$(listener "$app_port")/cwd")}
done

restart() { # app_port worktree: the app again, with the environment it was started with, from another build
  local app; app=$(listener "$1")
  local settings
  mapfile -t settings < <(tr '\0' '\n' < "/proc/$app/environ" \
    | grep -E '^(ASPNETCORE_|ConnectionStrings__|Database__|DOTNET_GC|Email__|RateLimiting__|Security__|Seed__|Site__)')
  kill "$app"; while kill -0 "$app" 2>/dev/null; do sleep 0.2; done
  (cd "$2/src/CareSlot.Web" && env "${settings[@]}" nohup bin/Release/net10.0/CareSlot.Web > "/tmp/booking-ab-app-$1.log" 2>&1 &)
  for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$1/api/v1/specialties" && break; sleep 1; done
  running[$1]=$(readlink -f "$2/src/CareSlot.Web")
}

quiet() { # pg_port dataset_time
  psql_at "$1" <<SQL
DELETE FROM "Appointments" WHERE "CreatedAt" > '$2';
UPDATE "OutboxMessages" SET "State" = 'Skipped' WHERE "State" = 'Pending';
VACUUM ANALYZE "Appointments"; VACUUM ANALYZE "AppointmentHistory"; VACUUM ANALYZE "AppointmentEvents";
VACUUM ANALYZE "OutboxMessages"; VACUUM ANALYZE "DoctorAvailability"; VACUUM ANALYZE "AspNetUsers";
SQL
  for _ in $(seq 1 120); do [ "$(idle_percent)" -ge 93 ] && return; done
  echo "the machine did not fall idle; measuring anyway" >&2
}

# Stopped processes are continued whatever ends the script, an interruption included.
stopped=""
trap 'kill -CONT $stopped 2>/dev/null || true' EXIT

probe() { # label name
  local dir app_port pg_port
  read -r dir app_port pg_port <<< "${environment[$2]}"
  quiet "$pg_port" "${dataset[$app_port]}"
  stopped=""
  for other in "${!environment[@]}"; do
    read -r _ other_app other_pg <<< "${environment[$other]}"
    [ "$other_app" = "$app_port" ] || stopped="$stopped $(processes "$other_app" "$other_pg")"
  done
  rm -f "/tmp/booking-probe-$1/cpu.txt" # a failed probe leaves none, rather than an earlier run's
  kill -STOP $stopped 2>/dev/null || true
  DATA="${data[$app_port]}" PG_PORT=$pg_port APP_PORT=$app_port bench/booking-probe.sh "$1" "$BOOKINGS" "$WARM_UP" > "/tmp/booking-ab-$1.log" 2>&1 || true
  kill -CONT $stopped 2>/dev/null || true
  stopped=""
}

for round in $(seq 1 "$rounds"); do
  for build in "$@"; do
    name=${build%%=*}; read -r dir app_port _ <<< "${environment[$name]}"
    if [ "${running[$app_port]}" != "$(readlink -f "$dir/src/CareSlot.Web")" ]; then
      restart "$app_port" "$dir"
      probe "ab-warm-$name" "$name"
    elif [ "$round" = 1 ]; then
      probe "ab-warm-$name" "$name" # as the restarted ones are: every build's first probe finds its app warm
    fi
    probe "ab-$round-$name" "$name"
    cpu=$(cat "/tmp/booking-probe-ab-$round-$name/cpu.txt" 2>/dev/null || echo "0 bookings in 0 s: app 0 ms CPU a booking, PostgreSQL 0 ms")
    echo "$cpu" | awk -v r="$round" -v b="$name" '{ printf "%s\t%s\t%s\t%s\t%.1f\t%s\t%s\n", r, b, $1, $4, ($4 > 0 ? $1 / $4 : 0), $7, $13 }' \
      | tee -a "$out"
  done
done

# The medians per build, and each build against the first one named, round by round: the machine's speed drifts
# between rounds more than within one, so the paired ratios are the steadier reading.
echo "medians ($out):"
awk -F'\t' -v reference="${1%%=*}" 'NR > 1 { rate[$2] = rate[$2] " " $5; app[$2] = app[$2] " " $6; pg[$2] = pg[$2] " " $7; at[$1, $2] = $5; if ($1 > last) last = $1 }
  function median(list,   n, v, i, j, t) { n = split(list, v, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
  END {
    for (b in rate) printf "  %-12s %7.1f bookings/s   app %.2f ms, PostgreSQL %.2f ms CPU a booking   (rates:%s)\n", b, median(rate[b]), median(app[b]), median(pg[b]), rate[b]
    for (b in rate) {
      if (b == reference) continue
      ratios = ""
      for (r = 1; r <= last; r++) if (at[r, reference] > 0) ratios = ratios " " sprintf("%+.1f", (at[r, b] / at[r, reference] - 1) * 100)
      printf "  %-12s against %s, round by round (%%):%s; median %+.1f%%\n", b, reference, ratios, median(ratios)
    }
  }' "$out"
