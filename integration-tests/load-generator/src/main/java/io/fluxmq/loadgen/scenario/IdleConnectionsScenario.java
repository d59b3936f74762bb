package io.fluxmq.loadgen.scenario;

import io.fluxmq.loadgen.Options;
import io.fluxmq.loadgen.measure.JsonLine;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Memory per connection: the broker's resident set before and after {@code --connections} (10,000)
 * clients connected and stayed idle (keep alive 60 s, clean session, no subscription).
 *
 * <p>Options: {@code --connections} (10000), {@code --concurrency} (CONNECTs awaiting CONNACK at
 * once, 200), {@code --settle} (s to wait before reading RSS, 5), {@code --connect-timeout} (s for
 * all of them, 120). Needs {@code --broker-pid}.
 */
final class IdleConnectionsScenario implements Scenario {

    @Override
    public JsonLine run(Options o) {
        int connections = o.integer("connections", 10_000);
        int concurrency = o.integer("concurrency", 200);
        double settle = o.decimal("settle", 5);
        double timeout = o.decimal("connect-timeout", 120);
        try (RunContext ctx = new RunContext(o)) {
            o.checkAllRead();
            if (ctx.brokerStats == null) {
                throw new IllegalArgumentException("idle-connections needs --broker-pid");
            }
            JsonLine json = ctx.header("idle-connections", ctx.version).put("connections", connections);
            long before = ctx.brokerStats.residentBytes();
            Semaphore slots = new Semaphore(concurrency);
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            long start = System.nanoTime();
            long deadline = start + Math.round(timeout * 1e9);
            for (int i = 0; i < connections && System.nanoTime() < deadline; i++) {
                if (!acquire(slots, deadline)) {
                    break;
                }
                ctx.connectAsync("idle" + i, ctx.version, MqttProperties.EMPTY, ignored -> { })
                        .whenComplete((c, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, e.toString());
                            }
                            slots.release();
                        });
            }
            acquire(slots, deadline, concurrency); // the last ones answered
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            RunContext.sleepSeconds(settle);
            long after = ctx.brokerStats.residentBytes();
            int connected = ctx.clientCount();
            String lost = ctx.lostConnection();
            json.put("connected", connected).put("failed", failed.get()).put("connect_s", connectSeconds)
                    .put("connects_per_s", connected / connectSeconds)
                    .put("rss_before_mb", before / 1048576.0).put("rss_after_mb", after / 1048576.0)
                    .put("rss_per_connection_kb", (after - before) / 1024.0 / Math.max(1, connected));
            String failure = connected < connections
                    ? (connections - connected) + " connection(s) not made" + (firstFailure.get() == null ? ""
                            : ", first: " + firstFailure.get())
                    : lost != null ? "connection lost: " + lost : null;
            json.put("ok", failure == null);
            return failure == null ? json : json.put("failure", failure);
        }
    }

    private static boolean acquire(Semaphore slots, long deadlineNanos) {
        return acquire(slots, deadlineNanos, 1);
    }

    private static boolean acquire(Semaphore slots, long deadlineNanos, int permits) {
        try {
            return slots.tryAcquire(permits, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
