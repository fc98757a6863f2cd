#!/usr/bin/env bash
# The project's test command: starts a throw-away PostgreSQL cluster on 127.0.0.1 and the
# TimescaleDB test server (ops/pglite-timescale), points the tests at them through
# TELEMETRY_TEST_PG and TELEMETRY_TEST_TSDB, runs `dotnet test Telemetry.sln "$@"`, and always
# stops both and removes their files, keeping dotnet test's exit code.
#
# Usage: ops/test.sh [dotnet test arguments], e.g. ops/test.sh --filter FullyQualifiedName~Telemetry.Timescale
set -euo pipefail

readonly PG_MAJOR=15
readonly PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
readonly FIRST_PORT=55432
readonly PORT_TRIES=20
# Booting the WASM instance takes 3-6 s on an idle 2-core machine and over 20 s when builds run
# beside it.
readonly TSDB_READY_SECONDS=180

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tsdb_dir="$repo_root/ops/pglite-timescale"

log() { printf 'test.sh: %s\n' "$*" >&2; }

if [[ ! -x "$PG_BIN/initdb" ]]; then
    log "installing PostgreSQL ${PG_MAJOR} (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q postgresql </dev/null
fi

# pg_partman 4.x: migration 012 registers the day-partitioned tables with it when installable.
if [[ ! -f "/usr/share/postgresql/${PG_MAJOR}/extension/pg_partman.control" ]]; then
    log "installing pg_partman for PostgreSQL ${PG_MAJOR} (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q "postgresql-${PG_MAJOR}-partman" </dev/null
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "installing Node.js and npm (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q nodejs npm </dev/null
fi

if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
    log "installing Prometheus and promtool (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q prometheus </dev/null
fi

# The Prometheus configurations and the alert rules' unit tests take a second; a failure here
# fails the run before any server starts.
log "checking ops/prometheus with promtool"
promtool check config "$repo_root/ops/prometheus/prometheus.yml" >&2
promtool check config "$repo_root/ops/prometheus/compose.yml" >&2
promtool test rules "$repo_root/ops/prometheus/rules/telemetry.rules.test.yml" >&2

# npm ci empties node_modules first: skip it when node_modules was installed from this very lock.
lock_sum="$(sha256sum "$tsdb_dir/package-lock.json" | cut -d' ' -f1)"
lock_stamp="$tsdb_dir/node_modules/.installed-from-lock"
if [[ "$(cat "$lock_stamp" 2>/dev/null)" != "$lock_sum" ]]; then
    log "installing the TimescaleDB test server's packages (npm ci)"
    npm ci --prefix "$tsdb_dir" --no-audit --no-fund --prefer-offline </dev/null >&2
    printf '%s\n' "$lock_sum" >"$lock_stamp"
fi

# initdb refuses to run as root: as root the cluster belongs to the postgres OS user.
if [[ $EUID -eq 0 ]]; then
    if ! id -u postgres >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
    fi
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

# As root, /tmp rather than $TMPDIR: the postgres user must be able to reach the directory.
if [[ $EUID -eq 0 ]]; then
    pg_dir="$(mktemp -d /tmp/telemetry-pg.XXXXXX)"
else
    pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/telemetry-pg.XXXXXX")"
fi
data_dir="$pg_dir/data"
socket_dir="$pg_dir/socket"
server_log="$pg_dir/server.log"
tsdb_pid=""

