package io.fluxmq.loadgen.scenario;

import io.fluxmq.loadgen.Options;
import io.fluxmq.loadgen.measure.JsonLine;

/** One measurement against a running broker, reported as one JSON line with {@code "ok"}. */
public interface Scenario {
    JsonLine run(Options options);
}
