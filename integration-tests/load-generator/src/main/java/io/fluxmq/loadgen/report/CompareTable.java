package io.fluxmq.loadgen.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -cp load-generator.jar io.fluxmq.loadgen.report.CompareTable results.jsonl}: the table
 * of a compare run, in Markdown. For each scenario and figure: the median and the range of the runs
 * that counted (ok) for each broker, the ratio of the medians FluxMQ / Mosquitto, the issue's
 * target and whether it holds; then failed runs and the generator's own CPU use.
 */
public final class CompareTable {
    static final String FLUXMQ = "fluxmq";
    static final String MOSQUITTO = "mosquitto";
    /** The label compare.sh gives the first start of its fresh copy of the distribution. */
    static final String FIRST_START = "fluxmq-first-start";

    /** What a figure is held to: a ratio to Mosquitto, or FluxMQ's own value. */
    private enum Goal {
        RATIO_AT_LEAST, RATIO_AT_MOST, VALUE_AT_MOST, NONE
    }

    /** A figure of one scenario; FluxMQ's values are those of the runs labelled {@code fluxmqLabel}. */
    private record Figure(String scenario, String key, String label, Goal goal, double bound, String fluxmqLabel) {
        Figure(String scenario, String key, String label, Goal goal, double bound) {
            this(scenario, key, label, goal, bound, FLUXMQ);
        }
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("fan-in", "delivered_per_s", "QoS 0 fan-in 4 → 1, delivered msg/s", Goal.RATIO_AT_LEAST, 1.0),
            new Figure("one-to-one", "delivered_per_s", "QoS 1 one-to-one, delivered msg/s", Goal.RATIO_AT_LEAST, 2.0),
            new Figure("one-to-one-qos2", "delivered_per_s", "QoS 2 one-to-one, delivered msg/s", Goal.NONE, 0),
            new Figure("fan-out", "delivered_per_s", "fan-out 1 → 100 (QoS 0), deliveries/s", Goal.RATIO_AT_LEAST, 1.6),
            new Figure("latency", "latency_p99_us", "latency at 5,000 msg/s QoS 1, p99 µs", Goal.RATIO_AT_MOST, 1.0),
            new Figure("latency", "latency_p50_us", "latency at 5,000 msg/s QoS 1, p50 µs", Goal.NONE, 0),
            new Figure("latency", "latency_p999_us", "latency at 5,000 msg/s QoS 1, p99.9 µs", Goal.NONE, 0),
            new Figure("fan-in", "deliveries_per_broker_cpu_s", "deliveries per broker CPU-second, QoS 0 fan-in",
                    Goal.RATIO_AT_LEAST, 0.8),
            new Figure("one-to-one", "deliveries_per_broker_cpu_s", "deliveries per broker CPU-second, QoS 1 one-to-one",
                    Goal.NONE, 0),
            new Figure("fan-out", "deliveries_per_broker_cpu_s", "deliveries per broker CPU-second, fan-out",
                    Goal.NONE, 0),
            new Figure("idle-connections", "rss_after_mb", "broker RSS holding 10,000 idle connections, MB",
                    Goal.VALUE_AT_MOST, 200),
            new Figure("idle-connections", "rss_per_connection_kb", "RSS per idle connection, KB", Goal.NONE, 0),
            new Figure("cold-start", "cold_start_ms", "cold start to MQTT CONNACK, ms", Goal.VALUE_AT_MOST, 2000),
            new Figure("cold-start", "cold_start_ms", "first start of a fresh copy (records the CDS archive), ms",
                    Goal.NONE, 0, FIRST_START),
            new Figure("durable-queue", "delivered_per_s", "durable queue 4 → 4 (QoS 1, PUBACK), msg/s", Goal.NONE, 0),
            new Figure("stream-read-back", "published_per_s", "stream append (QoS 1), msg/s", Goal.NONE, 0),
            new Figure("stream-read-back", "read_per_s", "stream read-back from earliest, msg/s", Goal.NONE, 0));

