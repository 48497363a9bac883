#!/usr/bin/env bash
# Peak load (issue 21): the mixed workload at rising concurrency against 1 instance and against 3, back to back on this
# machine, each behind the topology's nginx (TLS) on the same PostgreSQL primary + standby and Redis, so the only change
# between the two runs is the number of instances.
#
#   bench/peak.sh              # small dataset (500 doctors, 10,000 patients, 50,000 appointments)
#   bench/peak.sh full         # 10,000 doctors, 200,000 patients, 1,000,000 appointments
#   STEPS=4,16 STEP_SECONDS=5 bench/peak.sh custom --doctors 60 --patients 3000 --appointments 3000   # a quick check of the script
#
# Settings (environment): STEPS (4,8,16,32,64,128,256) STEP_SECONDS (20) WARM_UP_SECONDS (15) PATIENTS (500)
#   INSTANCE_COUNTS ("1 3") TOPOLOGY_WORK (/tmp/careslot-peak) and ops/topology.sh's own (ports, PGBIN).
# Results go to bench/results/peak-SIZE-YYYYmmdd-HHMMSS/ (peak.jsonl, peak.md, peak.svg, logs).
set -euo pipefail
cd "$(dirname "$0")/.."

size="${1:-small}"; shift || true
case "$size" in
  small) generate_flags=(--small) ;;
  full) generate_flags=() ;;
  custom) generate_flags=("$@") ;;
  *) echo "usage: bench/peak.sh small|full|custom [generate flags]" >&2; exit 2 ;;
esac
STEPS="${STEPS:-4,8,16,32,64,128,256}"
STEP_SECONDS="${STEP_SECONDS:-20}"
WARM_UP_SECONDS="${WARM_UP_SECONDS:-15}"
PATIENTS="${PATIENTS:-500}"
INSTANCE_COUNTS="${INSTANCE_COUNTS:-1 3}"
export TOPOLOGY_WORK="${TOPOLOGY_WORK:-/tmp/careslot-peak}"
export HTTPS_PORT="${HTTPS_PORT:-8443}" PG_PRIMARY_PORT="${PG_PRIMARY_PORT:-55433}"
# No demo data (the generated dataset is the data) and no sign-in limit (500 patients sign in from this one address).
export APP_EXTRA_ENV="Seed__Demo=false RateLimiting__Enabled=false ${APP_EXTRA_ENV:-}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
out="bench/results/peak-$size-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/data"
out="$(cd "$out" && pwd)"
results="$out/peak.jsonl"
primary="Host=127.0.0.1;Port=$PG_PRIMARY_PORT;Username=careslot;Password=careslot;Database=careslot"

sql() { PGPASSWORD=careslot "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U careslot -d careslot -Atc "$1"; }
step() { printf '\n== %s  [%s]\n' "$*" "$(date +%H:%M:%S)"; }
instances() { # count: the first COUNT of the topology's ports
  local ports=(5101 5102 5103 5104 5105 5106)
  echo "${ports[*]:0:$1}"
}
trap 'ops/topology.sh down >/dev/null 2>&1 || true' EXIT

{
  echo "date: $(date -Iseconds)"; echo "nproc: $(nproc)"; echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"; echo "dotnet: $(dotnet --version)"
  echo "steps: $STEPS × ${STEP_SECONDS}s, warm-up ${WARM_UP_SECONDS}s, $PATIENTS patients, instances: $INSTANCE_COUNTS"
} | tee "$out/machine.txt"

step "Build the bench tool (Release)"
dotnet build bench/CareSlot.Bench -c Release -nologo -clp:ErrorsOnly
bench="dotnet bench/CareSlot.Bench/bin/Release/net10.0/CareSlot.Bench.dll"

step "Topology with one instance: publish, clusters, migrations; then the dataset ($size) into the primary"
ops/topology.sh down >/dev/null 2>&1 || true
rm -rf "$TOPOLOGY_WORK"
APP_PORTS="$(instances 1)" ops/topology.sh up | tee "$out/topology.log"
Security__PhiKeys__Folder="$TOPOLOGY_WORK/keys" $bench generate "${generate_flags[@]}" --reset --connection "$primary" --out "$out/data" | tee "$out/generate.log"

for count in $INSTANCE_COUNTS; do
  label="$count instance$([ "$count" = 1 ] || echo s)"
  step "$label: restart the topology with $count instance(s) on the same clusters"
  ops/topology.sh down | tee -a "$out/topology.log"
  APP_PORTS="$(instances "$count")" ops/topology.sh up | tee -a "$out/topology.log"

  step "$label: wait until the instances have computed every listed doctor's next free slot"
  listed=$(sql 'SELECT count(*) FROM "Doctors" WHERE "IsListed"')
  for _ in $(seq 1 600); do
    done_rows=$(sql 'SELECT count(*) FROM "DoctorAvailability" WHERE "RefreshedAt" IS NOT NULL')
    [ "$done_rows" -ge "$listed" ] && break
    sleep 2
  done
  echo "availability: $done_rows / $listed"

  step "$label: the mixed workload, steps $STEPS"
  $bench peak --url "https://localhost:$HTTPS_PORT" --trust-certificate "$TOPOLOGY_WORK/tls/careslot.crt" --data "$out/data" \
    --label "$label" --steps "$STEPS" --step-seconds "$STEP_SECONDS" --warm-up-seconds "$WARM_UP_SECONDS" --patients "$PATIENTS" \
    --results "$results" | tee -a "$out/peak.log"
  cp -r "$TOPOLOGY_WORK/logs" "$out/logs-$count"
done

step "Report"
$bench peak-report --results "$results" --markdown "$out/peak.md" --svg "$out/peak.svg"
echo "Results in $out"
