#!/usr/bin/env bash
# The transport benchmark of issue #12: siproute against the floor of a bare grpc-java server,
# in one run, on this machine, talking only to 127.0.0.1. See server/docs/benchmarks.md.
#
#   server/bench/run-transport-bench.sh [options]      (--help lists them)
#
# 1. builds siproute if the jar or test classes are missing or older than a source;
# 2. starts, as two JVMs with the same heap flags and a GC log each:
#      - the floor: bench/FloorServer (test class path), grpc.health.v1.Health/Check on the
#        netty event loop (directExecutor), nothing else;
#      - siproute: server/target/siproute-server.jar on a fresh embedded H2, seeded with one
#        provider and one route; Select is called with a ROUTER key, as a call service would;
# 3. h2load (2 connections x 32 streams by default) against floor Health/Check, siproute
#    Health/Check and siproute Select: calls/s and server CPU per call (/proc/<pid>/stat
#    utime+stime over the measured run), every call proven a gRPC success;
# 4. the open-loop generator (bench/OpenLoop) at 50 % of the Select calls/s just measured:
#    p50, p99, p99.9 from the intended send time, and the GC pauses meanwhile;
# 5. optional: --storm (callers with 10 ms deadlines: how much log they cause), --overload
#    (3x capacity from h2load, with a Java probe at 50 % measuring goodput and recovery),
#    --jfr (a profile of each server under h2load);
# 6. the longest GC pause of each server, `uptime` before and after; stops everything it
#    started, also on Ctrl-C or error.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: server/bench/run-transport-bench.sh [options]

  --connections N       h2load connections (default 2)
  --streams N           h2load concurrent streams per connection (default 32)
  --h2load-threads N    h2load threads (default 1)
  --warmup-calls N      unmeasured h2load calls per target before its first round (default
                        150000: a count, not a time, so that each server's JIT gets as much
                        work whatever share of the CPU it gets)
  --duration S          measured h2load seconds per target and round (default 10)
  --rounds N            rounds of the three h2load runs, interleaved (default 3; the summary
                        takes the median, as round 1 may still pay for JIT compilation)
  --open-loop-seconds S measured open-loop seconds (default 20; 0 skips the open loop)
  --open-loop-warmup S  open-loop seconds before measuring, half at a quarter of the rate (default 20:
                        a cold client JVM on a busy machine needs that long)
  --open-loop-fraction F  open-loop rate as a fraction of the Select calls/s (default 0.5)
  --storm               also the cancelled-caller storm (see --storm-* below)
  --storm-rate N        calls/s of the storm (default 30000)
  --storm-seconds S     (default 5)
  --storm-deadline-ms N (default 10)
  --overload            also 3x overload: goodput and recovery
  --overload-factor F   (default 3)
  --overload-seconds S  (default 10; preceded by 15 s at 25 % and 5 s at 50 %, followed by 10 s at 50 %)
  --overload-deadline-ms N  deadline of every overload call (default 1000)
  --select-capacity N   use N Select/s as the capacity for the open loop and the overload,
                        instead of the h2load figure of this run (to compare runs at one rate)
  --jfr                 after the measured rounds, one extra h2load run per server under
                        JFR (settings=profile), summarised by top frames; not counted
  --server-cpus LIST    pin both servers with taskset -c LIST (default: not pinned)
  --client-cpus LIST    pin h2load and the Java clients with taskset -c LIST (default: not pinned)
  --heap "FLAGS"        heap flags of both servers (default "-Xms1g -Xmx1g")
  --out DIR             where logs and the report go (default server/target/transport-bench/<time>)
  --no-build            never build (fail if the jar or classes are missing)
  --all                 --storm --overload --jfr
EOF
}

args_line="$*"
connections=2 streams=32 h2threads=1 warmup_calls=150000 duration=10 rounds=3
open_loop_seconds=20 open_loop_warmup=20 open_loop_fraction=0.5
storm=false storm_rate=30000 storm_seconds=5 storm_deadline_ms=10
overload=false overload_factor=3 overload_seconds=10 overload_deadline_ms=1000
select_capacity="" jfr=false server_cpus="" client_cpus="" heap="-Xms1g -Xmx1g" out="" build=auto

