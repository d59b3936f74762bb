#!/usr/bin/env bash
# FluxMQ against Mosquitto, same machine, same run, same load generator (docs/benchmarks.md).
#
#   integration-tests/load-generator/compare.sh [-r REPS] [-u WARMUP_S] [-w WINDOW_S] [-o DIR] [-s "SCENARIOS"]
#
# Both brokers listen on loopback only. Mosquitto (Debian package) runs with its own config file,
# started and stopped by PID; FluxMQ is a copy of distribution/target/fluxmq in a temp directory,
# started with bin/fluxmq start (its default JVM settings; the cold start is measured each time)
# and stopped with bin/fluxmq stop (by the PID in its pid file). Each scenario runs against both,
# interleaved (Mosquitto, FluxMQ, Mosquitto, FluxMQ...), REPS times; the queue scenarios run on
# FluxMQ only. Idle connections are measured on a freshly started broker, alone on the machine.
# Results: DIR/results.jsonl (one JSON line per run) and DIR/table.md (medians, ranges, ratios).
#
# Environment: FLUXMQ_DIST (distribution folder), MOSQUITTO (binary), MOSQUITTO_PORT (21884),
# FLUXMQ_PORT (21883), GEN_JAVA_OPTS (the generator's JVM options).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$HERE/target/load-generator.jar"
DIST="${FLUXMQ_DIST:-$ROOT/distribution/target/fluxmq}"
MOSQUITTO="${MOSQUITTO:-mosquitto}"
MOSQUITTO_PORT="${MOSQUITTO_PORT:-21884}"
FLUXMQ_PORT="${FLUXMQ_PORT:-21883}"
# a young generation large enough that the generator rarely pauses for GC within a run
GEN_JAVA_OPTS="${GEN_JAVA_OPTS:--XX:+UseSerialGC -Xms1g -Xmx1g -Xmn768m}"

REPS=3
WARMUP=5
WINDOW=10
OUT=""
SCENARIOS="fan-in one-to-one one-to-one-qos2 fan-out latency durable-queue stream-read-back idle-connections"
while getopts "r:u:w:o:s:" opt; do
  case "$opt" in
    r) REPS="$OPTARG" ;;
    u) WARMUP="$OPTARG" ;;
    w) WINDOW="$OPTARG" ;;
    o) OUT="$OPTARG" ;;
    s) SCENARIOS="$OPTARG" ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done

[[ -f "$JAR" ]] || { echo "missing $JAR: mvn -q -B package -pl integration-tests/load-generator" >&2; exit 2; }
[[ -x "$DIST/bin/fluxmq" ]] || { echo "missing $DIST: mvn -q -B install -DskipTests -pl features,distribution" >&2; exit 2; }
command -v "$MOSQUITTO" > /dev/null || { echo "missing mosquitto: apt-get install -y mosquitto" >&2; exit 2; }

WORK="$(mktemp -d /tmp/fluxmq-compare.XXXXXX)"
OUT="${OUT:-$WORK}"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
MOSQUITTO_PID=""
FLUXMQ_PID=""

wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }

# --- Mosquitto -------------------------------------------------------------------------------
cat > "$WORK/mosquitto.conf" <<EOF
# loopback only; no persistence (FluxMQ's clean sessions touch no storage either)
listener $MOSQUITTO_PORT 127.0.0.1
allow_anonymous true
persistence false
# FluxMQ sets TCP_NODELAY on every connection; so does this, so that latency compares brokers, not Nagle
set_tcp_nodelay true
log_dest file $WORK/mosquitto.log
log_type error
log_type warning
EOF

