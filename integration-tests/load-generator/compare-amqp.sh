#!/usr/bin/env bash
# FluxMQ against RabbitMQ over AMQP 0.9.1, same machine, same run, same client (docs/benchmarks.md).
#
#   integration-tests/load-generator/compare-amqp.sh [-r REPS] [-u WARMUP_S] [-w WINDOW_S] [-o DIR] [-s "SCENARIOS"]
#   integration-tests/load-generator/compare-amqp.sh -t DIR/results.jsonl     (the table of a past run)
#
# The client is RabbitMQ PerfTest (com.rabbitmq:perf-test from Maven Central, fetched once with
# mvn into target/perf-test/), run with the same options against both brokers. RabbitMQ (Debian's
# rabbitmq-server) runs with a config file, a node name, ports, a database and logs of its own in
# the temp folder, no plugins, and a private epmd; FluxMQ is a copy of distribution/target/fluxmq
# in the temp folder with its ports moved. Both listen on loopback only and run for the whole
# invocation; each scenario runs against both, interleaved (RabbitMQ, FluxMQ, RabbitMQ, FluxMQ...),
# REPS times. Scenarios: transient persistent fanout latency.
# Results: DIR/results.jsonl (one JSON line per PerfTest run), DIR/table.md, DIR/runs/ (each
# run's command, output and per-second CSV), DIR/logs/ (both brokers' logs).
#
# Environment: FLUXMQ_DIST, FLUXMQ_AMQP_PORT (25673), RABBITMQ_PORT (25674), RABBITMQ_DIST_PORT
# (25675), EPMD_PORT (24369), PERFTEST_VERSION (2.22.1), PERFTEST_JAVA_OPTS, LATENCY_RATE (5000).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIST="${FLUXMQ_DIST:-$ROOT/distribution/target/fluxmq}"
FLUXMQ_AMQP_PORT="${FLUXMQ_AMQP_PORT:-25673}"
RABBITMQ_PORT="${RABBITMQ_PORT:-25674}"
RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-25675}"
EPMD_PORT="${EPMD_PORT:-24369}"
PERFTEST_VERSION="${PERFTEST_VERSION:-2.22.1}"
PERFTEST_JAVA_OPTS="${PERFTEST_JAVA_OPTS:--Xms512m -Xmx1g}"
LATENCY_RATE="${LATENCY_RATE:-5000}"
RABBITMQ_BIN="${RABBITMQ_BIN:-/usr/lib/rabbitmq/bin}"

REPS=3
WARMUP=3
WINDOW=10
OUT=""
SCENARIOS="transient persistent fanout latency"
TABLE_ONLY=""
while getopts "r:u:w:o:s:t:" opt; do
  case "$opt" in
    r) REPS="$OPTARG" ;;
    u) WARMUP="$OPTARG" ;;
    w) WINDOW="$OPTARG" ;;
    o) OUT="$OPTARG" ;;
    s) SCENARIOS="$OPTARG" ;;
    t) TABLE_ONLY="$OPTARG" ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done
wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }

