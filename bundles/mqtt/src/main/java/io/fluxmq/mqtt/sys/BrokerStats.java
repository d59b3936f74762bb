package io.fluxmq.mqtt.sys;

import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's counters. Written from every event loop, so each is a {@link LongAdder}; the
 * gauges that other services know (subscriptions, retained) are read from them when published.
 */
public final class BrokerStats {
    private final long startedAtMillis = System.currentTimeMillis();
    private final LongAdder connected = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public void clientConnected() {
        connected.increment();
    }

    public void clientDisconnected() {
        connected.decrement();
    }

    public void messageReceived() {
        messagesReceived.increment();
    }

    public void messageSent() {
        messagesSent.increment();
    }

    public void bytesReceived(long n) {
        bytesReceived.add(n);
    }

    public void bytesSent(long n) {
        bytesSent.add(n);
    }

    public void messageDropped() {
        dropped.increment();
    }

    public long connected() {
        return connected.sum();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long uptimeSeconds() {
        return (System.currentTimeMillis() - startedAtMillis) / 1000;
    }
}
