#!/usr/bin/env bash
# usage: run.sh NAME [K=V ...]  — reduced side-by-side, product env K=V, samples per-process RSS and GC metrics
name=$1; shift
envargs=()
for kv in "$@"; do envargs+=(--product-env "$kv"); done
cd /work/main
( while true; do
    ts=$(date +%s)
    for p in $(pgrep -f 'Analytics.(Silo|Api).dll'); do
      dll=$(tr '\0' ' ' </proc/$p/cmdline | grep -o 'Analytics\.[A-Za-z]*\.dll')
      echo "$ts $p $dll $(awk '/VmRSS/{print $2}' /proc/$p/status)"
      for port in $(ss -ltnpH | grep "pid=$p," | awk '{print $4}' | sed 's/.*://'); do
        curl -s -m 2 http://127.0.0.1:$port/metrics 2>/dev/null | grep -E "^dotnet_gc_pause|^analytics_.*cache|^process_cpu|^dotnet_gc_collections|^orleans_grain_calls|^orleans_messaging_processing" | sed "s/^/$ts $dll /" >> /tmp/gcx/$name.metrics
      done
    done
    sleep 2
  done ) > /tmp/gcx/$name.rss 2>/dev/null &
sampler=$!
start=$(date +%s)
dotnet bench/bin/Release/net10.0/Analytics.Bench.dll side-by-side --series 10000 --rates 2000 --seconds 10 --max-rate 4000 --new-series 10000 \
  "${envargs[@]}" --json /tmp/gcx/$name.json > /tmp/gcx/$name.md 2>&1
kill $sampler
echo "$name took $(( $(date +%s) - start )) s" >> /tmp/gcx/log