# Fails when something already listens on the port: the runs would measure it instead.
require_free_port() {
  if (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; then
    echo "port $1 is already in use; set MOSQUITTO_PORT / FLUXMQ_PORT" >&2; exit 1
  fi
}

start_mosquitto() {
  require_free_port "$MOSQUITTO_PORT"
  "$MOSQUITTO" -c "$WORK/mosquitto.conf" > /dev/null 2>&1 &
  MOSQUITTO_PID=$!
  for _ in $(seq 1 100); do
    if (exec 3<> "/dev/tcp/127.0.0.1/$MOSQUITTO_PORT") 2> /dev/null && kill -0 "$MOSQUITTO_PID" 2> /dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "mosquitto did not open port $MOSQUITTO_PORT (log: $WORK/mosquitto.log)" >&2; exit 1
}

stop_mosquitto() {
  if [[ -n "$MOSQUITTO_PID" ]]; then
    kill "$MOSQUITTO_PID" 2> /dev/null || true
    wait "$MOSQUITTO_PID" 2> /dev/null || true
    MOSQUITTO_PID=""
  fi
}

# --- FluxMQ ----------------------------------------------------------------------------------
cp -r "$DIST" "$WORK/fluxmq"
FLUXMQ_HOME="$WORK/fluxmq"
FLUXMQ_START_LABEL=fluxmq-first-start
sed -i "s/^port=I\"1883\"/port=I\"$FLUXMQ_PORT\"/" "$FLUXMQ_HOME/etc/io.fluxmq.transport.tcp-mqtt.config"
sed -i "s/^port=I\"8083\"/port=I\"$((FLUXMQ_PORT + 7000))\"/" "$FLUXMQ_HOME/etc/io.fluxmq.transport.websocket-mqtt-ws.config"
sed -i "s/port=I\"8080\"/port=I\"$((FLUXMQ_PORT + 6000))\"/" "$FLUXMQ_HOME/etc/org.apache.felix.http.config"
# AMQP 0.9.1 (5672 in the distribution) out of the way of a RabbitMQ on this machine
if [[ -f "$FLUXMQ_HOME/etc/io.fluxmq.transport.tcp-amqp.config" ]]; then
  sed -i "s/^port=I\"5672\"/port=I\"$((FLUXMQ_PORT + 8000))\"/" "$FLUXMQ_HOME/etc/io.fluxmq.transport.tcp-amqp.config"
fi
printf 'name="bench"\ntype="durable"\n' > "$FLUXMQ_HOME/etc/io.fluxmq.queue-bench.config"
for r in $(seq 1 "$REPS"); do
  # one stream per repetition, so that each read-back reads its own messages only
  printf 'name="bench-stream-%s"\ntype="stream"\n' "$r" > "$FLUXMQ_HOME/etc/io.fluxmq.queue-bench-stream-$r.config"
done

start_fluxmq() {
  require_free_port "$FLUXMQ_PORT"
  rm -rf "$FLUXMQ_HOME/data" "$FLUXMQ_HOME/log"
  mkdir -p "$FLUXMQ_HOME/data" "$FLUXMQ_HOME/log"
  # The first start of the fresh copy also records the class-data-sharing archive (bin/fluxmq);
  # it is reported on its own row, later starts (restarts) map the archive.
  generate cold-start --command "$FLUXMQ_HOME/bin/fluxmq start" --port "$FLUXMQ_PORT" --label "$FLUXMQ_START_LABEL"
  FLUXMQ_START_LABEL=fluxmq
  FLUXMQ_PID="$(cat "$FLUXMQ_HOME/data/fluxmq.pid")"
}

stop_fluxmq() {
  if [[ -n "$FLUXMQ_PID" ]]; then
    FLUXMQ_STOP_TIMEOUT=30 "$FLUXMQ_HOME/bin/fluxmq" stop > /dev/null
    FLUXMQ_PID=""
  fi
}

cleanup() {
  stop_mosquitto
  stop_fluxmq
}
trap cleanup EXIT

# --- runs ------------------------------------------------------------------------------------
# One generator run; its JSON line goes to the results, a short form to the terminal.
generate() {
  local line
  line="$(java $GEN_JAVA_OPTS -jar "$JAR" "$@" || true)"
  echo "$line" >> "$RESULTS"
  echo "$line" | sed -E 's/,"per_publisher":\[[^]]*\]//' | cut -c1-400
}

on_mosquitto() { generate "$1" --label mosquitto --port "$MOSQUITTO_PORT" --broker-pid "$MOSQUITTO_PID" "${@:2}"; }
on_fluxmq() { generate "$1" --label fluxmq --port "$FLUXMQ_PORT" --broker-pid "$FLUXMQ_PID" "${@:2}"; }

echo "# compare run $(date -u +%FT%TZ), $REPS repetitions, warm-up $WARMUP s, window $WINDOW s; results in $OUT" >&2
start_mosquitto
start_fluxmq
for s in fan-in one-to-one one-to-one-qos2 fan-out latency; do
  wants "$s" || continue
  for r in $(seq 1 "$REPS"); do
    on_mosquitto "$s" --warmup "$WARMUP" --window "$WINDOW"
    on_fluxmq "$s" --warmup "$WARMUP" --window "$WINDOW"
  done
done
for r in $(seq 1 "$REPS"); do
  if wants durable-queue; then on_fluxmq durable-queue --warmup "$WARMUP" --window "$WINDOW"; fi
  if wants stream-read-back; then on_fluxmq stream-read-back --queue "bench-stream-$r"; fi
done
stop_mosquitto
stop_fluxmq

if wants idle-connections; then
  for r in $(seq 1 "$REPS"); do
    start_mosquitto
    on_mosquitto idle-connections
    stop_mosquitto
    start_fluxmq
    on_fluxmq idle-connections
    stop_fluxmq
  done
fi

java -cp "$JAR" io.fluxmq.loadgen.report.CompareTable "$RESULTS" | tee "$OUT/table.md"
