#!/usr/bin/env bash
# The many-instance topology on one machine (issue 21): nginx (TLS, HTTP→HTTPS) balancing three CareSlot instances,
# PostgreSQL 15 primary + streaming replica, Redis, and an SMTP sink that keeps every message as a file.
#
#   ops/topology.sh up       # publish the app, start everything, wait until every instance is ready and nginx answers
#   ops/topology.sh status   # what runs, and each instance's readiness
#   ops/topology.sh down     # stop everything the script started (by its pid files); safe to run twice
#
# Everything lives under one work folder, TOPOLOGY_WORK (default /tmp/careslot-topology): the published app, the two
# clusters, the logs (logs/*.log), the pid files (run/*.pid), the certificate, nginx's configuration and the SMTP sink's
# Maildir (mail/new holds one file per accepted message). Only 127.0.0.1 is ever listened on. Settings (environment):
#   HTTPS_PORT (8443) HTTP_PORT (8080)        nginx
#   APP_PORTS ("5101 5102 5103")              the instances, one port each (three by default; any number works)
#   PG_PRIMARY_PORT (55433) PG_REPLICA_PORT (55434) REDIS_PORT (56379) SMTP_PORT (2526)
#   PUBLISH (auto: only when the work folder has no published app; 1 always, 0 never)
#   ACCOUNT_PERMIT_LIMIT (the app's default, 10): sign-ins per client address per minute; the system tests sign 500
#     patients in from this one machine's address and raise it. Everything else is the app's production default.
#   APP_EXTRA_ENV ("NAME=value NAME2=value"): more settings for every instance.
#   PG_TARGET_SESSION_ATTRIBUTES (none): Npgsql's Target Session Attributes in the instances' multi-host connection string.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

WORK="${TOPOLOGY_WORK:-/tmp/careslot-topology}"
HTTPS_PORT="${HTTPS_PORT:-8443}"
HTTP_PORT="${HTTP_PORT:-8080}"
read -r -a APP_PORTS <<< "${APP_PORTS:-5101 5102 5103}"
PG_PRIMARY_PORT="${PG_PRIMARY_PORT:-55433}"
PG_REPLICA_PORT="${PG_REPLICA_PORT:-55434}"
REDIS_PORT="${REDIS_PORT:-56379}"
SMTP_PORT="${SMTP_PORT:-2526}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
DB_NAME=careslot
DB_USER=careslot

