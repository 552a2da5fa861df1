#!/usr/bin/env bash
# Starts the embedded cluster (one silo on SQLite + the API) in the foreground with the bundled data.
#   API_PORT            API port (default 5080)
#   ANALYTICS_DATA_DIR  where the SQLite database lives (default ./.data)
set -euo pipefail
cd "$(dirname "$0")"

export API_PORT="${API_PORT:-5080}"
export ANALYTICS_DATA_DIR="${ANALYTICS_DATA_DIR:-$PWD/.data}"
export SILO_HTTP_PORT="${SILO_HTTP_PORT:-9464}"
mkdir -p "$ANALYTICS_DATA_DIR"

echo "Building..."
dotnet build Cluster.sln -c Release -v quiet -nologo >/dev/null

silo_pid=""
cleanup() { [ -n "$silo_pid" ] && kill "$silo_pid" 2>/dev/null && wait "$silo_pid" 2>/dev/null; true; }
trap cleanup EXIT INT TERM

dotnet silo/bin/Release/net10.0/Analytics.Silo.dll &
silo_pid=$!

# The silo loads the bundled data on its first start; wait until it answers before starting the API.
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$SILO_HTTP_PORT/health" >/dev/null 2>&1 && break
  kill -0 "$silo_pid" 2>/dev/null || { echo "The silo exited during start-up." >&2; exit 1; }
  sleep 0.5
done

cat <<MSG

  Analytics cluster (embedded: one silo, SQLite at $ANALYTICS_DATA_DIR)
  Pages      http://127.0.0.1:$API_PORT/            (rankings, provinces, series, attainment, upload; ?lang=en)
  API        http://127.0.0.1:$API_PORT/api/indicators
  OpenAPI    http://127.0.0.1:$API_PORT/openapi/v1.json
  Health     http://127.0.0.1:$API_PORT/health
  Silo       http://127.0.0.1:$SILO_HTTP_PORT/health   (metrics: /metrics)
  Stop with Ctrl+C.

MSG
# A fresh cluster has no keys: reading is open on loopback, writing needs a key (README, "Security and operations").
if [ -f "$ANALYTICS_DATA_DIR/bootstrap-token" ]; then
  cat <<MSG
  No admin key exists yet. Create the first one, in another terminal on this machine, as this user:
    ./analytics keys create --role admin --bootstrap --name "YOUR NAME"
  It prints the key once; then create writer keys with it:
    ANALYTICS_KEY=<admin key> ./analytics keys create --role writer --name "Sở TT&TT Bình Thuận"

MSG
fi
dotnet api/bin/Release/net10.0/Analytics.Api.dll
