package io.fluxmq.loadgen;

import io.fluxmq.loadgen.measure.JsonLine;
import io.fluxmq.loadgen.report.JsonReader;
import io.fluxmq.loadgen.scenario.Scenario;
import io.fluxmq.loadgen.scenario.Scenarios;

/**
 * {@code java -jar load-generator.jar SCENARIO [--option value]...}: runs one scenario against a
 * running MQTT broker and prints one JSON line. Exit status 0 for a run that counts, 1 for a failed
 * run (lost, duplicated or reordered messages, a dropped connection...), 2 for a usage error or a
 * run that could not be made. Scenarios and options: docs/benchmarks.md.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) {
        Scenario scenario = args.length == 0 ? null : Scenarios.named(args[0]);
        if (scenario == null) {
            System.err.println("usage: java -jar load-generator.jar SCENARIO [--option value]...; scenarios: "
                    + String.join(", ", Scenarios.names()));
            System.exit(2);
        }
        JsonLine result;
        int status;
        try {
            result = scenario.run(new Options(args, 1));
            status = Boolean.TRUE.equals(JsonReader.object(result.toString()).get("ok")) ? 0 : 1;
        } catch (RuntimeException e) {
            result = new JsonLine().put("scenario", args[0]).put("broker", label(args)).put("ok", false)
                    .put("error", String.valueOf(e.getMessage()));
            status = 2;
        }
        System.out.println(result);
        System.exit(status);
    }

    /** The broker's label for a run that failed before its options were read. */
    private static String label(String[] args) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals("--label")) {
                return args[i + 1];
            }
        }
        return "broker";
    }
}
