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
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * FluxMQ streams: one publisher appends {@code --messages} (100,000) to the stream {@code --queue}
 * (QoS 1, inflight window), then one consumer in a new group subscribes with
 * {@code cursor=earliest} and reads them all back (QoS 1, acknowledging by PUBACK). Reports both
 * rates; the stream must be configured (type stream) and may hold older runs' messages, which are
 * read too and counted as foreign.
 *
 * <p>Options: {@code --queue} (bench-stream), {@code --messages} (100000), {@code --inflight}
 * (64), {@code --receive-maximum} (the consumer's window, 256), {@code --timeout} (s per phase, 120).
 */
final class StreamReadBackScenario implements Scenario {

    @Override
    public JsonLine run(Options o) {
        String queue = o.string("queue", "bench-stream");
        long messages = o.number("messages", 100_000);
        int inflight = o.integer("inflight", 64);
        int receiveMaximum = o.integer("receive-maximum", 256);
        double timeout = o.decimal("timeout", 120);
        try (RunContext ctx = new RunContext(o)) {
            o.checkAllRead();
            MqttVersion v = MqttVersion.MQTT_5;
            JsonLine json = ctx.header("stream-read-back", v).put("queue", queue).put("messages", messages)
                    .put("publish_qos", 1).put("subscribe_qos", 1)
                    .put("inflight", inflight).put("receive_maximum", receiveMaximum);
            LongAdder deliveries = new LongAdder();
            LongAdder foreign = new LongAdder();
            SequenceTracker[] tracker = {new SequenceTracker()};
            Credit[] unbounded = {new Credit(Long.MAX_VALUE)};

            BenchClient pub = ctx.connect("pub", v, MqttProperties.EMPTY, ignored -> { });
            Publisher publisher = new Publisher(pub, ctx.run, 0, "$queue/" + queue + "/p0", QoS.AT_LEAST_ONCE,
                    inflight, unbounded[0], 1, ctx.payloadSize, 0, messages);
            Sample start = Sample.take(deliveries::sum, publisher::sent, ctx.brokerStats, ctx.self);
            publisher.start();
            boolean published = await(() -> publisher.sent() == messages && publisher.acknowledged(), timeout);
            publisher.stop();
            Sample appended = Sample.take(deliveries::sum, publisher::sent, ctx.brokerStats, ctx.self);
            double publishSeconds = (appended.nanos() - start.nanos()) / 1e9;
            json.put("publish_s", publishSeconds).put("published_per_s", publisher.sent() / publishSeconds)
                    .put("publish_broker_cpu_s", appended.brokerCpuSeconds() - start.brokerCpuSeconds());

            MqttProperties connect = MqttProperties.builder().receiveMaximum(receiveMaximum).build();
            BenchClient reader = ctx.connect("reader", v, connect,
                    new Receiver(ctx.run, tracker, unbounded, deliveries, null, foreign));
            RunContext.join(reader.subscribe("$queue/" + queue + "/#", QoS.AT_LEAST_ONCE, MqttProperties.builder()
                    .addUserProperty("consumer-group", "reader-" + ctx.run)
                    .addUserProperty("cursor", "earliest").build()), 10);
            boolean readAll = await(() -> tracker[0].distinct() >= publisher.sent(), timeout);
            Sample read = Sample.take(deliveries::sum, publisher::sent, ctx.brokerStats, ctx.self);
            double readSeconds = (read.nanos() - appended.nanos()) / 1e9;
            json.put("read_s", readSeconds).put("read_per_s", (deliveries.sum() + foreign.sum()) / readSeconds)
                    .put("read_broker_cpu_s", read.brokerCpuSeconds() - appended.brokerCpuSeconds())
                    .put("published_all", published).put("read_all", readAll);

            DeliveryCounts counts = new DeliveryCounts();
            counts.add(0, publisher.sent(), List.of(tracker[0]));
            counts.writeTo(json);
            json.put("refused", publisher.refused()).put("foreign", foreign.sum());
            return Verdict.of(json, counts, publisher.refused(), ctx.lostConnection(), true);
        }
    }

    private static boolean await(BooleanSupplier done, double seconds) {
        long deadline = System.nanoTime() + Math.round(seconds * 1e9);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            RunContext.sleepSeconds(0.002);
        }
        return true;
    }
}