while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift ;;
    --streams) streams=$2; shift ;;
    --h2load-threads) h2threads=$2; shift ;;
    --warmup-calls) warmup_calls=$2; shift ;;
    --duration) duration=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --open-loop-seconds) open_loop_seconds=$2; shift ;;
    --open-loop-warmup) open_loop_warmup=$2; shift ;;
    --open-loop-fraction) open_loop_fraction=$2; shift ;;
    --storm) storm=true ;;
    --storm-rate) storm_rate=$2; shift ;;
    --storm-seconds) storm_seconds=$2; shift ;;
    --storm-deadline-ms) storm_deadline_ms=$2; shift ;;
    --overload) overload=true ;;
    --overload-factor) overload_factor=$2; shift ;;
    --overload-seconds) overload_seconds=$2; shift ;;
    --overload-deadline-ms) overload_deadline_ms=$2; shift ;;
    --select-capacity) select_capacity=$2; shift ;;
    --jfr) jfr=true ;;
    --server-cpus) server_cpus=$2; shift ;;
    --client-cpus) client_cpus=$2; shift ;;
    --heap) heap=$2; shift ;;
    --out) out=$2; shift ;;
    --no-build) build=never ;;
    --all) storm=true overload=true jfr=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
server_dir=$repo/server
jar=$server_dir/target/siproute-server.jar
cp_file=$server_dir/target/bench-classpath.txt
out=${out:-$server_dir/target/transport-bench/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
report=$out/report.txt
: > "$report"

say() { echo "$*" | tee -a "$report"; }
fail() { say "FAILED: $*"; exit 1; }
has() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- tools
if ! has h2load || ! has nghttp; then
  if [ "$(id -u)" = 0 ] && has apt-get; then
    echo "installing nghttp2-client (h2load, nghttp)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null
  else
    fail "h2load and nghttp are needed: apt-get install -y nghttp2-client"
  fi
fi
for tool in java jcmd curl mvn; do
  has "$tool" || fail "$tool is needed"
done
$jfr && { has jfr || fail "--jfr needs the jfr tool of the JDK"; }
clk_tck=$(getconf CLK_TCK)

# ---------------------------------------------------------------- build
needs_build() {
  [ -f "$jar" ] && [ -f "$cp_file" ] && [ -f "$server_dir/target/test-classes/org/siproute/server/bench/FloorServer.class" ] || return 0
  [ -n "$(find "$repo/pom.xml" "$repo"/{proto,db,client-stub,server}/pom.xml "$repo"/{proto,db,client-stub,server}/src \
    -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}
if [ "$build" = auto ] && needs_build; then
  say "building (mvn -pl server -am -DskipTests package; log: $out/build.log)"
  (cd "$repo" && mvn -B -q -pl server -am -DskipTests package \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt) > "$out/build.log" 2>&1 \
    || fail "build failed, see $out/build.log"
fi
[ -f "$jar" ] && [ -f "$cp_file" ] || fail "no $jar or $cp_file: run without --no-build"
cp=$server_dir/target/test-classes:$server_dir/target/classes:$(cat "$cp_file")

# Command prefixes, so that a background start's $! is the process itself (taskset execs it).
server_pin=() client_pin=()
[ -z "$server_cpus" ] || server_pin=(taskset -c "$server_cpus")
[ -z "$client_cpus" ] || client_pin=(taskset -c "$client_cpus")

# ---------------------------------------------------------------- cleanup
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- measuring helpers
cpu_ticks() { # utime + stime of a process, in clock ticks
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
machine_ticks() { # busy and total ticks of all CPUs
  awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat
}
thread_ticks() { # tid name ticks, for every thread of a process
  local f tid
  for f in /proc/"$1"/task/*/stat; do
    tid=${f%/stat}; tid=${tid##*/}
    awk -v tid="$tid" '{ name = $0; sub(/^[^(]*\(/, "", name); sub(/\) .*$/, "", name); gsub(/ /, "_", name);
      rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " "); print tid, name, f[12] + f[13] }' "$f" 2>/dev/null || true
  done
}
epoch_ms() { date +%s%3N; }
# Waits until siproute has calmed down after a phase (under 5 % of a core and no log line for
# 2 s in a row, at most 120 s), so that one phase's aftermath is not measured as the next
# phase; prints how many seconds that took.
await_quiet() {
  local waited=0 calm=0 ticks size
  ticks=$(cpu_ticks "$sip_pid"); size=$(stat -c %s "$out/siproute.log")
  while [ "$calm" -lt 2 ] && [ "$waited" -lt 120 ]; do
    sleep 1; waited=$((waited + 1))
    local t s2
    t=$(cpu_ticks "$sip_pid"); s2=$(stat -c %s "$out/siproute.log")
    if [ $((t - ticks)) -le $((clk_tck / 20)) ] && [ "$s2" = "$size" ]; then calm=$((calm + 1)); else calm=0; fi
    ticks=$t; size=$s2
  done
  echo "$waited"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Longest stop-the-world pause in a GC log (-Xlog decorations time,timemillis), optionally
# only pauses that ended between two epoch-millisecond times: "N pauses, longest X ms (what)".
gc_pauses() {
  awk -v from="${2:-0}" -v to="${3:-99999999999999}" '
    /\]\[gc *\] GC\([0-9]+\) Pause/ {
      if (!match($0, /\]\[[0-9]+ms\]/)) next
      t = substr($0, RSTART + 2, RLENGTH - 5) + 0
      if (t < from || t > to) next
      if (!match($0, /[0-9.]+ms$/)) next
      ms = substr($0, RSTART, RLENGTH - 2) + 0
      n++; sum += ms
      if (ms > max) { max = ms; what = $0; sub(/^.*GC\([0-9]+\) /, "", what); sub(/ [0-9.]+ms$/, "", what) }
    }
    END { if (n == 0) print "no pauses"; else printf "%d pauses (%.1f ms in all), longest %.1f ms (%s)\n", n, sum, max, what }
  ' "$1"
}
gc_max_ms() { # the longest pause alone, for the summary
  gc_pauses "$@" | sed -n 's/.*longest \([0-9.]*\) ms.*/\1/p' | grep . || echo 0
}

