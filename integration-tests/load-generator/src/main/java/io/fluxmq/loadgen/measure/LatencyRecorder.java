package io.fluxmq.loadgen.measure;

import io.fluxmq.loadgen.payload.BenchPayload;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * End-to-end latency from a message's intended send time (in its payload) to its arrival, for the
 * messages intended within the measurement window. Measuring from the intended rather than the
 * actual send time counts the wait of a message the publisher could not send on time
 * (coordinated omission).
 */
public final class LatencyRecorder {
    private final Histogram histogram = new SynchronizedHistogram(60_000_000_000L, 3);
    private volatile long fromNanos = Long.MAX_VALUE;
    private volatile long toNanos = Long.MAX_VALUE;

    /** Records messages intended from now on (after the warm-up). */
    public void openWindow() {
        fromNanos = System.nanoTime();
    }

    /** Records no message intended from now on. */
    public void closeWindow() {
        toNanos = System.nanoTime();
    }

    /** A message arrived now; see {@link BenchPayload#intendedNanos}. */
    public void arrived(long intendedNanos) {
        if (intendedNanos >= fromNanos && intendedNanos < toNanos) {
            histogram.recordValue(Math.max(0, System.nanoTime() - intendedNanos));
        }
    }

    /** Count and percentiles in microseconds. */
    public void writeTo(JsonLine json) {
        json.put("latency_count", histogram.getTotalCount())
                .put("latency_p50_us", micros(histogram.getValueAtPercentile(50)))
                .put("latency_p90_us", micros(histogram.getValueAtPercentile(90)))
                .put("latency_p99_us", micros(histogram.getValueAtPercentile(99)))
                .put("latency_p999_us", micros(histogram.getValueAtPercentile(99.9)))
                .put("latency_max_us", micros(histogram.getMaxValue()));
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