print_table() { # RESULTS_JSONL: medians, ranges, ratios, failed runs (markdown)
  python3 - "$1" "$LATENCY_RATE" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
rate = int(sys.argv[2])
def fmt(v):
    if v is None:
        return "–"
    return "{:,.0f}".format(v) if abs(v) >= 100 else "{:,.1f}".format(v)
def cell(vs):
    if not vs:
        return "–", None
    m = statistics.median(vs)
    return "%s [%s–%s] (%d)" % (fmt(m), fmt(min(vs)), fmt(max(vs)), len(vs)), m
def values(scenario, kind, broker, f, ok=True):
    out = []
    for r in runs:
        if r["scenario"] == scenario and r["kind"] == kind and r["broker"] == broker and r["ok"] == ok:
            v = f(r)
            if v is not None:
                out.append(v)
    return out
def lost(scenario, broker):
    return [r for r in runs if r["scenario"] == scenario and r["broker"] == broker and not r["ok"]]
rows = [
    ("1 → 1 transient, auto-ack, received msg/s", "transient", "throughput", lambda r: r.get("window_received_per_s"), ">=", 2.0),
    ("1 → 1 persistent, confirms + manual ack, durable queue, received msg/s", "persistent", "throughput", lambda r: r.get("window_received_per_s"), ">=", 2.0),
    ("1 → 10 fan-out (fanout exchange, auto-ack), deliveries/s", "fanout", "throughput", lambda r: r.get("window_received_per_s"), ">=", 2.0),
    ("latency at %s msg/s (1 → 1 transient), p99 µs" % format(rate, ","), "latency", "latency", lambda r: r.get("p99_us"), "<=", 1.0),
    ("latency at %s msg/s, p50 µs" % format(rate, ","), "latency", "latency", lambda r: r.get("p50_us"), None, None),
    ("latency at %s msg/s, worst second's p99 µs" % format(rate, ","), "latency", "latency", lambda r: r.get("p99_worst_second_us"), None, None),
    ("latency at %s msg/s, p99 µs of PerfTest's whole-run summary (warm-up included)" % format(rate, ","), "latency", "latency", lambda r: (r.get("summary_consumer_latency_us") or {}).get("p99"), None, None),
    ("broker CPU over the run, % of one core, transient", "transient", "throughput", lambda r: 100 * r["broker_cpu_s"] / r["wall_s"], None, None),
    ("broker CPU over the run, % of one core, persistent", "persistent", "throughput", lambda r: 100 * r["broker_cpu_s"] / r["wall_s"], None, None),
    ("broker CPU over the run, % of one core, fan-out", "fanout", "throughput", lambda r: 100 * r["broker_cpu_s"] / r["wall_s"], None, None),
]
print("| scenario, figure | RabbitMQ median [min–max] (n) | FluxMQ median [min–max] (n) | FluxMQ / RabbitMQ | target | met |")
print("| --- | --- | --- | --- | --- | --- |")
for title, s, kind, f, op, target in rows:
    if not any(r["scenario"] == s for r in runs):
        continue
    rc, rm = cell(values(s, kind, "rabbitmq", f))
    fc, fm = cell(values(s, kind, "fluxmq", f))
    # failed runs do not count, but their figures are shown beside
    failed_r, failed_f = values(s, kind, "rabbitmq", f, False), values(s, kind, "fluxmq", f, False)
    if failed_r:
        rc += "; failed runs: %s" % cell(failed_r)[0]
    if failed_f:
        fc += "; failed runs: %s" % cell(failed_f)[0]
    ratio = "%.2f×" % (fm / rm) if rm and fm is not None else "–"
    if fm is None and rm and failed_f:
        ratio += " (failed runs: %.2f×)" % (statistics.median(failed_f) / rm)
    met = ""
    if op:
        if rm and fm is not None:
            good = fm / rm >= target if op == ">=" else fm / rm <= target
            met = "yes" if good else "no"
        if lost(s, "fluxmq"):
            met = "no (FluxMQ failed %d run(s), below)" % len(lost(s, "fluxmq"))
    print("| %s | %s | %s | %s | %s | %s |" % (title, rc, fc, ratio, ("%s %.1f×" % ("≥" if op == ">=" else "≤", target)) if op else "", met))
def checks(b, kinds):
    c = [r for r in runs if r["broker"] == b and r["kind"] in kinds]
    return c, [r for r in c if not r["ok"]]
cr, br = checks("rabbitmq", ("count", "latency"))
cf, bf = checks("fluxmq", ("count", "latency"))
print("| loss checks failed (N messages, every consumer must get all N) | %d of %d | %d of %d | | FluxMQ 0 | %s |" % (
    len(br), len(cr), len(bf), len(cf), "yes" if not bf else "no"))
tr, btr = checks("rabbitmq", ("throughput",))
tf, btf = checks("fluxmq", ("throughput",))
print("| throughput runs failed (errors, nacks, FluxMQ dropping messages) | %d of %d | %d of %d | | FluxMQ 0 | %s |" % (
    len(btr), len(tr), len(btf), len(tf), "yes" if not btf else "no"))
over = [r for r in runs if r["broker"] == "fluxmq" and r.get("fluxmq_overflow_warnings")]
print()
failed = [r for r in runs if not r["ok"]]
print("Runs: %d, failed: %d" % (len(runs), len(failed)))
for r in failed:
    print("- %s %s #%d on %s: %s" % (r["scenario"], r["kind"], r["rep"], r["broker"], r["failure"]))
if over:
    print("FluxMQ logged QUEUE-4002 (queue full, oldest messages dropped) during: " + ", ".join(
        "%s %s #%d (%d)" % (r["scenario"], r["kind"], r["rep"], r["fluxmq_overflow_warnings"]) for r in over))
PY
}
if [[ -n "$TABLE_ONLY" ]]; then print_table "$TABLE_ONLY"; exit 0; fi

