package io.fluxmq.benchmarks;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.core.router.TrieMessageRouter;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to route one message through {@link TrieMessageRouter} holding 10k, 100k or 1M filters
 * of a fleet of devices: per device seven exact sensor filters, a {@code device/<id>/sensor/+},
 * a {@code device/<id>/#} and a status filter (ten per device, one subscriber per device), plus a
 * few fleet-wide subscriptions ({@code device/+/sensor/0}, a shared analytics group on
 * {@code device/+/sensor/+}, {@code $SYS/#}). Subscribers only count, so the figure is the
 * matching and dispatch cost of the router itself.
 *
 * <p>{@code routeSensorReading} publishes to a random device's sensor (three to five deliveries);
 * {@code routeUnmatched} to a topic no filter matches. Topic names are split once and cached in
 * the message, as the broker does for each incoming publish before routing.
 *
 * <pre>java -jar integration-tests/benchmarks/target/benchmarks.jar TopicMatch -f 1 -wi 2 -i 3 -w 2s -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TopicMatchBenchmark {
    private static final int FILTERS_PER_DEVICE = 10;
    private static final int EXACT_SENSORS = 7;
    /** Sensors 0..7 are published to; sensor 7 has no exact filter, only the wildcards. */
    private static final int PUBLISHED_SENSORS = 8;
    private static final int TOPICS = 4096;

    @Param({"10000", "100000", "1000000"})
    public int filters;

    private MessageRouter router;
    private Message[] sensorReadings;
    private Message[] unmatched;

    /** Per thread, so that a run with {@code -t N} publishers shares no mutable benchmark state. */
    @State(Scope.Thread)
    public static class Cursor {
        int position;

        int next() {
            position = (position + 1) & (TOPICS - 1);
            return position;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        long start = System.nanoTime();
        TrieMessageRouter trie = new TrieMessageRouter();
        int devices = Math.max(1, filters / FILTERS_PER_DEVICE);
        for (int d = 0; d < devices; d++) {
            Subscriber device = new CountingSubscriber("client-" + d);
            String prefix = "device/" + d + "/";
            for (int s = 0; s < EXACT_SENSORS; s++) {
                trie.subscribe(device, subscription(prefix + "sensor/" + s));
            }
            trie.subscribe(device, subscription(prefix + "sensor/+"));
            trie.subscribe(device, subscription(prefix + "#"));
            trie.subscribe(device, subscription(prefix + "status"));
        }
        trie.subscribe(new CountingSubscriber("fleet-sensor0"), subscription("device/+/sensor/0"));
        trie.subscribe(new CountingSubscriber("fleet-status"), subscription("device/+/status"));
        trie.subscribe(new CountingSubscriber("monitor"), subscription("$SYS/#"));
        for (int i = 0; i < 4; i++) {
            trie.subscribe(new CountingSubscriber("analytics-" + i), subscription("$share/analytics/device/+/sensor/+"));
        }
        router = trie;

        SplittableRandom random = new SplittableRandom(42);
        sensorReadings = new Message[TOPICS];
        unmatched = new Message[TOPICS];
        for (int i = 0; i < TOPICS; i++) {
            int d = random.nextInt(devices);
            sensorReadings[i] = message("device/" + d + "/sensor/" + random.nextInt(PUBLISHED_SENSORS));
            unmatched[i] = message("fleet/" + d + "/sensor/1");
        }
        checkDeliveries(devices);
        long setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf("%n[setup] %d filters in %d ms, heap after GC about %d MB%n",
                router.subscriptionCount(), setupMillis, usedMb);
    }

    /** Guards the figures: a router that matched nothing would be very fast. */
    private void checkDeliveries(int devices) {
        int last = devices - 1;
        expect("device/" + last + "/sensor/0", 5); // exact, +, #, fleet-sensor0, one analytics member
        expect("device/" + last + "/sensor/7", 3); // +, #, one analytics member
        expect("device/" + last + "/status", 3); // exact, #, fleet-status
        expect("fleet/" + last + "/sensor/1", 0);
    }

    private void expect(String topic, int deliveries) {
        int n = router.route(message(topic), null);
        if (n != deliveries) {
            throw new IllegalStateException(topic + " reached " + n + " subscriptions, expected " + deliveries);
        }
    }

    @Benchmark
    public int routeSensorReading(Cursor cursor) {
        return router.route(sensorReadings[cursor.next()], null);
    }

    @Benchmark
    public int routeUnmatched(Cursor cursor) {
        return router.route(unmatched[cursor.next()], null);
    }

    private static Subscription subscription(String filter) {
        return new Subscription(TopicFilter.of(filter), SubscriptionOptions.DEFAULT);
    }

    private static Message message(String topic) {
        Message m = Message.builder(topic).payload("21.5").build();
        m.topic().levelCount(); // split the name once, as the broker's publish path does
        return m;
    }

    /**
     * Counts what it receives; nothing else, so only the router's work is measured. The count is
     * not atomic: with several benchmark threads it is approximate, which does not matter here.
     */
    private static final class CountingSubscriber implements Subscriber {
        private final String id;
        long received;

        CountingSubscriber(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void deliver(Message message, Subscription subscription) {
            received++;
        }
    }
}
