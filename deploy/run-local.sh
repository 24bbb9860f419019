#!/usr/bin/env bash
# The whole deployment on one machine, for a try-out: PostgreSQL from Debian's package, two dashboard
# servers (`streamlit run serve.py`) on one store, and HAProxy in front of them (deploy/haproxy.cfg).
#
#   deploy/run-local.sh [start] [DIR]   # runs until Ctrl-C (or `stop`), then stops everything it started
#   deploy/run-local.sh stop [DIR]      # from another terminal
#
# DIR (default /tmp/jwp-local) keeps the database, the cookie secret, the editors' password and the logs,
# so a second start finds the versions published in the first. Ports: JWP_PROXY_PORT (8080),
# JWP_DASHBOARD_PORTS ("8601 8602"), JWP_POSTGRES_PORT (54329).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
COMMAND="${1:-start}"
DIR="$(realpath -m "${2:-/tmp/jwp-local}")"
PROXY_PORT="${JWP_PROXY_PORT:-8080}"
read -r -a DASHBOARD_PORTS <<<"${JWP_DASHBOARD_PORTS:-8601 8602}"
POSTGRES_PORT="${JWP_POSTGRES_PORT:-54329}"
PYTHON="${PYTHON:-python3}"

postgres_bin() {
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    else
        ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
    fi
}

# PostgreSQL refuses to run as root: run its commands as the `postgres` user then.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {  # a process that has ended but is not yet collected by its parent (a zombie) is not running
    [ -e "/proc/$1" ] && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}

stop_all() {
    trap - EXIT INT TERM
    echo "stopping the proxy, the dashboard servers and PostgreSQL"
    for pid_file in "$DIR"/run/*.pid; do
        [ -e "$pid_file" ] || continue
        pid="$(cat "$pid_file")"
        kill "$pid" 2>/dev/null || true
        # each process gets 10 s to end by itself
        for _ in $(seq 100); do running "$pid" || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        rm -f "$pid_file"
    done
    if [ -d "$DIR/postgres/data" ]; then
        as_postgres "$(postgres_bin)/pg_ctl" -D "$DIR/postgres/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -f "$DIR/run-local.pid" "$DIR/run/haproxy.sock"
}

wait_for() {  # wait_for URL NAME: until URL answers 200 (a server answers once it is warm)
    for _ in $(seq 1200); do
        if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "$2 did not answer $1 within 120 s; see $DIR/logs" >&2
    return 1
}

start_postgres() {
    local bin
    bin="$(postgres_bin)"
    if [ -z "$bin" ]; then
        echo "no PostgreSQL server: apt-get install postgresql" >&2
        exit 1
    fi
    mkdir -p "$DIR/postgres/sockets"
    if [ "$(id -u)" = 0 ]; then
        # the postgres user must reach its folder: every folder above it needs o+x (mktemp makes 0700)
        local up="$DIR"
        while [ "$up" != / ]; do
            find "$up" -maxdepth 0 ! -perm -o+x -exec chmod o+x {} +
            up="$(dirname "$up")"
        done
        chown -R postgres "$DIR/postgres"
    fi
    local user
    user="$(if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi)"
    if [ ! -d "$DIR/postgres/data" ]; then
        as_postgres "$bin/initdb" -D "$DIR/postgres/data" -A trust -U "$user" -E UTF8 >/dev/null
    fi
    as_postgres "$bin/pg_ctl" -D "$DIR/postgres/data" -l "$DIR/postgres/log" -w start \
        -o "-p $POSTGRES_PORT -k $DIR/postgres/sockets -c listen_addresses=127.0.0.1" >/dev/null
    STORE="postgresql://$user@127.0.0.1:$POSTGRES_PORT/postgres"
}

start() {
    if [ -e "$DIR/run-local.pid" ] && kill -0 "$(cat "$DIR/run-local.pid")" 2>/dev/null; then
        echo "already running from $DIR (deploy/run-local.sh stop $DIR)" >&2
        exit 1
    fi
    mkdir -p "$DIR/run" "$DIR/logs"
    echo $$ >"$DIR/run-local.pid"
    trap stop_all EXIT
    trap 'exit 0' INT TERM

    start_postgres
    # the same cookie secret on every server (st.login's cookies, signed by one server, read by another)
    [ -s "$DIR/cookie-secret" ] || "$PYTHON" -c "import secrets; print(secrets.token_hex(32))" >"$DIR/cookie-secret"
    [ -s "$DIR/editor-password" ] || "$PYTHON" -c "import secrets; print(secrets.token_urlsafe(12))" >"$DIR/editor-password"
    chmod 600 "$DIR/cookie-secret" "$DIR/editor-password"

    local letters=(a b c d e f) n=0 port
    for port in "${DASHBOARD_PORTS[@]}"; do
        (
            cd "$ROOT"
            export JWP_STORE="$STORE" JWP_TRUSTED_PROXIES=127.0.0.1
            export JWP_EDITOR_PASSWORD="${JWP_EDITOR_PASSWORD:-$(cat "$DIR/editor-password")}"
            export STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$DIR/cookie-secret")"
            exec "$PYTHON" -m streamlit run serve.py --server.headless true --server.address 127.0.0.1 \
                --server.port "$port" --server.fileWatcherType none --browser.gatherUsageStats false
        ) >"$DIR/logs/server-${letters[$n]}.log" 2>&1 &
        echo $! >"$DIR/run/server-${letters[$n]}.pid"
        n=$((n + 1))
    done
    for port in "${DASHBOARD_PORTS[@]}"; do
        wait_for "http://127.0.0.1:$port/_stcore/health" "the dashboard server on port $port"
    done

    JWP_PROXY_BIND="127.0.0.1:$PROXY_PORT" \
        JWP_DASHBOARD_A="127.0.0.1:${DASHBOARD_PORTS[0]}" JWP_DASHBOARD_B="127.0.0.1:${DASHBOARD_PORTS[1]}" \
        JWP_PROXY_ADMIN="$DIR/run/haproxy.sock" \
        haproxy -db -f "$ROOT/deploy/haproxy.cfg" >"$DIR/logs/haproxy.log" 2>&1 &
    echo $! >"$DIR/run/haproxy.pid"
    wait_for "http://127.0.0.1:$PROXY_PORT/_stcore/health" "the proxy"

    echo "The dashboard: http://127.0.0.1:$PROXY_PORT/  (servers on ports ${DASHBOARD_PORTS[*]}, store $STORE)"
    echo "Editors' password: ${JWP_EDITOR_PASSWORD:-$(cat "$DIR/editor-password")}"
    echo "Logs in $DIR/logs. Ctrl-C, or deploy/run-local.sh stop $DIR, stops everything."
    # until stopped: `wait` returns when a signal arrives, and the trap stops everything
    while true; do
        wait || true
        sleep 1
    done
}

case "$COMMAND" in
    start) start ;;
    stop)
        if [ -e "$DIR/run-local.pid" ] && kill -0 "$(cat "$DIR/run-local.pid")" 2>/dev/null; then
            pid="$(cat "$DIR/run-local.pid")"
            kill "$pid"
            for _ in $(seq 300); do running "$pid" || exit 0; sleep 0.1; done
            echo "deploy/run-local.sh ($pid) did not stop within 30 s" >&2
            exit 1
        fi
        stop_all  # left over from a run that was killed: whatever its files name
        ;;
    *)
        echo "usage: deploy/run-local.sh [start|stop] [DIR]" >&2
        exit 2
        ;;
esac