[[ -x "$DIST/bin/fluxmq" ]] || { echo "missing $DIST: mvn -q -B install -DskipTests -pl features,distribution -am" >&2; exit 2; }
[[ -x "$RABBITMQ_BIN/rabbitmq-server" ]] || { echo "missing rabbitmq-server: apt-get install -y rabbitmq-server" >&2; exit 2; }
command -v python3 > /dev/null || { echo "missing python3 (parses PerfTest's output)" >&2; exit 2; }

# --- PerfTest ---------------------------------------------------------------------------------
# PerfTest's jar on Maven Central is thin: its dependencies are copied beside it by a throwaway pom.
PT_HOME="$HERE/target/perf-test"
PT_LIB="$PT_HOME/lib-$PERFTEST_VERSION"
if [[ ! -f "$PT_LIB/perf-test-$PERFTEST_VERSION.jar" ]]; then
  mkdir -p "$PT_HOME"
  cat > "$PT_HOME/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.fluxmq.bench</groupId>
  <artifactId>perf-test-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>com.rabbitmq</groupId>
      <artifactId>perf-test</artifactId>
      <version>$PERFTEST_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  mvn -q -B -Dstyle.color=never -f "$PT_HOME/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$PT_LIB" >&2
fi

WORK="$(mktemp -d /tmp/fluxmq-compare-amqp.XXXXXX)"
OUT="${OUT:-$WORK}"
mkdir -p "$OUT/runs" "$OUT/logs"
RESULTS="$OUT/results.jsonl"
CLK_TCK="$(getconf CLK_TCK)"

