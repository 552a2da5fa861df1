#!/usr/bin/env bash
# Builds and runs every test; TRX results go to TestResults/.
# PostgreSQL: the server in ANALYTICS_PG if it answers; otherwise a throwaway one (scripts/postgres.sh installs
# Debian's postgresql when missing) on a free loopback port with a temporary data directory, stopped at the end.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf TestResults
scripts/prometheus.sh ensure   # Prometheus + promtool for tests/Analytics.Monitoring.Tests (Debian package when missing)
scripts/chromium.sh ensure     # Chromium + fonts for the PDF reports and tests/Analytics.Web.Tests (Debian packages when missing)
dotnet build Cluster.sln -c Release -v quiet -nologo

pg_dir=$(mktemp -d /tmp/analytics-test-pg.XXXXXX)
stop_postgres() {
  scripts/postgres.sh stop "$pg_dir" || true
  [[ ! -L $pg_dir/data ]] || rm -rf "$(readlink -f "$pg_dir/data")"
  rm -rf "$pg_dir"
}
trap stop_postgres EXIT
connection=$(scripts/postgres.sh start "$pg_dir" | tail -n 1)
export "$connection"

status=0
for project in tests/*/*.Tests.csproj; do   # not tests/Support, a library the tests share
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory TestResults || status=1
done
exit $status
