#!/usr/bin/env bash
# A/B of the API build: new (/work/main) vs old (/work/wt/abold), same silo, alternating; API processor time per request.
export ANALYTICS_DATA_DIR=/tmp/ab/data SILO_HTTP_PORT=9470 API_PORT=5090 SILO_PORT=11120 GATEWAY_PORT=30020
export Analytics__RateLimit__ReadBurst=100000000 Analytics__RateLimit__ReadsPerSecond=100000000
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
for round in 1 2 3; do
  for v in new old; do
    [ -f /tmp/ab/api.pid ] && kill $(cat /tmp/ab/api.pid) 2>/dev/null; sleep 2
    dll=/work/main/api/bin/Release/net10.0/Analytics.Api.dll; [ $v = old ] && dll=/work/wt/abold/api/bin/Release/net10.0/Analytics.Api.dll
    setsid dotnet $dll > /tmp/ab/api-$v.log 2>&1 & pid=$!; echo $pid > /tmp/ab/api.pid
    for i in $(seq 1 60); do curl -fs http://127.0.0.1:5090/api/indicators >/dev/null && break; sleep 1; done
    wrk -t2 -c16 -d12s -s series.lua http://127.0.0.1:5090 > /dev/null   # warm: every answer cached
    c0=$(cpu $pid)
    out=$(wrk -t2 -c16 -d15s -s series.lua http://127.0.0.1:5090)
    c1=$(cpu $pid)
    n=$(echo "$out" | grep -oE '^ *[0-9]+ requests' | grep -oE '[0-9]+')
    bad=$(echo "$out" | grep -oE 'Non-2xx or 3xx responses: [0-9]+' | grep -oE '[0-9]+$')
    echo "$v round $round: $n requests, non-2xx ${bad:-0}, API cpu $(( (c1-c0)*10 )) ms, $(echo "scale=1; ($c1-$c0)*10000/$n" | bc) us/request; $(echo "$out" | grep Requests/sec); load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
kill $(cat /tmp/ab/api.pid)
