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
# 4. the open loop at 50 % of the Select calls/s just measured: h2load --rps (a C client, so
#    that the load generator does not take the server's CPU) after an unmeasured warm-up run;
#    p50, p90, p99, p99.9, max from h2load's per-request log (latency from each request's
#    actual send), how far h2load fell behind its schedule, the server's OK count against
#    h2load's successes, siproute's GC pauses, the server's and h2load's CPU;
# 5. optional: --soak S (the same open loop for S seconds: heap after young GC, old
#    generation, RSS and p99 per minute), --storm (callers with 10 ms deadlines: how much log
#    they cause), --overload (3x capacity, h2load carrying all but a low-rate Java probe that
#    measures goodput and recovery), --jfr (a profile of each server under h2load);
# 6. the longest GC pause of each server, `uptime` before and after; stops everything it
#    started, also on Ctrl-C or error.
set -euo pipefail

usage() {
  cat <<'USAGE'
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
  --open-loop-warmup S  unmeasured h2load seconds at the same rate before the open loop and
                        before the soak (default 10; 0 skips it)
  --open-loop-fraction F  open-loop and soak rate as a fraction of the Select calls/s (default 0.5)
  --open-loop-processes N  h2load processes that share the rate of the open loop, the soak and
                        the overload's base load, started 10 ms / N apart (default 10: h2load
                        --rps sends each connection's due requests at once every 10 ms, so one
                        process would send bursts of rate/100)
  --open-loop-connections N  connections of each of those processes (default 2)
  --open-loop-streams N streams per connection of the same runs (default 1000: h2load falls
                        behind its schedule only when all of them are busy)
  --soak S              also a soak: the open loop for S seconds (600 for issue 12's ten
                        minutes; default 0, off): heap after young GC, old generation, RSS
                        and latency per minute
  --storm               also the cancelled-caller storm (see --storm-* below)
  --storm-rate N        calls/s of the storm (default 30000)
  --storm-seconds S     (default 5)
  --storm-deadline-ms N (default 10)
  --overload            also 3x overload: goodput and recovery
  --overload-factor F   (default 3)
  --overload-seconds S  (default 10; preceded by 15 s of probe warm-up and 5 s at 50 %,
                        followed by 10 s at 50 %)
  --overload-deadline-ms N  deadline of every overload call (default 1000)
  --overload-repeat N   the overload N times on the same server, each with its probe and figures
                        (default 1): tells a cold server's recovery from one that has been
                        through an overload before
  --overload-jfr        a JFR profile of siproute for the 4 s after the overload (attaching
                        takes some of its CPU at that moment, so the recovery figure of such a run
                        is not comparable)
  --probe-rate N        Select/s of the Java probe that measures the overload's OK fraction
                        and recovery (default 1000); h2load sends the rest of the load
  --select-capacity N   use N Select/s as the capacity for the open loop, the soak and the
                        overload, instead of the h2load figure of this run (to compare runs at one rate)
  --jfr                 after the measured rounds, one extra h2load run per server under
                        JFR (settings=profile), summarised by top frames; not counted
  --server-cpus LIST    pin both servers with taskset -c LIST (default: not pinned)
  --client-cpus LIST    pin h2load and the Java clients with taskset -c LIST (default: not pinned)
  --heap "FLAGS"        heap flags of both servers (default "-Xms1g -Xmx1g")
  --siproute-args "ARGS"  more command-line options for siproute (e.g. "--max-streams-per-connection 1000")
  --floor-read-bytes N  give the floor siproute's --max-read-bytes N (default: Netty's own reads), to
                        tell what the read bound does to any grpc-java server
  --out DIR             where logs and the report go (default server/target/transport-bench/<time>)
  --no-build            never build (fail if the jar or classes are missing)
  --all                 --storm --overload --jfr (about 10 minutes); add --soak 600 for the
                        ten-minute soak
USAGE
}

