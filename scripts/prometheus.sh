#!/usr/bin/env bash
# Prometheus for the monitoring tests and for watching a local cluster (README, "Monitoring").
#
#   scripts/prometheus.sh ensure          install Debian's prometheus package when `prometheus` or
#                                         `promtool` is missing (test.sh runs this before the tests)
#   scripts/prometheus.sh check           promtool check config, check rules and test rules on deploy/prometheus/
#   scripts/prometheus.sh run [DIR]       run Prometheus in the foreground with deploy/prometheus/prometheus.yml,
#                                         storage under DIR (default ./.data/prometheus), UI on
#                                         127.0.0.1:$PROMETHEUS_PORT (default 9090)
#
# The Debian package starts a system-wide `prometheus` service (and node exporter) on install; this script
# stops and disables it so it does not hold port 9090 or scrape anything. Our instances always run with
# their own config, storage directory and listen address.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "prometheus.sh: $*" >&2; }
die() { log "$*"; exit 1; }

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

installed() { command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; }

# The package's own service is not ours: stop it (systemd or SysV init, whichever is in charge).
stop_system_service() {
  if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
    as_root systemctl disable --now prometheus prometheus-node-exporter >/dev/null 2>&1 || true
  else
    for service in prometheus prometheus-node-exporter; do
      [[ -x /etc/init.d/$service ]] && as_root /etc/init.d/$service stop >/dev/null 2>&1 || true
    done
  fi
}

ensure() {
  if installed; then return; fi
  command -v apt-get >/dev/null 2>&1 || die "prometheus/promtool are missing and apt-get is not available: install Prometheus 2.x so both are on PATH"
  log "installing Prometheus (Debian package prometheus)"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package's post-install from starting services where the init system would let it.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod +x "$policy" && added_policy=1
  fi
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq --no-install-recommends prometheus >&2 || { [[ $added_policy -eq 0 ]] || as_root rm -f "$policy"; die "apt-get install prometheus failed"; }
  [[ $added_policy -eq 0 ]] || as_root rm -f "$policy"
  stop_system_service
  installed || die "no prometheus/promtool on PATH after installing the prometheus package"
  log "$(prometheus --version 2>&1 | head -n1)"
}

check() {
  ensure
  promtool check config deploy/prometheus/prometheus.yml
  promtool check rules deploy/prometheus/alerts.yml
  promtool test rules deploy/prometheus/alerts_test.yml
}

run() {
  ensure
  local dir=${1:-.data/prometheus}
  mkdir -p "$dir"
  local port=${PROMETHEUS_PORT:-9090}
  log "Prometheus on http://127.0.0.1:$port, storage in $dir, config deploy/prometheus/prometheus.yml"
  exec prometheus --config.file=deploy/prometheus/prometheus.yml --storage.tsdb.path="$dir" \
    --web.listen-address="127.0.0.1:$port" --web.enable-lifecycle
}

case ${1:-} in
  ensure) ensure ;;
  check) check ;;
  run) shift; run "$@" ;;
  *) die "usage: $0 ensure|check|run [DIR]" ;;
esac