require_free_port() {
  if (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; then
    echo "port $1 is already in use; see the environment variables in $0" >&2; exit 1
  fi
}
wait_for_port() { # port pid seconds
  for _ in $(seq 1 $(($3 * 20))); do
    if (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; then return 0; fi
    kill -0 "$2" 2> /dev/null || return 1
    sleep 0.05
  done
  return 1
}

# --- RabbitMQ ---------------------------------------------------------------------------------
RMQ="$WORK/rabbitmq"
mkdir -p "$RMQ/home" "$RMQ/mnesia" "$RMQ/log"
cat > "$RMQ/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
loopback_users.guest = true
log.file.level = warning
log.console = false
EOF
echo "[]." > "$RMQ/enabled_plugins"
# rabbitmqctl finds the node through this epmd and authenticates with the cookie under HOME
RMQ_ENV=(HOME="$RMQ/home" ERL_EPMD_PORT="$EPMD_PORT" RABBITMQ_NODENAME="fluxbench@localhost"
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$RABBITMQ_PORT" RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT"
  RABBITMQ_MNESIA_BASE="$RMQ/mnesia" RABBITMQ_LOG_BASE="$RMQ/log" RABBITMQ_CONFIG_FILE="$RMQ/rabbitmq.conf"
  RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ/enabled_plugins" RABBITMQ_PID_FILE="$RMQ/rabbitmq.pid"
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}")
EPMD_PID=""
RMQ_SCRIPT_PID=""
RABBITMQ_PID=""

start_rabbitmq() {
  require_free_port "$RABBITMQ_PORT"
  require_free_port "$RABBITMQ_DIST_PORT"
  require_free_port "$EPMD_PORT"
  epmd -address 127.0.0.1 -port "$EPMD_PORT" > "$RMQ/log/epmd.log" 2>&1 &
  EPMD_PID=$!
  wait_for_port "$EPMD_PORT" "$EPMD_PID" 10 || { echo "epmd did not start" >&2; exit 1; }
  env "${RMQ_ENV[@]}" "$RABBITMQ_BIN/rabbitmq-server" > "$RMQ/log/server.out" 2>&1 &
  RMQ_SCRIPT_PID=$!
  if ! env "${RMQ_ENV[@]}" "$RABBITMQ_BIN/rabbitmqctl" -n fluxbench@localhost wait --timeout 90 "$RMQ/rabbitmq.pid" > "$RMQ/log/wait.out" 2>&1; then
    echo "RabbitMQ did not boot (logs in $RMQ/log)" >&2; exit 1
  fi
  RABBITMQ_PID="$(cat "$RMQ/rabbitmq.pid")"
  wait_for_port "$RABBITMQ_PORT" "$RABBITMQ_PID" 30 || { echo "RabbitMQ does not listen on $RABBITMQ_PORT" >&2; exit 1; }
}

stop_rabbitmq() {
  if [[ -n "$RABBITMQ_PID" ]]; then
    kill -TERM "$RABBITMQ_PID" 2> /dev/null || true  # the Erlang VM stops the node on SIGTERM
    for _ in $(seq 1 300); do kill -0 "$RABBITMQ_PID" 2> /dev/null || break; sleep 0.1; done
    kill -KILL "$RABBITMQ_PID" 2> /dev/null || true
    RABBITMQ_PID=""
  fi
  if [[ -n "$RMQ_SCRIPT_PID" ]]; then wait "$RMQ_SCRIPT_PID" 2> /dev/null || true; RMQ_SCRIPT_PID=""; fi
  if [[ -n "$EPMD_PID" ]]; then kill "$EPMD_PID" 2> /dev/null || true; wait "$EPMD_PID" 2> /dev/null || true; EPMD_PID=""; fi
}

# --- FluxMQ -----------------------------------------------------------------------------------
# A copy, so that a rebuild of the distribution during the run changes nothing; only ports move.
cp -r "$DIST" "$WORK/fluxmq"
FLUXMQ_HOME="$WORK/fluxmq"
sed -i "s/^port=I\"5672\"/port=I\"$FLUXMQ_AMQP_PORT\"/" "$FLUXMQ_HOME/etc/io.fluxmq.transport.tcp-amqp.config"
sed -i "s/^port=I\"1883\"/port=I\"$((FLUXMQ_AMQP_PORT + 10))\"/" "$FLUXMQ_HOME/etc/io.fluxmq.transport.tcp-mqtt.config"
sed -i "s/^port=I\"8083\"/port=I\"$((FLUXMQ_AMQP_PORT + 11))\"/" "$FLUXMQ_HOME/etc/io.fluxmq.transport.websocket-mqtt-ws.config"
sed -i "s/port=I\"8080\"/port=I\"$((FLUXMQ_AMQP_PORT + 12))\"/" "$FLUXMQ_HOME/etc/org.apache.felix.http.config"
grep -q "port=I\"$FLUXMQ_AMQP_PORT\"" "$FLUXMQ_HOME/etc/io.fluxmq.transport.tcp-amqp.config" \
  || { echo "could not set the AMQP port in $FLUXMQ_HOME/etc/io.fluxmq.transport.tcp-amqp.config" >&2; exit 2; }
FLUXMQ_PID=""

start_fluxmq() {
  require_free_port "$FLUXMQ_AMQP_PORT"
  rm -rf "$FLUXMQ_HOME/data" "$FLUXMQ_HOME/log"
  mkdir -p "$FLUXMQ_HOME/data" "$FLUXMQ_HOME/log"
  "$FLUXMQ_HOME/bin/fluxmq" start > /dev/null
  FLUXMQ_PID="$(cat "$FLUXMQ_HOME/data/fluxmq.pid")"
  wait_for_port "$FLUXMQ_AMQP_PORT" "$FLUXMQ_PID" 60 || { echo "FluxMQ does not listen on $FLUXMQ_AMQP_PORT (log: $FLUXMQ_HOME/log)" >&2; exit 1; }
}

stop_fluxmq() {
  if [[ -n "$FLUXMQ_PID" ]]; then
    FLUXMQ_STOP_TIMEOUT=30 "$FLUXMQ_HOME/bin/fluxmq" stop > /dev/null || true
    FLUXMQ_PID=""
  fi
}

collect_logs() {
  rm -rf "$OUT/logs/fluxmq" "$OUT/logs/rabbitmq"
  cp -r "$FLUXMQ_HOME/log" "$OUT/logs/fluxmq" 2> /dev/null || true
  cp -r "$RMQ/log" "$OUT/logs/rabbitmq" 2> /dev/null || true
}

cleanup() {
  stop_rabbitmq
  stop_fluxmq
  collect_logs
}
trap cleanup EXIT

# --- runs -------------------------------------------------------------------------------------
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2> /dev/null || echo 0; }
fluxmq_overflows() { cat "$FLUXMQ_HOME"/log/*.log 2> /dev/null | grep -c 'QUEUE-4002' || true; }

# perftest SCENARIO BROKER REP KIND CONSUMERS EXPECTED_PER_CONSUMER -- PerfTest options...
# KIND: throughput (rates over the window after the warm-up), count (a fixed number of messages,
# every one of which each consumer must receive: the loss check) or latency (count at a fixed rate).
perftest() {
  local scenario="$1" broker="$2" rep="$3" kind="$4" consumers="$5" expected="$6"
  local port pid name="$1-$2-$3-$4"
  shift 7
  if [[ "$broker" == rabbitmq ]]; then port="$RABBITMQ_PORT"; pid="$RABBITMQ_PID"; else port="$FLUXMQ_AMQP_PORT"; pid="$FLUXMQ_PID"; fi
  local cmd=(java $PERFTEST_JAVA_OPTS -cp "$PT_LIB/*" com.rabbitmq.perf.PerfTest
    --uri "amqp://guest:guest@127.0.0.1:$port" --id "$name" --output-file "$OUT/runs/$name.csv" "$@")
  printf '%q ' "${cmd[@]}" > "$OUT/runs/$name.cmd"
  local cpu0 cpu1 t0 t1 ov0 ov1 rc=0
  ov0="$(fluxmq_overflows)"
  cpu0="$(cpu_ticks "$pid")"; t0="$(date +%s%N)"
  timeout --kill-after=10 $((WARMUP + WINDOW + 120)) "${cmd[@]}" > "$OUT/runs/$name.log" 2>&1 || rc=$?
  cpu1="$(cpu_ticks "$pid")"; t1="$(date +%s%N)"
  ov1="$(fluxmq_overflows)"
  python3 - "$OUT/runs/$name" "$scenario" "$broker" "$rep" "$kind" "$consumers" "$expected" "$WARMUP" \
    "$rc" "$(( (cpu1 - cpu0) * 1000 / CLK_TCK ))" "$(( (t1 - t0) / 1000000 ))" "$((ov1 - ov0))" <<'PY' | tee -a "$RESULTS" | cut -c1-300
import csv, json, re, statistics, sys
base, scenario, broker, rep, kind, consumers, expected, warmup, rc, cpu_ms, wall_ms, overflows = sys.argv[1:]
consumers, expected, warmup = int(consumers), int(expected), float(warmup)
log = open(base + ".log", encoding="utf-8", errors="replace").read()
r = {"scenario": scenario, "broker": broker, "rep": int(rep), "kind": kind, "exit": int(rc),
     "broker_cpu_s": int(cpu_ms) / 1000, "wall_s": int(wall_ms) / 1000}
if broker == "fluxmq":
    r["fluxmq_overflow_warnings"] = int(overflows)
m = re.search(r"^test stopped \((.*)\)\s*$", log, re.M)
r["stop"] = m.group(1) if m else None
for key, label in (("send_avg", "sending rate avg"), ("receive_avg", "receiving rate avg")):
    m = re.search(label + r":\s*([0-9.]+)\s*msg/s", log)
    r[key] = float(m.group(1)) if m else None
# whole-run percentiles of the summary, in microseconds
def pct(label):
    m = re.search(label + r" latency min/median/75th/95th/99th\s+([0-9./]+)\s*(\S+)", log)
    if not m:
        return None
    scale = 1000.0 if m.group(2).startswith("ms") else 1.0
    v = [float(x) * scale for x in m.group(1).split("/")]
    return dict(zip(("min", "p50", "p75", "p95", "p99"), v))
r["summary_consumer_latency_us"] = pct("consumer")
r["summary_confirm_latency_us"] = pct("confirm")
errors = [l for l in log.splitlines() if re.search(r"Exception|ERROR|Error:", l)]
r["error_lines"] = len(errors)
if errors:
    r["first_error"] = errors[0][:300]
# per-interval rows of --output-file: time (s), published, returned, confirmed, nacked, received, then
# min/median/75th/95th/99th consumer latency and the same for confirms
rows = []
try:
    with open(base + ".csv", encoding="utf-8", errors="replace") as f:
        rd = csv.reader(f)
        header = next(rd, None)
        for row in rd:
            if len(row) < 12:
                continue
            num = lambda s: float(s) if s not in ("", None) else None
            rows.append({"t": num(row[1]), "pub": num(row[2]), "conf": num(row[4]), "nack": num(row[5]),
                         "recv": num(row[6]), "p50": num(row[8]), "p99": num(row[11])})
except FileNotFoundError:
    pass
window = [x for x in rows if x["t"] is not None and x["t"] > warmup + 0.5]
r["window_intervals"] = len(window)
if window:
    mean = lambda k: statistics.fmean([x[k] or 0.0 for x in window])
    r["window_published_per_s"] = round(mean("pub"), 1)
    r["window_received_per_s"] = round(mean("recv"), 1)
    if any(x["conf"] is not None for x in window):
        r["window_confirmed_per_s"] = round(mean("conf"), 1)
        r["window_nacked"] = round(sum((x["nack"] or 0) for x in window))
    lat = [x for x in window if x["p99"] is not None and (x["recv"] or 0) > 0]
    if lat:
        r["p50_us"] = statistics.median([x["p50"] for x in lat])
        r["p99_us"] = statistics.median([x["p99"] for x in lat])
        r["p99_worst_second_us"] = max(x["p99"] for x in lat)
ok = int(rc) == 0 and r["stop"] is not None
failure = []
if int(rc) != 0:
    failure.append("PerfTest exit code %s" % rc)
if r["stop"] is None:
    failure.append("no 'test stopped' line")
if kind in ("count", "latency") and r["stop"] is not None:
    # every consumer must stop on its message limit: 'Consumer reached message limit [n]'
    m = re.search(r"Consumer reached message limit(?: \[(\d+)\])?", r["stop"])
    reached = (int(m.group(1)) if m.group(1) else 1) if m else 0
    r["consumers_complete"] = reached
    if reached != consumers:
        failure.append("%d of %d consumer(s) received all %d messages (%s)" % (reached, consumers, expected, r["stop"]))
        if r["send_avg"] and r["receive_avg"] is not None:
            # both averages are over the same run, so their ratio is the share delivered
            r["lost_estimate"] = round(expected * consumers * (1 - r["receive_avg"] / (r["send_avg"] * consumers)))
            failure[-1] += ", about %d message(s) missing" % r["lost_estimate"]
if kind == "throughput" and not window:
    failure.append("no per-second rows after the warm-up")
if r.get("window_nacked"):
    failure.append("%d publish(es) nacked" % r["window_nacked"])
if broker == "fluxmq" and int(overflows) > 0:
    failure.append("FluxMQ dropped messages: %s QUEUE-4002 warning(s) (ephemeral queue full, oldest messages"
                   " dropped) in log/fluxmq.log during the run" % overflows)
if r["error_lines"]:
    failure.append("%d error line(s): %s" % (r["error_lines"], r["first_error"]))
r["ok"] = not failure
if failure:
    r["failure"] = "; ".join(failure)
print(json.dumps(r))
PY
}

# The PerfTest options of each scenario, the same for both brokers. Queues are named per run, so
# that no run sees another's messages; PerfTest's default auto-delete removes them afterwards.
COMMON=(--size 64 --producers 1)
COUNT_TRANSIENT=100000
COUNT_PERSISTENT=50000
COUNT_FANOUT=20000
scenario_opts() { # SCENARIO BROKER REP KIND
  local q="bench-$1-$2-$3-$4"
  case "$1" in
    transient) echo "--consumers 1 --autoack --queue $q" ;;
    persistent) echo "--consumers 1 --flag persistent --confirm 256 --qos 256 --queue $q" ;;
    fanout) echo "--consumers 10 --autoack --exchange bench-fanout-$2-$3-$4 --type fanout" ;;
    latency) echo "--consumers 1 --autoack --queue $q --rate $LATENCY_RATE" ;;
  esac
}
consumers_of() { if [[ "$1" == fanout ]]; then echo 10; else echo 1; fi; }
count_of() { case "$1" in transient) echo "$COUNT_TRANSIENT" ;; persistent) echo "$COUNT_PERSISTENT" ;;
  fanout) echo "$COUNT_FANOUT" ;; latency) echo $((LATENCY_RATE * (WARMUP + WINDOW))) ;; esac; }

throughput_run() { # SCENARIO BROKER REP
  # shellcheck disable=SC2046
  perftest "$1" "$2" "$3" throughput "$(consumers_of "$1")" 0 -- "${COMMON[@]}" $(scenario_opts "$1" "$2" "$3" t) \
    --time $((WARMUP + WINDOW))
}
count_run() { # SCENARIO BROKER REP: N messages; each consumer must get N, then stops; idle 1 s ends a stalled run
  local n; n="$(count_of "$1")"
  local kind=count; [[ "$1" == latency ]] && kind=latency
  # shellcheck disable=SC2046
  perftest "$1" "$2" "$3" "$kind" "$(consumers_of "$1")" "$n" -- "${COMMON[@]}" $(scenario_opts "$1" "$2" "$3" c) \
    --pmessages "$n" --cmessages "$n" --exit-when idle --time $((WARMUP + WINDOW + 60))
}

echo "# compare-amqp run $(date -u +%FT%TZ), $REPS repetitions, warm-up $WARMUP s, window $WINDOW s; results in $OUT" >&2
start_rabbitmq
start_fluxmq
{
  echo "PerfTest $PERFTEST_VERSION ($(ls "$PT_LIB" | grep -E '^amqp-client-' | sed 's/\.jar$//'))"
  echo "RabbitMQ $(env "${RMQ_ENV[@]}" "$RABBITMQ_BIN/rabbitmqctl" -n fluxbench@localhost version 2> /dev/null || echo '?')," \
    "Erlang $(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().' 2> /dev/null || echo '?')"
  echo "JVM $(java -version 2>&1 | head -n 1)"
  echo "FluxMQ distribution $DIST, AMQP bundle $(cd "$DIST/deploy" && ls -l --time-style=+%FT%T io.fluxmq.amqp091-*.jar \
    | awk '{print $7 ", built " $6}') sha256 $(sha256sum "$DIST"/deploy/io.fluxmq.amqp091-*.jar | cut -c1-12);" \
    "script at $(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo '?')"
} > "$OUT/versions.txt"
cat "$OUT/versions.txt" >&2
for s in transient persistent fanout latency; do
  wants "$s" || continue
  for r in $(seq 1 "$REPS"); do
    if [[ "$s" != latency ]]; then
      throughput_run "$s" rabbitmq "$r"
      throughput_run "$s" fluxmq "$r"
    fi
    count_run "$s" rabbitmq "$r"
    count_run "$s" fluxmq "$r"
  done
done
stop_rabbitmq
stop_fluxmq
collect_logs

print_table "$RESULTS" | tee "$OUT/table.md"
