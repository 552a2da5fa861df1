#!/usr/bin/env bash
# Builds and runs every test; TRX results go to TestResults/.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf TestResults
dotnet build Cluster.sln -c Release -v quiet -nologo
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory TestResults || status=1
done
exit $status
