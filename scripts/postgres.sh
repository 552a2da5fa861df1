#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests and local runs.
#
#   scripts/postgres.sh start DIR   start (or reuse) a server whose files live under DIR and print
#                                   ANALYTICS_PG=<Npgsql connection string>; also written to DIR/connection
#   scripts/postgres.sh stop DIR    stop it (no-op when it is not running)
#
#   export "$(scripts/postgres.sh start /tmp/analytics-pg)"
#
# If ANALYTICS_PG is already set and its server answers, `start` just prints it.
# Installs Debian's postgresql package when the server binaries are missing. PostgreSQL refuses to
# run as root, so as root the server runs as the `postgres` user. Listens on 127.0.0.1 only, on a
# free port, with durability switched off (fsync=off): test data only.
#
#   DURABLE=1 scripts/postgres.sh start DIR   the same, but with PostgreSQL's durable defaults (fsync,
#                                             synchronous_commit, full_page_writes on): for benchmarks
#                                             that should pay what production pays for a commit.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DB_NAME=analytics
DB_USER=analytics

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

usage() { die "usage: $0 start|stop DIR"; }
[[ $# -eq 2 ]] || usage
command=$1
dir=$2
[[ $command != start ]] || mkdir -p "$dir"
[[ ! -d $dir ]] || dir=$(cd "$dir" && pwd)
data="$dir/data"

# One value of an Npgsql connection string; keys are case-insensitive.
setting() { # KEY CONNECTION_STRING
  local part key parts
  IFS=';' read -ra parts <<<"$2"
  for part in "${parts[@]}"; do
    key=${part%%=*}; key=${key// /}
    if [[ ${key,,} == "${1,,}" ]]; then echo "${part#*=}"; return; fi
  done
}

reachable() { # host port
  if [[ -x $PG_BIN/pg_isready ]]; then
    "$PG_BIN/pg_isready" -q -h "$1" -p "$2" -t 3
  else
    timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
  fi
}

port_in_use() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

install_postgres() {
  [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] && return
  log "installing PostgreSQL 15 (Debian package postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq --no-install-recommends postgresql >&2
  [[ -x $PG_BIN/initdb ]] || die "no $PG_BIN/initdb after installing postgresql (set PG_BIN?)"
}

# The user the server runs as, and a way to run a command as that user.
runner() {
  if [[ $(id -u) -ne 0 ]]; then id -un; return; fi
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  echo postgres
}
run() { if [[ $(id -u) -eq 0 ]]; then runuser -u "$(runner)" -- "$@"; else "$@"; fi; }

# DIR/data is the data directory. When the server's user cannot reach DIR (say DIR is under /root),
# the files go to /tmp and DIR/data links there.
data_dir() {
  if [[ -L $data ]]; then readlink -f "$data"; return; fi
  if [[ -d $data ]]; then echo "$data"; return; fi
  local user; user=$(runner)
  if mkdir -p "$data" && chown "$user" "$data" && chmod 700 "$data" && run test -w "$data"; then
    echo "$data"
  else
    rm -rf "$data"
    local elsewhere; elsewhere=$(mktemp -d /tmp/analytics-pg.XXXXXX)
    chown "$user" "$elsewhere" && chmod 700 "$elsewhere"
    ln -s "$elsewhere" "$data"
    echo "$elsewhere"
  fi
}

running() { [[ -f $1/PG_VERSION ]] && run "$PG_BIN/pg_ctl" status -D "$1" >/dev/null 2>&1; }

connection_string() { # port password
  echo "Host=127.0.0.1;Port=$1;Database=$DB_NAME;Username=$DB_USER;Password=$2"
}

start() {
  if [[ -n ${ANALYTICS_PG:-} ]]; then
    local host port
    host=$(setting host "$ANALYTICS_PG"); host=${host:-$(setting server "$ANALYTICS_PG")}
    port=$(setting port "$ANALYTICS_PG")
    if reachable "${host:-127.0.0.1}" "${port:-5432}"; then
      echo "ANALYTICS_PG=$ANALYTICS_PG" | tee "$dir/connection"
      return
    fi
    log "ANALYTICS_PG is set but ${host:-127.0.0.1}:${port:-5432} does not answer; starting a server under $dir"
  fi

  install_postgres
  local pgdata; pgdata=$(data_dir)

  if running "$pgdata" && [[ -f $dir/connection ]]; then
    cat "$dir/connection"
    return
  fi

  local password
  if [[ ! -f $pgdata/PG_VERSION ]]; then
    password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    local pwfile; pwfile=$(mktemp)
    echo "$password" >"$pwfile"
    chown "$(runner)" "$pwfile"
    run "$PG_BIN/initdb" -D "$pgdata" -U "$DB_USER" --pwfile="$pwfile" --auth-host=scram-sha-256 \
      --auth-local=peer --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; cat "$dir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    # Kept with the data so a later `start` of the same directory can print the connection again.
    run sh -c "umask 077 && echo '$password' > '$pgdata/analytics.password'"
  fi
  password=$(run cat "$pgdata/analytics.password")

  # Test data: no fsync. DURABLE=1 keeps PostgreSQL's defaults, as a production server has them.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [[ ${DURABLE:-0} != 1 ]] || durability=""

  # A free loopback port; if another process takes it first, try the next one.
  local port
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    # No Unix socket: its default directory belongs to the system's server and may not exist.
    if run "$PG_BIN/pg_ctl" start -D "$pgdata" -w -t 60 -l "$pgdata/server.log" -o \
      "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' $durability" \
      >/dev/null 2>&1; then
      break
    fi
    port=
  done
  [[ -n $port ]] || { run tail -n 20 "$pgdata/server.log" >&2 || true; die "the server did not start"; }

  if [[ -z $(PGPASSWORD=$password "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ]]; then
    PGPASSWORD=$password "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME"
  fi

  echo "ANALYTICS_PG=$(connection_string "$port" "$password")" | tee "$dir/connection"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $pgdata$([[ -n $durability ]] && echo ' (fsync off: test data only)' || echo ' (durable: fsync on)')"
}

stop() {
  [[ -e $data ]] || { log "nothing to stop under $dir"; return; }
  local pgdata; pgdata=$(readlink -f "$data")
  if running "$pgdata"; then
    run "$PG_BIN/pg_ctl" stop -D "$pgdata" -m fast -w >/dev/null
    log "stopped the server in $pgdata"
  else
    log "no server running in $pgdata"
  fi
}

case $command in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
