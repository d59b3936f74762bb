package io.fluxmq.mqtt.connection;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection that sends no packet for too long: the CONNECT timeout first, then 1.5 times
 * the keep alive (MQTT-3.1.2-22). One task per connection, scheduled for when the timeout would
 * end and moved on from the last packet when it runs; a read only sets a flag, and the time is
 * taken once per read batch. Lighter than Netty's IdleStateHandler, which is a pipeline handler
 * of its own (it cost each idle connection about 200 bytes). Confined to the event loop.
 */
final class KeepAliveTimer implements Runnable {
    private final MqttConnection c;
    private long timeoutNanos;
    private long lastPacketNanos;
    private boolean packetRead;
    private ScheduledFuture<?> task;

    KeepAliveTimer(MqttConnection c) {
        this.c = c;
    }

    /** Counts from now with a new timeout; 0 turns it off. */
    void start(long timeoutMillis) {
        stop();
        timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lastPacketNanos = now();
        packetRead = false;
        if (timeoutNanos > 0) {
            schedule(timeoutNanos);
        }
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    void packetRead() {
        packetRead = true;
    }

    void readComplete() {
        if (packetRead) {
            packetRead = false;
            lastPacketNanos = now();
        }
    }

    @Override
    public void run() {
        task = null;
        readComplete(); // a packet read in a batch that has not completed yet counts
        long left = timeoutNanos - (now() - lastPacketNanos);
        if (left > 0) {
            schedule(left);
        } else {
            c.idleTooLong();
        }
    }

    /** The event loop's clock (a test's channel has one of its own). */
    private long now() {
        return c.channel().eventLoop().ticker().nanoTime();
    }

    private void schedule(long nanos) {
        task = c.channel().eventLoop().schedule(this, nanos, TimeUnit.NANOSECONDS);
    }
}