say() { printf '[topology %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pid_alive() { [ -f "$1" ] && kill -0 "$(head -1 "$1")" 2>/dev/null; }

# The connection string every instance gets: the primary first, then the standby (Npgsql multi-host). The app builds one
# multi-host data source from it and asks for the primary for everything that writes, and for the standby (falling back
# to the primary) for directory and slot reads; so the string names no Target Session Attributes (the app chooses per use of a
# multi-host data source). An app without that machinery would need PG_TARGET_SESSION_ATTRIBUTES=primary: with Npgsql's
# default (any) a connection goes to the standby whenever the primary's pool is full, and writes there fail (measured on
# such a build: 394 of the 500 race bookings answered 500, "read-only transaction").
# Host Recheck Seconds=2: Npgsql remembers a host it could not reach as offline for 10 s by default, so after a
# PostgreSQL restart of under 2 s the instances refused requests for 10 s more (measured: errors until 11.5 s).
connection_string() {
  local target=""
  [ -n "${PG_TARGET_SESSION_ATTRIBUTES:-}" ] && target="Target Session Attributes=$PG_TARGET_SESSION_ATTRIBUTES;"
  echo "Host=127.0.0.1:$PG_PRIMARY_PORT,127.0.0.1:$PG_REPLICA_PORT;${target}Host Recheck Seconds=2;Username=$DB_USER;Password=$DB_USER;Database=$DB_NAME;Maximum Pool Size=20"
}

# Starts a long-running process in a session of its own (as the daemons here do themselves), so that nothing signalling
# the caller's process group — a terminal's Ctrl+C, a CI step ending — stops it; only `down` does. The pid file holds
# the process's own pid (the shell writes its pid, then becomes the command), so `down` and a test's kill -9 reach it.
spawn() { # pidfile logfile command...
  local pidfile="$1" log="$2"; shift 2
  rm -f "$pidfile"
  setsid -f bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" >>"$log" 2>&1 </dev/null
  for _ in $(seq 1 50); do [ -s "$pidfile" ] && return; sleep 0.1; done
  fail "$* did not start (see $log)"
}

wait_for() { # description seconds command...
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  fail "$what did not come up within ${seconds}s"
}

publish() {
  if [ "${PUBLISH:-auto}" = 0 ] || { [ "${PUBLISH:-auto}" = auto ] && [ -f "$WORK/app/CareSlot.Web.dll" ]; }; then
    say "app already published in $WORK/app (PUBLISH=1 publishes again)"
    return
  fi
  say "dotnet publish src/CareSlot.Web -c Release -> $WORK/app (a Release build run from bin/ serves empty compressed static assets)"
  rm -rf "$WORK/app"
  dotnet publish src/CareSlot.Web -c Release -o "$WORK/app" -nologo -clp:ErrorsOnly -v q >"$WORK/logs/publish.log" 2>&1 \
    || { tail -30 "$WORK/logs/publish.log" >&2; fail "publish (see $WORK/logs/publish.log)"; }
}

start_primary() {
  local data="$WORK/pg/primary"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "PostgreSQL primary: initdb (wal_level=replica) in $data"
    as_postgres "$PGBIN/initdb" -D "$data" -U postgres -A trust >/dev/null
    cat >> "$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PRIMARY_PORT
unix_socket_directories = '$WORK/pg'
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
max_connections = 200
EOF
    echo "host replication all 127.0.0.1/32 trust" >> "$data/pg_hba.conf"
  fi
  if as_postgres "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "PostgreSQL primary already running on $PG_PRIMARY_PORT"
  else
    say "PostgreSQL primary: starting on 127.0.0.1:$PG_PRIMARY_PORT"
    as_postgres "$PGBIN/pg_ctl" -D "$data" -l "$WORK/pg/primary.log" -w start >/dev/null
  fi
  psql_primary -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'" | grep -q 1 \
    || psql_primary -qc "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_USER'"
  psql_primary -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
    || psql_primary -qc "CREATE DATABASE $DB_NAME OWNER $DB_USER"
  psql_primary -tAc "SELECT 1 FROM pg_replication_slots WHERE slot_name = 'replica1'" | grep -q 1 \
    || psql_primary -qc "SELECT pg_create_physical_replication_slot('replica1')" >/dev/null
}

psql_primary() { "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

start_replica() {
  local data="$WORK/pg/replica"
  if [ ! -f "$data/PG_VERSION" ]; then
    # -c fast: a checkpoint at once, not spread over minutes (measured: 94 s for an empty cluster without it).
    say "PostgreSQL replica: pg_basebackup -R -X stream -c fast from the primary into $data"
    as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -D "$data" -R -X stream -c fast -S replica1 >"$WORK/logs/basebackup.log" 2>&1 \
      || fail "pg_basebackup (see $WORK/logs/basebackup.log)"
    # The copied configuration names the primary's port; the standby has its own.
    echo "port = $PG_REPLICA_PORT" >> "$data/postgresql.conf"
  fi
  if as_postgres "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "PostgreSQL replica already running on $PG_REPLICA_PORT"
  else
    say "PostgreSQL replica: starting on 127.0.0.1:$PG_REPLICA_PORT"
    as_postgres "$PGBIN/pg_ctl" -D "$data" -l "$WORK/pg/replica.log" -w start >/dev/null
  fi
  wait_for "streaming replication" 30 bash -c \
    "\"$PGBIN/psql\" -h 127.0.0.1 -p $PG_PRIMARY_PORT -U postgres -d postgres -tAc \"SELECT state FROM pg_stat_replication\" | grep -q streaming"
  say "replica is streaming"
}

start_redis() {
  if pid_alive "$WORK/run/redis.pid"; then say "Redis already running on $REDIS_PORT"; return; fi
  say "Redis: starting on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$WORK/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$WORK/run/redis.pid" \
    --dir "$WORK/redis" --logfile "$WORK/logs/redis.log" --save "" --appendonly no
  wait_for "Redis" 15 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
}

start_smtp() {
  if pid_alive "$WORK/run/smtp.pid"; then say "SMTP sink already running on $SMTP_PORT"; return; fi
  say "SMTP sink (aiosmtpd, Maildir $WORK/mail): starting on 127.0.0.1:$SMTP_PORT"
  # aiosmtpd's Maildir handler rejects every message when these are missing.
  mkdir -p "$WORK/mail/cur" "$WORK/mail/new" "$WORK/mail/tmp"
  spawn "$WORK/run/smtp.pid" "$WORK/logs/smtp.log" /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$WORK/mail"
  wait_for "SMTP sink" 15 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT"
}

make_certificate() {
  [ -f "$WORK/tls/careslot.crt" ] && return
  say "TLS: a self-signed certificate for localhost and 127.0.0.1 (openssl)"
  mkdir -p "$WORK/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$WORK/tls/careslot.key" -out "$WORK/tls/careslot.crt" >/dev/null 2>&1
  chmod 600 "$WORK/tls/careslot.key"
}

make_phi_key() {
  # Health information is sealed with a key kept outside the database; every instance reads the same ring.
  [ -f "$WORK/keys/topology1" ] && return
  mkdir -p "$WORK/keys"
  head -c 32 /dev/urandom | base64 > "$WORK/keys/topology1"
  chmod 600 "$WORK/keys/topology1"
}

# The environment an instance runs in. Production, as a real installation runs: HTTPS ends at nginx, which is the one
# trusted proxy, so the instances believe its X-Forwarded-Proto/-For; Https:Port names nginx's HTTPS port, which turns the
# app's own redirect and HSTS on for requests that did not come through nginx's TLS.
app_environment() {
  local port="$1"
  local environment=(
    "ASPNETCORE_ENVIRONMENT=Production"
    "ASPNETCORE_URLS=http://127.0.0.1:$port"
    "DOTNET_CLI_TELEMETRY_OPTOUT=1"
    "Database__Provider=Postgres"
    "Database__MigrateOnStartup=false"
    "ConnectionStrings__Postgres=$(connection_string)"
    "ConnectionStrings__CareSlot=$(connection_string)"
    "Redis__Configuration=127.0.0.1:$REDIS_PORT"
    "ForwardedHeaders__KnownProxies__0=127.0.0.1"
    "Https__Port=$HTTPS_PORT"
    "Site__PublicOrigin=https://localhost:$HTTPS_PORT"
    "Security__PhiKeys__Folder=$WORK/keys"
    "Seed__Demo=true"
    "Email__Smtp__Host=127.0.0.1"
    "Email__Smtp__Port=$SMTP_PORT"
    "Email__Smtp__Security=None"
    "Email__Smtp__AllowPlainTextOutsideDevelopment=true"
    # An SMTP outage of minutes must not use up a message's attempts, and the first delivery after it must not wait for
    # an hour-long back-off: retries every 5 s doubling up to a minute, thirty of them.
    "Notifications__RetryBaseDelaySeconds=5"
    "Notifications__RetryMaxDelaySeconds=60"
    "Notifications__MaxAttempts=30"
  )
  [ -n "${ACCOUNT_PERMIT_LIMIT:-}" ] && environment+=("RateLimiting__AccountPermitLimit=$ACCOUNT_PERMIT_LIMIT")
  if [ -n "${APP_EXTRA_ENV:-}" ]; then
    local extra
    read -r -a extra <<< "$APP_EXTRA_ENV"
    environment+=("${extra[@]}")
  fi
  printf '%s\n' "${environment[@]}"
}

migrate() {
  say "migrations: applied once, before any instance starts"
  local environment
  mapfile -t environment < <(app_environment "${APP_PORTS[0]}")
  (cd "$WORK/app" && env "${environment[@]}" dotnet CareSlot.Web.dll migrate) >"$WORK/logs/migrate.log" 2>&1 \
    || { tail -30 "$WORK/logs/migrate.log" >&2; fail "migrate (see $WORK/logs/migrate.log)"; }
}

instance_ready() { curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$1/health/ready" | grep -q '^200$'; }

start_instance() {
  local port="$1" index="$2"
  local pidfile="$WORK/run/app$index.pid"
  if pid_alive "$pidfile"; then say "instance $index already running on $port"; return; fi
  say "instance $index: starting on 127.0.0.1:$port (log $WORK/logs/app$index.log)"
  local environment
  mapfile -t environment < <(app_environment "$port")
  spawn "$pidfile" "$WORK/logs/app$index.log" env -C "$WORK/app" "${environment[@]}" dotnet CareSlot.Web.dll
}

wait_instance() {
  local port="$1" index="$2"
  for _ in $(seq 1 120); do
    # Readiness behind a trusted proxy: the header says the client came over HTTPS, as nginx's health probe would.
    if instance_ready "$port"; then say "instance $index ready (/health/ready 200)"; return; fi
    pid_alive "$WORK/run/app$index.pid" || { tail -30 "$WORK/logs/app$index.log" >&2; fail "instance $index stopped (see $WORK/logs/app$index.log)"; }
    sleep 1
  done
  fail "instance $index not ready after 120s"
}

start_nginx() {
  if pid_alive "$WORK/run/nginx.pid"; then say "nginx already running"; return; fi
  say "nginx: HTTPS on 127.0.0.1:$HTTPS_PORT, HTTP on $HTTP_PORT (redirects), site file ops/nginx/careslot.conf"
  mkdir -p "$WORK/nginx/temp"
  local servers=""
  for port in "${APP_PORTS[@]}"; do servers+="    server 127.0.0.1:$port max_fails=2 fail_timeout=10s;"$'\n'; done
  # The site file is used as it is; only the placeholders for this machine's ports and paths are filled in.
  sed -e "s#__HTTPS_PORT__#$HTTPS_PORT#g" -e "s#__HTTP_PORT__#$HTTP_PORT#g" \
      -e "s#__CERTIFICATE__#$WORK/tls/careslot.crt#g" -e "s#__CERTIFICATE_KEY__#$WORK/tls/careslot.key#g" \
      "$repo/ops/nginx/careslot.conf" | awk -v servers="$servers" '/^[[:space:]]*__SERVERS__[[:space:]]*$/ { printf "%s", servers; next } { print }' \
      > "$WORK/nginx/careslot.conf"
  cat > "$WORK/nginx/nginx.conf" <<EOF
# The frame around the site file for a non-root nginx in the work folder (Debian's /etc/nginx/nginx.conf in production).
worker_processes 2;
pid $WORK/run/nginx.pid;
error_log $WORK/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  # Which instance answered each request, and what it said: the kill -9 test counts the 502s of the killed one.
  log_format careslot '\$remote_addr [\$time_iso8601] "\$request" \$status upstream=\$upstream_addr upstream_status=\$upstream_status \$request_time';
  access_log $WORK/logs/nginx-access.log careslot;
  client_body_temp_path $WORK/nginx/temp/body;
  proxy_temp_path $WORK/nginx/temp/proxy;
  fastcgi_temp_path $WORK/nginx/temp/fastcgi;
  uwsgi_temp_path $WORK/nginx/temp/uwsgi;
  scgi_temp_path $WORK/nginx/temp/scgi;
  include $WORK/nginx/careslot.conf;
}
EOF
  nginx -t -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/logs/nginx-test.log" 2>&1 || { cat "$WORK/logs/nginx-test.log" >&2; fail "nginx -t"; }
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
  wait_for "nginx over HTTPS" 20 bash -c "curl -sk -o /dev/null -w '%{http_code}' https://127.0.0.1:$HTTPS_PORT/health/ready | grep -q 200"
  say "nginx answers: https://localhost:$HTTPS_PORT/ (self-signed certificate $WORK/tls/careslot.crt)"
}

up() {
  local started=$SECONDS
  mkdir -p "$WORK/logs" "$WORK/run" "$WORK/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$WORK/pg"
  [ -x "$PGBIN/initdb" ] || fail "PostgreSQL 15 is missing ($PGBIN): apt-get install postgresql-15"
  command -v redis-server >/dev/null || fail "redis-server is missing: apt-get install redis-server"
  command -v nginx >/dev/null || fail "nginx is missing: apt-get install nginx"
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || fail "aiosmtpd is missing: apt-get install python3-aiosmtpd"
  say "work folder $WORK"
  publish
  start_primary
  start_replica
  start_redis
  start_smtp
  make_certificate
  make_phi_key
  migrate
  # The first instance seeds the demo directory (idempotent) before the others start, so they never race on it.
  start_instance "${APP_PORTS[0]}" 1
  wait_instance "${APP_PORTS[0]}" 1
  local index=1
  for port in "${APP_PORTS[@]:1}"; do index=$((index + 1)); start_instance "$port" "$index"; done
  index=1
  for port in "${APP_PORTS[@]:1}"; do index=$((index + 1)); wait_instance "$port" "$index"; done
  start_nginx
  say "up in $((SECONDS - started))s"
}

stop_pidfile() { # name pidfile [signal]
  local name="$1" pidfile="$2"
  if pid_alive "$pidfile"; then
    local pid; pid="$(head -1 "$pidfile")"
    say "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { say "$name still running: kill -9"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$pidfile"
}

down() {
  say "stopping the topology in $WORK"
  if pid_alive "$WORK/run/nginx.pid"; then
    say "stopping nginx"
    nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -s quit 2>/dev/null || kill -TERM "$(head -1 "$WORK/run/nginx.pid" 2>/dev/null)" 2>/dev/null || true
    for _ in $(seq 1 20); do pid_alive "$WORK/run/nginx.pid" || break; sleep 0.5; done
  fi
  for pidfile in "$WORK"/run/app*.pid; do
    [ -e "$pidfile" ] || continue
    stop_pidfile "instance $(basename "$pidfile" .pid)" "$pidfile"
  done
  stop_pidfile "SMTP sink" "$WORK/run/smtp.pid"
  if pid_alive "$WORK/run/redis.pid"; then
    stop_pidfile "Redis" "$WORK/run/redis.pid"
  fi
  for cluster in replica primary; do
    if [ -f "$WORK/pg/$cluster/PG_VERSION" ] && as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/$cluster" status >/dev/null 2>&1; then
      say "stopping PostgreSQL $cluster"
      as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/$cluster" -m fast -w stop >/dev/null || true
    fi
  done
  say "down"
}

status() {
  local port index=0 overall=0
  printf '%-22s %s\n' "work folder" "$WORK"
  for cluster in primary replica; do
    if [ -f "$WORK/pg/$cluster/PG_VERSION" ] && as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/$cluster" status >/dev/null 2>&1; then
      printf '%-22s %s\n' "postgres $cluster" running
    else printf '%-22s %s\n' "postgres $cluster" stopped; overall=1; fi
  done
  for name in redis smtp nginx; do
    if pid_alive "$WORK/run/$name.pid"; then printf '%-22s %s\n' "$name" "running (pid $(head -1 "$WORK/run/$name.pid"))"
    else printf '%-22s %s\n' "$name" stopped; overall=1; fi
  done
  for port in "${APP_PORTS[@]}"; do
    index=$((index + 1))
    if pid_alive "$WORK/run/app$index.pid"; then
      local body; body="$(curl -s -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port/health/ready" || true)"
      printf '%-22s %s\n' "instance $index :$port" "running (pid $(head -1 "$WORK/run/app$index.pid")) ready: ${body:0:200}"
    else printf '%-22s %s\n' "instance $index :$port" stopped; overall=1; fi
  done
  return $overall
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: ops/topology.sh up|down|status" >&2; exit 2 ;;
esac
