#!/usr/bin/env bash
# Two builds of siproute side by side, Select's CPU per call compared in alternated rounds: an
# A/B of a change to the decision path that the machine's drift cannot fake (both servers run
# through the same minutes; each round measures one, then the other, in turn first).
#
#   server/bench/compare-select.sh BASE_REPO NEW_REPO [OUT] [ROUNDS (10)] [SECONDS (8)]
#
# BASE_REPO and NEW_REPO are checkouts built with run-transport-bench.sh (or its package
# command): e.g. `git worktree add /tmp/base <rev>` and one build there. Each server is seeded
# as run-transport-bench.sh seeds it, warmed with 900 000 Selects, then h2load (2 connections x
# 32 streams) runs SECONDS against each in turn, ROUNDS times. Prints CPU per call (from
# /proc/<pid>/stat) per round and the new/base ratio of each round, with the median. Talks only
# to 127.0.0.1 and stops what it started.
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,13p "$0" >&2; exit 2; }
base_repo=$(cd "$1" && pwd); new_repo=$(cd "$2" && pwd)
out=${3:-$new_repo/server/target/compare-select/$(date -u +%Y%m%dT%H%M%SZ)}; rounds=${4:-10}; secs=${5:-8}
mkdir -p "$out"
command -v h2load >/dev/null || { echo "needs h2load (apt-get install nghttp2-client)" >&2; exit 1; }
start() { # name repo
  local name=$1 repo=$2 key=bench-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  echo "$key" > "$out/$name.admin"
  SIPROUTE_ADMIN_KEY=$key java -Xms1g -Xmx1g -jar "$repo/server/target/siproute-server.jar" --host 127.0.0.1 --port 0 \
    --data-dir "$out/$name-data" --metrics-port 0 > "$out/$name.log" 2>&1 &
  echo $! > "$out/$name.pid"
}
start base "$base_repo"; start new "$new_repo"
trap 'kill $(cat $out/base.pid) $(cat $out/new.pid) 2>/dev/null || true' EXIT
cp=$new_repo/server/target/test-classes:$new_repo/server/target/classes:$(cat "$new_repo/server/target/bench-classpath.txt")
for name in base new; do
  for _ in $(seq 600); do grep -q "siproute listening on" "$out/$name.log" && break; sleep 0.2; done
  grep -q "siproute listening on" "$out/$name.log" || { echo "siproute ($name) did not start, see $out/$name.log" >&2; exit 1; }
  port=$(sed -nE 's/.*siproute listening on 127\.0\.0\.1:([0-9]+).*/\1/p' "$out/$name.log")
  echo $port > "$out/$name.port"
  mkdir -p "$out/$name-prep"
  SIPROUTE_ADMIN_KEY=$(cat $out/$name.admin) java -cp "$cp" org.siproute.server.bench.TransportBench prepare "$port" "$out/$name-prep" > "$out/$name-prep.txt" 2>&1
done
H=(-H 'content-type: application/grpc' -H 'te: trailers')
run() { # name args...
  local name=$1; shift
  local pid=$(cat $out/$name.pid) port=$(cat $out/$name.port) key=$(cat $out/$name-prep/router.key)
  local before=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
  h2load -c 2 -m 32 -t 1 "$@" "${H[@]}" -H "authorization: Bearer $key" -d "$out/$name-prep/select.grpc" "http://127.0.0.1:$port/siproute.v1.RouteSelect/Select" > "$out/h2.txt"
  local after=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
  local calls=$(sed -nE 's/^requests: ([0-9]+) total.*/\1/p' "$out/h2.txt")
  local ok=$(sed -nE 's/^status codes: ([0-9]+) 2xx.*/\1/p' "$out/h2.txt")
  echo "$name $calls $ok $(( (after - before) * 10000 )) $(cut -d' ' -f1 /proc/loadavg)"
}
run base -n 600000 > /dev/null; run new -n 600000 > /dev/null
run base -n 300000 > /dev/null; run new -n 300000 > /dev/null
: > "$out/rounds.txt"
for r in $(seq $rounds); do
  if [ $((r % 2)) = 1 ]; then order="base new"; else order="new base"; fi
  for name in $order; do run $name -D $secs >> "$out/rounds.txt"; done
done
python3 - "$out/rounds.txt" <<'PY'
import sys, statistics
rows=[l.split() for l in open(sys.argv[1])]
per={'base':[], 'new':[]}; rate={'base':[], 'new':[]}
for name,calls,ok,cpu,load in rows:
    if ok != calls:
        print(f"WARNING: a {name} round had {calls} calls but {ok or 0} HTTP 200 answers: not comparable")
    per[name].append(int(cpu)/int(calls)); rate[name].append(int(calls))
for n in per: print(n, "µs/call by round", " ".join(f"{x:.2f}" for x in per[n]), "median", f"{statistics.median(per[n]):.2f}", "calls median", statistics.median(rate[n]))
ratios=[b/a for a,b in zip(per['base'], per['new'])]
print("new/base per round:", " ".join(f"{x:.3f}" for x in ratios), "median", f"{statistics.median(ratios):.3f}")
print("load average (1 min) at the first and last round:", rows[0][4], rows[-1][4])
PY
