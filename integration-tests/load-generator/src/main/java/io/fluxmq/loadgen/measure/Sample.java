package io.fluxmq.loadgen.measure;

import java.util.function.LongSupplier;

/**
 * Counters and CPU times at one instant. Two samples around the measurement window give the
 * sustained rates, the broker's CPU use and deliveries per broker CPU-second.
 *
 * @param brokerCpuSeconds NaN when the broker's process is not known
 */
public record Sample(long nanos, long deliveries, long published, double brokerCpuSeconds, double selfCpuSeconds) {

    /** @param broker null when the broker's pid was not given */
    public static Sample take(LongSupplier deliveries, LongSupplier published, ProcessStats broker,
            ProcessStats self) {
        return new Sample(System.nanoTime(), deliveries.getAsLong(), published.getAsLong(),
                broker == null ? Double.NaN : broker.cpuSeconds(), self.cpuSeconds());
    }

    /** The window from {@code start} to this sample. */
    public void writeSince(Sample start, JsonLine json) {
        double seconds = (nanos - start.nanos) / 1e9;
        long delivered = deliveries - start.deliveries;
        double brokerCpu = brokerCpuSeconds - start.brokerCpuSeconds;
        double selfCpu = selfCpuSeconds - start.selfCpuSeconds;
        json.put("window_s", seconds)
                .put("delivered", delivered)
                .put("delivered_per_s", delivered / seconds)
                .put("published_per_s", (published - start.published) / seconds)
                .put("broker_cpu_pct", 100 * brokerCpu / seconds)
                .put("deliveries_per_broker_cpu_s", brokerCpu > 0 ? delivered / brokerCpu : Double.NaN)
                .put("generator_cpu_pct", 100 * selfCpu / seconds);
    }
}
