#!/usr/bin/env bash
# Provisions a throwaway PostgreSQL server for the tests (sourced by test.sh):
# Debian's postgresql package (installed if missing), a cluster in a temporary folder, a free
# loopback port, trust authentication on loopback only. Sets REALNAME_TEST_POSTGRES to an
# Npgsql connection string; pg_test_stop removes everything again.

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

pg_test_start() {
  local bin
  if ! bin=$(pg_bin_dir); then
    echo "installing PostgreSQL (Debian package postgresql)..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || return 1
    bin=$(pg_bin_dir) || return 1
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/realname-pg.XXXXXX)
  PG_TEST_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local run=()
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: run it as the package's postgres user.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_TEST_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U realname --auth=trust -E UTF8 >/dev/null || return 1
  "${run[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_TEST_PORT -c unix_socket_directories=$PG_TEST_DIR -c max_connections=300 -c fsync=on" start >/dev/null || return 1
  PG_TEST_RUN=("${run[@]}")
  PG_TEST_BIN=$bin
  export REALNAME_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_TEST_PORT;Username=realname;Database=postgres;Pooling=true;Maximum Pool Size=50;Timeout=60"
  echo "PostgreSQL for tests on 127.0.0.1:$PG_TEST_PORT ($PG_TEST_DIR)" >&2
}

pg_test_stop() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  "${PG_TEST_RUN[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  # The server's log stays with the test results (test.sh sets REALNAME_REPORT_DIR): a failed spec's server side.
  [ -n "${REALNAME_REPORT_DIR:-}" ] && [ -d "$REALNAME_REPORT_DIR" ] && cp "$PG_TEST_DIR/log" "$REALNAME_REPORT_DIR/postgres.log" 2>/dev/null
  rm -rf "$PG_TEST_DIR"
}
