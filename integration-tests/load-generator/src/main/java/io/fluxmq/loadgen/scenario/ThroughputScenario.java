package io.fluxmq.loadgen.scenario;

import io.fluxmq.api.message.QoS;
import io.fluxmq.loadgen.Options;
import io.fluxmq.loadgen.client.BenchClient;
import io.fluxmq.loadgen.count.DeliveryCounts;
import io.fluxmq.loadgen.count.SequenceTracker;
import io.fluxmq.loadgen.flow.Credit;
import io.fluxmq.loadgen.flow.Publisher;
import io.fluxmq.loadgen.flow.Receiver;
import io.fluxmq.loadgen.measure.JsonLine;
import io.fluxmq.loadgen.measure.Sample;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Sustained delivery rate: receivers subscribe, publishers send as fast as their end-to-end credit
 * (and at QoS 1/2 their inflight window) allows, the rate is measured over a fixed window after a
 * warm-up, then publishers stop and everything in flight is awaited before messages are counted.
 *
 * <p>Options: {@code --warmup} (s, 5), {@code --window} (s, 10), {@code --drain} (s, 10),
 * {@code --credit} (messages per publisher not yet delivered everywhere, 256), {@code --inflight}
 * (unacknowledged QoS 1/2 publishes per publisher, 64), {@code --receive-maximum} (MQTT 5
 * receivers: the broker's window towards them, 256), {@code --max-messages} per publisher
 * (10,000,000), and what the topology reads.
 */
final class ThroughputScenario implements Scenario {
    private final Function<Options, Function<RunContext, Topology>> topology;

    /** @param topology reads its options, then builds the topology for the run's context */
    ThroughputScenario(Function<Options, Function<RunContext, Topology>> topology) {
        this.topology = topology;
    }

    @Override
    public JsonLine run(Options o) {
        Function<RunContext, Topology> build = topology.apply(o);
        double warmup = o.decimal("warmup", 5);
        double window = o.decimal("window", 10);
        double drain = o.decimal("drain", 10);
        long creditPerPublisher = o.number("credit", 256);
        int inflight = o.integer("inflight", 64);
        int receiveMaximum = o.integer("receive-maximum", 256);
        long maxMessages = o.number("max-messages", 10_000_000);
        try (RunContext ctx = new RunContext(o)) {
            o.checkAllRead();
            Topology t = build.apply(ctx);
            MqttVersion v = t.version() != null ? t.version() : ctx.version;
            JsonLine json = ctx.header(t.scenario(), v).put("publishers", t.publishers())
                    .put("receivers", t.receivers()).put("publish_qos", t.publishQos().value())
                    .put("subscribe_qos", t.subscribeQos().value()).put("credit", creditPerPublisher)
                    .put("inflight", inflight);

            LongAdder deliveries = new LongAdder();
            LongAdder foreign = new LongAdder();
            Credit[] credits = new Credit[t.publishers()];
            Arrays.setAll(credits, i -> new Credit(creditPerPublisher * t.copies()));
            List<SequenceTracker[]> trackers = new ArrayList<>();
            SequenceTracker[] group = t.oneGroup() ? newTrackers(t.publishers()) : null;
            MqttProperties receiverConnect = MqttProperties.builder().receiveMaximum(receiveMaximum).build();
            for (int r = 0; r < t.receivers(); r++) {
                SequenceTracker[] mine = group != null ? group : newTrackers(t.publishers());
                if (r == 0 || group == null) {
                    trackers.add(mine);
                }
                BenchClient c = ctx.connect("sub" + r, v, receiverConnect,
                        new Receiver(ctx.run, mine, credits, deliveries, null, foreign));
                RunContext.join(c.subscribe(t.filter(), t.subscribeQos(), t.subscribeProperties()), 10);
            }
            List<Publisher> publishers = new ArrayList<>();
            for (int p = 0; p < t.publishers(); p++) {
                BenchClient c = ctx.connect("pub" + p, v, MqttProperties.EMPTY, ignored -> { });
                publishers.add(new Publisher(c, ctx.run, p, t.topic().apply(p), t.publishQos(), inflight,
                        credits[p], t.copies(), ctx.payloadSize, 0, maxMessages));
            }

            publishers.forEach(Publisher::start);
            RunContext.sleepSeconds(warmup);
            Sample start = sample(ctx, deliveries, publishers);
            RunContext.sleepSeconds(window);
            sample(ctx, deliveries, publishers).writeSince(start, json);
            publishers.forEach(Publisher::stop);
            boolean drained = awaitDrained(publishers, credits, drain);

            DeliveryCounts counts = new DeliveryCounts();
            for (Publisher p : publishers) {
                List<SequenceTracker> expecting = new ArrayList<>();
                trackers.forEach(set -> expecting.add(set[p.index()]));
                counts.add(p.index(), p.sent(), expecting);
            }
            counts.writeTo(json);
            long refused = publishers.stream().mapToLong(Publisher::refused).sum();
            json.put("refused", refused).put("foreign", foreign.sum()).put("drained", drained)
                    .put("unacknowledged", publishers.stream().mapToLong(Publisher::unacknowledged).sum());
            return Verdict.of(json, counts, refused, ctx.lostConnection(), !t.oneGroup() || t.receivers() == 1);
        }
    }

    private static SequenceTracker[] newTrackers(int n) {
        SequenceTracker[] a = new SequenceTracker[n];
        Arrays.setAll(a, i -> new SequenceTracker());
        return a;
    }

    private static Sample sample(RunContext ctx, LongAdder deliveries, List<Publisher> publishers) {
        return Sample.take(deliveries::sum, () -> publishers.stream().mapToLong(Publisher::sent).sum(),
                ctx.brokerStats, ctx.self);
    }

    /** Waits until every publish is acknowledged and every delivery arrived, at most {@code seconds}. */
    static boolean awaitDrained(List<Publisher> publishers, Credit[] credits, double seconds) {
        long deadline = System.nanoTime() + Math.round(seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (publishers.stream().allMatch(Publisher::acknowledged)
                    && Arrays.stream(credits).allMatch(c -> c.outstanding() == 0)) {
                return true;
            }
            RunContext.sleepSeconds(0.01);
        }
        return false;
    }

    /** The QoS option of a scenario. */
    static QoS qos(Options o, int fallback) {
        return QoS.of(o.integer("qos", fallback));
    }
}
