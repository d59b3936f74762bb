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
import io.fluxmq.loadgen.measure.LatencyRecorder;
import io.fluxmq.loadgen.measure.Sample;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latency at a fixed offered rate: one publisher sends at {@code --rate} messages per second
 * (5,000) on a fixed schedule, one subscriber receives; end-to-end latency from each message's
 * intended send time, for messages intended within the window after the warm-up.
 *
 * <p>Options: {@code --rate} (5000), {@code --qos} (1), {@code --inflight} (1024: a broker that
 * falls behind makes messages late, which the latency shows, rather than being spared them),
 * {@code --warmup} (s, 5), {@code --window} (s, 10), {@code --drain} (s, 10).
 */
final class LatencyScenario implements Scenario {

    @Override
    public JsonLine run(Options o) {
        double rate = o.decimal("rate", 5000);
        QoS qos = ThroughputScenario.qos(o, 1);
        int inflight = o.integer("inflight", 1024);
        double warmup = o.decimal("warmup", 5);
        double window = o.decimal("window", 10);
        double drain = o.decimal("drain", 10);
        try (RunContext ctx = new RunContext(o)) {
            o.checkAllRead();
            JsonLine json = ctx.header("latency", ctx.version).put("offered_per_s", rate).put("publish_qos", qos.value())
                    .put("subscribe_qos", qos.value()).put("inflight", inflight);
            String topic = "bench/" + ctx.run + "/latency";
            LongAdder deliveries = new LongAdder();
            LongAdder foreign = new LongAdder();
            LatencyRecorder latency = new LatencyRecorder();
            SequenceTracker[] tracker = {new SequenceTracker()};
            Credit[] unbounded = {new Credit(Long.MAX_VALUE)};
            BenchClient sub = ctx.connect("sub", ctx.version, MqttProperties.EMPTY,
                    new Receiver(ctx.run, tracker, unbounded, deliveries, latency, foreign));
            RunContext.join(sub.subscribe(topic, qos, MqttProperties.EMPTY), 10);
            BenchClient pub = ctx.connect("pub", ctx.version, MqttProperties.EMPTY, ignored -> { });
            Publisher publisher = new Publisher(pub, ctx.run, 0, topic, qos, inflight, unbounded[0], 1,
                    ctx.payloadSize, rate, Long.MAX_VALUE);

            publisher.start();
            RunContext.sleepSeconds(warmup);
            latency.openWindow();
            Sample start = Sample.take(deliveries::sum, publisher::sent, ctx.brokerStats, ctx.self);
            RunContext.sleepSeconds(window);
            latency.closeWindow();
            Sample end = Sample.take(deliveries::sum, publisher::sent, ctx.brokerStats, ctx.self);
            publisher.stop();
            end.writeSince(start, json);
            boolean drained = ThroughputScenario.awaitDrained(List.of(publisher), unbounded, drain);
            latency.writeTo(json);

            DeliveryCounts counts = new DeliveryCounts();
            counts.add(0, publisher.sent(), List.of(tracker[0]));
            counts.writeTo(json);
            json.put("refused", publisher.refused()).put("foreign", foreign.sum()).put("drained", drained);
            return Verdict.of(json, counts, publisher.refused(), ctx.lostConnection(), true);
        }
    }
}
