package io.fluxmq.loadgen.flow;

import io.fluxmq.api.message.QoS;
import io.fluxmq.loadgen.client.BenchClient;
import io.fluxmq.loadgen.payload.BenchPayload;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;

/**
 * Sends numbered messages on one client as fast as three limits allow: the QoS 1/2 inflight window
 * (unacknowledged publishes), the end-to-end {@link Credit}, and the channel's writability. With a
 * rate it sends instead at fixed intended times ({@code start + i / rate}), each message carrying
 * its intended time; when a limit holds it back, it is sent late and its latency shows it.
 *
 * <p><b>Threads.</b> All sending runs on the client's event loop. {@link #stop} and the counters
 * may be read from anywhere; the counts are final once {@link #acknowledged()} after stop.
 */
public final class Publisher {
    /** Messages written before the loop yields to reads (acknowledgements, deliveries). */
    private static final int BATCH = 64;

    private final BenchClient client;
    private final int run;
    private final int index;
    private final String topic;
    private final QoS qos;
    private final int window;
    private final Credit credit;
    private final int copies;
    private final int payloadSize;
    private final long periodNanos;
    private final long maxMessages;
    private final Runnable pump = this::pump;
    private boolean pumpRequested;
    private volatile boolean running;
    private volatile long sent;
    private volatile int inflight;
    private volatile long refused;
    private long startNanos;
    private boolean scheduled;

    /**
     * @param copies deliveries each message causes (subscribers, or 1 for a queue)
     * @param ratePerSecond 0 for as fast as the limits allow
     * @param maxMessages the most this publisher sends in the run
     */
    public Publisher(BenchClient client, int run, int index, String topic, QoS qos, int window, Credit credit,
            int copies, int payloadSize, double ratePerSecond, long maxMessages) {
        this.client = client;
        this.run = run;
        this.index = index;
        this.topic = topic;
        this.qos = qos;
        this.window = window;
        this.credit = credit;
        this.copies = copies;
        this.payloadSize = payloadSize;
        this.periodNanos = ratePerSecond > 0 ? Math.round(1e9 / ratePerSecond) : 0;
        this.maxMessages = maxMessages;
        client.onAcknowledged(this::acknowledged);
        client.onWritable(this::requestPump);
    }

    public void start() {
        running = true;
        client.eventLoop().execute(() -> {
            startNanos = System.nanoTime();
            pump();
        });
    }

    /** Sends nothing more; what is in flight still completes. */
    public void stop() {
        running = false;
    }

    public int index() {
        return index;
    }

    public long sent() {
        return sent;
    }

    /** Publishes the broker refused (negative PUBACK/PUBCOMP). */
    public long refused() {
        return refused;
    }

    /** QoS 1/2 publishes sent and not yet acknowledged (PUBACK, or PUBCOMP at QoS 2). */
    public int unacknowledged() {
        return inflight;
    }

    /** Whether every QoS 1/2 publish sent has been acknowledged. */
    public boolean acknowledged() {
        return inflight == 0;
    }

    private void requestPump() {
        if (!pumpRequested) {
            pumpRequested = true;
            client.eventLoop().execute(pump);
        }
    }

    private void pump() {
        pumpRequested = false;
        if (!running) {
            return;
        }
        long now = periodNanos > 0 ? System.nanoTime() : 0;
        int n = 0;
        while (running && sent < maxMessages) {
            if (qos != QoS.AT_MOST_ONCE && inflight >= window || !client.isWritable()) {
                break; // an acknowledgement or writability pumps again
            }
            long intended = periodNanos > 0 ? startNanos + sent * periodNanos : System.nanoTime();
            if (periodNanos > 0 && intended > now) {
                schedule(intended - now);
                break;
            }
            if (!credit.tryAcquire(copies)) {
                if (credit.park(() -> client.eventLoop().execute(pump))) {
                    break;
                }
                continue;
            }
            send(intended);
            if (++n == BATCH) {
                requestPump(); // let reads in before the next batch
                break;
            }
        }
        if (n > 0) {
            client.flush();
        }
    }

    private void send(long intendedNanos) {
        int id = qos == QoS.AT_MOST_ONCE ? 0 : client.nextPacketId();
        ByteBuf payload = BenchPayload.write(PooledByteBufAllocator.DEFAULT, payloadSize, run, index, sent,
                intendedNanos);
        client.write(new PublishPacket(topic, qos, false, false, id, MqttProperties.EMPTY, payload));
        if (id != 0) {
            inflight++;
        }
        sent++;
    }

    private void schedule(long delayNanos) {
        if (!scheduled) {
            scheduled = true;
            client.eventLoop().schedule(() -> {
                scheduled = false;
                pump();
            }, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void acknowledged(int packetId, ReasonCode reason) {
        inflight--;
        if (reason.isError()) {
            refused++;
        }
        requestPump(); // once per read batch: the acknowledgements of one read make one batch of sends
    }
}
