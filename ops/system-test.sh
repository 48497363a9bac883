#!/usr/bin/env bash
# The many-instance system tests (issue 21): brings the topology of ops/topology.sh up from nothing, runs the tests of
# tests/CareSlot.SystemTests against it one class at a time (in the issue's order of priority), and brings it down again
# even when a test fails. Separate from ./test.sh, which they would push past its 30 minutes.
#
#   ops/system-test.sh                                  # everything, with the issue's 5-minute SMTP outage (≈ 12 min)
#   SMTP_OUTAGE_SECONDS=30 ops/system-test.sh           # a shorter outage
#   SYSTEM_TESTS="SlotRaceTests ReminderTests" ops/system-test.sh   # only these classes
#   KEEP=1 ops/system-test.sh                           # leave the topology running afterwards (ops/topology.sh down)
#
# Settings: those of ops/topology.sh (ports, TOPOLOGY_WORK), PUBLISH (1: publish the app as it is in this checkout),
# FRESH (1: start from empty clusters, Redis and mailbox). The figures each test measures go to the console and to
# artifacts/system-tests/results-TIMESTAMP.txt; the last line is "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

export TOPOLOGY_WORK="${TOPOLOGY_WORK:-/tmp/careslot-topology}"
export SMTP_OUTAGE_SECONDS="${SMTP_OUTAGE_SECONDS:-300}"
export PUBLISH="${PUBLISH:-1}"
# 500 patients sign in from this machine's one address; the app's default allows 10 sign-ins a minute per address.
export ACCOUNT_PERMIT_LIMIT="${ACCOUNT_PERMIT_LIMIT:-100000}"
export DOTNET_USE_POLLING_FILE_WATCHER=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
all_tests="SlotRaceTests ReminderTests InstanceKillTests DatabaseRestartTests ReplicaStopTests RedisStopTests LiveUpdateTests SmtpOutageTests NginxTests"
SYSTEM_TESTS="${SYSTEM_TESTS:-$all_tests}"

mkdir -p artifacts/system-tests
results="$(pwd)/artifacts/system-tests/results-$(date -u +%Y%m%d-%H%M%S).txt"
export SYSTEM_TEST_RESULTS="$results"
say() { printf '[system-test %s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$results"; }

finish() {
  if [ "${KEEP:-0}" = 1 ]; then say "KEEP=1: the topology is left running (ops/topology.sh down stops it)"; return; fi
  ops/topology.sh down | tee -a "$results" || true
}
trap finish EXIT

started=$SECONDS
say "results in $results"
dotnet build tests/CareSlot.SystemTests -nologo -clp:ErrorsOnly -v q | tee -a "$results"

ops/topology.sh down >/dev/null 2>&1 || true
if [ "${FRESH:-1}" = 1 ]; then
  # Only the state: the published app stays (PUBLISH decides about it).
  rm -rf "${TOPOLOGY_WORK:?}/pg" "$TOPOLOGY_WORK/mail" "$TOPOLOGY_WORK/redis" "$TOPOLOGY_WORK/run" "$TOPOLOGY_WORK/nginx"
fi
ops/topology.sh up 2>&1 | tee -a "$results"
[ "${PIPESTATUS[0]}" = 0 ] || { say "the topology did not come up"; exit 1; }

passed=0; failed=0; failures=()
for test in $SYSTEM_TESTS; do
  say "== $test"
  class_started=$SECONDS
  if dotnet run --project tests/CareSlot.SystemTests --no-build -- -class "CareSlot.SystemTests.$test" -noColor -noLogo 2>&1 | tee -a "$results"; then
    passed=$((passed + 1)); say "$test passed in $((SECONDS - class_started)) s"
  else
    failed=$((failed + 1)); failures+=("$test"); say "$test FAILED in $((SECONDS - class_started)) s"
  fi
done
say "system tests took $((SECONDS - started)) s${failures[*]:+; failed: ${failures[*]}}"
say "$passed passed, $failed failed"
[ "$failed" = 0 ]