# ---------------------------------------------------------------- servers
admin_key=bench-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
jvm_flags() { # jvm_flags NAME: same heap and GC log flags for both servers
  echo "$heap -Xlog:gc*:file=$out/$1-gc.log:time,timemillis,level,tags"
}
await_line() { # await_line FILE REGEX PID: the first line of FILE matching REGEX, within 120 s
  local i
  for i in $(seq 1 1200); do
    if grep -qE "$2" "$1" 2>/dev/null; then grep -m1 -E "$2" "$1"; return 0; fi
    kill -0 "$3" 2>/dev/null || { cat "$1" >&2; return 1; }
    sleep 0.1
  done
  return 1
}
free_port() { # a loopback port nobody listens on now
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  fail "no free port"
}

say "# siproute transport benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(java -version 2>&1 | head -1)"
say "git: $(git -C "$repo" log -1 --format='%h %s' 2>/dev/null || echo '?')$(git -C "$repo" status --porcelain 2>/dev/null | grep -q . && echo ' (with uncommitted changes)')"
say "command: $0 $args_line"
say "options: h2load -c $connections -m $streams -t $h2threads, warm-up $warmup_calls calls, ${duration}s x $rounds rounds; heap '$heap';" \
  "server CPUs ${server_cpus:-any}, client CPUs ${client_cpus:-any}"
load_before=$(loadavg)
say "uptime before: $(uptime)"

# shellcheck disable=SC2046
"${server_pin[@]}" java $(jvm_flags floor) -cp "$cp" org.siproute.server.bench.FloorServer 0 > "$out/floor.log" 2>&1 &
floor_pid=$!
pids+=("$floor_pid")

metrics_port=$(free_port)
# shellcheck disable=SC2046
SIPROUTE_ADMIN_KEY=$admin_key "${server_pin[@]}" java $(jvm_flags siproute) -jar "$jar" \
  --host 127.0.0.1 --port 0 --data-dir "$out/siproute-data" --metrics-port "$metrics_port" \
  --db-connect-timeout "${SIPROUTE_DB_CONNECT_TIMEOUT:-30s}" > "$out/siproute.log" 2>&1 &
sip_pid=$!
pids+=("$sip_pid")

floor_line=$(await_line "$out/floor.log" 'floor listening on' "$floor_pid") || fail "the floor server did not start (see $out/floor.log)"
floor_port=$(sed -E 's/.*listening on 127\.0\.0\.1:([0-9]+) .*/\1/' <<< "$floor_line")
floor_counter_port=$(sed -E 's/.*counter 127\.0\.0\.1:([0-9]+).*/\1/' <<< "$floor_line")
sip_line=$(await_line "$out/siproute.log" 'siproute listening on' "$sip_pid") || fail "siproute did not start (see $out/siproute.log)"
sip_port=$(sed -E 's/.*listening on 127\.0\.0\.1:([0-9]+).*/\1/' <<< "$sip_line")
say "floor: pid $floor_pid, 127.0.0.1:$floor_port; siproute: pid $sip_pid, 127.0.0.1:$sip_port (metrics :$metrics_port)"

