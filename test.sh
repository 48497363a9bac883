#!/usr/bin/env bash
# Runs every CareSlot test. On Debian/Ubuntu it first installs what the tests need (PostgreSQL,
# Chromium, fonts, an SMTP sink, an IMAP server, ffmpeg for the guides' videos, sslscan for the TLS scan, Redis for the
# scale-out tests); then it builds with warnings as errors, runs every test project
# and ends with one line, "N passed, N failed, N skipped", counted from the test results.
set -euo pipefail
cd "$(dirname "$0")"

packages=(postgresql chromium fonts-liberation python3-aiosmtpd dovecot-imapd ffmpeg sslscan redis-server)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Every test host watches its settings files and static assets; with inotify that is one instance per watcher, and a
# user may hold only 128 (Debian's default): the integration suite's hosts ran out of them. Polling needs none.
export DOTNET_USE_POLLING_FILE_WATCHER=true
results=artifacts/test-results
rm -rf "$results" artifacts/screenshots
mkdir -p "$results"

dotnet build CareSlot.slnx -warnaserror -nologo -clp:ErrorsOnly
status=0
# One test project at a time: on two cores, Chromium beside PostgreSQL and the integration suite starves
# page loads into time-outs; run one after the other, each gets the whole machine.
dotnet test --solution CareSlot.slnx --no-build --max-parallel-test-modules 1 --report-trx --results-directory "$results" || status=$?

# The closing line is computed from the TRX files, never taken from the runner's own words.
/usr/bin/python3 eng/summarize-trx.py "$results" || status=$?
exit "$status"