cleanup() {
    local rc=$?
    if [[ -n "$tsdb_pid" ]]; then
        kill "$tsdb_pid" 2>/dev/null || true
        wait "$tsdb_pid" 2>/dev/null || true
    fi
    if [[ -f "$data_dir/postmaster.pid" ]]; then
        as_owner "$PG_BIN/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$socket_dir"
if [[ $EUID -eq 0 ]]; then
    chown -R postgres: "$pg_dir"
fi
chmod 700 "$pg_dir"
# The server tools run as postgres from here: the caller's directory may be closed to that user.
cd "$pg_dir"

# Started before PostgreSQL so that the WASM instance boots while the cluster is set up. It picks
# a free port itself (argument 0) and names it on its "ready" line, awaited further down.
tsdb_out="$pg_dir/tsdb.out"
tsdb_log="$pg_dir/tsdb.log"
node "$tsdb_dir/server.js" 0 >"$tsdb_out" 2>"$tsdb_log" </dev/null &
tsdb_pid=$!

as_owner "$PG_BIN/initdb" -D "$data_dir" --auth=trust -U postgres --encoding=UTF8 --no-locale \
    --no-sync >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port=""
for ((candidate = FIRST_PORT; candidate < FIRST_PORT + PORT_TRIES; candidate++)); do
    if port_in_use "$candidate"; then
        continue
    fi
    # Another process may take the port between the check and the start: then try the next.
    if as_owner "$PG_BIN/pg_ctl" -D "$data_dir" -l "$server_log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $candidate -k $socket_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        port="$candidate"
        break
    fi
done
if [[ -z "$port" ]]; then
    log "could not start PostgreSQL on ports ${FIRST_PORT}..$((FIRST_PORT + PORT_TRIES - 1))"
    cat "$server_log" >&2 2>/dev/null || true
    exit 1
fi

for _ in $(seq 1 60); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
        break
    fi
    sleep 0.5
done
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres || { log "PostgreSQL did not become ready"; exit 1; }
log "PostgreSQL ${PG_MAJOR} ready on 127.0.0.1:$port"

export TELEMETRY_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"

tsdb_port=""
for ((waited = 0; waited < TSDB_READY_SECONDS * 4; waited++)); do
    tsdb_port="$(sed -n 's/^ready \([0-9][0-9]*\)$/\1/p' "$tsdb_out")"
    if [[ -n "$tsdb_port" ]] || ! kill -0 "$tsdb_pid" 2>/dev/null; then
        break
    fi
    sleep 0.25
done
if [[ -z "$tsdb_port" ]]; then
    log "the TimescaleDB test server did not become ready"
    cat "$tsdb_log" >&2
    exit 1
fi
log "$(head -n 1 "$tsdb_log" | sed 's/^pglite-timescale: //'), ready on 127.0.0.1:$tsdb_port"

# SslMode=Disable: the server has no TLS. No Reset On Close: a pooled connection would otherwise
# send DISCARD ALL when reused, which in the one backend session all connections share would
# also drop the other connections' prepared statements (the server puts each connection's own
# settings back itself). Command Timeout: a command may wait in the server's queue while other
# tests' transactions run, one at a time.
export TELEMETRY_TEST_TSDB="Host=127.0.0.1;Port=$tsdb_port;Username=postgres;Database=postgres;SslMode=Disable;No Reset On Close=true;Command Timeout=120"

cd "$repo_root"
test_log="$pg_dir/dotnet-test.log"
set +e
# A test that hangs fails the run after 5 minutes, naming itself, instead of stalling it.
dotnet test Telemetry.sln --blame-hang-timeout 5m --blame-hang-dump-type none "$@" </dev/null 2>&1 | tee "$test_log"
rc=${PIPESTATUS[0]}
set -e

# The server ends itself when its WASM instance traps; its log says why.
if ! kill -0 "$tsdb_pid" 2>/dev/null || [[ $rc -ne 0 && $(wc -l <"$tsdb_log") -gt 1 ]]; then
    log "TimescaleDB test server log:"
    cat "$tsdb_log" >&2
fi

# One closing line over all test projects, in the plain form CI and people read.
# A count may be absent (a detailed logger prints no "Failed:" line when none failed): grep then
# fails, which pipefail and set -e would turn into a silent exit.
count() { { grep -oE "$1: +[0-9]+" "$test_log" || true; } | awk '{s += $2} END {print s + 0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
    log "dotnet test failed (exit $rc) before reporting test results"
fi
printf '%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
exit "$rc"