SIPROUTE_ADMIN_KEY=$admin_key "${client_pin[@]}" java -cp "$cp" org.siproute.server.bench.TransportBench prepare "$sip_port" "$out" \
  > "$out/prepare.txt" 2>&1 || { cat "$out/prepare.txt"; fail "could not seed siproute (see $out/prepare.txt)"; }
tee -a "$report" < "$out/prepare.txt"
router_key=$(cat "$out/router.key")

# ---------------------------------------------------------------- success counters
# h2load counts every HTTP 200, and a gRPC error is an HTTP 200 too: count real successes on
# the servers (floor: its own counter; siproute: its rpc metrics by method and status code).
floor_ok() { curl -sf "http://127.0.0.1:$floor_counter_port/" | awk '{ print $2 }'; }
sip_refused() { # decisions refused at once as overload (siproute_overload_refusals_total), so far
  curl -sf "http://127.0.0.1:$metrics_port/metrics" | awk '
    /^siproute_overload_refusals_total\{/ && index($0, "kind=\"decision\"") { n += $NF } END { printf "%d\n", n }'
}
sip_counts() { # sip_counts METHOD: "ok other" calls of that method so far
  curl -sf "http://127.0.0.1:$metrics_port/metrics" | awk -v m="method=\"$1\"" '
    /^siproute_rpc_duration_seconds_count\{/ && index($0, m) {
      if (index($0, "code=\"OK\"")) ok += $NF; else other += $NF }
    END { printf "%d %d\n", ok, other }'
}

# One call with the same headers and body as h2load, through nghttp: its grpc-status.
grpc_status() { # grpc_status URL BODY [HEADER...]
  local url=$1 body=$2; shift 2
  local args=() h
  for h in "$@"; do args+=(-H "$h"); done
  nghttp -v -H 'content-type: application/grpc' -H 'te: trailers' "${args[@]}" -d "$body" "$url" 2>&1 \
    | sed -n 's/.*recv.*grpc-status: \([0-9]*\).*/\1/p' | tail -1
}

auth="authorization: Bearer $router_key"
floor_url=http://127.0.0.1:$floor_port/grpc.health.v1.Health/Check
sip_health_url=http://127.0.0.1:$sip_port/grpc.health.v1.Health/Check
sip_select_url=http://127.0.0.1:$sip_port/siproute.v1.RouteSelect/Select
for check in "floor Health/Check|$floor_url|$out/health.grpc|" "siproute Health/Check|$sip_health_url|$out/health.grpc|" \
    "siproute Select|$sip_select_url|$out/select.grpc|$auth"; do
  IFS='|' read -r name url body header <<< "$check"
  status=$(grpc_status "$url" "$body" ${header:+"$header"})
  [ "$status" = 0 ] || fail "$name: one call through nghttp with the h2load headers answered grpc-status '${status:-none}', not 0"
  say "checked: $name answers grpc-status 0 to the h2load request (nghttp)"
done

# ---------------------------------------------------------------- h2load
declare -A result # result[name,round,field]
names=("floor-health" "siproute-health" "siproute-select")
declare -A label=([floor-health]="floor Health/Check" [siproute-health]="siproute Health/Check" [siproute-select]="siproute Select")
declare -A url_of=([floor-health]=$floor_url [siproute-health]=$sip_health_url [siproute-select]=$sip_select_url)
declare -A body_of=([floor-health]=$out/health.grpc [siproute-health]=$out/health.grpc [siproute-select]=$out/select.grpc)
declare -A pid_of=([floor-health]=$floor_pid [siproute-health]=$sip_pid [siproute-select]=$sip_pid)

h2load_cmd() { # h2load_cmd NAME SECONDS|-nCALLS: sets h2cmd, the h2load command for a target
  local length=(-D "$2")
  if [[ $2 == -n* ]]; then length=(-n "${2#-n}"); fi
  h2cmd=(h2load -c "$connections" -m "$streams" -t "$h2threads" "${length[@]}"
    -H 'content-type: application/grpc' -H 'te: trailers')
  if [ "$1" = siproute-select ]; then h2cmd+=(-H "$auth"); fi
  h2cmd+=(-d "${body_of[$1]}" "${url_of[$1]}")
}
h2load_run() { # h2load_run NAME SECONDS LOG [PREFIX...]: runs h2load with the client pinning
  local name=$1 seconds=$2 log=$3; shift 3
  h2load_cmd "$name" "$seconds"
  "${client_pin[@]}" "$@" "${h2cmd[@]}" > "$log" 2>&1 || { cat "$log"; fail "h2load failed ($name)"; }
}
ok_counts() { # ok_counts NAME: "ok other" successes and failures counted by the server
  case $1 in
    floor-health) echo "$(floor_ok) 0" ;;
    siproute-health) sip_counts grpc.health.v1.Health/Check ;;
    siproute-select) sip_counts siproute.v1.RouteSelect/Select ;;
  esac
}