    private CompareTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CompareTable results.jsonl");
            System.exit(2);
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith("{")) {
                runs.add(JsonReader.object(line));
            }
        }
        System.out.print(render(runs));
    }

    static String render(List<Map<String, Object>> runs) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario, figure | Mosquitto median [min–max] (n) | FluxMQ median [min–max] (n) | FluxMQ / Mosquitto | target | met |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Figure f : FIGURES) {
            List<Double> mosquitto = values(runs, f, MOSQUITTO);
            List<Double> fluxmq = values(runs, f, f.fluxmqLabel());
            if (mosquitto.isEmpty() && fluxmq.isEmpty()) {
                continue;
            }
            double ratio = mosquitto.isEmpty() || fluxmq.isEmpty() ? Double.NaN : median(fluxmq) / median(mosquitto);
            out.append("| ").append(f.label()).append(" | ").append(summary(mosquitto)).append(" | ")
                    .append(summary(fluxmq)).append(" | ").append(Double.isNaN(ratio) ? "–" : fmt("%.2f×", ratio))
                    .append(" | ").append(target(f)).append(" | ").append(met(f, ratio, fluxmq)).append(" |\n");
        }
        appendCorrectness(runs, out);
        appendGeneratorCpu(runs, out);
        return out.toString();
    }

    private static void appendCorrectness(List<Map<String, Object>> runs, StringBuilder out) {
        List<String> failed = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            if (!Boolean.TRUE.equals(r.get("ok"))) {
                failed.add(r.get("scenario") + " on " + r.get("broker") + ": "
                        + (r.get("failure") != null ? r.get("failure") : r.get("error")));
            }
        }
        long mosquitto = lostOrDuplicatedAtQos12(runs, MOSQUITTO);
        long fluxmq = lostOrDuplicatedAtQos12(runs, FLUXMQ);
        out.append("| lost or duplicated messages at QoS 1/2, all runs | ").append(mosquitto).append(" | ")
                .append(fluxmq).append(" | | FluxMQ 0 | ").append(fluxmq == 0 ? "yes" : "no").append(" |\n");
        out.append("\nRuns: ").append(runs.size()).append(", failed: ").append(failed.size()).append('\n');
        failed.forEach(f -> out.append("- ").append(f).append('\n'));
    }

    private static void appendGeneratorCpu(List<Map<String, Object>> runs, StringBuilder out) {
        Map<String, Double> highest = new TreeMap<>();
        for (Map<String, Object> r : runs) {
            double cpu = number(r, "generator_cpu_pct");
            if (!Double.isNaN(cpu)) {
                highest.merge(r.get("scenario") + " (" + r.get("broker") + ")", cpu, Math::max);
            }
        }
        if (!highest.isEmpty()) {
            out.append("\nLoad generator CPU, % of one core, highest run: ");
            List<String> parts = new ArrayList<>();
            highest.forEach((k, v) -> parts.add(k + " " + fmt("%.0f", v)));
            out.append(String.join(", ", parts)).append('\n');
        }
    }

    private static long lostOrDuplicatedAtQos12(List<Map<String, Object>> runs, String broker) {
        long n = 0;
        for (Map<String, Object> r : runs) {
            if (broker.equals(r.get("broker")) && (number(r, "publish_qos") >= 1 || number(r, "subscribe_qos") >= 1)) {
                n += (long) (number(r, "lost") + number(r, "duplicated"));
            }
        }
        return n;
    }

    private static List<Double> values(List<Map<String, Object>> runs, Figure f, String broker) {
        List<Double> v = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            if (f.scenario().equals(r.get("scenario")) && broker.equals(r.get("broker"))
                    && Boolean.TRUE.equals(r.get("ok")) && !Double.isNaN(number(r, f.key()))) {
                v.add(number(r, f.key()));
            }
        }
        return v;
    }

    private static double number(Map<String, Object> r, String key) {
        return r.get(key) instanceof Double d ? d : Double.NaN;
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String summary(List<Double> v) {
        if (v.isEmpty()) {
            return "–";
        }
        return value(median(v)) + " [" + value(v.stream().min(Double::compare).get()) + "–"
                + value(v.stream().max(Double::compare).get()) + "] (" + v.size() + ")";
    }

    private static String target(Figure f) {
        return switch (f.goal()) {
            case RATIO_AT_LEAST -> fmt("≥ %.1f×", f.bound());
            case RATIO_AT_MOST -> fmt("≤ %.1f×", f.bound());
            case VALUE_AT_MOST -> "FluxMQ ≤ " + value(f.bound());
            case NONE -> "";
        };
    }

    private static String met(Figure f, double ratio, List<Double> fluxmq) {
        return switch (f.goal()) {
            case RATIO_AT_LEAST -> Double.isNaN(ratio) ? "?" : ratio >= f.bound() ? "yes" : "no";
            case RATIO_AT_MOST -> Double.isNaN(ratio) ? "?" : ratio <= f.bound() ? "yes" : "no";
            case VALUE_AT_MOST -> fluxmq.isEmpty() ? "?" : median(fluxmq) <= f.bound() ? "yes" : "no";
            case NONE -> "";
        };
    }

    private static String value(double v) {
        return Math.abs(v) >= 1000 ? fmt("%,.0f", v) : fmt("%.1f", v);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
