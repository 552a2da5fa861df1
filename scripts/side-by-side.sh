#!/usr/bin/env bash
# The product beside the ASP.NET Core + PostgreSQL baseline, every configuration the performance manual reports
# (docs/performance.md), three runs each, on one quiet machine:
#
#   scripts/side-by-side.sh            embedded; PostgreSQL with 1 and 3 silos; 10,000 and 100,000 series
#   scripts/side-by-side.sh --quick    a smoke run of the same set (500 series, 2 s loads), to prove it works
#
# RUNS (3), SIZES ("10000 100000") and CONFIGS ("embedded:1 postgres:1 postgres:3") narrow it. Each run writes its
# JSON and its Markdown table to bench/results/side-by-side-<date>/ and the load average before it to the log.
# In PostgreSQL mode the product shares the baseline's own durable server (a fresh one each run); with ANALYTICS_PG set
# it uses that server instead, in a new database each run.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
[[ "${1:-}" == "--quick" ]] && quick=(--quick)
runs=${RUNS:-3}
sizes=${SIZES:-"10000 100000"}
configs=${CONFIGS:-"embedded:1 postgres:1 postgres:3"}
[[ ${#quick[@]} -gt 0 ]] && { runs=${RUNS:-1}; sizes=${SIZES:-500}; }
out=bench/results/side-by-side-$(date -u +%Y-%m-%d)${quick:+-quick}
mkdir -p "$out"

dotnet build Cluster.sln -c Release -v quiet -nologo

for size in $sizes; do
  for config in $configs; do
    mode=${config%%:*}
    silos=${config##*:}
    for run in $(seq 1 "$runs"); do
      name="$mode-$silos-silo-$size-series-run$run"
      echo "== $name (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/runs.log"
      dotnet bench/bin/Release/net10.0/Analytics.Bench.dll side-by-side "${quick[@]}" \
        --mode "$mode" --silos "$silos" --series "$size" --json "$out/$name.json" | tee "$out/$name.md"
    done
  done
done
echo "results in $out" | tee -a "$out/runs.log"