run_h2load() { # run_h2load NAME ROUND
  local name=$1 round=$2 pid=${pid_of[$1]} log=$out/h2load-$1-$2.txt
  local cpu0 cpu1 m0 m1 c0 c1 t0 t1 ok0 ok1 bad0 bad1
  thread_ticks "$pid" > "$out/threads-$name-$round.before"
  read -r ok0 bad0 <<< "$(ok_counts "$name")"
  read -r m0 c0 <<< "$(machine_ticks)"
  cpu0=$(cpu_ticks "$pid"); t0=$(epoch_ms)
  local timing=()
  has /usr/bin/time && timing=(/usr/bin/time -f '%U %S' -o "$log.cpu")
  h2load_run "$name" "$duration" "$log" "${timing[@]}"
  cpu1=$(cpu_ticks "$pid"); t1=$(epoch_ms)
  read -r m1 c1 <<< "$(machine_ticks)"
  read -r ok1 bad1 <<< "$(ok_counts "$name")"
  thread_ticks "$pid" > "$out/threads-$name-$round.after"
  local rps succeeded failed
  rps=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$log")
  succeeded=$(sed -n 's/^requests: .* \([0-9][0-9]*\) succeeded, .*/\1/p' "$log")
  failed=$(sed -n 's/^requests: .* \([0-9][0-9]*\) failed, \([0-9][0-9]*\) errored, \([0-9][0-9]*\) timeout.*/\1+\2+\3/p' "$log")
  [ -n "$rps" ] && [ -n "$succeeded" ] || { cat "$log"; fail "cannot read h2load's output ($name)"; }
  local ok=$((ok1 - ok0)) bad=$((bad1 - bad0))
  # The server finishes a few calls h2load stopped waiting for; more OK than h2load counted is fine.
  if [ "$ok" -lt $((succeeded * 999 / 1000)) ] || [ "$bad" -gt $((succeeded / 1000)) ]; then
    fail "$name: h2load counted $succeeded successes, the server $ok OK and $bad failed calls: not a benchmark of successes"
  fi
  local wall_ms=$((t1 - t0))
  result[$name,$round,rps]=$rps
  result[$name,$round,cpu_us]=$(awk -v t=$((cpu1 - cpu0)) -v n="$succeeded" -v hz="$clk_tck" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  result[$name,$round,cores]=$(awk -v t=$((cpu1 - cpu0)) -v w="$wall_ms" -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz / (w / 1000) }')
  result[$name,$round,busy]=$(awk -v b=$((m1 - m0)) -v t=$((c1 - c0)) -v n="$(nproc)" 'BEGIN { printf "%.2f", n * b / t }')
  result[$name,$round,client]=$( [ -f "$log.cpu" ] && awk -v w="$wall_ms" '{ printf "%.2f", ($1 + $2) / (w / 1000) }' "$log.cpu" || echo "?")
  result[$name,$round,load]=$(loadavg | cut -d' ' -f1)
  result[$name,$round,gc]=$(gc_max_ms "$out/$( [ "$name" = floor-health ] && echo floor || echo siproute)-gc.log" "$t0" "$t1")
  say "$(printf '  round %d %-22s %9.0f calls/s  %7s µs CPU/call  server %s cores, h2load %s, machine %s of %s busy; longest GC pause %s ms  (%s OK counted by the server, %s failed; h2load: %s succeeded, failed+errored+timeout %s; load %s)' \
    "$round" "${label[$name]}" "$rps" "${result[$name,$round,cpu_us]}" "${result[$name,$round,cores]}" "${result[$name,$round,client]}" \
    "${result[$name,$round,busy]}" "$(nproc)" "${result[$name,$round,gc]}" "$ok" "$bad" "$succeeded" "$failed" "${result[$name,$round,load]}")"
}

threads_breakdown() { # where a server's CPU went during one run, by thread name (as the kernel keeps it: 15 characters)
  awk 'NR == FNR { before[$1] = $3; next }
       { name = $2; sub(/[0-9]+$/, "N", name); sub(/#[0-9]+/, "#N", name); d = $3 - before[$1]; sum[name] += d; total += d }
       END { for (n in sum) if (sum[n] > 0) printf "    %5.1f %%  %s\n", 100 * sum[n] / total, n }' "$1.before" "$1.after" | sort -rn
}

say ""
h2load_cmd siproute-select "$duration"
say "## h2load: $(printf '%q ' "${h2cmd[@]}" | sed "s/$router_key/<router key>/")"
say "   (Health/Check: the same without the authorization header, body health.grpc)"
load_began=$(epoch_ms)
for name in "${names[@]}"; do
  h2load_run "$name" "-n$warmup_calls" "$out/h2load-$name-warmup.txt"
done
for round in $(seq 1 "$rounds"); do
  for name in "${names[@]}"; do
    run_h2load "$name" "$round"
  done
done
say "  siproute Select, server CPU by thread (round 1):"
threads_breakdown "$out/threads-siproute-select-1" | head -12 | tee -a "$report"
say "  floor Health/Check, server CPU by thread (round 1):"
threads_breakdown "$out/threads-floor-health-1" | head -8 | tee -a "$report"

median() { # median NAME FIELD over the rounds
  local name=$1 field=$2 r values=()
  for r in $(seq 1 "$rounds"); do values+=("${result[$name,$r,$field]}"); done
  printf '%s\n' "${values[@]}" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

say ""
say "## Summary (median of $rounds rounds; each round runs the three back to back)"
say "| target | calls/s | server CPU µs/call | calls/s vs floor | CPU/call vs floor |"
say "|---|---|---|---|---|"
floor_rps=$(median floor-health rps)
floor_cpu=$(median floor-health cpu_us)
for name in "${names[@]}"; do
  say "| ${label[$name]} | $(median "$name" rps) | $(median "$name" cpu_us) | $(ratio "$(median "$name" rps)" "$floor_rps") | $(ratio "$(median "$name" cpu_us)" "$floor_cpu") |"
done
for round in $(seq 1 "$rounds"); do
  say "round $round: Select/floor calls/s $(ratio "${result[siproute-select,$round,rps]}" "${result[floor-health,$round,rps]}")," \
    "CPU per call $(ratio "${result[siproute-select,$round,cpu_us]}" "${result[floor-health,$round,cpu_us]}");" \
    "siproute Health/floor calls/s $(ratio "${result[siproute-health,$round,rps]}" "${result[floor-health,$round,rps]}")," \
    "CPU per call $(ratio "${result[siproute-health,$round,cpu_us]}" "${result[floor-health,$round,cpu_us]}")"
done
say "issue #12 targets: Select >= 0.80 of the floor's calls/s and <= 1.25x its CPU per call"
capacity=${select_capacity:-$(median siproute-select rps)}

# ---------------------------------------------------------------- JFR profiles
if $jfr; then
  say ""
  say "## JFR profiles (one extra ${duration}s h2load run per server, settings=profile; not in the figures above)"
  for name in floor-health siproute-select; do
    pid=${pid_of[$name]}
    jcmd "$pid" JFR.start name=bench settings=profile > /dev/null
    h2load_run "$name" "$duration" "$out/h2load-$name-jfr.txt"
    jcmd "$pid" JFR.stop name=bench filename="$out/$name.jfr" > /dev/null
    say "### ${label[$name]} ($(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$out/h2load-$name-jfr.txt") calls/s while profiled)"
    java -cp "$cp" org.siproute.server.bench.TransportBench jfr-top "$out/$name.jfr" 20 | tee -a "$report"
  done
fi

# ---------------------------------------------------------------- open loop
if [ "$open_loop_seconds" != 0 ]; then
  rate=$(awk -v c="$capacity" -v f="$open_loop_fraction" 'BEGIN { printf "%.0f", c * f }')
  say ""
  say "## Open loop at $open_loop_fraction x $capacity = $rate Select/s (bench/OpenLoop, grpc-java client, latency from the intended send time)"
  say "  (siproute quiet after $(await_quiet) s of waiting)"
  cpu0=$(cpu_ticks "$sip_pid"); t0=$(epoch_ms)
  "${client_pin[@]}" java -cp "$cp" org.siproute.server.bench.TransportBench open-loop "$sip_port" "$router_key" "$rate" \
    "$open_loop_seconds" "$open_loop_warmup" > "$out/open-loop.txt" 2>&1 || { cat "$out/open-loop.txt"; fail "open loop failed"; }
  cpu1=$(cpu_ticks "$sip_pid"); t1=$(epoch_ms)
  grep -v '^RESULT' "$out/open-loop.txt" | tee -a "$report"
  line=$(grep '^RESULT open_loop' "$out/open-loop.txt")
  window=$(sed 's/.*window_epoch_ms=//' <<< "$line")
  open_loop_gc=$(gc_pauses "$out/siproute-gc.log" "${window%-*}" "${window#*-}")
  say "  siproute GC while measured: $open_loop_gc"
  say "  siproute CPU: $(awk -v t=$((cpu1 - cpu0)) -v w=$((t1 - t0)) -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz / (w / 1000) }') cores (warm-up included); load $(loadavg)"
  p99=$(sed 's/.* p99_ms=\([0-9.]*\).*/\1/' <<< "$line")
  say "issue #12 targets: p99 < 2 ms ($p99 ms), no GC pause over 20 ms (longest $(gc_max_ms "$out/siproute-gc.log" "${window%-*}" "${window#*-}") ms)"
fi

# ---------------------------------------------------------------- overload
# h2load brings the excess: a Java client cannot send 3x capacity on 2 cores beside the server.
# The Java probe sends half the capacity throughout and sees what every caller sees.
if $overload; then
  probe_rate=$(awk -v c="$capacity" 'BEGIN { printf "%.0f", c / 2 }')
  excess=$(awk -v c="$capacity" -v f="$overload_factor" 'BEGIN { printf "%.0f", c * (f - 0.5) }')
  per_connection=$(( (excess + connections - 1) / connections ))
  # Enough streams that only the deadline, never h2load's stream limit, bounds what is in flight.
  overload_streams=$(( per_connection * overload_deadline_ms * 3 / 2 / 1000 + streams ))
  say ""
  say "## Overload: ${overload_factor}x $capacity Select/s for ${overload_seconds}s (h2load $excess/s + the probe $probe_rate/s), every call with a ${overload_deadline_ms} ms deadline"
  say "  (siproute quiet after $(await_quiet) s of waiting)"
  size0=$(stat -c %s "$out/siproute.log")
  "${client_pin[@]}" java -cp "$cp" org.siproute.server.bench.TransportBench overload-probe "$sip_port" "$router_key" "$probe_rate" \
    15 5 "$overload_seconds" 10 "$overload_deadline_ms" > "$out/overload.txt" 2>&1 &
  probe_pid=$!
  pids+=("$probe_pid")
  schedule=$(await_line "$out/overload.txt" '^SCHEDULE' "$probe_pid") || { cat "$out/overload.txt"; fail "overload probe did not start"; }
  window=$(sed 's/.*overload_epoch_ms=//' <<< "$schedule")
  sleep "$(awk -v at="${window%-*}" -v now="$(epoch_ms)" 'BEGIN { d = (at - now) / 1000; print (d > 0 ? d : 0) }')"
  read -r ok0 bad0 <<< "$(sip_counts siproute.v1.RouteSelect/Select)"
  refused0=$(sip_refused)
  cpu0=$(cpu_ticks "$sip_pid")
  overload_cmd=(h2load -c "$connections" -m "$overload_streams" -t "$h2threads" --rps "$per_connection" -D "$overload_seconds"
    -H 'content-type: application/grpc' -H 'te: trailers' -H "grpc-timeout: ${overload_deadline_ms}m" -H "$auth"
    -d "$out/select.grpc" "$sip_select_url")
  "${client_pin[@]}" "${overload_cmd[@]}" > "$out/h2load-overload.txt" 2>&1 || { cat "$out/h2load-overload.txt"; fail "h2load (overload) failed"; }
  cpu1=$(cpu_ticks "$sip_pid")
  read -r ok1 bad1 <<< "$(sip_counts siproute.v1.RouteSelect/Select)"
  refused1=$(sip_refused)
  wait "$probe_pid" || { cat "$out/overload.txt"; fail "overload probe failed"; }
  say "  h2load: $(printf '%q ' "${overload_cmd[@]}" | sed "s/$router_key/<router key>/")"
  started=$(sed -n 's/^requests: [0-9]* total, \([0-9]*\) started.*/\1/p' "$out/h2load-overload.txt")
  say "  h2load: $(grep -E '^(finished|requests|status codes):' "$out/h2load-overload.txt" | tr '\n' ' ')"
  grep -vE '^(RESULT|SCHEDULE)' "$out/overload.txt" | tee -a "$report"
  ok_fraction=$(sed -n 's/^RESULT overload_probe ok_fraction=\([0-9.]*\).*/\1/p' "$out/overload.txt")
  offered=$(awk -v s="$started" -v d="$overload_seconds" -v p="$probe_rate" 'BEGIN { printf "%.0f", s / d + p }')
  goodput=$(awk -v o="$offered" -v f="$ok_fraction" 'BEGIN { printf "%.0f", o * f }')
  say "  offered during the overload: $offered calls/s (h2load started $started in ${overload_seconds}s, plus the probe)"
  say "  goodput: $goodput calls/s = offered x the probe's OK fraction $ok_fraction = $(awk -v g="$goodput" -v c="$capacity" 'BEGIN { printf "%.0f", 100 * g / c }') % of capacity"
  say "  siproute closed $(( (ok1 - ok0) / overload_seconds )) Select/s as OK and $(( (bad1 - bad0) / overload_seconds ))/s otherwise while h2load ran" \
    "(OK closes of calls whose caller had given up count too), refused $(( (refused1 - refused0) / overload_seconds ))/s at once as overload" \
    "(RESOURCE_EXHAUSTED before any work, --max-decisions-in-flight), using $(awk -v t=$((cpu1 - cpu0)) -v d="$overload_seconds" -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz / d }') cores"
  say "  siproute GC during the overload: $(gc_pauses "$out/siproute-gc.log" "${window%-*}" "${window#*-}")"
  say "  siproute busy (CPU or log) for $(await_quiet) s after the last call"
  say "  server log written: $(( $(stat -c %s "$out/siproute.log") - size0 )) bytes"
  say "issue #12 targets: goodput >= 90 % of capacity, full speed back within 1 s ($(sed -n 's/.*recovery_ms=//p' "$out/overload.txt") ms)"
fi

# ---------------------------------------------------------------- storm
if $storm; then
  say ""
  say "## Cancelled-caller storm: $storm_rate Select/s for ${storm_seconds}s, each with a ${storm_deadline_ms} ms deadline"
  say "  (siproute quiet after $(await_quiet) s of waiting)"
  size0=$(stat -c %s "$out/siproute.log"); lines0=$(wc -l < "$out/siproute.log")
  "${client_pin[@]}" java -cp "$cp" org.siproute.server.bench.TransportBench storm "$sip_port" "$router_key" "$storm_rate" \
    "$storm_seconds" "$storm_deadline_ms" > "$out/storm.txt" 2>&1 || { cat "$out/storm.txt"; fail "storm failed"; }
  # The server goes on logging about the cancelled streams for as long as it has a backlog.
  say "  siproute busy (CPU or log) for $(await_quiet) s after the storm's last call"
  size1=$(stat -c %s "$out/siproute.log"); lines1=$(wc -l < "$out/siproute.log")
  grep -v '^RESULT' "$out/storm.txt" | tee -a "$report"
  tail -c +$((size0 + 1)) "$out/siproute.log" > "$out/storm-server-log.txt"
  say "  server log written meanwhile: $((size1 - size0)) bytes, $((lines1 - lines0)) lines" \
    "($(grep -c 'Stream Error' "$out/storm-server-log.txt" || true) 'Stream Error' lines; excerpt: $out/storm-server-log.txt)"
  say "issue #12 target: less than 1 MB of log ($(awk -v b=$((size1 - size0)) 'BEGIN { printf "%.2f", b / 1e6 }') MB)"
fi

# ---------------------------------------------------------------- end
say ""
say "## GC pauses from the first h2load warm-up on (start-up left out)"
say "  floor:    $(gc_pauses "$out/floor-gc.log" "$load_began")"
say "  siproute: $(gc_pauses "$out/siproute-gc.log" "$load_began")"
say "load average before: $load_before; after: $(loadavg)"
say "uptime after: $(uptime)"
say "logs, GC logs, h2load output: $out"