args_line="$*"
connections=2 streams=32 h2threads=1 warmup_calls=150000 duration=10 rounds=3
open_loop_seconds=20 open_loop_warmup=10 open_loop_fraction=0.5 ol_processes=10 ol_connections=2 ol_streams=1000 soak=0
storm=false storm_rate=30000 storm_seconds=5 storm_deadline_ms=10
overload=false overload_factor=3 overload_seconds=10 overload_deadline_ms=1000 overload_repeat=1 probe_rate=1000 overload_jfr=false
select_capacity="" jfr=false server_cpus="" client_cpus="" heap="-Xms1g -Xmx1g" siproute_args="" floor_read_bytes=0 out="" build=auto

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
    --open-loop-processes) ol_processes=$2; shift ;;
    --open-loop-connections) ol_connections=$2; shift ;;
    --open-loop-streams) ol_streams=$2; shift ;;
    --soak) soak=$2; shift ;;
    --storm) storm=true ;;
    --storm-rate) storm_rate=$2; shift ;;
    --storm-seconds) storm_seconds=$2; shift ;;
    --storm-deadline-ms) storm_deadline_ms=$2; shift ;;
    --overload) overload=true ;;
    --overload-factor) overload_factor=$2; shift ;;
    --overload-seconds) overload_seconds=$2; shift ;;
    --overload-deadline-ms) overload_deadline_ms=$2; shift ;;
    --overload-repeat) overload_repeat=$2; shift ;;
    --overload-jfr) overload_jfr=true ;;
    --probe-rate) probe_rate=$2; shift ;;
    --select-capacity) select_capacity=$2; shift ;;
    --jfr) jfr=true ;;
    --server-cpus) server_cpus=$2; shift ;;
    --client-cpus) client_cpus=$2; shift ;;
    --heap) heap=$2; shift ;;
    --siproute-args) siproute_args=$2; shift ;;
    --floor-read-bytes) floor_read_bytes=$2; shift ;;
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
rm -rf "$out/siproute-data" # a fresh database each run, also when --out names an earlier run's folder

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
# A process that ended is forgotten, so that cleanup never signals a pid the system has reused.
forget() {
  local keep=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
  pids=("${keep[@]}")
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

# Per minute from FROM_MS (epoch ms) to TO_MS, from a G1 log with gc* tags: "minute young_gcs
# mean_heap_after_young_MB old_after_MB humongous_after_MB longest_pause_ms other_pauses", the old
# generation and humongous regions as the minute's last young GC left them ("?" if the log does not
# say). Minutes without a pause are left out.
gc_per_minute() {
  awk -v from="$2" -v to="$3" '
    function stamp() { return match($0, /\]\[[0-9]+ms\]/) ? substr($0, RSTART + 2, RLENGTH - 5) + 0 : -1 }
    function gc_id() { match($0, /GC\([0-9]+\)/); return substr($0, RSTART + 3, RLENGTH - 4) }
    function mb(s,   u) { u = substr(s, length(s)); return u == "K" ? s / 1024 : u == "G" ? s * 1024 : u == "B" ? s / 1048576 : s + 0 }
    /Heap Region Size: / { region_mb = mb($NF) }
    / GC\([0-9]+\) Old regions: / { split($NF, r, "->"); old[gc_id()] = r[2] + 0 }
    / GC\([0-9]+\) Humongous regions: / { split($NF, r, "->"); hum[gc_id()] = r[2] + 0 }
    /\]\[gc *\] GC\([0-9]+\) Pause/ {
      t = stamp(); if (t < from || t > to) next
      m = int((t - from) / 60000) + 1; seen[m] = 1; id = gc_id()
      if (match($0, /[0-9.]+ms$/)) { ms = substr($0, RSTART, RLENGTH - 2) + 0; if (ms > longest[m]) longest[m] = ms }
      if (index($0, "Pause Young") && match($0, /->[0-9.]+[BKMG]\(/)) {
        young[m]++; heap[m] += mb(substr($0, RSTART + 2, RLENGTH - 3))
        if (region_mb && (id in old)) { old_mb[m] = sprintf("%.0f", old[id] * region_mb); hum_mb[m] = sprintf("%.0f", hum[id] * region_mb) }
      } else other[m]++
    }
    END {
      for (m in seen) printf "%d %d %s %s %s %.1f %d\n", m, young[m], young[m] ? sprintf("%.1f", heap[m] / young[m]) : "?",
        (m in old_mb) ? old_mb[m] : "?", (m in hum_mb) ? hum_mb[m] : "?", longest[m], other[m]
    }' "$1" | sort -n
}
rss_mb() { awk '/^VmRSS:/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"; }

# h2load_start OUTPUT CMD...: starts CMD (an h2load, with the client pinning) in the background,
# so that cleanup can stop it; h2load_wait waits for all it started.
watched=() watched_out=()
h2load_start() {
  local output=$1; shift
  "${client_pin[@]}" "$@" > "$output" 2>&1 &
  watched+=("$!"); watched_out+=("$output"); pids+=("$!")
}
# h2load_wait RSS_FILE|"": waits for the h2load processes h2load_start started; meanwhile samples
# their CPU every 0.5 s and, given a file, siproute's RSS at each full minute ("minute MB" lines).
# Sets h2_cores, their CPU in cores over the time they were sampled; fails if one of them fails.
# One awk and one sleep per sample (bash's own clock, no date), so that watching costs little.
h2load_wait() {
  local rss_file=$1 start next_minute now first_ms="" last_ms=0 i pid state ticks running
  local -A first last
  local stats=()
  for pid in "${watched[@]}"; do stats+=("/proc/$pid/stat"); done
  start=$(epoch_ms); next_minute=$((start + 60000))
  while :; do
    running=false
    # "pid state ticks" per process still there; one that ended but is not yet waited for is a zombie (Z).
    while read -r pid state ticks; do
      [ -n "${first[$pid]:-}" ] || first[$pid]=$ticks
      last[$pid]=$ticks
      [ "$state" = Z ] || running=true
    done < <(awk '{ pid = $1; sub(/^.*\) /, ""); print pid, $1, $12 + $13 }' "${stats[@]}" 2>/dev/null || true)
    $running || break
    now=${EPOCHREALTIME/[.,]/}; now=${now::-3}
    [ -n "$first_ms" ] || first_ms=$now
    last_ms=$now
    if [ -n "$rss_file" ] && [ "$now" -ge "$next_minute" ]; then
      echo "$(( (next_minute - start) / 60000 )) $(rss_mb "$sip_pid")" >> "$rss_file"
      next_minute=$((next_minute + 60000))
    fi
    sleep 0.5
  done
  for i in "${!watched[@]}"; do
    wait "${watched[$i]}" || { cat "${watched_out[$i]}"; fail "h2load failed (${watched_out[$i]})"; }
    forget "${watched[$i]}"
  done
  local used=0
  for pid in "${!last[@]}"; do used=$((used + last[$pid] - first[$pid])); done
  h2_cores=$(awk -v t="$used" -v w=$((last_ms - ${first_ms:-0})) -v hz="$clk_tck" \
    'BEGIN { if (w > 0) printf "%.2f", t / hz / (w / 1000); else print "?" }')
  watched=() watched_out=()
}
h2load_watched() { # h2load_watched OUTPUT RSS_FILE|"" CMD...: h2load_start and h2load_wait
  local output=$1 rss_file=$2; shift 2
  h2load_start "$output" "$@"
  h2load_wait "$rss_file"
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
"${server_pin[@]}" java $(jvm_flags floor) -cp "$cp" org.siproute.server.bench.FloorServer 0 "$floor_read_bytes" > "$out/floor.log" 2>&1 &
floor_pid=$!
pids+=("$floor_pid")

metrics_port=$(free_port)
# shellcheck disable=SC2046
SIPROUTE_ADMIN_KEY=$admin_key "${server_pin[@]}" java $(jvm_flags siproute) -jar "$jar" \
  --host 127.0.0.1 --port 0 --data-dir "$out/siproute-data" --metrics-port "$metrics_port" \
  --db-connect-timeout "${SIPROUTE_DB_CONNECT_TIMEOUT:-30s}" $siproute_args > "$out/siproute.log" 2>&1 &
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
sip_refused() { # sip_refused decision|all: calls refused at once as overload (siproute_overload_refusals_total), so far
  curl -sf "http://127.0.0.1:$metrics_port/metrics" | awk -v kind="$1" '
    /^siproute_overload_refusals_total\{/ && (kind == "all" || index($0, "kind=\"" kind "\"")) { n += $NF } END { printf "%d\n", n }'
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
# What h2load may open at once on one connection to siproute: it never opens more streams than the
# server allows, and holds the requests beyond that itself.
sip_max_streams=$(nghttp -v -H 'content-type: application/grpc' -H 'te: trailers' -d "$out/health.grpc" "$sip_health_url" 2>&1 | awk '
  / (recv|send) [A-Z_]+ frame / { recv = index($0, " recv ") > 0 }
  recv && match($0, /SETTINGS_MAX_CONCURRENT_STREAMS\(0x03\):[0-9]+/) { print substr($0, RSTART + 38, RLENGTH - 38); exit }' || true)
say "siproute announces SETTINGS_MAX_CONCURRENT_STREAMS ${sip_max_streams:-(none: no limit)} per connection"

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
# ok_counts NAME: "ok other" successes and failures counted by the server. siproute refuses calls
# beyond its in-flight bounds before they reach its rpc metrics: those refusals are failures too.
ok_counts() {
  local ok other
  case $1 in
    floor-health) echo "$(floor_ok) 0"; return ;;
    siproute-health) read -r ok other <<< "$(sip_counts grpc.health.v1.Health/Check)" ;;
    siproute-select) read -r ok other <<< "$(sip_counts siproute.v1.RouteSelect/Select)" ;;
  esac
  echo "$ok $((other + $(sip_refused all)))"
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
    fail "$name: h2load counted $succeeded successes, the server $ok OK and $bad failed or refused calls: not a benchmark of successes"
  fi
  local wall_ms=$((t1 - t0))
  result[$name,$round,rps]=$rps
  result[$name,$round,cpu_us]=$(awk -v t=$((cpu1 - cpu0)) -v n="$succeeded" -v hz="$clk_tck" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  result[$name,$round,cores]=$(awk -v t=$((cpu1 - cpu0)) -v w="$wall_ms" -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz / (w / 1000) }')
  result[$name,$round,busy]=$(awk -v b=$((m1 - m0)) -v t=$((c1 - c0)) -v n="$(nproc)" 'BEGIN { printf "%.2f", n * b / t }')
  result[$name,$round,client]=$( [ -f "$log.cpu" ] && awk -v w="$wall_ms" '{ printf "%.2f", ($1 + $2) / (w / 1000) }' "$log.cpu" || echo "?")
  result[$name,$round,load]=$(loadavg | cut -d' ' -f1)
  result[$name,$round,gc]=$(gc_max_ms "$out/$( [ "$name" = floor-health ] && echo floor || echo siproute)-gc.log" "$t0" "$t1")
  say "$(printf '  round %d %-22s %9.0f calls/s  %7s µs CPU/call  server %s cores, h2load %s, machine %s of %s busy; longest GC pause %s ms  (%s OK counted by the server, %s failed or refused; h2load: %s succeeded, failed+errored+timeout %s; load %s)' \
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

# ---------------------------------------------------------------- open loop and soak
# h2load --rps, a C client: a Java client on these 2 cores cost as much CPU per call as the
# server, so it measured itself. h2load takes a request's time when it sends the HEADERS, so the
# latency counts from the actual send; it sends late only when all its streams are busy (or all
# the server allows), and its log shows by how much. h2load --rps sends each connection's due
# requests in one go every 10 ms: one process at 65 000/s would hit the server with 650 at once,
# and the last of them would wait for the other 649 to be served. So --open-loop-processes
# processes share the rate, started 10 ms / processes apart, and their steps interleave.
ol_rate=$(awk -v c="$capacity" -v f="$open_loop_fraction" 'BEGIN { printf "%.0f", c * f }')
# What the open loop calls: siproute-select, or floor-health to measure the floor's own latency
# at the same rate, with the same generator on the same cores.
ol_target=siproute-select
open_loop_cmd() { # open_loop_cmd RATE SECONDS [H2LOAD ARGS...]: sets olcmd, one process at RATE calls/s
  local rate=$1 seconds=$2 key=(); shift 2
  [ "$ol_target" = floor-health ] || key=(-H "$auth")
  olcmd=(h2load -c "$ol_connections" -m "$ol_streams" -t "$h2threads"
    --rps "$(awk -v r="$rate" -v c="$ol_connections" 'BEGIN { printf "%.3f", r / c }')" -D "$seconds"
    -H 'content-type: application/grpc' -H 'te: trailers' "${key[@]}" "$@" -d "${body_of[$ol_target]}" "${url_of[$ol_target]}")
}
# open_loop_start NAME RATE SECONDS LOG|NOLOG [H2LOAD ARGS...]: the open loop's h2load processes at
# RATE Select/s in all, started through h2load_start; outputs $out/h2load-NAME.<k>.txt (and .log).
open_loop_start() {
  local name=$1 rate=$2 seconds=$3 logs=$4 k; shift 4
  for k in $(seq 1 "$ol_processes"); do
    local extra=("$@")
    if [ "$logs" = LOG ]; then
      rm -f "$out/h2load-$name.$k.log" "$out/h2load-$name.$k.log.gz" # h2load appends to its log
      extra+=(--log-file "$out/h2load-$name.$k.log")
    fi
    open_loop_cmd "$(awk -v r="$rate" -v p="$ol_processes" 'BEGIN { printf "%.3f", r / p }')" "$seconds" "${extra[@]}"
    h2load_start "$out/h2load-$name.$k.txt" "${olcmd[@]}"
    [ "$k" = "$ol_processes" ] || sleep "$(awk -v p="$ol_processes" 'BEGIN { printf "%.4f", 0.01 / p }')"
  done
}
shown() { printf '%q ' "$@" | sed "s/$router_key/<router key>/"; }
# summed PREFIX FILE...: an h2load line such as "requests: 5 total, 6 started, ..." or "status
# codes: 5 2xx, ...", summed over the outputs of processes side by side.
summed() {
  local prefix=$1; shift
  sed -n "s/^$prefix: //p" "$@" | awk -F', ' '
    { for (i = 1; i <= NF; i++) { split($i, w, " "); sum[i] += w[1]; word[i] = w[2] } if (NF > n) n = NF }
    END { for (i = 1; i <= n; i++) printf "%s%d %s", (i > 1 ? ", " : ""), sum[i], word[i]; print "" }'
}
count_of() { sed -n "s/.*\\b\\([0-9][0-9]*\\) $1\\b.*/\\1/p" <<< "$2"; } # count_of WORD LINE: the number before WORD
sleep_until() { sleep "$(awk -v at="$1" -v now="$(epoch_ms)" 'BEGIN { d = (at - now) / 1000; print (d > 0 ? d : 0) }')"; }
proof_failures=()

# open_loop NAME SECONDS [RSS_FILE]: the open loop at ol_rate Select/s for SECONDS after an
# unmeasured warm-up run; prints what it measured; sets ol_t0 and ol_t1 (epoch ms around the
# measured run), ol_p99, ol_gc_max, ol_rss0 and ol_rss1 (siproute's RSS in MB before and after).
open_loop() {
  local name=$1 seconds=$2 rss_file=${3:-} pid=${pid_of[$ol_target]} who=siproute
  [ "$ol_target" = floor-health ] && who=floor
  if [ "$open_loop_warmup" != 0 ]; then
    open_loop_start "$name-warmup" "$ol_rate" "$open_loop_warmup" NOLOG
    h2load_wait ""
    say "  warm-up, not measured: ${open_loop_warmup}s at the same rate (requests: $(summed requests "$out/h2load-$name-warmup".*.txt))"
  fi
  local ok0 bad0 ok1 bad1 cpu0 cpu1
  read -r ok0 bad0 <<< "$(ok_counts "$ol_target")"
  ol_rss0=$(rss_mb "$pid"); cpu0=$(cpu_ticks "$pid"); ol_t0=$(epoch_ms)
  open_loop_start "$name" "$ol_rate" "$seconds" LOG
  h2load_wait "$rss_file"
  cpu1=$(cpu_ticks "$pid"); ol_t1=$(epoch_ms); ol_rss1=$(rss_mb "$pid")
  read -r ok1 bad1 <<< "$(ok_counts "$ol_target")"
  say "  h2load x $ol_processes, started one after another, at least $(awk -v p="$ol_processes" 'BEGIN { printf "%.1f", 10 / p }') ms apart, each:" \
    "$(shown "${olcmd[@]}" | sed "s/h2load-$name\.$ol_processes\.log/h2load-$name.<k>.log/")"
  local requests started succeeded finished
  requests=$(summed requests "$out/h2load-$name".*.txt)
  started=$(count_of started "$requests"); finished=$(count_of done "$requests"); succeeded=$(count_of succeeded "$requests")
  [ -n "$started" ] && [ -n "$succeeded" ] || { cat "$out/h2load-$name".*.txt; fail "cannot read h2load's output ($name)"; }
  say "  h2load requests: $requests; status codes: $(summed 'status codes' "$out/h2load-$name".*.txt)"
  java -cp "$cp" org.siproute.server.bench.TransportBench h2load-log "$ol_rate" "$ol_t0" "$out/h2load-$name".*.log \
    > "$out/$name-latency.txt" 2>&1 || { cat "$out/$name-latency.txt"; fail "cannot read h2load's log ($name)"; }
  grep -vE '^(RESULT|MINUTE) ' "$out/$name-latency.txt" | tee -a "$report"
  local due
  ol_p99=$(sed -n 's/^RESULT h2load_log .* p99_ms=\([^ ]*\).*/\1/p' "$out/$name-latency.txt")
  due=$(awk -v r="$ol_rate" -v s="$seconds" 'BEGIN { printf "%.0f", r * s }')
  say "  on time? h2load started $started requests of the $due due in ${seconds}s ($((due > started ? due - started : 0)) never sent; it falls" \
    "behind only when all its streams are busy: at the end $((started - finished)) were in flight, of at most $((ol_processes * ol_connections * ol_streams)))"
  local ok=$((ok1 - ok0)) bad=$((bad1 - bad0))
  # As in the h2load rounds: the server also finishes a few calls h2load stopped waiting for.
  if [ "$ok" -lt $((succeeded * 999 / 1000)) ] || [ "$bad" -gt $((succeeded / 1000)) ]; then
    say "  PROOF FAILED: h2load counted $succeeded successes, $who $ok OK and $bad other calls (refusals included): not the latency of successes"
    proof_failures+=("$name: h2load $succeeded successes, $who $ok OK and $bad other")
  else
    say "  proof of success: $who counted $ok OK and $bad other calls meanwhile (refusals included), h2load $succeeded successes"
  fi
  ol_gc_max=$(gc_max_ms "$out/$who-gc.log" "$ol_t0" "$ol_t1")
  say "  $who GC while measured: $(gc_pauses "$out/$who-gc.log" "$ol_t0" "$ol_t1")"
  say "  CPU while measured: $who $(awk -v t=$((cpu1 - cpu0)) -v w=$((ol_t1 - ol_t0)) -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz / (w / 1000) }') cores" \
    "($(awk -v t=$((cpu1 - cpu0)) -v n="$ok" -v hz="$clk_tck" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }') µs per OK call)," \
    "h2load $h2_cores cores; load $(loadavg)"
  say "  $who RSS: $ol_rss0 MB before, $ol_rss1 MB after"
  # A soak's logs are about 27 bytes a call: keep them, smaller.
  local log
  for log in "$out/h2load-$name".*.log; do
    if [ "$(stat -c %s "$log")" -gt 20000000 ]; then gzip -1 "$log"; fi
  done
}

if [ "$open_loop_seconds" != 0 ]; then
  say ""
  say "## Open loop at $open_loop_fraction x $capacity = $ol_rate Select/s for ${open_loop_seconds}s" \
    "(h2load --rps: $ol_processes processes x $ol_connections connections of up to $ol_streams streams; latency from each request's actual send)"
  say "  (siproute quiet after $(await_quiet) s of waiting)"
  open_loop open-loop "$open_loop_seconds"
  sip_ol_p99=$ol_p99 sip_ol_gc_max=$ol_gc_max
  # The same generator at the same rate against the floor's Health/Check: the latency that
  # this machine and h2load leave to any grpc-java server, the floor of the p99 target.
  say ""
  say "## Open loop against the floor: the same $ol_rate calls/s of floor Health/Check, the same h2load processes"
  ol_target=floor-health
  open_loop open-loop-floor "$open_loop_seconds"
  ol_target=siproute-select
  say "issue #12 targets: p99 < 2 ms (siproute Select $sip_ol_p99 ms; the floor at the same rate $ol_p99 ms)," \
    "no GC pause over 20 ms (longest $sip_ol_gc_max ms)"
fi

if [ "$soak" != 0 ]; then
  say ""
  say "## Soak: the open loop at $open_loop_fraction x $capacity = $ol_rate Select/s for ${soak}s" \
    "(h2load --rps: $ol_processes processes x $ol_connections connections of up to $ol_streams streams)"
  say "  (siproute quiet after $(await_quiet) s of waiting)"
  : > "$out/soak-rss.txt"
  open_loop soak "$soak" "$out/soak-rss.txt"
  # The last full minute ends about when h2load does: its RSS is the one measured at the end.
  grep -q "^$((soak / 60)) " "$out/soak-rss.txt" || [ $((soak / 60)) = 0 ] || echo "$((soak / 60)) $ol_rss1" >> "$out/soak-rss.txt"
  gc_per_minute "$out/siproute-gc.log" "$ol_t0" "$ol_t1" > "$out/soak-gc.txt"
  grep '^MINUTE ' "$out/soak-latency.txt" > "$out/soak-minutes.txt" || true
  say "  per minute from the soak's start (latency by send time; heap after each young GC, averaged; old generation and"
  say "  humongous regions as the minute's last young GC left them; RSS at the minute's end; * = a partial minute):"
  say "| minute | OK calls | p50 ms | p99 ms | p99.9 ms | max ms | young GCs | heap after young GC, MB | old gen, MB | humongous, MB | longest pause, ms | other pauses | RSS, MB |"
  say "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -v full=$((soak / 60)) '
    FILENAME ~ /soak-gc/ { gc[$1] = $2 " | " $3 " | " $4 " | " $5 " | " $6 " | " $7; next }
    FILENAME ~ /soak-rss/ { rss[$1] = $2; next }
    { for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      m = $2; ok = v["ok"]; if (v["failed"] > 0) ok = ok " (+" v["failed"] " failed)"
      printf "| %d%s | %s | %s | %s | %s | %s | %s | %s |\n", m, (m > full ? "*" : ""), ok, v["p50_ms"], v["p99_ms"], v["p999_ms"], v["max_ms"],
        (m in gc) ? gc[m] : "0 | ? | ? | ? | 0 | 0", (m in rss) ? rss[m] : "-" }
  ' "$out/soak-gc.txt" "$out/soak-rss.txt" "$out/soak-minutes.txt" | tee -a "$report"
  full=$((soak / 60))
  if [ "$full" -ge 2 ]; then
    # Flat: from the first full minute to the last, neither the heap left after young GCs nor the
    # old generation grew by more than 10 % or 8 MB (whichever is more). A rule of thumb, stated.
    awk -v full="$full" '
      function grew(a, b) { return b - a > (a * 0.1 > 8 ? a * 0.1 : 8) }
      $1 == 1 { h1 = $3; o1 = $4 } $1 == full { h2 = $3; o2 = $4 }
      $1 >= 1 && $1 <= full && $3 != "?" { n++; sx += $1; sy += $3; sxx += $1 * $1; sxy += $1 * $3 }
      END {
        if (h1 == "" || h2 == "" || h1 == "?" || h2 == "?") { print "  heap: no young GC in the first or the last full minute: cannot say whether it is flat"; exit }
        slope = n > 1 && n * sxx - sx * sx ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
        printf "  heap after young GC: %.1f MB in minute 1, %.1f MB in minute %d (%+.1f MB; least-squares slope %+.2f MB per minute)\n", h1, h2, full, h2 - h1, slope
        if (o1 != "?" && o2 != "?") printf "  old generation after young GC: %d MB in minute 1, %d MB in minute %d (%+d MB)\n", o1, o2, full, o2 - o1
        flat = !grew(h1 + 0, h2 + 0) && (o1 == "?" || o2 == "?" || !grew(o1 + 0, o2 + 0))
        printf "  heap flat? %s (rule: neither grew by more than 10 %% or 8 MB, whichever is more, from the first full minute to the last)\n", flat ? "yes" : "NO"
      }' "$out/soak-gc.txt" | tee -a "$report"
  else
    say "  heap: only $full full minute(s): no trend to compare (a soak of 600 s gives ten)"
  fi
  say "  siproute RSS: $ol_rss0 MB at the start, $ol_rss1 MB at the end"
  say "  longest GC pause of the soak: $(gc_pauses "$out/siproute-gc.log" "$ol_t0" "$ol_t1")"
  say "issue #12 target: a ${soak}s soak at 50 % of capacity with a flat heap (p99 of the whole soak $ol_p99 ms)"
fi

# ---------------------------------------------------------------- overload
# h2load carries the load: half the capacity before and after (as the open loop), the factor
# during the overload. The Java probe sends only --probe-rate throughout: enough calls to see
# the OK fraction and the latency any caller sees, little CPU taken from the server.
run_overload() {
  probe_ramp=15 probe_pre=5 probe_post=10
  base_rate=$(awk -v c="$capacity" -v p="$probe_rate" 'BEGIN { b = c / 2 - p; printf "%.0f", (b > 0 ? b : 0) }')
  excess=$(awk -v c="$capacity" -v f="$overload_factor" 'BEGIN { printf "%.0f", c * (f - 0.5) }')
  per_connection=$(( (excess + connections - 1) / connections ))
  # Enough streams that only the deadline, never h2load's stream limit, bounds what is in flight.
  overload_streams=$(( per_connection * overload_deadline_ms * 3 / 2 / 1000 + streams ))
  # The base load runs in two parts: from before the overload to its end, then fresh processes
  # for the time after. At the overload's end every h2load gives up what it still holds (-T), as
  # callers whose deadlines passed do: an h2load that fell behind sends its backlog as soon as
  # streams free, with no deadline of its own, and kept the server at capacity for seconds.
  base_seconds=$((probe_pre + overload_seconds))
  say ""
  say "## Overload: ${overload_factor}x $capacity Select/s for ${overload_seconds}s, every call with a ${overload_deadline_ms} ms deadline:" \
    "the probe $probe_rate/s throughout, h2load $base_rate/s (the rest of half the capacity) from ${probe_pre}s before to ${probe_post}s after," \
    "h2load $excess/s more during it; every h2load gives up what it still holds at the overload's end (-T)"
  say "  (siproute quiet after $(await_quiet) s of waiting)"
  size0=$(stat -c %s "$out/siproute.log")
  "${client_pin[@]}" java -cp "$cp" org.siproute.server.bench.TransportBench overload-probe "$sip_port" "$router_key" "$probe_rate" \
    "$probe_ramp" "$probe_pre" "$overload_seconds" "$probe_post" "$overload_deadline_ms" > "$out/overload.txt" 2>&1 &
  probe_pid=$!
  pids+=("$probe_pid")
  schedule=$(await_line "$out/overload.txt" '^SCHEDULE' "$probe_pid") || { cat "$out/overload.txt"; fail "overload probe did not start"; }
  window=$(sed 's/.*overload_epoch_ms=//' <<< "$schedule")
  # The server's CPU every 250 ms, to tell after the overload whether it is still working (a
  # backlog) or idle while callers wait (then the delay is elsewhere).
  ( while kill -0 "$sip_pid" 2> /dev/null; do echo "$(epoch_ms) $(cpu_ticks "$sip_pid") $(machine_ticks)"; sleep 0.25; done ) \
    > "$out/overload-cpu.txt" 2> /dev/null &
  cpu_sampler=$!
  pids+=("$cpu_sampler")
  base_pids=() base_out=() base_cmd=()
  if [ "$base_rate" != 0 ]; then
    sleep_until $((${window%-*} - probe_pre * 1000))
    open_loop_start overload-base "$base_rate" "$base_seconds" NOLOG -H "grpc-timeout: ${overload_deadline_ms}m" \
      -T "$((base_seconds * 1000 + 100))ms"
    base_cmd=("${olcmd[@]}") base_pids=("${watched[@]}") base_out=("${watched_out[@]}")
    watched=() watched_out=() # waited for after the excess
  fi
  sleep_until "${window%-*}"
  read -r ok0 bad0 <<< "$(sip_counts siproute.v1.RouteSelect/Select)"
  refused0=$(sip_refused decision)
  cpu0=$(cpu_ticks "$sip_pid"); t0=$(epoch_ms)
  # The excess callers give up when the overload ends: -T closes h2load's connections 100 ms after
  # its last due request, cancelling what it still holds. h2load cannot drop a waiting request at
  # its deadline, as a gRPC client does; without -T it went on sending its backlog (429 568
  # requests once, about 4 s of capacity, deadlines spent) and the server served that instead.
  overload_cmd=(h2load -c "$connections" -m "$overload_streams" -t "$h2threads" --rps "$per_connection" -D "$overload_seconds"
    -T "$((overload_seconds * 1000 + 100))ms"
    -H 'content-type: application/grpc' -H 'te: trailers' -H "grpc-timeout: ${overload_deadline_ms}m" -H "$auth"
    -d "$out/select.grpc" "$sip_select_url")
  h2load_watched "$out/h2load-overload.txt" "" "${overload_cmd[@]}"
  if $overload_jfr; then # what the server does in the 4 s after: attaching costs it some CPU
    jcmd "$sip_pid" JFR.start name=after settings=profile duration=4s filename="$out/after-overload.jfr" > /dev/null &
  fi
  cpu1=$(cpu_ticks "$sip_pid"); t1=$(epoch_ms)
  read -r ok1 bad1 <<< "$(sip_counts siproute.v1.RouteSelect/Select)"
  refused1=$(sip_refused decision)
  after_pids=() after_out=()
  if [ "$base_rate" != 0 ]; then
    open_loop_start overload-after "$base_rate" "$probe_post" NOLOG -H "grpc-timeout: ${overload_deadline_ms}m"
    after_pids=("${watched[@]}") after_out=("${watched_out[@]}")
    watched=() watched_out=()
  fi
  for i in "${!base_pids[@]}"; do
    wait "${base_pids[$i]}" || { cat "${base_out[$i]}"; fail "h2load (overload base load) failed"; }
    forget "${base_pids[$i]}"
  done
  for i in "${!after_pids[@]}"; do
    wait "${after_pids[$i]}" || { cat "${after_out[$i]}"; fail "h2load (base load after the overload) failed"; }
    forget "${after_pids[$i]}"
  done
  wait "$probe_pid" || { cat "$out/overload.txt"; fail "overload probe failed"; }
  forget "$probe_pid"
  started=$(count_of started "$(summed requests "$out/h2load-overload.txt")")
  say "  h2load, the excess ($excess/s asked, $(awk -v s="$started" -v d="$overload_seconds" 'BEGIN { printf "%.0f", s / d }')/s started): $(shown "${overload_cmd[@]}")"
  say "    requests: $(summed requests "$out/h2load-overload.txt"); status codes: $(summed 'status codes' "$out/h2load-overload.txt"); h2load $h2_cores cores"
  base_started=0
  if [ ${#base_cmd[@]} -gt 0 ]; then
    base_started=$(count_of started "$(summed requests "${base_out[@]}")")
    say "  h2load, the base load ($base_rate/s asked, $(awk -v s="$base_started" -v d="$base_seconds" 'BEGIN { printf "%.0f", s / d }')/s started):" \
      "$ol_processes processes, each $(shown "${base_cmd[@]}")"
    say "    requests: $(summed requests "${base_out[@]}"); status codes: $(summed 'status codes' "${base_out[@]}")"
    say "  h2load, the base load after the overload ($base_rate/s asked for ${probe_post}s, fresh processes):" \
      "requests: $(summed requests "${after_out[@]}"); status codes: $(summed 'status codes' "${after_out[@]}")"
  fi
  say "  (h2load's 'started' counts the requests it submitted. It never opens more streams on a connection than the server allows" \
    "(siproute: SETTINGS_MAX_CONCURRENT_STREAMS ${sip_max_streams:-none}); requests beyond that wait inside h2load, and reach the server" \
    "when a stream frees or never: started - done = $((started - $(count_of done "$(summed requests "$out/h2load-overload.txt")"))) of the excess" \
    "were waiting in h2load or in flight when it stopped)"
  grep -vE '^(RESULT|SCHEDULE)' "$out/overload.txt" | tee -a "$report"
  ok_fraction=$(sed -n 's/^RESULT overload_probe ok_fraction=\([0-9.]*\).*/\1/p' "$out/overload.txt")
  offered=$(awk -v s="$started" -v d="$overload_seconds" -v b="$base_started" -v bd="$base_seconds" -v p="$probe_rate" \
    'BEGIN { printf "%.0f", s / d + b / bd + p }')
  goodput=$(awk -v o="$offered" -v f="$ok_fraction" 'BEGIN { printf "%.0f", o * f }')
  say "  offered during the overload: $offered calls/s (the excess h2load started $started in ${overload_seconds}s," \
    "the base h2load $base_started in ${base_seconds}s, averaged over its run, plus the probe's $probe_rate/s)"
  say "  goodput: $goodput calls/s = offered x the probe's OK fraction $ok_fraction = $(awk -v g="$goodput" -v c="$capacity" 'BEGIN { printf "%.0f", 100 * g / c }') % of capacity"
  say "  siproute closed $(( (ok1 - ok0) * 1000 / (t1 - t0) )) Select/s as OK and $(( (bad1 - bad0) * 1000 / (t1 - t0) ))/s otherwise while the excess ran" \
    "(OK closes of calls whose caller had given up count too), refused $(( (refused1 - refused0) * 1000 / (t1 - t0) ))/s at once as overload" \
    "(RESOURCE_EXHAUSTED before any work, --max-decisions-in-flight), using $(awk -v t=$((cpu1 - cpu0)) -v w=$((t1 - t0)) -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz / (w / 1000) }') cores"
  say "  siproute GC during the overload: $(gc_pauses "$out/siproute-gc.log" "${window%-*}" "${window#*-}")"
  kill "$cpu_sampler" 2> /dev/null || true
  forget "$cpu_sampler"
  say "  siproute's CPU (cores) and the machine's busy share, by 500 ms from 2 s before the overload's end:" \
    "$(awk -v end="${window#*-}" -v hz="$clk_tck" '
      NR > 1 && $1 >= end - 2000 && $1 < end + 6000 {
        b = int(($1 - end + 2000) / 500); ticks[b] += $2 - pt; ms[b] += $1 - pm; busy[b] += $3 - pb; all[b] += $4 - pa
      }
      { pm = $1; pt = $2; pb = $3; pa = $4 }
      END { for (i = 0; i < 16; i++) if (ms[i] > 0) printf "%+.1fs %.2f/%.0f%%  ", (i * 500 - 2000) / 1000, ticks[i] / hz / (ms[i] / 1000), (all[i] > 0 ? 100 * busy[i] / all[i] : 0) }
    ' "$out/overload-cpu.txt")"
  # What the server's collector did while the probe recovered (or did not), second by second.
  for s in 0 1 2 3 4 5; do
    say "  siproute GC in second $s after the overload: $(gc_pauses "$out/siproute-gc.log" $((${window#*-} + s * 1000)) $((${window#*-} + s * 1000 + 999)))"
  done
  if $overload_jfr && [ -s "$out/after-overload.jfr" ]; then
    say "  siproute's CPU samples in the 4 s after the overload (JFR, settings=profile, started at its end):"
    java -cp "$cp" org.siproute.server.bench.TransportBench jfr-top "$out/after-overload.jfr" 25 | tee -a "$report"
  fi
  say "  siproute busy (CPU or log) for $(await_quiet) s after the last call"
  say "  server log written: $(( $(stat -c %s "$out/siproute.log") - size0 )) bytes"
  say "issue #12 targets: goodput >= 90 % of capacity, full speed back within 1 s (p99 back after $(sed -n 's/.* recovery_ms=\([^ ]*\).*/\1/p' "$out/overload.txt") ms, the median after $(sed -n 's/.*median_recovery_ms=//p' "$out/overload.txt") ms)"
  for f in overload.txt h2load-overload.txt overload-cpu.txt; do cp "$out/$f" "$out/${f%.txt}-$1.txt"; done
}
if $overload; then
  for ((overload_run = 1; overload_run <= overload_repeat; overload_run++)); do
    [ "$overload_repeat" = 1 ] || { say ""; say "# Overload $overload_run of $overload_repeat (the same server, not restarted)"; }
    run_overload "$overload_run"
  done
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
if [ ${#proof_failures[@]} -gt 0 ]; then
  say "FAILED: calls that were not successes were measured as if they were: $(printf '%s; ' "${proof_failures[@]}")"
  exit 1
fi
