package io.fluxmq.loadgen.flow;

import io.fluxmq.loadgen.client.BenchClient;
import io.fluxmq.loadgen.count.SequenceTracker;
import io.fluxmq.loadgen.measure.LatencyRecorder;
import io.fluxmq.loadgen.payload.BenchPayload;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a subscriber or queue consumer does with each message: counts it in its publisher's
 * tracker, gives the publisher its credit back, counts the delivery for the rate and, in the
 * latency scenario, records the latency. Messages of another run (left in a stream or queue) are
 * counted apart and otherwise ignored.
 */
public final class Receiver implements BenchClient.Listener {
    private final int run;
    private final SequenceTracker[] trackers;
    private final Credit[] credits;
    private final LongAdder deliveries;
    private final LatencyRecorder latency;
    private final LongAdder foreign;

    /**
     * @param trackers this receiver's tracker of each publisher, by publisher index (shared by the
     *        consumers of one queue group)
     * @param credits each publisher's credit, by publisher index
     * @param latency null when latency is not measured
     */
    public Receiver(int run, SequenceTracker[] trackers, Credit[] credits, LongAdder deliveries,
            LatencyRecorder latency, LongAdder foreign) {
        this.run = run;
        this.trackers = trackers;
        this.credits = credits;
        this.deliveries = deliveries;
        this.latency = latency;
        this.foreign = foreign;
    }

    @Override
    public void onPublish(PublishPacket publish) {
        ByteBuf payload = publish.payload();
        if (!BenchPayload.readable(payload) || BenchPayload.run(payload) != run) {
            foreign.increment();
            return;
        }
        int publisher = BenchPayload.publisher(payload);
        if (publisher < 0 || publisher >= trackers.length) {
            foreign.increment();
            return;
        }
        trackers[publisher].record(BenchPayload.sequence(payload));
        credits[publisher].release(1);
        deliveries.increment();
        if (latency != null) {
            latency.arrived(BenchPayload.intendedNanos(payload));
        }
    }
}
